import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.js';
import { verifyProof } from '../../src/lib/draw/index.js';
import { type SeedReport, seedDemo } from '../../src/seed/demo.js';
import { runTs } from '../helpers/cli.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The demo's 中介超市 (seeds/demo/market.json through src/seed/demo-market.ts), read back as a visitor,
 * an owner and a regulator would: the directory with its restricted and suspended agencies, purchases in
 * each state with a draw anyone can check, ratings, reports; and a second run that changes nothing.
 */
const clock = settableClock(onDay('2026-12-01'));
const BLACK_LISTED = '91210113QY90000778'; // 沈阳铁西安全评价: black-listed in May by the credit demo
const SUSPENDED = '91210105QY9000202A'; // 沈阳大东防雷检测: suspended for discipline in October
let h: Harness;
let seeded: SeedReport;

type Item = Record<string, unknown> & { uscc: string };
type AnnouncementView = Record<string, any> & { id: string; state: string; mode: string };

beforeAll(async () => {
  h = await createHarness({ clock });
  seeded = await seedDemo(h.db, clock);
}, 120_000);
afterAll(async () => {
  await h.close();
});

const get = async (path: string, token?: string) => {
  const res = await h.request('GET', path, { token });
  expect(res.status, show(res)).toBe(200);
  return res.body;
};
const announcements = async (): Promise<AnnouncementView[]> => (await get('/api/v1/market/announcements?limit=50')).items;
const byMode = async (mode: string, state: string) => {
  const found = (await announcements()).filter((a) => a.mode === mode && a.state === state);
  expect(found, `${mode} ${state}`).toHaveLength(1);
  return found[0]!;
};

