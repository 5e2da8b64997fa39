import { type Selectable, sql } from 'kysely';
import type { AuditEntriesTable, Db } from '../db/types.js';
import { canonicalJson, sha256Hex } from '../lib/canonical.js';
import { payloadHash } from './log.js';

/**
 * The hash chain over audit entries. Sealing links pending entries in entry-id order under a
 * transaction-level advisory lock; a sealer that finds the lock taken leaves the work to the one
 * holding it (or to the next periodic run), so writers never wait on the chain head.
 */
export const GENESIS = '0'.repeat(64);
const SEAL_LOCK = 7_245_002;

/** What the chain covers of an entry: everything but before/after themselves (only their hash). */
type EntryRow = Omit<Selectable<AuditEntriesTable>, 'before' | 'after'>;

/** The columns of an entry the chain's hash covers, read the same way when sealing and verifying. */
const CHAINED_COLUMNS = [
  'e.id',
  'e.at',
  'e.actor',
  'e.role',
  'e.action',
  'e.entity_type',
  'e.entity_id',
  'e.subject_id',
  'e.request_id',
  'e.payload_hash',
] as const;

function chainedContent(entry: EntryRow): string {
  // Only a hash of before/after is chained: personal data in the payload can be erased later.
  return canonicalJson({
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    role: entry.role,
    action: entry.action,
    entityType: entry.entity_type,
    entityId: entry.entity_id,
    subjectId: entry.subject_id,
    requestId: entry.request_id,
    payloadHash: entry.payload_hash,
  });
}

export async function linkHash(prevHash: string, entry: EntryRow): Promise<string> {
  return sha256Hex(`${prevHash}\n${chainedContent(entry)}`);
}

/** Seals what is pending; returns how many entries it linked (0 when another sealer holds the lock). */
export async function sealChain(db: Db, batch = 1000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS ok`.execute(trx);
    if (!locked.rows[0]?.ok) return 0;
    const head = await trx.selectFrom('audit.chain').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const pending = await trx
      .selectFrom('audit.pending as p')
      .innerJoin('audit.entries as e', 'e.id', 'p.entry_id')
      .select(CHAINED_COLUMNS)
      .orderBy('e.id')
      .limit(batch)
      .execute();
    if (pending.length === 0) return 0;
    let seq = BigInt(head?.seq ?? 0);
    let prev = head?.hash ?? GENESIS;
    const links = [];
    for (const entry of pending) {
      seq += 1n;
      const hash = await linkHash(prev, entry);
      links.push({ seq: seq.toString(), entry_id: entry.id, prev_hash: prev, hash });
      prev = hash;
    }
    await trx.insertInto('audit.chain').values(links).execute();
    await trx
      .deleteFrom('audit.pending')
      .where(
        'entry_id',
        'in',
        pending.map((e) => e.id),
      )
      .execute();
    return pending.length;
  });
}

/** Seals until nothing is pending (CLI, tests, the scheduler). */
export async function sealAll(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealChain(db);
    total += n;
    if (n === 0) return total;
  }
}

export type VerifyResult =
  | { ok: true; rows: number; pending: number }
  | { ok: false; rows: number; brokenAt: { seq: string; entryId: string; reason: string } };

/** Walks the sealed chain in order, recomputing every payload hash and link. */
export async function verifyChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectedSeq = 1n;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit.chain as c')
      .innerJoin('audit.entries as e', 'e.id', 'c.entry_id')
      .select(['c.seq', 'c.prev_hash', 'c.hash', ...CHAINED_COLUMNS, 'e.before', 'e.after'])
      .where('c.seq', '>=', expectedSeq.toString())
      .orderBy('c.seq')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      const broken = (reason: string): VerifyResult => ({ ok: false, rows, brokenAt: { seq: String(row.seq), entryId: row.id, reason } });
      if (BigInt(row.seq) !== expectedSeq) return broken(`sequence gap: expected ${expectedSeq}`);
      if (row.prev_hash !== prev) return broken('prev_hash does not match the previous link');
      if ((await payloadHash(row.before, row.after)) !== row.payload_hash) return broken('before/after do not match payload_hash');
      if ((await linkHash(prev, row)) !== row.hash) return broken('entry content does not match its hash');
      prev = row.hash;
      expectedSeq += 1n;
      rows += 1;
    }
    if (page.length < pageSize) break;
  }
  const pending = await db.selectFrom('audit.pending').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { ok: true, rows, pending: Number(pending.n) };
}
