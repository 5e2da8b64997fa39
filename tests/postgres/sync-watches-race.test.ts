import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchWatches, type WatchNotification } from '../../src/sync/watch-matcher.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { sequenceAll } from '../helpers/sync-watches.js';

/**
 * Watches and inbound reports when several processes run at once, on the real server: matchers
 * running side by side notify each watch × change exactly once, in gap-free seq order (each locks the
 * watch FOR UPDATE SKIP LOCKED and moves its cursor in the same transaction); copies of one report
 * arriving together are applied once.
 */
const clock = settableClock(onDay('2026-11-20'));
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
let h: Harness;
let dept: string;
let platform: string;

beforeAll(async () => {
  // No after-write work: matching runs only when this test says so.
  h = await createHarness({ clock, env: { SYNC_INBOUND_SECRET: SECRET }, deps: { afterWrite: async () => {} } });
  dept = await h.tokens.sign('regulator', { dept: DEPT_A });
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
});
afterAll(() => h.close());

describe('matchers side by side', () => {
  it('notify each change once, with gap-free seq per watch', async () => {
    const subjects = await Promise.all(Array.from({ length: 12 }, () => createSubject(h, dept)));
    const usccs = subjects.map((s) => s.uscc);
    const watches: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await h.request('POST', '/api/v1/sync/watches', { token: platform, body: { url: 'http://127.0.0.1:9/w', usccs } });
      expect(res.status, show(res)).toBe(201);
      watches.push(res.body.id);
    }
    for (const uscc of usccs) {
      for (let n = 0; n < 3; n++) await createRecord(h, dept, uscc, { severity: 'serious', decidedOn: '2026-10-15' });
    }
    await sequenceAll(h, clock);
    const reports = await Promise.all(Array.from({ length: 6 }, () => matchWatches(h.db, clock, h.deps.sync)));
    expect(reports.reduce((sum, r) => sum + r.notifications, 0)).toBe(4 * usccs.length * 3);
    for (const id of watches) {
      const rows = await h.db.selectFrom('sync.deliveries').select(['seq', 'body']).where('watch_id', '=', id).orderBy('seq').execute();
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: usccs.length * 3 }, (_, i) => i + 1));
      const causes = rows.map((r) => (JSON.parse(r.body) as WatchNotification).data.cause.index);
      expect(new Set(causes).size, 'no event told twice').toBe(causes.length);
    }
  });
});

describe('copies of one report at once', () => {
  it('apply it once; the others answer the first outcome', async () => {
    const subject = await createSubject(h, dept);
    const record = await createRecord(h, dept, subject.uscc, { severity: 'serious', decidedOn: '2026-10-15' });
    const body = JSON.stringify({
      type: 'objection.filed',
      data: { target: 'record', targetId: record.id, reference: '信异〔2026〕9号', grounds: '事实不清' },
    });
    const id = `msg_race_${Date.now()}`;
    const at = clock.now();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign(id, at, body),
    };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => h.request('POST', '/api/v1/sync/inbound', { token: platform, rawBody: body, headers })),
    );
    for (const res of answers) expect(res.status, show(res)).toBe(200);
    expect(answers.filter((res) => res.body.duplicate === false)).toHaveLength(1);
    const objections = await h.db.selectFrom('credit.objections').select('id').where('target_id', '=', record.id).execute();
    expect(objections).toHaveLength(1);
    expect(new Set(answers.map((res) => res.body.result.objectionId))).toEqual(new Set([objections[0]!.id]));
  });
});
