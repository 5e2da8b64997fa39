import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep, verifyArrearsLedger, verifyAuditChain } from '../../src/features/admin/service.js';
import { newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, publishedEntry } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Issue 9 #16: what `npm run sweep`, `audit:verify` and `ledger:verify` do, over HTTP, for a service
 * whose data directory no other process may open. Every answer is checked against its declared schema
 * by the harness.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.tokens.sign('admin');
});
afterAll(async () => {
  await h.close();
});

describe('the admin endpoints', () => {
  it('run the daily sweep: an entry whose validity ended exits, and a second run changes nothing', async () => {
    clock.set(onDay('2026-11-20'));
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    const reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
    const { uscc } = await createSubject(h, regulator);
    const serious = await createRecord(h, regulator, uscc, { severity: 'serious', decidedOn: '2026-11-02' });
    const entry = await publishedEntry(
      h,
      { regulator, reviewer, clock },
      { subjectUscc: uscc, list: 'black', recordIds: [serious.id], validUntil: '2026-12-10' },
    );
    expect(entry.state).toBe('published');

    // Valid through 2026-12-10, so it exits on the day after: 2026-12-11.
    clock.set(onDay('2026-12-11'));
    const first = await h.request('POST', '/api/v1/admin/sweep', { token: admin });
    expect(first.status, show(first)).toBe(200);
    expect(first.body).toMatchObject({ on: '2026-12-11', failedJobs: [] });
    expect(first.body.exitedEntries).toContain(entry.id);
    const exited = await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: admin });
    expect(exited.body).toMatchObject({ state: 'exited', exitReason: 'expired', exitedOn: '2026-12-11' });

    const second = await h.request('POST', '/api/v1/admin/sweep', { token: admin });
    expect(second.status, show(second)).toBe(200);
    expect(second.body.exitedEntries).toEqual([]);

    const trigger = await h.db.selectFrom('audit.entries').select(['actor', 'role']).where('action', '=', 'admin.sweep').execute();
    expect(trigger).toEqual([
      { actor: 'admin:test', role: 'admin' },
      { actor: 'admin:test', role: 'admin' },
    ]);
  });

  it('verify the audit chain, sealed by the time they answer', async () => {
    const res = await h.request('GET', '/api/v1/admin/audit/verify', { token: admin });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ ok: true, brokenAt: null });
    expect(res.body.rows).toBeGreaterThan(5);
  });

  it("verify the arrears ledger's invariants", async () => {
    await newContract(h, await h.tokens.sign('finance'));
    const res = await h.request('GET', '/api/v1/admin/ledger/verify', { token: admin });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ ok: true, problems: [] });
    expect(res.body.contracts).toBeGreaterThanOrEqual(1);
  });

  it('are for admins only', async () => {
    const reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
    for (const [method, path] of [
      ['POST', '/api/v1/admin/sweep'],
      ['GET', '/api/v1/admin/audit/verify'],
      ['GET', '/api/v1/admin/ledger/verify'],
    ] as const) {
      expect((await h.request(method, path)).status, `${method} ${path} without a token`).toBe(401);
      expect((await h.request(method, path, { token: reviewer })).status, `${method} ${path} as reviewer`).toBe(403);
    }
  });

  it('refuse a non-admin in the verbs too, not only in the route guard', async () => {
    const ctx = { actor: { sub: 'reviewer:x', role: 'reviewer' as const, dept: DEPT_A }, clock, requestId: null };
    const env = { drawSources: h.deps.drawSources, sync: h.deps.sync };
    for (const verb of [(db: typeof h.db, c: typeof ctx) => runSweep(db, c, env), verifyAuditChain, verifyArrearsLedger]) {
      await expect(verb(h.db, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
