import type { ActorCtx } from '../../core/actor.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { COMMITMENT_FIELDS } from '../../disclosure/export-commitments.js';
import { LIST_FIELDS } from '../../disclosure/export-lists.js';
import { PENALTY_FIELDS } from '../../disclosure/exports.js';
import { csvLine } from '../../disclosure/index.js';
import { commitmentChunks, type DateRange, listEntryChunks, penaltyDecisionChunks } from './export-reads.js';
import { FEED_READERS } from './policy.js';

/**
 * Exports in the platform's own formats (domain §9): 行政处罚 decisions with the current CF_* names,
 * the red and black lists with the city's 黑名单 exchange fields, public credit commitments. Person
 * identifiers are in them (disclosure/exports.ts), so only the platform role and the registry's admin
 * may fetch them.
 *
 * The file is produced as it is sent: rows are read a chunk at a time (EXPORT_CHUNK per query) and
 * each chunk is encoded and handed on before the next is read, so memory stays the same whatever
 * the number of rows. CSV: UTF-8 with a byte-order mark (so a spreadsheet opens the Chinese text as
 * UTF-8), a header row of the field names, RFC 4180 quoting, CRLF line ends. JSON: one array of
 * objects whose keys are the same field names, in the same order.
 */
export const EXPORT_KINDS = ['penalties', 'lists', 'commitments'] as const;
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows per query. */
export const EXPORT_CHUNK = 1000;

export type ExportRequest = DateRange & { kind: ExportKind; format: ExportFormat };

export type StreamedFile<Piece = string> = {
  filename: string;
  contentType: string;
  /** The file piece by piece: run it over a database handle that stays open while it streams. */
  body(db: Db): AsyncGenerator<Piece>;
};

const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };

export function exportFile(ctx: ActorCtx, request: ExportRequest, chunkSize = EXPORT_CHUNK): StreamedFile {
  assertRole(ctx.actor, FEED_READERS, 'export data for the city platform');
  const today = ctx.clock.today();
  const { kind, format } = request;
  const range = { from: request.from, to: request.to };
  const filename = `credit-${kind}_${range.from ?? 'start'}_${range.to ?? today}.${format}`;
  return {
    filename,
    contentType: CONTENT_TYPES[format],
    body: (db) => {
      const rows = exportRows(db, kind, range, today, chunkSize);
      return format === 'csv' ? csv(FIELDS[kind], rows) : jsonArray(rows);
    },
  };
}

const FIELDS: Record<ExportKind, readonly string[]> = { penalties: PENALTY_FIELDS, lists: LIST_FIELDS, commitments: COMMITMENT_FIELDS };

/** The rows of one kind, a chunk at a time, each row an object keyed by the kind's field names. */
export async function* exportRows(
  db: Db,
  kind: ExportKind,
  range: DateRange,
  today: string,
  chunkSize: number,
): AsyncGenerator<Record<string, string>[]> {
  const chunks =
    kind === 'penalties'
      ? penaltyDecisionChunks(db, range, { inEffectOn: today }, chunkSize)
      : kind === 'lists'
        ? listEntryChunks(db, range, chunkSize)
        : commitmentChunks(db, range, chunkSize);
  for await (const chunk of chunks) yield chunk.map((c) => c.row);
}

/** CSV: the byte-order mark and header first, then one piece per chunk of rows. */
export async function* csv(fields: readonly string[], rows: AsyncIterable<Record<string, string>[]>): AsyncGenerator<string> {
  yield `\uFEFF${csvLine([...fields])}\r\n`;
  for await (const chunk of rows) yield chunk.map((row) => `${csvLine(fields.map((f) => row[f] ?? ''))}\r\n`).join('');
}

/** A JSON array written as it goes: the bracket, the rows of each chunk with commas between, the bracket. */
export async function* jsonArray(rows: AsyncIterable<Record<string, string>[]>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const chunk of rows) {
    let piece = '';
    for (const row of chunk) {
      piece += `${first ? '' : ','}${JSON.stringify(row)}`;
      first = false;
    }
    yield piece;
  }
  yield ']';
}
