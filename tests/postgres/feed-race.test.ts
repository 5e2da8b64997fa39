import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.js';
import { systemClock } from '../../src/core/clock.js';
import { newId } from '../../src/lib/ids.js';
import { emitEvent } from '../../src/sync/outbox.js';
import { sequenceFeed } from '../../src/sync/sequencer.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { verifyInclusion } from '../helpers/rfc9162.js';

/**
 * Many writers commit out of order (each holds its transaction open for a random while after writing
 * its event, so ids and transaction ids are given in one order and commits land in another), two
 * sequencers run at once as two processes would, and a reader pages the feed as fast as it can. The
 * set it read must be exactly the set written: nothing skipped, nothing twice, positions without a gap.
 */
const WRITERS = 16;
const PER_WRITER = 30;
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ clock: systemClock });
});
afterAll(() => h.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writer(n: number, written: string[]) {
  const ctx = { actor: systemActor('race'), clock: systemClock, requestId: null };
  for (let i = 0; i < PER_WRITER; i++) {
    const id = newId('subject');
    await h.db.transaction().execute(async (trx) => {
      const eventId = await emitEvent(
        trx,
        ctx,
        'subject.created',
        { entityType: 'subject', entityId: id },
        {
          id,
          uscc: `writer-${n}-${i}`,
          name: `并发写入 ${n}-${i}`,
          kind: 'enterprise',
          legalRepresentative: '测试',
          region: '210102',
          previousNames: [],
        },
      );
      // An internal event in some transactions: it never reaches the feed, and must not stop it.
      if (i % 7 === 0) {
        await emitEvent(
          trx,
          ctx,
          'credit.record_refused',
          { entityType: 'complaint', entityId: id },
          {
            complaintId: id,
            creditRecordId: id,
            reason: 'race',
          },
        );
      }
      await sleep(Math.random() * 15);
      written.push(eventId);
    });
    if (Math.random() < 0.3) await sleep(Math.random() * 5);
  }
}

describe('the feed under concurrent writers (PostgreSQL)', () => {
  it('never lets a paging reader skip an event that commits late', async () => {
    const written: string[] = [];
    const read: { index: number; id: string }[] = [];
    let writing = true;
    const platform = await h.tokens.sign('platform');

    const sequencer = async () => {
      while (writing) {
        await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
        await sleep(Math.random() * 3);
      }
    };
    const reader = async () => {
      let after = -1;
      let idle = 0;
      // Keep paging until writing is over and two passes in a row find nothing new.
      while (writing || idle < 2) {
        const res = await h.request('GET', `/api/v1/sync/feed?after=${after}&limit=50`, { token: platform, skipContractCheck: true });
        expect(res.status, show(res)).toBe(200);
        const items = res.body.items as { index: number; id: string }[];
        for (const item of items) expect(item.index, 'positions follow the cursor with no gap').toBe(after + 1 + items.indexOf(item));
        read.push(...items.map((i) => ({ index: i.index, id: i.id })));
        after = Number(res.body.nextCursor);
        if (!writing && items.length === 0) {
          await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
          idle += 1;
        } else idle = 0;
      }
    };

    const readerDone = reader();
    const sequencers = [sequencer(), sequencer()];
    await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n, written)));
    writing = false;
    await Promise.all([...sequencers, readerDone]);

    expect(written.length).toBe(WRITERS * PER_WRITER);
    expect(read.map((r) => r.index)).toEqual(read.map((_, n) => n));
    const ids = read.map((r) => r.id);
    expect(new Set(ids).size, 'nothing read twice').toBe(ids.length);
    expect([...ids].sort()).toEqual([...written].sort());

    // The log the two sequencers built together proves every event against the final checkpoint.
    const cp = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    expect(cp.treeSize).toBe(read.length);
    for (const index of [0, Math.floor(read.length / 3), read.length - 1]) {
      const proof = await h.request('GET', `/api/v1/sync/proof/inclusion?index=${index}&size=${cp.treeSize}`, { token: platform });
      expect(verifyInclusion(index, cp.treeSize, proof.body.leafHash, proof.body.auditPath, cp.rootHash)).toBe(true);
    }
  });

  it('places an event whose transaction began before others but commits after them, after what was already read', async () => {
    const ctx = { actor: systemActor('race'), clock: systemClock, requestId: null };
    const platform = await h.tokens.sign('platform');
    const event = (name: string) => ({
      id: newId('subject'),
      uscc: name,
      name,
      kind: 'enterprise',
      legalRepresentative: '测试',
      region: '210102',
      previousNames: [],
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    // The slow transaction writes its event first (the smaller transaction id), then waits.
    const slow = h.db.transaction().execute(async (trx) => {
      const e = event('slow');
      const id = await emitEvent(trx, ctx, 'subject.created', { entityType: 'subject', entityId: e.id }, e);
      written();
      await held;
      return id;
    });
    await wrote;
    const fast = await h.db.transaction().execute(async (trx) => {
      const e = event('fast');
      return emitEvent(trx, ctx, 'subject.created', { entityType: 'subject', entityId: e.id }, e);
    });
    await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
    const size = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body.treeSize;
    const before = await h.request('GET', `/api/v1/sync/feed?after=${size - 2}`, { token: platform });
    expect(before.body.items.map((i: { id: string }) => i.id)).toEqual([fast]);
    release();
    const slowId = await slow;
    await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
    const after = await h.request('GET', `/api/v1/sync/feed?after=${size - 1}`, { token: platform });
    expect(
      after.body.items.map((i: { id: string }) => i.id),
      'the late commit is placed after the event already read',
    ).toEqual([slowId]);
  });

  it('orders two changes of one record by when they committed, not by when their transactions began', async () => {
    const ctx = { actor: systemActor('race'), clock: systemClock, requestId: null };
    const platform = await h.tokens.sign('platform');
    const id = newId('subject');
    const change = (name: string) => ({
      id,
      uscc: 'ORDER-TEST',
      name,
      kind: 'enterprise',
      legalRepresentative: '测试',
      region: '210102',
      previousNames: [],
    });
    await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
    const size = (await h.request('GET', '/api/v1/sync/feed?limit=1', { token: platform })).body.treeSize;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let began!: () => void;
    const started = new Promise<void>((resolve) => {
      began = resolve;
    });
    // The first transaction takes its id early (a write elsewhere), then makes its change only after
    // the second has committed: it commits last, with the smaller transaction id.
    const first = h.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_current_xact_id()`.execute(trx);
      began();
      await held;
      return emitEvent(trx, ctx, 'subject.renamed', { entityType: 'subject', entityId: id }, change('第三版名称'));
    });
    await started;
    const second = await h.db
      .transaction()
      .execute((trx) => emitEvent(trx, ctx, 'subject.renamed', { entityType: 'subject', entityId: id }, change('第二版名称')));
    release();
    const last = await first;
    await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
    const page = await h.request('GET', `/api/v1/sync/feed?after=${size - 1}`, { token: platform });
    expect(
      page.body.items.map((i: { id: string }) => i.id),
      'the change committed last comes last',
    ).toEqual([second, last]);
  });
});
