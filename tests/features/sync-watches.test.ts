import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/seed/demo.js';
import { deliverDue } from '../../src/sync/delivery/worker.js';
import type { WatchNotification } from '../../src/sync/watch-matcher.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, DEPT_A, proposeEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { startPlatform, waitUntil } from '../helpers/platform-server.js';
import { pump as pumpWatches } from '../helpers/sync-watches.js';

/**
 * Watches: a platform or an applicant watches USCCs; a change of a watched subject's public list
 * status, restriction or grade becomes a message in sync.deliveries for the delivery worker, with the
 * subject's public status. Demo subjects are watched; changes go through the API as a department and
 * a reviewer make them.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let dept: string;
let reviewer: string;
let platform: string;
let applicant: string;

// Demo subjects (seeds/demo/subjects.json) with no list entry.
const WATCHED = ['91210103QY9000026G', '91210104QY9000034R', '91210105QY90000423'];
const UNWATCHED = '91210106QY9000050C';
const PAUSED_ONE = '91210112QY9000069Y';
const PRIVATE_ONE = '91210114QY9000085H';

beforeAll(async () => {
  h = await createHarness({ clock });
  await seedDemo(h.db, clock);
  dept = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
  applicant = await h.tokens.sign('applicant', { sub: 'owner-a' });
  await pump();
});
afterAll(() => h.close());

const pump = () => pumpWatches(h, clock);

async function watch(token: string, usccs: string[], extra: Record<string, unknown> = {}) {
  const res = await h.request('POST', '/api/v1/sync/watches', {
    token,
    body: { url: 'http://127.0.0.1:9/hooks', usccs, ...extra },
  });
  expect(res.status, show(res)).toBe(201);
  return res.body as { id: string; subjectCount: number; signing: string; status: string };
}

async function notifications(watchId: string) {
  const rows = await h.db
    .selectFrom('sync.deliveries')
    .select(['seq', 'body', 'event_count', 'status', 'endpoint_id', 'next_attempt_at'])
    .where('watch_id', '=', watchId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), row: r, ...(JSON.parse(r.body) as WatchNotification) }));
}

const summary = (list: Awaited<ReturnType<typeof notifications>>) =>
  list.map((n) => `${n.data.uscc} ${n.data.change} ${n.data.cause.type}`);

/** A serious record and a black entry resting on it, published by the reviewer after the statement window. */
async function blackList(uscc: string) {
  const record = await createRecord(h, dept, uscc, { severity: 'serious', decidedOn: '2026-10-15' });
  const entry = await proposeEntry(h, dept, { subjectUscc: uscc, list: 'black', recordIds: [record.id], validUntil: '2028-11-19' });
  await transition(h, dept, entry.id, 'notify');
  const before = clock.now().toISOString();
  clock.set(onDay('2026-11-30'));
  const published = await transition(h, reviewer, entry.id, 'publish');
  // The scheduler's next pass, on the day of publication: a notification carries the status when it is matched.
  await pump();
  clock.set(before);
  return { record, entry: published };
}

