import { SEVERITY_NAMES } from '../words.js';

/** The public pages' own words for the registry's codes; the shared ones are in src/web/words.ts. */
export const SUBJECT_KIND_NAMES: Record<string, string> = {
  intermediary: '中介服务机构',
  enterprise: '企业',
  government: '机关事业单位',
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
