import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, proposeEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Reports from the city platform (POST /api/v1/sync/inbound): a platform token and a Standard
 * Webhooks v1 signature, applied once per webhook-id. Signed here with the maintained package, as the
 * platform would.
 */
const clock = settableClock(onDay('2026-11-20'));
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
let h: Harness;
let platform: string;
let dept: string;
let reviewer: string;
let sent = 0;

beforeAll(async () => {
  h = await createHarness({ clock, env: { SYNC_INBOUND_SECRET: SECRET } });
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
  dept = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
});
afterAll(() => h.close());

type Options = { id?: string; at?: Date; secret?: string; token?: string | null; body?: string; harness?: Harness };

/** Sends a report signed as the platform signs it; options spoil one thing at a time. */
async function report(message: unknown, options: Options = {}) {
  sent += 1;
  const id = options.id ?? `msg_inbound_${sent}_${Date.now()}`;
  const signedBody = JSON.stringify(message);
  const at = options.at ?? clock.now();
  const signature = new Webhook(options.secret ?? SECRET).sign(id, at, signedBody);
  const res = await (options.harness ?? h).request('POST', '/api/v1/sync/inbound', {
    token: options.token === null ? undefined : (options.token ?? platform),
    rawBody: options.body ?? signedBody,
    headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature },
  });
  return { id, res };
}

/** A subject with a serious record and a published black entry resting on it. */
async function listedSubject() {
  const subject = await createSubject(h, dept);
  const record = await createRecord(h, dept, subject.uscc, { severity: 'serious', decidedOn: '2026-10-15' });
  const entry = await proposeEntry(h, dept, { subjectUscc: subject.uscc, list: 'black', recordIds: [record.id], validUntil: '2028-11-19' });
  await transition(h, dept, entry.id, 'notify');
  const saved = clock.now().toISOString();
  clock.set(onDay('2026-11-30'));
  await transition(h, reviewer, entry.id, 'publish');
  clock.set(saved);
  return { uscc: subject.uscc, record, entry };
}

const repairGranted = (target: string, targetId: string, reference = '信修〔2026〕101号') => ({
  type: 'repair.granted',
  timestamp: clock.now().toISOString(),
  data: { target, targetId, reference, grantedOn: '2026-11-19' },
});

const inboundRow = (id: string) => h.db.selectFrom('sync.inbound').selectAll().where('id', '=', id).executeTakeFirst();
const auditOf = (entityId: string) =>
  h.db.selectFrom('audit.entries').select(['action', 'role', 'actor']).where('entity_id', '=', entityId).orderBy('id').execute();

describe('authentication', () => {
  const message = () => repairGranted('record', 'rec_01JD3Q5Z8Y6K2M4N7P9R1T3V5W');

  it('refuses a report without its signature headers', async () => {
    const res = await h.request('POST', '/api/v1/sync/inbound', { token: platform, body: message() });
    expect(res.status, show(res)).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.detail).toContain('webhook-id');
  });

  it('refuses a wrong secret, a changed body, a stale or a future timestamp', async () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    const cases: [string, Options][] = [
      ['wrong secret', { secret: other }],
      ['body changed after signing', { body: JSON.stringify({ ...message(), timestamp: 'changed' }) }],
      ['signed 6 minutes ago', { at: new Date(clock.now().getTime() - 6 * 60_000) }],
      ['signed 6 minutes ahead', { at: new Date(clock.now().getTime() + 6 * 60_000) }],
    ];
    for (const [what, options] of cases) {
      const { res } = await report(message(), options);
      expect(res.status, `${what}: ${show(res)}`).toBe(401);
      expect(res.headers.get('content-type'), what).toContain('application/problem+json');
    }
    const { id } = await report(message(), { secret: other });
    expect(await inboundRow(id), 'nothing is kept of an unauthenticated report').toBeUndefined();
  });

  it('accepts a timestamp within 5 minutes, and needs a platform token too', async () => {
    const recent = await report(message(), { at: new Date(clock.now().getTime() - 4 * 60_000) });
    expect(recent.res.status, `signed 4 minutes ago: ${show(recent.res)}`).toBe(422);
    expect((await report(message(), { token: null })).res.status).toBe(401);
    expect((await report(message(), { token: await h.tokens.sign('applicant') })).res.status).toBe(403);
  });

  it('says so when inbound reports are not configured', async () => {
    const bare = await createHarness({ clock });
    try {
      const { res } = await report(message(), { harness: bare, token: await bare.tokens.sign('platform') });
      expect(res.status, show(res)).toBe(503);
      expect(res.body.detail).toContain('SYNC_INBOUND_SECRET');
    } finally {
      await bare.close();
    }
  });
});

