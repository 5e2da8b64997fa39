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
  sectorClass: 'any' | 'safety' | 'construction';
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

/** The rule among those in force on the decision date; the record's sector's own row beats the general one. */
export function pickRule(rulesInForce: DisplayRule[], kind: 'dishonesty' | 'good', severity: DisplayRule['severity'], sector: string) {
  const candidates = rulesInForce.filter((r) => r.recordKind === kind && r.severity === severity);
  return candidates.find((r) => r.sectorClass === sector) ?? candidates.find((r) => r.sectorClass === 'any');
}

export type Severity = 'minor' | 'general' | 'serious';
const RANK: Record<Severity, number> = { minor: 0, general: 1, serious: 2 };

/**
 * The least class a decision's penalties imply (the highest over several penalties), from the
 * department's own standard where it has one, else the general table. Null when nothing is implied.
 */
export function impliedClass(
  penalties: Penalty[],
  table: Map<string, Severity>,
  standard: Map<string, Severity>,
): { severity: Severity; penalty: string; source: 'standard' | 'table' } | null {
  let found: { severity: Severity; penalty: string; source: 'standard' | 'table' } | null = null;
  for (const p of penalties) {
    const own = standard.get(p.type);
    const severity = own ?? table.get(p.type);
    if (severity && (!found || RANK[severity] > RANK[found.severity]))
      found = { severity, penalty: p.type, source: own ? 'standard' : 'table' };
  }
  return found;
}

export const isBelow = (a: Severity, b: Severity) => RANK[a] < RANK[b];

export function displayWindow(rule: DisplayRule, decidedOn: IsoDate, penalties: Penalty[]): DisplayWindow {
  const penaltyEnds = penalties.filter((p) => p.termMonths).map((p) => addMonths(decidedOn, p.termMonths!));
  return {
    ruleVersion: rule.version,
    isPublic: rule.public,
    displayFrom: decidedOn,
    // The first day a repair may really be asked for: after the minimum period and after every
    // penalty's own term (a 限制从业 of 24 months blocks repair until it has run out).
    repairableFrom: rule.recordKind === 'good' ? null : addDays(maxDate(addMonths(decidedOn, rule.minMonths), ...penaltyEnds), 1),
    displayUntil: maxDate(addMonths(decidedOn, rule.maxMonths), ...penaltyEnds),
  };
}
