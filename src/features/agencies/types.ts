import type { IsoDate } from '../../lib/dates.js';

/**
 * The shapes other market features rely on (announcements judge sign-ups with them, credit_first ranks
 * by the scores): the criteria of an announcement, and the judgement of one agency against them.
 */
export type Criteria = {
  service: string;
  region: string;
  qualificationMatch: 'any' | 'all';
  qualifications: string[];
  minStaff: number;
  avoid: { uscc: string; reason: string }[];
};

export const EXCLUSION_CODES = [
  'not_admitted',
  'black_listed',
  'serious_record',
  'suspended',
  'service_not_offered',
  'qualification_missing',
  'qualification_expired',
  'region_not_covered',
  'staff_below_minimum',
  'avoided',
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

/** One reason an agency may not be chosen, with the facts it rested on (entry ids, record ids, a suspension …). */
export type Exclusion = { code: ExclusionCode; detail: string; basis: Record<string, unknown> };

export type Judgement = { subjectId: string; uscc: string; name: string; eligible: boolean; exclusions: Exclusion[] };

export type AgencyRef = { subjectId: string; uscc: string; name: string; state: string };

export type AgencyScore = { score: number; grade: string; ruleVersion: string };

export type { IsoDate };