describe('a watch on demo subjects', () => {
  let watchId: string;
  let listed: Awaited<ReturnType<typeof blackList>>;

  it('is registered with its codes; the secret is never echoed, and the history of the feed is not replayed', async () => {
    const created = await watch(platform, WATCHED, { description: '重点关注', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    expect(created).toMatchObject({ subjectCount: 3, signing: 'v1', status: 'active' });
    expect(created.id).toMatch(/^wat_/);
    expect(JSON.stringify(created)).not.toContain('whsec_');
    watchId = created.id;
    await pump();
    expect(await notifications(watchId), 'the demo history is not news').toEqual([]);
  });

  it('is told when a watched subject is black-listed, and nothing about an unwatched one', async () => {
    listed = await blackList(WATCHED[0]!);
    await blackList(UNWATCHED);
    await pump();
    const told = await notifications(watchId);
    expect(summary(told)).toEqual([`${WATCHED[0]} restriction record.created`, `${WATCHED[0]} list_status list_entry.published`]);
    const last = told[1]!;
    expect(last.type).toBe('credit.subject.changed');
    expect(last.row).toMatchObject({ event_count: 1, status: 'pending', endpoint_id: null });
    expect(last.data.status).toMatchObject({ registered: true, restricted: true });
    expect(last.data.status.listEntries.map((e) => e.id)).toEqual([listed.entry.id]);
    expect(last.data.status.restrictions.map((r) => `${r.kind} ${r.id}`).sort()).toEqual(
      [`black_list ${listed.entry.id}`, `serious_record ${listed.record.id}`].sort(),
    );
    expect(last.data.status.grade?.grade, 'a serious record or a black entry gives C').toBe('C');
    expect(told.map((n) => n.seq)).toEqual([1, 2]);
    // The feed position is the cause's index.
    const feed = await h.db
      .selectFrom('sync.feed')
      .select('event_id')
      .where('position', '=', String(last.data.cause.index))
      .executeTakeFirst();
    expect(feed?.event_id).toBe(last.data.cause.eventId);
  });

  it('is told when the entry exits, with the status after it', async () => {
    const exited = await transition(h, dept, listed.entry.id, 'exit', { reason: 'standard_changed: 认定标准调整' });
    expect(exited.state).toBe('exited');
    await pump();
    const told = await notifications(watchId);
    expect(summary(told).slice(2)).toEqual([`${WATCHED[0]} list_status list_entry.exited`]);
    const status = told[2]!.data.status;
    expect(status.listEntries).toEqual([]);
    // The serious record still restricts; only the black entry went.
    expect(status.restrictions.map((r) => r.kind)).toEqual(['serious_record']);
  });

  it('is matched once: a second pass over the same feed adds nothing', async () => {
    const before = (await notifications(watchId)).length;
    await pump();
    await pump();
    expect((await notifications(watchId)).length).toBe(before);
  });
});

describe('a paused watch', () => {
  it('gets nothing while paused, and what it missed once resumed', async () => {
    const w = await watch(platform, [PAUSED_ONE]);
    const paused = await h.request('PATCH', `/api/v1/sync/watches/${w.id}`, { token: platform, body: { status: 'paused' } });
    expect(paused.status, show(paused)).toBe(200);
    expect(paused.body.status).toBe('paused');
    await blackList(PAUSED_ONE);
    await pump();
    expect(await notifications(w.id), 'paused: nothing').toEqual([]);
    const resumed = await h.request('PATCH', `/api/v1/sync/watches/${w.id}`, { token: platform, body: { status: 'active' } });
    expect(resumed.status, show(resumed)).toBe(200);
    await pump();
    expect(summary(await notifications(w.id))).toEqual([
      `${PAUSED_ONE} restriction record.created`,
      `${PAUSED_ONE} list_status list_entry.published`,
    ]);
  });
});

describe("an applicant's watch", () => {
  it('never hears of what is not public, and its status counts public facts only', async () => {
    const w = await watch(applicant, [PRIVATE_ONE]);
    expect(w.signing).toBe('v1a');
    const minor = await createRecord(h, dept, PRIVATE_ONE, { severity: 'minor', decidedOn: '2026-10-01' });
    expect(minor.public, 'a minor record is not published').toBe(false);
    // Proposed and notified, never published: not public either.
    const proposed = await proposeEntry(h, dept, { subjectUscc: PRIVATE_ONE, list: 'watch', validUntil: '2027-11-19' });
    await transition(h, dept, proposed.id, 'notify');
    await pump();
    expect(await notifications(w.id), 'nothing public changed').toEqual([]);

    const serious = await createRecord(h, dept, PRIVATE_ONE, { severity: 'serious', decidedOn: '2026-10-15' });
    await pump();
    const told = await notifications(w.id);
    expect(summary(told)).toEqual([`${PRIVATE_ONE} restriction record.created`]);
    expect(told[0]!.data.status.restrictions.map((r) => r.id)).toEqual([serious.id]);
    for (const n of told) {
      expect(n.row.body).not.toContain(minor.id);
      expect(n.row.body).not.toContain(minor.documentNo);
      expect(n.row.body).not.toContain(proposed.id);
    }
    const profile = await h.request('GET', `/api/v1/public/subjects/${PRIVATE_ONE}`);
    expect(profile.status, show(profile)).toBe(200);
    expect(told[0]!.data.status.grade, 'the grade the public sees, not one moved by the minor record').toMatchObject({
      grade: profile.body.grade,
      score: profile.body.score,
    });
  });
});

describe('a public restriction ended by a correction that makes the record not public', () => {
  it('is told to the platform, which holds that event, and not to an applicant', async () => {
    const uscc = '91210103QY90001064';
    const byPlatform = await watch(platform, [uscc]);
    const byApplicant = await watch(applicant, [uscc]);
    const serious = await createRecord(h, dept, uscc, { severity: 'serious', decidedOn: '2026-10-15' });
    await pump();
    const corrected = await h.request('POST', `/api/v1/records/${serious.id}/corrections`, {
      token: dept,
      body: { severity: 'minor', reason: '认定情节有误，更正为轻微' },
    });
    expect(corrected.status, show(corrected)).toBe(201);
    expect(corrected.body.public, 'a minor record is not published').toBe(false);
    await pump();
    const platformTold = await notifications(byPlatform.id);
    expect(summary(platformTold)).toEqual([`${uscc} restriction record.created`, `${uscc} restriction record.corrected`]);
    expect(platformTold[1]!.data.status).toMatchObject({ restricted: false, restrictions: [] });
    expect(platformTold[1]!.row.body, 'the status shows nothing of the record now').not.toContain(serious.id);
    expect(summary(await notifications(byApplicant.id))).toEqual([`${uscc} restriction record.created`]);
  });
});

describe('delivery to the watch’s URL', () => {
  it('is signed v1 with the watch’s secret, or v1a with the delivery key, and verified by an independent receiver', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const jwks = await h.request('GET', '/.well-known/jwks.json');
    const publicJwks = jwks.body.keys.filter((k: { kty: string }) => k.kty === 'OKP');
    // The receivers check the webhook-timestamp against their own clock: the registry's stands at now.
    const saved = clock.now().toISOString();
    clock.set(new Date().toISOString());
    const hmac = await startPlatform({ secret });
    const ed25519 = await startPlatform({ publicJwks });
    try {
      const subject = '91210102QY90000930';
      const v1 = await watch(platform, [subject], { url: hmac.url, secret });
      const v1a = await watch(applicant, [subject], { url: ed25519.url });
      await createRecord(h, dept, subject, { severity: 'serious', decidedOn: '2026-10-16' });
      await pump();
      await deliverDue(h.db, clock, h.deps.sync);
      await waitUntil(
        () => hmac.applied.length === 1 && ed25519.applied.length === 1,
        () => `v1: ${JSON.stringify(hmac.received)} v1a: ${JSON.stringify(ed25519.received)}`,
      );
      for (const [receiver, id] of [
        [hmac, v1.id],
        [ed25519, v1a.id],
      ] as const) {
        expect(receiver.received.every((r) => r.verified)).toBe(true);
        const payload = receiver.applied[0]!.payload as unknown as WatchNotification;
        expect(payload).toMatchObject({ type: 'credit.subject.changed', data: { watchId: id, uscc: subject, change: 'restriction' } });
      }
      const rows = await h.db.selectFrom('sync.deliveries').select(['status']).where('watch_id', 'in', [v1.id, v1a.id]).execute();
      expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    } finally {
      clock.set(saved);
      await hmac.close();
      await ed25519.close();
    }
  });
});

describe('grades', () => {
  it('tells a grade change the yearly run brings, as the public sees the grade', async () => {
    const w = await watch(platform, [WATCHED[0]!, WATCHED[2]!]);
    clock.set(onDay('2027-01-05'));
    const run = await h.request('POST', '/api/v1/evaluations/runs', { token: reviewer, body: { year: 2026 } });
    expect(run.status, show(run)).toBe(201);
    await pump();
    const told = await notifications(w.id);
    // WATCHED[0] got a serious record in 2026; WATCHED[2] nothing.
    expect(summary(told)).toEqual([`${WATCHED[0]} grade evaluation.run_completed`]);
    expect(told[0]!.data.grade).toMatchObject({ from: { asOf: '2025-12-31' }, to: { asOf: '2026-12-31', grade: 'C' } });
    expect(told[0]!.data.grade!.from.grade).not.toBe('C');
  });
});
