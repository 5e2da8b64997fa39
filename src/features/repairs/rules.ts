import { addMonths, type IsoDate, maxDate } from '../../lib/dates.js';
import type { Penalty } from '../records/index.js';

/**
 * Whether a record may be repaired today (36号令, domain §6), judged before any material is read.
 * Returns the refusal with the date that matters, or null.
 */
export type RepairBlock = {
  reason: string;
  repairableFrom?: IsoDate;
  blockedUntil?: IsoDate;
  penaltyEndsOn?: IsoDate;
  obligationsUnmet?: true;
};

/** Only a dishonesty record is repaired: nothing else is a sanction to lift. */
export function isRepairableKind(kind: string): boolean {
  return kind === 'dishonesty';
}

/** Only a published black or watch entry is repaired (a red entry is no sanction; others are not shown). */
export function isRepairableEntry(entry: { state: string; list: string }): boolean {
  return entry.state === 'published' && entry.list !== 'red';
}

export function repairBlock(
  record: {
    id: string;
    kind: string;
    repairable_from: IsoDate | null;
    repair_blocked_until: IsoDate | null;
    decided_on: IsoDate;
    penalties: unknown;
    obligations_unmet: boolean;
    document_no: string;
  },
  today: IsoDate,
): RepairBlock | null {
  if (!isRepairableKind(record.kind) || !record.repairable_from)
    return { reason: `record ${record.id} is not a dishonesty record; there is nothing to repair` };
  // 36号令: repair needs the wrong corrected and the obligations fully performed first; the deciding
  // department records that they were met (POST /records/{id}/obligations-met).
  if (record.obligations_unmet) return obligationsUnmet(record);
  if (record.repair_blocked_until && today <= record.repair_blocked_until) {
    return {
      reason: `record ${record.id} is under a false-materials sanction: no repair until ${record.repair_blocked_until} has passed`,
      blockedUntil: record.repair_blocked_until,
    };
  }
  const terms = (record.penalties as Penalty[]).filter((p) => p.termMonths).map((p) => addMonths(record.decided_on, p.termMonths!));
  if (terms.length) {
    const ends = maxDate(...terms);
    if (today <= ends)
      return { reason: `record ${record.id} carries a penalty with its own term running until ${ends}`, penaltyEndsOn: ends };
  }
  if (today < record.repairable_from) {
    return {
      reason: `the minimum display period of record ${record.id} has not passed: repair may be asked from ${record.repairable_from}`,
      repairableFrom: record.repairable_from,
    };
  }
  return null;
}

export function obligationsUnmet(record: { id: string; document_no: string }): RepairBlock {
  return {
    reason: `record ${record.id} (${record.document_no}): the subject has not yet met its obligations; the deciding department records that they were met before a repair can succeed`,
    obligationsUnmet: true,
  };
}
