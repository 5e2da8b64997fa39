/**
 * The words every page uses for the market's and the records' codes, in one place, so a state reads
 * the same on the public pages and in the console. An area's own codes stay in its own words file.
 */

type Tone = 'blue' | 'green' | 'amber' | 'red';

/** Selection modes (domain §8): 竞价 by its rule, 最低价 or 最优价. */
export const MODE_NAMES: Record<string, string> = {
  direct: '直接选取',
  random: '随机抽取',
  bid_lowest: '竞价（最低价）',
  bid_best: '竞价（最优价）',
  credit_first: '信用择优',
};

/** A purchase announcement's states; under_contract is the state after 合同备案 (the contract filed). */
export const ANNOUNCEMENT_STATES: Record<string, string> = {
  draft: '草稿',
  published: '已发布',
  signing_up: '报名中',
  selecting: '选取中',
  selected: '已选定',
  under_contract: '合同已备案',
  in_service: '服务中',
  completed: '已完成',
  failed: '选取失败',
  cancelled: '已取消',
};

/** How a state's badge is coloured: under way blue, waiting amber, done green, ended badly red. */
export const ANNOUNCEMENT_TONES: Record<string, Tone | undefined> = {
  published: 'blue',
  signing_up: 'blue',
  selecting: 'amber',
  selected: 'green',
  under_contract: 'green',
  in_service: 'green',
  completed: 'green',
  failed: 'red',
  cancelled: 'red',
};

export const SELECTION_STATES: Record<string, string> = {
  awaiting_pick: '待业主从短名单中选定',
  publicised: '结果公示中',
  confirmed: '结果已确认',
  failed: '选取失败',
};

/** Why an agency may not be selected (domain §8, eligibility at sign-up and again at the draw). */
export const EXCLUSION_NAMES: Record<string, string> = {
  not_admitted: '未入驻中介超市',
  black_listed: '列入黑名单',
  serious_record: '有在效的严重失信记录',
  suspended: '暂停在中介超市承接业务',
  service_not_offered: '不提供该服务',
  qualification_missing: '缺少要求的资质',
  qualification_expired: '资质已过期',
  region_not_covered: '服务区域不覆盖项目所在地',
  staff_below_minimum: '执业人员数不足',
  avoided: '按公告要求回避',
};

/** The owner's evaluation, 1–5 on each (domain §8). */
export const RATING_DIMENSIONS = [
  ['quality', '质量'],
  ['timeliness', '时效'],
  ['attitude', '态度'],
  ['fee', '收费'],
  ['conduct', '规范'],
] as const;

export const SEVERITY_NAMES: Record<string, string> = { minor: '轻微', general: '一般', serious: '严重' };

/** Why a list entry ended (domain §5); revoked is a red entry's designation revoked (a black entry, a serious record). */
export const EXIT_REASON_NAMES: Record<string, string> = {
  expired: '有效期届满',
  repaired: '信用修复',
  objection_upheld: '异议成立',
  standard_changed: '认定标准变化',
  revoked: '撤销认定',
};
