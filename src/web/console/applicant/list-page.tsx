import type { Actor } from '../../../core/actor.js';
import { DaysLeft, Empty, Pager, Table } from '../../components.js';
import { Field } from '../../forms.js';
import { Page } from '../../layout.js';
import { StateBadge } from '../../market/announcement-facts.js';
import { beijingDay } from '../../time.js';
import { ANNOUNCEMENT_STATES, MODE_NAMES } from '../../words.js';
import type { Announcement, RatingInfo, Selection } from './detail-page.js';

/** The next date that matters for an announcement in its state, with what falls due then; null when nothing waits. */
export type Deadline = { label: string; dueOn: string | null };

export function nextDeadline(a: Announcement, sel: Selection | null, rating: RatingInfo | null, now: Date): Deadline | null {
  switch (a.state) {
    case 'draft':
      return { label: '报名截止（须在此前发布）', dueOn: beijingDay(a.signupDeadline) };
    case 'published':
    case 'signing_up':
      return now.getTime() < Date.parse(a.signupDeadline)
        ? { label: '报名截止', dueOn: beijingDay(a.signupDeadline) }
        : { label: '选取时间', dueOn: beijingDay(a.selectionAt) };
    case 'selecting':
      return { label: '选取时间', dueOn: beijingDay(a.selectionAt) };
    case 'selected':
      if (sel?.state === 'publicised' && sel.publicityEndsOn) return { label: '结果公示期满', dueOn: sel.publicityEndsOn };
      if (sel?.state === 'awaiting_pick') return { label: '待从短名单中选定', dueOn: null };
      if (sel?.state === 'confirmed') return { label: '待合同备案', dueOn: null };
      return null;
    case 'under_contract':
      return sel?.contract ? { label: '合同约定开始服务', dueOn: sel.contract.startsOn } : null;
    case 'in_service':
      return sel?.contract ? { label: '合同到期', dueOn: sel.contract.endsOn } : null;
    case 'completed':
      return rating && !rating.rating && rating.lastDay ? { label: '评价期截止', dueOn: rating.lastDay } : null;
    default:
      return null;
  }
}

export type ListItem = { announcement: Announcement; deadline: Deadline | null; winner: string | null };

/** /console/announcements: the applicant's own announcements, newest first, each with its state and next deadline. */
export function ListPage(props: { actor: Actor; url: string; state: string; items: ListItem[]; nextCursor: string | null; today: string }) {
  const { actor, items, today } = props;
  return (
    <Page title="我的项目公告" actor={actor} lead="本单位发布的中介服务采购公告（含草稿），最新的在前；点项目名称查看详情并办理下一步。">
      <div class="actions">
        <a class="button" href="/console/announcements/new">
          新建采购公告
        </a>
      </div>
      <form class="search" method="get" action="/console/announcements">
        <Field
          name="state"
          label="状态"
          values={{ state: props.state }}
          errors={{}}
          options={[['', '全部'], ...Object.entries(ANNOUNCEMENT_STATES)]}
        />
        <button type="submit">筛选</button>
      </form>
      {items.length === 0 ? (
        <Empty>{props.state ? '没有这个状态的公告。' : '还没有公告。'}</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th>项目</th>
              <th>选取方式</th>
              <th>状态</th>
              <th>下一个期限</th>
              <th>中选机构</th>
            </tr>
          </thead>
          <tbody>
            {items.map(({ announcement: a, deadline, winner }) => (
              <tr>
                <td>
                  <a href={`/console/announcements/${a.id}`}>{a.projectName}</a>
                  <div class="muted small">{a.projectCode}</div>
                </td>
                <td>{MODE_NAMES[a.mode] ?? a.mode}</td>
                <td>
                  <StateBadge state={a.state} />
                </td>
                <td>
                  {deadline ? (
                    <>
                      <div class="small">{deadline.label}</div>
                      {deadline.dueOn ? <DaysLeft dueOn={deadline.dueOn} today={today} /> : null}
                    </>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td>{winner ?? <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager url={props.url} nextCursor={props.nextCursor} />
    </Page>
  );
}
