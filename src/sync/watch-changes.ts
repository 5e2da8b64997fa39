import type { Trx } from '../db/types.js';
import type { ServedFeedItem } from './feed-item.js';

/**
 * Which feed events change a subject's public list status or restriction, and which subject (by
 * USCC). Only what the public may see moves a watch: an event whose payload is `public: false` (a
 * record that is not published, an entry not yet published) is passed over, so no notification can
 * reveal it — but for one case the platform alone is told (see `fromPrivate`). Grades move with the
 * yearly run (watch-grades.ts).
 *
 * - list status: an entry published, exited, voided or listed again (list_entry.*; the payload names
 *   the subject). Proposed, notified, stated and withdrawn entries were never public.
 * - restriction (a public 严重 dishonesty record, or an active black entry — the latter is a list
 *   status change already): a serious record created; a correction that leaves a public record
 *   serious, or takes a public serious one out of that (the revision before says so; when the
 *   correction made the record not public, the public restriction ended, and only the platform's
 *   watches are told, as only the platform holds that event); a
 *   public serious record's display ended, voided, or shown again. Lifecycle payloads name the record
 *   only: its subject is read from it.
 */
export type Change = 'list_status' | 'restriction' | 'grade';
/**
 * `fromPrivate`: found through an event whose payload is not public (a public serious record corrected
 * into one that is not published). Only an owner who reads the feed itself (the platform, which holds
 * that event already) is told of it; for anyone else the event does not exist.
 */
export type Found = { index: number; eventId: string; type: string; change: Change; uscc: string; fromPrivate?: true };

const LIST_STATUS_EVENTS = new Set(['list_entry.published', 'list_entry.exited', 'list_entry.voided', 'list_entry.reinstated']);
const RECORD_LIFECYCLE_EVENTS = new Set(['record.display_ended', 'record.voided', 'record.shown_again']);

type Payload = { public?: boolean; id?: string; revision?: number; subjectUscc?: string; kind?: string; severity?: string | null };

const isSerious = (r: { kind?: string | null; severity?: string | null }) => r.kind === 'dishonesty' && r.severity === 'serious';

export async function changesIn(trx: Trx, items: ServedFeedItem[]): Promise<Found[]> {
  const found: Found[] = [];
  const lookups: { item: ServedFeedItem; recordId: string; revision: number | null; fromPrivate: boolean }[] = [];
  for (const item of items) {
    const payload = (item.payload ?? {}) as Payload;
    const cause = { index: item.index, eventId: item.id, type: item.type };
    if (item.type === 'record.corrected' && payload.id && payload.revision !== undefined) {
      // Serious and public now; or, the revision before was: a public restriction may have ended (the
      // record is then gone from the public view, and the status says only what is public now).
      if (payload.public === true && isSerious(payload) && payload.subjectUscc)
        found.push({ ...cause, change: 'restriction', uscc: payload.subjectUscc });
      else lookups.push({ item, recordId: payload.id, revision: payload.revision - 1, fromPrivate: payload.public !== true });
      continue;
    }
    if (payload.public !== true) continue;
    if (LIST_STATUS_EVENTS.has(item.type) && payload.subjectUscc) {
      found.push({ ...cause, change: 'list_status', uscc: payload.subjectUscc });
    } else if (item.type === 'record.created' && isSerious(payload) && payload.subjectUscc) {
      found.push({ ...cause, change: 'restriction', uscc: payload.subjectUscc });
    } else if (RECORD_LIFECYCLE_EVENTS.has(item.type) && payload.id) {
      lookups.push({ item, recordId: payload.id, revision: null, fromPrivate: false });
    }
  }
  if (lookups.length) {
    // Every revision of the records named, in one query: the current one for a lifecycle change, the
    // one before for a correction.
    const rows = await trx
      .selectFrom('credit.records as r')
      .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
      .select(['r.id', 'r.revision', 'r.kind', 'r.severity', 'r.is_public', 'r.superseded_at', 's.uscc'])
      .where('r.id', 'in', [...new Set(lookups.map((l) => l.recordId))])
      .execute();
    for (const { item, recordId, revision, fromPrivate } of lookups) {
      const row = rows.find((r) => r.id === recordId && (revision === null ? r.superseded_at === null : r.revision === revision));
      if (row?.is_public && isSerious(row)) {
        const cause = { index: item.index, eventId: item.id, type: item.type };
        found.push({ ...cause, change: 'restriction', uscc: row.uscc, ...(fromPrivate ? { fromPrivate: true as const } : {}) });
      }
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