describe('a repair granted on 信用中国', () => {
  it('ends the record’s publication here and exits the entry resting on it, once, even when sent twice', async () => {
    const { uscc, record, entry } = await listedSubject();
    const first = await report(repairGranted('record', record.id));
    expect(first.res.status, show(first.res)).toBe(200);
    expect(first.res.body).toMatchObject({
      id: first.id,
      outcome: 'applied',
      duplicate: false,
      result: { subjectUscc: uscc, changed: true, recordEnded: true, entriesExited: [entry.id] },
    });
    const profile = await h.request('GET', `/api/v1/public/subjects/${uscc}`);
    expect(profile.body.records, show(profile)).toEqual([]);
    expect(profile.body.listEntries).toEqual([]);
    const after = await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: dept });
    expect(after.body, show(after)).toMatchObject({ state: 'exited', exitReason: 'repaired' });
    // Acting as the platform: its identity is on the audit rows of the change.
    expect(await auditOf(record.id)).toContainEqual({ action: 'record.display_ended', role: 'platform', actor: 'platform:city' });

    const events = async () => h.db.selectFrom('sync.events').select('id').where('entity_id', 'in', [record.id, entry.id]).execute();
    const eventsBefore = (await events()).length;
    const again = await report(repairGranted('record', record.id), { id: first.id });
    expect(again.res.status, show(again.res)).toBe(200);
    expect(again.res.body).toMatchObject({ duplicate: true, receivedAt: first.res.body.receivedAt, result: first.res.body.result });
    expect((await events()).length, 'a repeat changes nothing').toBe(eventsBefore);
    expect(await auditOf(first.id)).toEqual([{ action: 'sync.inbound.repair.granted', role: 'platform', actor: 'platform:city' }]);
    expect(await inboundRow(first.id)).toMatchObject({ outcome: 'applied', type: 'repair.granted' });

    const otherBody = await report(repairGranted('record', record.id, '信修〔2026〕999号'), { id: first.id });
    expect(otherBody.res.status, `the same id for another report: ${show(otherBody.res)}`).toBe(409);
    const anotherId = await report(repairGranted('record', record.id));
    expect(anotherId.res.body, show(anotherId.res)).toMatchObject({ duplicate: false, result: { changed: false, entriesExited: [] } });
  });

  it('exits a list entry it names as repaired', async () => {
    const { entry } = await listedSubject();
    const { res } = await report(repairGranted('listEntry', entry.id));
    expect(res.body, show(res)).toMatchObject({ outcome: 'applied', result: { changed: true, entriesExited: [entry.id] } });
    const after = await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: dept });
    expect(after.body).toMatchObject({ state: 'exited', exitReason: 'repaired' });
  });

  it('is refused, and the refusal kept, for a record unknown here or never published', async () => {
    const unknown = await report(repairGranted('record', 'rec_01JD3Q5Z8Y6K2M4N7P9R1T3V5W'));
    expect(unknown.res.status, show(unknown.res)).toBe(422);
    expect(unknown.res.body.detail).toContain('rec_01JD3Q5Z8Y6K2M4N7P9R1T3V5W');
    expect(await inboundRow(unknown.id)).toMatchObject({ outcome: 'refused' });
    expect((await auditOf(unknown.id)).map((a) => a.action)).toEqual(['sync.inbound.repair.granted']);
    const repeated = await report(repairGranted('record', 'rec_01JD3Q5Z8Y6K2M4N7P9R1T3V5W'), { id: unknown.id });
    expect(repeated.res.status, show(repeated.res)).toBe(422);
    expect(repeated.res.body).toMatchObject({ duplicate: true, detail: unknown.res.body.detail });

    const subject = await createSubject(h, dept);
    const minor = await createRecord(h, dept, subject.uscc, { severity: 'minor', decidedOn: '2026-10-01' });
    const privateOne = await report(repairGranted('record', minor.id));
    expect(privateOne.res.status, show(privateOne.res)).toBe(422);
    expect(privateOne.res.body.detail).toContain('not public');
  });
});

