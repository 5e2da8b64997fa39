/** The public pages' words for the registry's codes. */
export const SUBJECT_KIND_NAMES: Record<string, string> = {
  intermediary: '中介服务机构',
  enterprise: '企业',
  government: '机关事业单位',
};

export const SEVERITY_NAMES: Record<string, string> = { minor: '轻微', general: '一般', serious: '严重' };

export const EXIT_REASON_NAMES: Record<string, string> = {
  expired: '有效期届满',
  repaired: '信用修复',
  objection_upheld: '异议成立',
  standard_changed: '认定标准变化',
  revoked: '撤销认定',
};

/** A record's kind and severity in one phrase: 一般失信记录, 良好信用记录. */
export function recordKindName(kind: string, severity: string | null): string {
  if (kind === 'good') return '良好信用记录';
  return `${severity ? (SEVERITY_NAMES[severity] ?? severity) : ''}失信记录`;
}

export const GRADE_TONES: Record<string, 'green' | 'blue' | 'amber' | 'red'> = {
  AAA: 'green',
  AA: 'green',
  A: 'blue',
  B: 'amber',
  C: 'red',
};
