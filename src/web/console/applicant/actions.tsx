import type { Child } from 'hono/jsx';
import {
  type getAnnouncement,
  type OwnerAction,
  type OwnerStep,
  type OwnerWait,
  ownerNextSteps,
  type selectionView,
} from '../../../features/announcements/index.js';
import { ratingPeriodOpen, type selectionRating } from '../../../features/ratings/index.js';
import { DaysLeft } from '../../components.js';
import { beijingTime } from '../../time.js';
import { MomentLeft } from './moment-left.js';

/**
 * What the owner may do next with its announcement, as the announcements feature answers it
 * (ownerNextSteps: the state machine narrowed by the same rules of time its verbs check, so a form is
 * offered only when its verb would take it), and what must wait, said here in words with until when.
 */
export type ActionKey = OwnerAction;
export type Offered = OwnerStep;
export type NextActions = { offered: Offered[]; waiting: Child[] };

type Announcement = Awaited<ReturnType<typeof getAnnouncement>>;
type Selection = Awaited<ReturnType<typeof selectionView>>;
type RatingInfo = Awaited<ReturnType<typeof selectionRating>>;

function waitingWords(w: OwnerWait, today: string): Child {
  switch (w.why) {
    case 'signup_deadline_passed':
      return `报名截止时间 ${beijingTime(w.signupDeadline)} 已过，请先修改草稿中的报名截止时间和选取时间，再发布。`;
    case 'selection_time':
      return (
        <>
          {w.signupOpen ? `报名中，${beijingTime(w.signupDeadline)} 截止。` : '报名已截止。'}
          选取时间 <MomentLeft iso={w.selectionAt} today={today} />
          到后可开始选取；届时系统也会自动选取。
        </>
      );
    case 'publicity':
      return (
        <>
          结果公示中，公示期至 <DaysLeft dueOn={w.publicityEndsOn} today={today} />
          ；期满后可确认结果。
        </>
      );
    case 'objections_open':
      return `有 ${w.count} 件异议尚待运营方处理，处理完毕后可确认结果。`;
    case 'service_starts':
      return `合同约定 ${w.startsOn} 开始服务，届时可开始服务。`;
    case 'result_returned':
      return '服务成果已退回，等待中选机构重新上传。';
    case 'result_awaited':
      return '服务进行中，等待中选机构上传服务成果。';
    case 'rated':
      return `已于 ${w.ratedOn} 评价，每次选取只评价一次。`;
    case 'rating_closed':
      return `评价期已于 ${w.lastDay} 结束。`;
    case 'failed':
      return '选取失败，公告已结束；可另行发布新公告。';
    case 'cancelled':
      return '公告已取消。';
    case 'completed':
      return '公告已完成。';
  }
}

export function nextActions(a: Announcement, sel: Selection | null, rating: RatingInfo | null, now: Date, today: string): NextActions {
  const steps = ownerNextSteps(
    {
      announcement: a,
      selection: sel,
      rating: rating && {
        ratedOn: rating.rating?.ratedOn ?? null,
        lastDay: rating.lastDay,
        periodOpen: ratingPeriodOpen(rating.lastDay, today),
      },
    },
    now,
    today,
  );
  return { offered: steps.offered, waiting: steps.waiting.map((w) => waitingWords(w, today)) };
}
