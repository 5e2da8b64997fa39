import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { completedSelection } from '../helpers/market.js';
import { admittedAgency } from '../helpers/market-agencies.js';

/** Ratings and reports under races (PostgreSQL): one rating per selection; concurrent verifications suspend once. */
let h: Harness;
let regulator: string;
let admin: string;
beforeAll(async () => {
  h = await createHarness({ clock: settableClock(onDay('2026-11-20')) });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
});
afterAll(async () => {
  await h.close();
});

describe('racing', () => {
  it('lets one of 10 simultaneous ratings of a selection in, the others 409, and counts it once', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const owner = await h.tokens.sign('applicant', { sub: 'applicant:race' });
    const { selectionId } = await completedSelection(h, { ownerSub: 'applicant:race', winnerUscc: agency.uscc, completedOn: '2026-10-01' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.request('POST', `/api/v1/market/selections/${selectionId}/rating`, {
          token: owner,
          body: { quality: 1 + (i % 5), timeliness: 3, attitude: 3, fee: 3, conduct: 3 },
        }),
      ),
    );
    const odd = results.filter((r) => r.status !== 201 && r.status !== 409);
    expect(odd.map(show).join('\n')).toBe('');
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const list = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/ratings`);
    expect(list.body.summary.count).toBe(1);
  });

  it('suspends once when three reports of an agency are verified at the same time by different departments', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const filed = await h.request('POST', '/api/v1/market/reports', {
        body: { agencyUscc: agency.uscc, facts: `第 ${i + 1} 次：无故拖延审查`, contact: { name: '钱举报', phone: '13800001111' } },
      });
      const row = await h.db
        .selectFrom('market.reports')
        .select('id')
        .where('tracking_no', '=', filed.body.trackingNo)
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const tokens = [regulator, await h.tokens.sign('regulator', { dept: DEPT_B }), regulator];
    const results = await Promise.all(
      ids.map((id, i) =>
        h.request('POST', `/api/v1/market/reports/${id}/decision`, {
          token: tokens[i],
          body: {
            decision: 'verify',
            record: {
              category: 'unjustified_delay',
              severity: 'minor',
              facts: '经查，无故拖延审查 30 日',
              basis: '《中介服务管理办法》',
              documentNo: `并发〔2026〕${i + 1}号`,
              decidedOn: '2026-11-20',
              penalties: [{ type: '警告' }],
            },
          },
        }),
      ),
    );
    expect(
      results.map((r) => r.status),
      results.map(show).join('\n'),
    ).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.suspensionId !== null)).toHaveLength(1);
    const subject = await h.db.selectFrom('credit.subjects').select('id').where('uscc', '=', agency.uscc).executeTakeFirstOrThrow();
    const suspensions = await h.db.selectFrom('market.suspensions').select('reason').where('subject_id', '=', subject.id).execute();
    expect(suspensions).toEqual([{ reason: 'complaints' }]);
  });
});
