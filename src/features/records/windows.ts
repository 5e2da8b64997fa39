import { addDays, addMonths, type IsoDate, maxDate } from '../../lib/dates.js';

/**
 * Display windows of a record (domain §2b, §3): shown from the decision date until the maximum period
 * ends, repairable from the day after the minimum period ends, and never hidden before a penalty with
 * its own term (e.g. 限制从业 for 2 years) has run out. Pure: the rules come in as data.
 */
export type DisplayRule = {
  version: string;
  recordKind: 'dishonesty' | 'good';
  severity: 'minor' | 'general' | 'serious' | 'none';
  sectorClass: 'any' | 'safety';
  minMonths: number;
  maxMonths: number;
  public: boolean;
};

export type Penalty = { type: string; content?: string; termMonths?: number };

export type DisplayWindow = {
  ruleVersion: string;
  isPublic: boolean;
  displayFrom: IsoDate;
  repairableFrom: IsoDate | null;
  displayUntil: IsoDate;
};

/** The rule among those in force on the decision date; a sector's own row beats the general one. */
export function pickRule(rulesInForce: DisplayRule[], kind: 'dishonesty' | 'good', severity: DisplayRule['severity'], sector: string) {
  const candidates = rulesInForce.filter((r) => r.recordKind === kind && r.severity === severity);
  return candidates.find((r) => r.sectorClass === 'safety' && sector === 'safety') ?? candidates.find((r) => r.sectorClass === 'any');
}

export function displayWindow(rule: DisplayRule, decidedOn: IsoDate, penalties: Penalty[]): DisplayWindow {
  const penaltyEnds = penalties.filter((p) => p.termMonths).map((p) => addMonths(decidedOn, p.termMonths!));
  return {
    ruleVersion: rule.version,
    isPublic: rule.public,
    displayFrom: decidedOn,
    repairableFrom: rule.recordKind === 'good' ? null : addDays(addMonths(decidedOn, rule.minMonths), 1),
    displayUntil: maxDate(addMonths(decidedOn, rule.maxMonths), ...penaltyEnds),
  };
}
