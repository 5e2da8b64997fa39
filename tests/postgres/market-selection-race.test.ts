import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { published, signUp } from '../helpers/market-announcements.js';

/** Owners and the job racing one another on a selection: exactly one selection, one change per decision. */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:race-select' });
});
afterAll(async () => {
  await h.close();
});

describe('racing the selection', () => {
  it('makes exactly one selection of five simultaneous requests, and each upheld objection drops one winner', async () => {
    clock.set(onDay('2026-11-20'));
    const a = await published(h, owner, { fiscal: false });
    const pool = await Promise.all([0, 1, 2, 3].map(() => admittedAgency(h, { regulator, admin })));
    for (const agency of pool) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const runs = await Promise.all(
      [0, 1, 2, 3, 4].map(() => h.request('POST', `/api/v1/market/announcements/${a.id}/selection`, { token: owner })),
    );
    for (const r of runs) expect([200, 409], show(r)).toContain(r.status);
    const selections = await h.db.selectFrom('market.selections').select('id').where('announcement_id', '=', a.id).execute();
    expect(selections).toHaveLength(1);
    const ok = runs.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of ok) expect(r.body.id).toBe(selections[0]!.id);
    const steps = await h.db.selectFrom('market.announcement_steps').select('to_state').where('announcement_id', '=', a.id).execute();
    expect(steps.filter((s) => s.to_state === 'selected')).toHaveLength(1);

    const sel = ok[0]!.body;
    const loser = pool.find((p) => p.uscc === sel.order[3])!;
    const objection = await h.request('POST', `/api/v1/market/selections/${sel.id}/objections`, {
      token: loser.token,
      body: { reason: '中选机构业绩造假' },
    });
    expect(objection.status, show(objection)).toBe(201);
    const decisions = await Promise.all(
      [0, 1, 2].map(() =>
        h.request('POST', `/api/v1/market/selections/${sel.id}/objections/${objection.body.id}/decision`, {
          token: admin,
          body: { decision: 'upheld', note: '经核实属实' },
        }),
      ),
    );
    expect(decisions.filter((d) => d.status === 200)).toHaveLength(1);
    const changes = await h.db.selectFrom('market.selection_changes').selectAll().where('selection_id', '=', sel.id).execute();
    expect(changes).toHaveLength(1);
  });
});