describe('the demo market', () => {
  it('was loaded through the verbs: agencies, a suspension, purchases, ratings and reports', () => {
    expect(seeded.market).toEqual({ agencies: 19, suspensions: 1, announcements: 8, ratings: 2, reports: 2 });
  });

  it('lists the admitted agencies; the black-listed and the suspended one only with includeRestricted, flagged', async () => {
    const open: Item[] = (await get('/api/v1/market/agencies?limit=100')).items;
    expect(open).toHaveLength(17);
    expect(open.every((a) => a.selectable === true)).toBe(true);
    expect(open.map((a) => a.uscc)).not.toContain(BLACK_LISTED);
    expect(open.map((a) => a.uscc)).not.toContain(SUSPENDED);

    const all: Item[] = (await get('/api/v1/market/agencies?limit=100&includeRestricted=true')).items;
    expect(all).toHaveLength(19);
    const black = all.find((a) => a.uscc === BLACK_LISTED)!;
    expect(black).toMatchObject({ selectable: false, restricted: true });
    expect((black.notSelectableReasons as { code: string }[]).map((r) => r.code)).toContain('black_listed');
    const suspended = all.find((a) => a.uscc === SUSPENDED)!;
    expect(suspended).toMatchObject({ selectable: false, suspended: true });
    expect((suspended.notSelectableReasons as { code: string }[]).map((r) => r.code)).toEqual(['suspended']);
  });

  it('shows purchases in each state to the public, never the draft (its owner sees it)', async () => {
    const states = (await announcements()).map((a) => `${a.mode}:${a.state}`).sort();
    expect(states).toEqual([
      'bid_best:under_contract',
      'bid_lowest:signing_up',
      'credit_first:completed',
      'direct:under_contract',
      'random:cancelled',
      'random:completed',
      'random:failed',
    ]);
    // Paged three at a time, newest first: the same seven, each once, each with its steps and result read.
    const paged: AnnouncementView[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: { items: AnnouncementView[]; nextCursor: string | null } = await get(
        `/api/v1/market/announcements?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(paged.map((a) => a.id)).toEqual((await announcements()).map((a) => a.id));
    expect(paged.every((a) => a.steps.length > 0)).toBe(true);
    expect(paged.filter((a) => a.result !== null)).toHaveLength(5);
    const owner = await h.tokens.sign('applicant', { sub: 'applicant:hunnan-edu' });
    const own: AnnouncementView[] = (await get('/api/v1/market/my/announcements?state=draft', owner)).items;
    expect(own.map((a) => a.projectName)).toEqual(['浑南区第三十一中学操场改造工程造价咨询']);
    expect((await h.request('GET', `/api/v1/market/announcements/${own[0]!.id}`)).status).toBe(404);
  });

  it('has a completed 财政资金 random draw whose proof verifies offline, with contract, result and rating', async () => {
    const a = await byMode('random', 'completed');
    expect(a).toMatchObject({ fiscal: true, commitment: { source: { type: 'commit-reveal' } } });
    const sel = await get(`/api/v1/market/selections/${a.result.selectionId}`);
    expect(sel.order.length).toBeGreaterThanOrEqual(3);
    expect(sel.contract).toMatchObject({ amountFen: '280000' });
    expect(sel.results.map((r: { state: string }) => r.state)).toEqual(['uploaded', 'confirmed']);
    const proof = await get(`/api/v1/market/selections/${sel.id}/proof`);
    expect(await verifyProof(proof)).toMatchObject({ ok: true, problems: [] });
    expect(proof.outcome.winner).toBe(sel.winner.uscc);
    expect((await verifyProof({ ...proof, outcome: { ...proof.outcome, winner: sel.order[1] } })).ok).toBe(false);
    // What an agency does with the proof it downloaded: the CLI, offline, bound to the hashes published
    // with the announcement and at the draw.
    const dir = mkdtempSync(join(tmpdir(), 'demo-proof-'));
    try {
      const file = join(dir, 'proof.json');
      writeFileSync(file, JSON.stringify(proof));
      const published = ['--rule-hash', a.commitment.ruleHash, '--pool-hash', sel.poolHash];
      const cli = await runTs('src/cli/verify-draw.ts', [file, ...published], {});
      expect(cli.code, cli.stdout + cli.stderr).toBe(0);
      expect(cli.stdout).toContain(`winner: ${sel.winner.uscc}`);
      writeFileSync(file, JSON.stringify({ ...proof, pool: [...proof.pool].reverse() }));
      expect((await runTs('src/cli/verify-draw.ts', [file, ...published], {})).code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const ratings = await get(`/api/v1/market/agencies/${sel.winner.uscc}/ratings`);
    expect(ratings.summary.count).toBeGreaterThanOrEqual(1);
    expect(ratings.items.map((r: { overall: string }) => r.overall)).toContain('4.60');
  });

  it('lets an agency list its own sign-ups with where each stands, and no one else’s', async () => {
    const a = await byMode('random', 'completed');
    const sel = await get(`/api/v1/market/selections/${a.result.selectionId}`);
    const winner = await h.tokens.sign('subject', { uscc: sel.winner.uscc });
    const mine = await get('/api/v1/market/my/signups?limit=50', winner);
    const won = mine.items.find((i: { announcementId: string }) => i.announcementId === a.id);
    expect(won).toMatchObject({
      state: 'completed',
      selectionId: sel.id,
      won: true,
      eligibility: { eligible: true, stage: 'confirmation' },
    });
    const loser = sel.order.find((u: string) => u !== sel.winner.uscc);
    const theirs = await get('/api/v1/market/my/signups?limit=50', await h.tokens.sign('subject', { uscc: loser }));
    expect(theirs.items.find((i: { announcementId: string }) => i.announcementId === a.id)).toMatchObject({ won: false });
    // One at a time, the same list.
    const paged: string[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: { items: { announcementId: string }[]; nextCursor: string | null } = await get(
        `/api/v1/market/my/signups?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        winner,
      );
      paged.push(...page.items.map((i) => i.announcementId));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(mine.items.map((i: { announcementId: string }) => i.announcementId));
    expect((await h.request('GET', '/api/v1/market/my/signups', { token: await h.tokens.sign('applicant') })).status).toBe(403);
  });

  it('opened five sealed bids with a drawn factor (最优价) and keeps the still-open discount bids sealed', async () => {
    const best = await byMode('bid_best', 'under_contract');
    const sel = await get(`/api/v1/market/selections/${best.result.selectionId}`);
    expect([95, 96, 97, 98]).toContain(sel.factor);
    expect(sel.pool.filter((p: { bid: unknown }) => p.bid !== null)).toHaveLength(5);
    expect(sel.contract.amountFen).toBe(sel.winnerBid.amountFen);

    const lowest = await byMode('bid_lowest', 'signing_up');
    expect(lowest).toMatchObject({ quoteKind: 'discount', result: null, signupDeadline: '2027-06-30T09:00:00.000Z' });
    const body = JSON.stringify(await get(`/api/v1/market/announcements/${lowest.id}`));
    for (const rate of ['0.8500', '0.8200', '0.8800', '0.9000']) expect(body).not.toContain(rate);
  });

  it('has a direct purchase under contract, a credit-first pick from its short list, a failed draw and a cancellation', async () => {
    const direct = await byMode('direct', 'under_contract');
    expect(direct).toMatchObject({ fiscal: false, result: { winner: { uscc: '91210103QY9000026G' } } });

    const credit = await byMode('credit_first', 'completed');
    const sel = await get(`/api/v1/market/selections/${credit.result.selectionId}`);
    expect(sel.shortlist).toHaveLength(3);
    expect(sel.winner.uscc).toBe(sel.shortlist[0]);
    expect((await get(`/api/v1/market/agencies/${sel.winner.uscc}/ratings`)).summary.average).not.toBeNull();

    const failed = await byMode('random', 'failed');
    expect(failed.failureReason).toMatch(/^pool_too_small/);
    const cancelled = await byMode('random', 'cancelled');
    expect(cancelled.steps.at(-1)).toMatchObject({ to: 'cancelled' });
    // The suspended agency's sign-up was refused, and the refusal kept with its reason.
    const refusal = await h.db
      .selectFrom('market.eligibility_decisions as d')
      .innerJoin('credit.subjects as s', 's.id', 'd.subject_id')
      .select(['d.eligible', 'd.reasons'])
      .where('d.announcement_id', '=', cancelled.id)
      .where('s.uscc', '=', SUSPENDED)
      .executeTakeFirstOrThrow();
    expect(refusal.eligible).toBe(false);
    expect((refusal.reasons as { code: string }[]).map((r) => r.code)).toEqual(['suspended']);
  });

  it('has a report awaiting a regulator and a dismissed one its reporter can track', async () => {
    const regulator = await h.tokens.sign('regulator', { dept: '11210100QY80000241' });
    const received = (await get('/api/v1/market/reports?state=received', regulator)).items;
    expect(received.map((r: { agency: { uscc: string } }) => r.agency.uscc)).toEqual(['91210114QY90001655']);
    const dismissed = (await get('/api/v1/market/reports?state=dismissed', regulator)).items;
    expect(dismissed).toHaveLength(1);
    const tracked = await get(`/api/v1/market/reports/track/${dismissed[0].trackingNo}`);
    expect(tracked).toMatchObject({ state: 'dismissed', decision: { outcome: 'dismissed', reason: expect.stringContaining('不成立') } });
    expect(JSON.stringify(tracked)).not.toContain('024-88886666');
  });

  it('changes nothing when seeded again', async () => {
    const before = await counts(h.db);
    const again = await seedDemo(h.db, clock);
    expect(again.market).toEqual({ agencies: 0, suspensions: 0, announcements: 0, ratings: 0, reports: 0 });
    expect(await counts(h.db)).toEqual(before);
  });
});

async function counts(db: Db) {
  const tables = [
    'market.agencies',
    'market.announcements',
    'market.announcement_steps',
    'market.signups',
    'market.bids',
    'market.selections',
    'market.ratings',
    'market.reports',
    'market.suspensions',
    'market.eligibility_decisions',
    'audit.entries',
    'sync.events',
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}
