import { sql } from 'kysely';
import type { ActorCtx, Role } from '../../core/actor.js';
import { dateInShanghai } from '../../core/clock.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { missingPenaltyFields, PENALTY_MANDATORY, type PenaltyField } from '../../disclosure/exports.js';
import { decimalString } from '../../lib/money.js';
import { deadlines } from '../calendar/index.js';
import { departmentNames } from '../departments/index.js';
import { type DateRange, penaltyDecisionChunks } from './export-reads.js';

/**
 * The quality of what reaches the platform, per department (domain §9: 行政处罚 decisions reach the
 * platform within 7 working days of the decision; completeness of the mandatory fields ≥ 95%).
 *
 * Decisions: the 行政处罚 decisions of export-reads.ts decided within the range, ended ones included
 * (a decision repaired later still had to reach the platform), voided ones not (counted as never made).
 * Reached: the earliest moment one of the record's public events that carries the decision
 * (record.created, or record.corrected when the record only became public by a correction) was either
 * in a feed page served to a platform reader (sync.feed_reads) or in a push batch to a platform
 * endpoint that was acknowledged (sync.deliveries, status delivered). A batch spans positions but
 * holds only the event types its endpoint asked for (sync.endpoints.event_types; null: all), so it
 * counts only for an event of such a type; a watch's notification is not the feed and never counts.
 * The endpoint's types are read as they are now (batches do not keep the filter they were cut with). The deadline is 7 working days
 * after the decision (the starting day not counted, domain §2b) on the registry's calendar; reached on
 * or before the deadline (its date in Shanghai) is on time, after it late. Not reached yet: late once
 * the deadline has passed, pending until then. The share on time is over the decisions decided either
 * way (on time + late); the completeness share over all decisions.
 *
 * Shares are percentages with two decimals, truncated (never rounded up past the target), and the
 * target is compared exactly on the counts.
 */
export const QUALITY_READERS: Role[] = ['platform', 'admin', 'reviewer'];
export const TIMELY_WORKDAYS = 7;
export const TARGET_PERCENT = 95;
export const QUALITY_CHUNK = 1000;

type Tally = { decisions: number; onTime: number; late: number; pending: number; complete: number; missing: Map<PenaltyField, number> };

/** Over decisions from `from` to `to` (inclusive; default: 1 January of `to`'s year to today). */
export async function qualityReport(db: Db, ctx: ActorCtx, asked: DateRange, chunkSize = QUALITY_CHUNK) {
  assertRole(ctx.actor, QUALITY_READERS, 'read the quality report');
  const today = ctx.clock.today();
  const to = asked.to ?? today;
  const range = { from: asked.from ?? `${to.slice(0, 4)}-01-01`, to };
  if (range.from > range.to) throw fail.validation('from', `${range.from} is after ${range.to}`);
  const calendar = await deadlines(db);
  const tallies = new Map<string, Tally>();
  let provisional = false;
  for await (const chunk of penaltyDecisionChunks(db, range, 'decided', chunkSize)) {
    const reached = await reachedAt(
      db,
      chunk.map((d) => d.id),
    );
    for (const decision of chunk) {
      const tally = tallyOf(tallies, decision.department);
      const deadline = calendar.countWorkdays(decision.decidedOn, TIMELY_WORKDAYS);
      provisional ||= deadline.provisional;
      const at = reached.get(decision.id);
      if (at) tally[dateInShanghai(at) <= deadline.date ? 'onTime' : 'late'] += 1;
      else tally[today > deadline.date ? 'late' : 'pending'] += 1;
      tally.decisions += 1;
      const missing = missingPenaltyFields(decision.row);
      if (missing.length === 0) tally.complete += 1;
      for (const field of missing) tally.missing.set(field, (tally.missing.get(field) ?? 0) + 1);
    }
  }
  const codes = [...tallies.keys()].sort();
  const names = await departmentNames(db, codes);
  return {
    from: range.from,
    to: range.to,
    asOf: today,
    workdays: TIMELY_WORKDAYS,
    targetPercent: String(TARGET_PERCENT),
    mandatoryFields: [...PENALTY_MANDATORY],
    deadlinesProvisional: provisional,
    departments: codes.map((code) => {
      const t = tallies.get(code)!;
      return {
        department: code,
        departmentName: names.get(code) ?? null,
        decisions: t.decisions,
        timeliness: { onTime: t.onTime, late: t.late, pending: t.pending, ...against(t.onTime, t.onTime + t.late) },
        completeness: {
          complete: t.complete,
          ...against(t.complete, t.decisions),
          missingFields: [...t.missing].sort(([a], [b]) => (a < b ? -1 : 1)).map(([field, count]) => ({ field, count })),
        },
      };
    }),
  };
}

function tallyOf(tallies: Map<string, Tally>, department: string): Tally {
  let tally = tallies.get(department);
  if (!tally) {
    tally = { decisions: 0, onTime: 0, late: 0, pending: 0, complete: 0, missing: new Map() };
    tallies.set(department, tally);
  }
  return tally;
}

/** The share as a percentage string and whether it meets the target; both null when nothing is counted. */
function against(count: number, of: number) {
  if (of === 0) return { share: null, meetsTarget: null };
  return { share: decimalString(BigInt(count) * 100n, BigInt(of), 2), meetsTarget: count * 100 >= TARGET_PERCENT * of };
}

/** When each of these records' decisions first reached the platform, for those that did. */
async function reachedAt(db: Db, recordIds: string[]): Promise<Map<string, Date>> {
  if (recordIds.length === 0) return new Map();
  const { rows } = await sql<{ record_id: string; reached_at: Date | string | null }>`
    SELECT e.entity_id AS record_id, min(LEAST(
      (SELECT min(r.at) FROM sync.feed_reads r WHERE r.from_position <= f.position AND r.to_position >= f.position),
      (SELECT min(d.delivered_at) FROM sync.deliveries d JOIN sync.endpoints ep ON ep.id = d.endpoint_id
        WHERE d.status = 'delivered'
          AND d.first_position <= f.position AND d.last_position >= f.position
          AND (ep.event_types IS NULL OR e.type = ANY(ep.event_types)))
    )) AS reached_at
    FROM sync.events e JOIN sync.feed f ON f.event_id = e.id
    WHERE e.entity_id IN (${sql.join(recordIds)})
      AND e.type IN ('record.created', 'record.corrected')
      AND e.payload->>'public' = 'true'
    GROUP BY e.entity_id`.execute(db);
  return new Map(rows.filter((r) => r.reached_at !== null).map((r) => [r.record_id, new Date(r.reached_at!)]));
}
