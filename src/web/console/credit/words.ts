/** The credit console's own words for the registry's codes (states, actions, classes); the shared ones are in src/web/words.ts. */

/** Kept for entry-views.tsx, record-views.tsx and objection-views.tsx until they import these from ../../words.js. */

export const KIND_NAMES: Record<string, string> = { dishonesty: '失信', good: '良好' };
export const SECTOR_NAMES: Record<string, string> = {
  intermediary: '中介服务',
  construction: '建筑市场',
  safety: '安全生产、特种设备、消防',
  general: '通用',
};
export const END_REASON_NAMES: Record<string, string> = {
  expired: '公示期满',
  repaired: '已信用修复',
  voided: '异议成立，已撤销',
  ended_by_decision: '经决定停止公示',
};

export const ENTRY_STATE_NAMES: Record<string, string> = {
  proposed: '拟列入',
  notified: '已告知',
  published: '已公示',
  withdrawn: '已撤回',
  exited: '已移出',
};
export const ENTRY_ACTION_NAMES: Record<string, string> = {
  propose: '拟列入',
  notify: '告知',
  statement: '陈述申辩',
  publish: '审核公示',
  withdraw: '撤回',
  exit: '移出名单',
  reinstate: '重新列入',
};

export const OBJECTION_STATE_NAMES: Record<string, string> = {
  filed: '待转办',
  forwarded: '待核查决定',
  upheld: '异议成立',
  partly_upheld: '部分成立',
  rejected: '异议不成立',
};
export const OBJECTION_DECISION_NAMES: Record<string, string> = {
  upheld: '异议成立（撤销记录、移出名单或撤销修复决定）',
  partly_upheld: '部分成立（更正记录）',
  rejected: '异议不成立',
};
export const TARGET_NAMES: Record<string, string> = { record: '信用记录', listEntry: '名单', repair: '修复决定' };

export const REPAIR_STATE_NAMES: Record<string, string> = {
  applied: '待受理',
  accepted: '已受理，待决定',
  refused: '不予受理',
  approved: '准予修复',
  rejected: '不予修复',
  revoked: '已撤销修复',
};

export const COMMITMENT_STATUS_NAMES: Record<string, string> = {
  pending: '履约中',
  fulfilled: '全部履行',
  partial: '部分履行',
  unfulfilled: '全部未履行',
};
export const PUBLICITY_NAMES: Record<string, string> = { public: '公开', not_public: '不公开', on_request: '依申请公开' };

/** A department's list: only what these pages need to tell the states apart at a glance. */
export const ENTRY_STATE_TONES: Record<string, 'red' | 'green' | 'amber' | 'blue' | undefined> = {
  proposed: 'blue',
  notified: 'amber',
  published: 'red',
  withdrawn: undefined,
  exited: 'green',
};
