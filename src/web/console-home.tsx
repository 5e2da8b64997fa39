import type { Actor, Role } from '../core/actor.js';
import { Page } from './layout.js';
import { ROLE_NAMES } from './text.js';

/** The console's sections and who works in each; a section's page checks its role again, and its verbs each object. */
export const CONSOLE_SECTIONS: { href: string; title: string; about: string; roles: Role[] }[] = [
  { href: '/console/records/new', title: '登记失信案件', about: '录入行政处罚等失信信息', roles: ['regulator'] },
  { href: '/console/records', title: '信用记录', about: '本部门登记的记录', roles: ['regulator', 'reviewer', 'admin'] },
  {
    href: '/console/entries',
    title: '红黑名单管理',
    about: '认定、告知、公示、移出；每个期限剩余天数',
    roles: ['regulator', 'reviewer', 'admin'],
  },
  {
    href: '/console/objections',
    title: '异议处理',
    about: '按办理期限排序，逾期标红',
    roles: ['regulator', 'reviewer', 'admin', 'platform'],
  },
  { href: '/console/repairs', title: '信用修复', about: '按办理期限排序，逾期标红', roles: ['regulator', 'reviewer', 'admin'] },
  { href: '/console/entries', title: '本单位的名单', about: '告知、陈述申辩与公示情况', roles: ['subject'] },
  { href: '/console/repairs', title: '申请信用修复', about: '修复申请及办理进度', roles: ['subject'] },
  { href: '/console/commitments', title: '信用承诺', about: '承诺及履约情况', roles: ['regulator', 'reviewer', 'admin', 'subject'] },
  { href: '/console/sync', title: '信用平台同步', about: '推送状态与死信', roles: ['admin', 'platform'] },
  { href: '/console/announcements', title: '我的项目公告', about: '中介服务采购公告与选取结果', roles: ['applicant'] },
  { href: '/console/arrears', title: '拖欠账款台账', about: '账龄、清偿进度与整改', roles: ['finance', 'regulator', 'reviewer', 'admin'] },
  { href: '/console/arrears/contracts', title: '我的工程款合同', about: '作为承包方的合同、应付款项与逾期利息', roles: ['subject'] },
];

export function ConsoleHome({ actor }: { actor: Actor }) {
  const mine = CONSOLE_SECTIONS.filter((s) => s.roles.includes(actor.role));
  return (
    <Page
      title="工作台"
      actor={actor}
      lead={`${ROLE_NAMES[actor.role]}${actor.dept ? `，部门 ${actor.dept}` : ''}${actor.uscc ? `，${actor.uscc}` : ''}`}
    >
      <ul class="cards plain" aria-label="工作事项">
        {mine.map((s) => (
          <li class="card">
            <a href={s.href}>
              <strong>{s.title}</strong>
            </a>
            <div class="muted small">{s.about}</div>
          </li>
        ))}
      </ul>
      {mine.length === 0 ? <p class="muted">这个身份在工作台上没有事项。</p> : null}
    </Page>
  );
}