describe('an objection filed on the platform', () => {
  it('joins the objection queue, filed by the platform, with its reference', async () => {
    const { uscc, record } = await listedSubject();
    const { id, res } = await report({
      type: 'objection.filed',
      data: { target: 'record', targetId: record.id, reference: '信异〔2026〕77号', grounds: '处罚决定已被行政复议撤销' },
    });
    expect(res.status, show(res)).toBe(200);
    const objectionId = res.body.result.objectionId as string;
    expect(res.body.result).toMatchObject({ target: 'record', targetId: record.id, subjectUscc: uscc, state: 'filed' });
    for (const token of [platform, dept]) {
      const queue = await h.request('GET', `/api/v1/objections?state=filed&subject=${uscc}`, { token });
      expect(queue.status, show(queue)).toBe(200);
      const found = queue.body.items.find((o: { id: string }) => o.id === objectionId);
      expect(found, show(queue)).toMatchObject({ filedBy: 'platform:city', state: 'filed' });
      expect(found.grounds).toContain('信异〔2026〕77号');
    }
    const again = await report(
      {
        type: 'objection.filed',
        data: { target: 'record', targetId: record.id, reference: '信异〔2026〕77号', grounds: '处罚决定已被行政复议撤销' },
      },
      { id },
    );
    expect(again.res.body, show(again.res)).toMatchObject({ duplicate: true, result: { objectionId } });
    const count = await h.db.selectFrom('credit.objections').select('id').where('target_id', '=', record.id).execute();
    expect(count).toHaveLength(1);
  });

  it('is refused for an entry unknown here, and no objection is made', async () => {
    const { res, id } = await report({
      type: 'objection.filed',
      data: { target: 'listEntry', targetId: 'lst_01JD3Q5Z8Y6K2M4N7P9R1T3V5W', reference: '信异〔2026〕78号', grounds: '不应列入' },
    });
    expect(res.status, show(res)).toBe(422);
    expect(await inboundRow(id)).toMatchObject({ outcome: 'refused', type: 'objection.filed' });
    const none = await h.db
      .selectFrom('credit.objections')
      .select('id')
      .where('target_id', '=', 'lst_01JD3Q5Z8Y6K2M4N7P9R1T3V5W')
      .execute();
    expect(none).toEqual([]);
  });

  it('answers a refusal that may change without keeping it, and applies the retry with the same id once it can', async () => {
    const subject = await createSubject(h, dept);
    const record = await createRecord(h, dept, subject.uscc, { severity: 'serious', decidedOn: '2026-10-15' });
    const entry = await proposeEntry(h, dept, {
      subjectUscc: subject.uscc,
      list: 'black',
      recordIds: [record.id],
      validUntil: '2028-11-19',
    });
    await transition(h, dept, entry.id, 'notify');
    const message = {
      type: 'objection.filed',
      data: { target: 'listEntry', targetId: entry.id, reference: '信异〔2026〕79号', grounds: '不应列入' },
    };
    // Not public yet: the verb refuses the platform for the entry's present state.
    const early = await report(message);
    expect(early.res.status, show(early.res)).toBe(403);
    expect(await inboundRow(early.id), 'a refusal a retry may not meet is not kept').toBeUndefined();
    expect(await auditOf(early.id)).toEqual([]);

    const saved = clock.now().toISOString();
    clock.set(onDay('2026-11-30'));
    try {
      await transition(h, reviewer, entry.id, 'publish');
      const retry = await report(message, { id: early.id });
      expect(retry.res.status, show(retry.res)).toBe(200);
      expect(retry.res.body).toMatchObject({
        id: early.id,
        outcome: 'applied',
        duplicate: false,
        result: { targetId: entry.id, state: 'filed' },
      });
      expect(await inboundRow(early.id)).toMatchObject({ outcome: 'applied' });
    } finally {
      clock.set(saved);
    }
  });

  it('refuses a report of an unknown type as malformed', async () => {
    const { res } = await report({ type: 'record.deleted', data: {} });
    expect(res.status, show(res)).toBe(400);
  });
});
