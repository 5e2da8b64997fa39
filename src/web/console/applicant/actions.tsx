import type { Child } from 'hono/jsx';
import { ANNOUNCEMENT_TRANSITIONS, type getAnnouncement, type selectionView } from '../../../features/announcements/index.js';
import type { selectionRating } from '../../../features/ratings/index.js';
import { DaysLeft } from '../../components.js';
import { MomentLeft } from './moment-left.js';
import { moment } from './text.js';

/**
 * What the owner may do next with its announcement: the moves its state allows in the state machine
 * (features/announcements/machine.ts), narrowed by the same conditions the verbs check (the selection
 * time, the publicity window, open objections, the contract's start day, an uploaded result, the
 * rating window), so a form is offered only when its verb would take it. What must wait says until when.
 */
export type ActionKey =
  | 'publish'
  | 'cancel'
  | 'selection'
  | 'pick'
  | 'confirm'
  | 'contract'
  | 'extension'
  | 'start'
  | 'result-decision'
  | 'rating';

export type Offered =
  | { key: 'edit' }
  | { key: Exclude<ActionKey, 'pick' | 'result-decision' | 'rating'> }
  | { key: 'pick'; shortlist: { uscc: string; name: string }[] }
  | { key: 'result-decision'; document: string }
  | { key: 'rating'; lastDay: string };

export type NextActions = { offered: Offered[]; waiting: Child[] };

type Announcement = Awaited<ReturnType<typeof getAnnouncement>>;
type Selection = Awaited<ReturnType<typeof selectionView>>;
type RatingInfo = Awaited<ReturnType<typeof selectionRating>>;

export function nextActions(a: Announcement, sel: Selection | null, rating: RatingInfo | null, now: Date, today: string): NextActions {
  const moves = ANNOUNCEMENT_TRANSITIONS[a.state as keyof typeof ANNOUNCEMENT_TRANSITIONS] ?? {};
  const can = (move: string) => move in moves;
  const offered: Offered[] = [];
  const waiting: Child[] = [];
  const selectionTimeCome = now.getTime() >= Date.parse(a.selectionAt);

  if (a.state === 'draft') {
    offered.push({ key: 'edit' });
    if (now.getTime() < Date.parse(a.signupDeadline)) offered.push({ key: 'publish' });
    else waiting.push(`报名截止时间 ${moment(a.signupDeadline)} 已过，请先修改草稿中的报名截止时间和选取时间，再发布。`);
  }

  if (a.state === 'signing_up') {
    if (selectionTimeCome) offered.push({ key: 'selection' });
    else
      waiting.push(
        <>
          {now.getTime() < Date.parse(a.signupDeadline) ? `报名中，${moment(a.signupDeadline)} 截止。` : '报名已截止。'}
          选取时间 <MomentLeft iso={a.selectionAt} today={today} />
          到后可开始选取；届时系统也会自动选取。
        </>,
      );
  }
  if (a.state === 'selecting') offered.push({ key: 'selection' });

  if (a.state === 'selected' && sel) {
    if (sel.state === 'awaiting_pick') {
      const nameOf = (uscc: string) => sel.pool.find((p) => p.uscc === uscc)?.name ?? uscc;
      offered.push({ key: 'pick', shortlist: sel.shortlist.map((uscc) => ({ uscc, name: nameOf(uscc) })) });
    } else if (sel.state === 'publicised') {
      const open = sel.objections.filter((o) => o.state === 'filed');
      if (sel.publicityEndsOn && today <= sel.publicityEndsOn)
        waiting.push(
          <>
            结果公示中，公示期至 <DaysLeft dueOn={sel.publicityEndsOn} today={today} />
            ；期满后可确认结果。
          </>,
        );
      else if (open.length) waiting.push(`有 ${open.length} 件异议尚待运营方处理，处理完毕后可确认结果。`);
      else offered.push({ key: 'confirm' });
    } else if (sel.state === 'confirmed' && can('file_contract')) offered.push({ key: 'contract' });
  }

  if (a.state === 'under_contract' && sel?.contract) {
    if (today >= sel.contract.startsOn) offered.push({ key: 'start' });
    else waiting.push(`合同约定 ${sel.contract.startsOn} 开始服务，届时可开始服务。`);
  }
  if (a.state === 'in_service') {
    const latest = sel?.results.at(-1);
    if (latest?.state === 'uploaded') offered.push({ key: 'result-decision', document: latest.document });
    else waiting.push(latest?.state === 'returned' ? '服务成果已退回，等待中选机构重新上传。' : '服务进行中，等待中选机构上传服务成果。');
  }
  if ((a.state === 'under_contract' || a.state === 'in_service') && sel?.contract) offered.push({ key: 'extension' });

  if (a.state === 'completed' && rating) {
    if (rating.rating) waiting.push(`已于 ${rating.rating.ratedOn} 评价，每次选取只评价一次。`);
    else if (rating.lastDay && today <= rating.lastDay) offered.push({ key: 'rating', lastDay: rating.lastDay });
    else if (rating.lastDay) waiting.push(`评价期已于 ${rating.lastDay} 结束。`);
  }

  // A draw may be cancelled until its selection time (then its randomness may be public); a direct one until selected.
  if (can('cancel') && (a.mode === 'direct' || !selectionTimeCome)) offered.push({ key: 'cancel' });

  if (a.state === 'failed' || a.state === 'cancelled')
    waiting.push(a.state === 'failed' ? '选取失败，公告已结束；可另行发布新公告。' : '公告已取消。');
  if (a.state === 'completed' && !rating) waiting.push('公告已完成。');
  return { offered, waiting };
}
