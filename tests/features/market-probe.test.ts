import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyProof } from '../../src/lib/draw/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show, type TestResponse } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { announcementBody, bid, published, select, signUp } from '../helpers/market-announcements.js';

/** Adversarial probes of the 中介超市 through the HTTP app. */
const clock = settableClock(onDay('2026-11-20'));
type Agency = Awaited<ReturnType<typeof admittedAgency>>;
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:probe-owner' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

const post = (path: string, token: string | undefined, body?: unknown) => h.request('POST', path, { token, body });
const countAnnouncements = async () =>
  Number(
    (
      await h.db
        .selectFrom('market.announcements')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function expectFieldProblem(res: TestResponse, field: string, statuses = [400, 422]) {
  expect(statuses, show(res)).toContain(res.status);
  const paths = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  const named =
    paths.some((p: string) => p === field || p.startsWith(`${field}.`) || p.endsWith(`.${field}`)) ||
    String(res.body.detail).includes(field);
  expect(named, `${field} not named: ${show(res)}`).toBe(true);
}

describe('bad input to an announcement', () => {
  it('refuses each bad field with 400/422 naming it, and writes nothing', async () => {
    const before = await countAnnouncements();
    const cases: [string, Record<string, unknown>][] = [
      ['priceCapFen', { priceCapFen: -5 }],
      ['priceCapFen', { priceCapFen: '-5' }],
      ['priceCapFen', { priceCapFen: '12.5' }],
      ['priceCapFen', { priceCapFen: '12345678901234567' }],
      [
        'discountMin',
        { quoteKind: 'discount', priceCapFen: undefined, priceFloorFen: undefined, discountMin: '0.85000', discountMax: '0.9' },
      ],
      ['discountMax', { quoteKind: 'discount', priceCapFen: undefined, priceFloorFen: undefined, discountMin: '0.8', discountMax: '1.5' }],
      ['discountMin', { quoteKind: 'discount', priceCapFen: undefined, priceFloorFen: undefined, discountMin: '-0.1', discountMax: '0.9' }],
      ['discountMin', { quoteKind: 'discount', priceCapFen: undefined, priceFloorFen: undefined, discountMin: 'abc', discountMax: '0.9' }],
      ['signupDeadline', { signupDeadline: '2026-11-27' }],
      ['signupDeadline', { signupDeadline: '27/11/2026 10:00' }],
      ['selectionAt', { selectionAt: '2026-11-27T01:00:00Z' }],
      ['service', { service: 'no_such_service' }],
      ['region', { region: 'abcdef' }],
      ['ownerUscc', { ownerUscc: '91210100MA0X000001' }],
      ['avoid', { avoid: [{ uscc: '91210100MA0X000001', reason: 'x' }] }],
      ['directUscc', { mode: 'direct', fiscal: false, directUscc: '91210100MA0X000001' }],
      ['projectName', { projectName: 'x'.repeat(100_000) }],
      ['description', { description: 'x'.repeat(100_000) }],
      ['fiscal', { fiscal: 'yes' }],
      ['minStaff', { minStaff: 1.5 }],
      ['minStaff', { minStaff: -1 }],
      ['mode', { mode: 'lottery' }],
      ['qualifications', { qualifications: { match: 'some', names: [] } }],
      ['projectCode', { projectCode: undefined }],
    ];
    for (const [field, overrides] of cases) {
      const res = await post('/api/v1/market/announcements', owner, announcementBody(overrides));
      expectFieldProblem(res, field);
    }
    expect(await countAnnouncements()).toBe(before);
  });

  it('refuses bad bids with 400/422 naming the field, and stores no bid', async () => {
    const a = await published(h, owner, { mode: 'bid_lowest', fiscal: false, priceFloorFen: undefined, priceCapFen: '9999999999999999' });
    const agency = await admittedAgency(h, { regulator, admin });
    await signUp(h, a.id, agency.token);
    for (const [field, body] of [
      ['amountFen', { amountFen: 100 }],
      ['amountFen', { amountFen: '-1' }],
      ['amountFen', { amountFen: '1.5' }],
      ['amountFen', { amountFen: '99999999999999999' }],
      ['amountFen', { amountFen: '0' }],
      ['amountFen', {}],
      ['amountFen', { discountRate: '0.85' }],
      ['amountFen', { amountFen: '100', discountRate: '0.85' }],
    ] as const) {
      const res = await post(`/api/v1/market/announcements/${a.id}/bids`, agency.token, body);
      expectFieldProblem(res, field);
    }
    const bids = await h.db.selectFrom('market.bids').selectAll().where('announcement_id', '=', a.id).execute();
    expect(bids).toEqual([]);
  });
});

/** A random draw among three fresh agencies, selected. */
async function selected(overrides: Record<string, unknown> = {}) {
  const a = await published(h, owner, overrides);
  const agencies: Agency[] = [];
  for (let i = 0; i < 3; i++) agencies.push(await admittedAgency(h, { regulator, admin }));
  for (const agency of agencies) await signUp(h, a.id, agency.token);
  clock.set('2026-11-27T03:00:00Z');
  const sel = await select(h, a.id, owner);
  const winner = agencies.find((x) => x.uscc === sel.winner.uscc)!;
  const losers = agencies.filter((x) => x !== winner);
  return { a, sel, agencies, winner, losers };
}

describe('authorization on every object', () => {
  it('lets an agency act only as itself: sign-ups, bids, results, objections', async () => {
    const { sel, winner, losers, a } = await selected();
    const outsider = await admittedAgency(h, { regulator, admin });
    // Another agency's sign-up by path.
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await h.request(method, `/api/v1/market/announcements/${a.id}/signups/${winner.uscc}`, { token: losers[0]!.token });
      expect(res.status, show(res)).toBe(403);
    }
    // A loser or an outsider uploading the winner's result.
    for (const token of [losers[0]!.token, outsider.token]) {
      const res = await post(`/api/v1/market/selections/${sel.id}/results`, token, { document: '报告 1 号' });
      expect(res.status, show(res)).toBe(403);
    }
    // An agency outside the pool objecting.
    const res = await post(`/api/v1/market/selections/${sel.id}/objections`, outsider.token, { reason: '不公平' });
    expect(res.status, show(res)).toBe(403);
    // Turned away before the body is read: a malformed objection from outside the pool is 403 too, not 400.
    expect((await post(`/api/v1/market/selections/${sel.id}/objections`, outsider.token, { reason: '' })).status).toBe(403);
    // Only the operator decides an objection to a result.
    const filed = await post(`/api/v1/market/selections/${sel.id}/objections`, losers[0]!.token, { reason: '中选单位资质造假' });
    expect(filed.status, show(filed)).toBe(201);
    for (const token of [owner, regulator, winner.token, losers[0]!.token]) {
      const decided = await post(`/api/v1/market/selections/${sel.id}/objections/${filed.body.id}/decision`, token, {
        decision: 'upheld',
        note: '成立',
      });
      expect(decided.status, show(decided)).toBe(403);
    }
  });

  it('keeps the report queue and rating objection decisions from the wrong roles', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    for (const token of [agency.token, owner, admin, undefined]) {
      const res = await h.request('GET', '/api/v1/market/reports', { token });
      expect([401, 403], show(res)).toContain(res.status);
    }
    const res = await post('/api/v1/market/rating-objections/rob_01M8WTMQVYHP7363GQZP4Q9CD1/decision', regulator, {
      decision: 'upheld',
      note: '成立',
    });
    expect(res.status, show(res)).toBe(403);
  });
});

describe('the public before the draw', () => {
  it('never sees the sealed seed, a bid, a nonce or a step actor', async () => {
    const a = await published(h, owner, { mode: 'bid_lowest', fiscal: false });
    const agency = await admittedAgency(h, { regulator, admin });
    const signed = await signUp(h, a.id, agency.token);
    await bid(h, a.id, agency.token, { amountFen: '1234567' });
    const row = await h.db.selectFrom('market.announcements').select('sealed_seed').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.sealed_seed).toMatch(/^[0-9a-f]{64}$/);
    const texts = [
      JSON.stringify((await h.request('GET', `/api/v1/market/announcements/${a.id}`)).body),
      JSON.stringify((await h.request('GET', `/api/v1/market/announcements/${a.id}`, { token: owner })).body),
      JSON.stringify((await h.request('GET', '/api/v1/market/announcements')).body),
      JSON.stringify(await h.db.selectFrom('sync.events').select('payload').execute()),
      JSON.stringify(await h.db.selectFrom('audit.entries').selectAll().execute()),
    ];
    for (const text of texts) {
      expect(text).not.toContain(row.sealed_seed);
      expect(text).not.toContain('1234567');
      expect(text).not.toContain(signed.nonce);
    }
    const pub = (await h.request('GET', `/api/v1/market/announcements/${a.id}`)).body;
    expect(pub.steps.every((s: Record<string, unknown>) => !('actor' in s))).toBe(true);
  });
});

describe('state machine abuse', () => {
  it('refuses acts out of order with 409, never 500', async () => {
    const a = await published(h, owner);
    expect((await post(`/api/v1/market/announcements/${a.id}/publish`, owner)).status).toBe(409);
    const agency = await admittedAgency(h, { regulator, admin });
    const bidInRandom = await post(`/api/v1/market/announcements/${a.id}/bids`, agency.token, { amountFen: '200000' });
    expect(bidInRandom.status, show(bidInRandom)).toBe(409);
    expect((await post(`/api/v1/market/announcements/${a.id}/selection`, owner)).status).toBe(409);
    expect((await post(`/api/v1/market/announcements/${a.id}/cancel`, owner, { reason: '项目取消' })).status).toBe(200);
    // A published announcement's cancellation is followed outside: its event carries the reason.
    const event = await h.db
      .selectFrom('sync.events')
      .select('payload')
      .where('entity_id', '=', a.id)
      .where('type', '=', 'market.announcement_cancelled')
      .executeTakeFirst();
    expect(event?.payload).toMatchObject({ id: a.id, state: 'cancelled', reason: '项目取消' });
    const late = await post(`/api/v1/market/announcements/${a.id}/signups`, agency.token, {});
    expect(late.status, show(late)).toBe(409);
    expect((await post(`/api/v1/market/announcements/${a.id}/publish`, owner)).status).toBe(409);

    const { sel, winner } = await selected();
    const id = sel.id;
    for (const [path, body] of [
      ['/contract', { number: 'HT-1', amountFen: '100', startsOn: '2026-12-05', endsOn: '2026-12-06' }],
      ['/contract/extensions', { endsOn: '2027-01-01', reason: '延期' }],
      ['/start', undefined],
      ['/results/decision', { decision: 'confirm', note: '合格' }],
      ['/pick', { uscc: winner.uscc }],
    ] as const) {
      const res = await post(`/api/v1/market/selections/${id}${path}`, owner, body);
      expect([409, 422], `${path}: ${show(res)}`).toContain(res.status);
    }
    const upload = await post(`/api/v1/market/selections/${id}/results`, winner.token, { document: '报告 1 号' });
    expect(upload.status, show(upload)).toBe(409);
    const rating = await post(`/api/v1/market/selections/${id}/rating`, owner, {
      quality: 5,
      timeliness: 5,
      attitude: 5,
      fee: 5,
      conduct: 5,
      comment: '好',
    });
    expect([409, 422], show(rating)).toContain(rating.status);
  });

  it('does not let the owner cancel once the selection time has come (the draw could be known by then)', async () => {
    const a = await published(h, owner);
    clock.set('2026-11-27T03:00:01Z');
    const res = await post(`/api/v1/market/announcements/${a.id}/cancel`, owner, { reason: '不想要这个结果' });
    expect(res.status, show(res)).toBe(409);
    const row = await h.db.selectFrom('market.announcements').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('signing_up');
  });
});

describe('bad input after the draw', () => {
  it('names the field for bad contracts, extensions, picks, objections and results', async () => {
    const { sel, losers } = await selected();
    const id = sel.id;
    const cases: [string, string, unknown][] = [
      ['/contract', 'amountFen', { number: 'HT-1', amountFen: '1.5', startsOn: '2026-12-05', endsOn: '2026-12-06' }],
      ['/contract', 'amountFen', { number: 'HT-1', amountFen: 100, startsOn: '2026-12-05', endsOn: '2026-12-06' }],
      ['/contract', 'startsOn', { number: 'HT-1', amountFen: '100', startsOn: '2026/12/05', endsOn: '2026-12-06' }],
      ['/contract', 'endsOn', { number: 'HT-1', amountFen: '100', startsOn: '2026-12-05', endsOn: '2026-02-30' }],
      ['/contract', 'endsOn', { number: 'HT-1', amountFen: '100', startsOn: '2026-12-05', endsOn: '2026-12-04' }],
      ['/contract', 'number', { number: 'x'.repeat(10_000), amountFen: '100', startsOn: '2026-12-05', endsOn: '2026-12-06' }],
      ['/contract/extensions', 'endsOn', { endsOn: 'tomorrow', reason: '延期' }],
      ['/pick', 'uscc', { uscc: '91210100MA0X000001' }],
      ['/results/decision', 'decision', { decision: 'maybe', note: 'x' }],
    ];
    for (const [path, field, body] of cases) expectFieldProblem(await post(`/api/v1/market/selections/${id}${path}`, owner, body), field);
    expectFieldProblem(
      await post(`/api/v1/market/selections/${id}/objections`, losers[0]!.token, { eligibilityDecisionId: 'eld_nope', reason: 'x' }),
      'eligibilityDecisionId',
    );
    expectFieldProblem(
      await post(`/api/v1/market/selections/${id}/objections`, losers[0]!.token, { reason: 'x'.repeat(100_000) }),
      'reason',
      [400, 413, 422],
    );
    const objections = await h.db.selectFrom('market.selection_objections').selectAll().where('selection_id', '=', id).execute();
    expect(objections).toEqual([]);
    expect(await h.db.selectFrom('market.contracts').selectAll().where('selection_id', '=', id).execute()).toEqual([]);
  });
});

describe('money beyond 2^53', () => {
  it('decides 最优价 on 16-digit fen exactly, and the served proof verifies', async () => {
    const a = await published(h, owner, { mode: 'bid_best', fiscal: false, priceFloorFen: undefined, priceCapFen: '9999999999999999' });
    const quotes = ['9999999999999999', '9007199254740993', '9007199254740995', '9007199254740997', '1'];
    const bidders: Agency[] = [];
    for (const amountFen of quotes) {
      const agency = await admittedAgency(h, { regulator, admin });
      await signUp(h, a.id, agency.token);
      await bid(h, a.id, agency.token, { amountFen });
      bidders.push(agency);
    }
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    const proof = (await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`)).body;
    expect(await verifyProof(proof)).toMatchObject({ ok: true, problems: [] });
    // Drop the highest and the lowest; average the three 9007199254740993/5/7 = 9007199254740995 exactly.
    const k = BigInt(sel.factor);
    const target = (9007199254740995n * 3n * k) / 3n; // reference × 100
    const distance = (b: bigint) => (b * 100n > target ? b * 100n - target : target - b * 100n);
    const best = [...quotes]
      .map(BigInt)
      .sort((x, y) => (distance(x) < distance(y) ? -1 : distance(x) > distance(y) ? 1 : x < y ? -1 : 1))[0]!;
    expect(sel.winnerBid.amountFen).toBe(String(best));
    expect(sel.reference).toBe(String((9007199254740995n * k + 50n) / 100n));
    expect(sel.pool.map((p: { bid: { amountFen: string } }) => p.bid.amountFen).sort()).toEqual([...quotes].sort());
  });
});

describe('replacement after upheld objections', () => {
  it('drops only the winner an objection was about, and skips a successor restricted since the draw', async () => {
    const a = await published(h, owner);
    const pool: Agency[] = [];
    for (let i = 0; i < 4; i++) pool.push(await admittedAgency(h, { regulator, admin }));
    for (const agency of pool) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    const [first, second, third, fourth] = sel.order.map((u: string) => pool.find((p) => p.uscc === u)!);
    // Two objections to the first winner, filed before any decision.
    const o1 = await post(`/api/v1/market/selections/${sel.id}/objections`, third.token, { reason: '中选机构业绩造假' });
    const o2 = await post(`/api/v1/market/selections/${sel.id}/objections`, fourth.token, { reason: '中选机构人员不足' });
    expect([o1.status, o2.status]).toEqual([201, 201]);
    // The second in order is suspended meanwhile: it must be skipped.
    const suspended = await post(`/api/v1/market/agencies/${second.uscc}/suspensions`, regulator, {
      reason: 'discipline',
      detail: '拒不配合监督检查',
      endsOn: '2027-03-31',
    });
    expect(suspended.status, show(suspended)).toBe(201);
    const decide = (id: string) =>
      post(`/api/v1/market/selections/${sel.id}/objections/${id}/decision`, admin, { decision: 'upheld', note: '经核实属实' });
    const after1 = await decide(o1.body.id);
    expect(after1.status, show(after1)).toBe(200);
    expect(after1.body.winner.uscc).toBe(third.uscc);
    // Upholding the other objection to the FIRST winner must not drop the third, which nobody objected to.
    const after2 = await decide(o2.body.id);
    expect(after2.status, show(after2)).toBe(200);
    expect(after2.body.winner?.uscc, show(after2)).toBe(third.uscc);
    expect(after2.body.changes).toHaveLength(1);
    expect(first.uscc).toBe(sel.order[0]);
    const proof = (await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`)).body;
    expect((await verifyProof(proof)).ok).toBe(true);
  });
});

describe('reads with bad queries', () => {
  it('answers 400, never 500, for garbage cursors, sorts and codes', async () => {
    for (const path of [
      '/api/v1/market/announcements?cursor=garbage',
      '/api/v1/market/announcements?limit=-1',
      '/api/v1/market/announcements?state=draft',
      '/api/v1/market/agencies?cursor=garbage',
      '/api/v1/market/agencies?sort=cheapest',
      '/api/v1/market/agencies?minGrade=Z',
      '/api/v1/market/agencies?region=abc',
      '/api/v1/market/agencies?sort=fee&service=cd_drawing_review&cursor=eyJ4IjoxfQ',
      '/api/v1/market/agencies/91210100MA0X000001',
      '/api/v1/market/agencies/91210100MA0X000001/ratings?cursor=zzz',
      '/api/v1/market/agencies/91210100MA0X000001/evaluation?asOf=2026-02-30',
      '/api/v1/market/selections/sel_nope',
      '/api/v1/market/selections/sel_01M8WTVN9YN3BVMSA9KD24JASK/proof',
      '/api/v1/market/reports/track/JB2026',
    ]) {
      const res = await h.request('GET', path);
      expect([400, 404], `${path}: ${show(res)}`).toContain(res.status);
    }
    const queue = await h.request('GET', '/api/v1/market/reports?cursor=garbage&agencyUscc=91210100MA0X000001', { token: regulator });
    expect(queue.status, show(queue)).toBe(400);
  });
});

describe('bad input to agencies, suspensions and reports', () => {
  it('names the field and writes nothing', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const profile = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/profile`, { token: agency.token });
    expect(profile.status, show(profile)).toBe(200);
    for (const rate of ['0.85000', '1.5', '-0.1', 'abc', 0.85]) {
      const res = await h.request('PUT', `/api/v1/market/agencies/${agency.uscc}/profile`, {
        token: agency.token,
        body: {
          version: profile.body.version,
          staffCount: 12,
          regions: ['210100'],
          contact: { name: '李敏', phone: '024-23456789' },
          qualifications: [],
          offers: [{ service: 'cd_drawing_review', feeKind: 'discount', feeBasis: '市场调节价', discountRate: rate, unit: '项' }],
        },
      });
      expectFieldProblem(res, 'discountRate');
    }
    for (const body of [
      { reason: 'discipline', detail: 'x', endsOn: '2027-02-30' },
      { reason: 'mood', detail: 'x', endsOn: '2027-03-31' },
      { reason: 'discipline', detail: 'x'.repeat(100_000), endsOn: '2027-03-31' },
    ]) {
      const res = await post(`/api/v1/market/agencies/${agency.uscc}/suspensions`, regulator, body);
      expect([400, 413, 422], show(res)).toContain(res.status);
    }
    const suspensions = await h.db.selectFrom('market.suspensions').selectAll().where('subject_id', '=', agency.id).execute();
    expect(suspensions).toEqual([]);
    for (const body of [
      { agencyUscc: '91210100MA0X000001', facts: '收费不公示', contact: { name: '张三', phone: '13800000000' } },
      { agencyUscc: agency.uscc, facts: '收费不公示', contact: { name: '张三' } },
      { agencyUscc: agency.uscc, facts: 42, contact: { name: '张三', phone: '13800000000' } },
    ]) {
      const res = await post('/api/v1/market/reports', undefined, body);
      expect([400, 422], show(res)).toContain(res.status);
    }
    expect(await h.db.selectFrom('market.reports').selectAll().where('subject_id', '=', agency.id).execute()).toEqual([]);
  });
});

describe('credit first and direct selection', () => {
  it('never lets an agency restricted since the draw win by the owner’s pick', async () => {
    const a = await published(h, owner, { mode: 'credit_first', fiscal: false, longListSize: 3, shortListSize: 2 });
    const pool: Agency[] = [];
    for (let i = 0; i < 3; i++) pool.push(await admittedAgency(h, { regulator, admin }));
    for (const agency of pool) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    expect(sel.state).toBe('awaiting_pick');
    const [picked] = sel.shortlist;
    const res = await post(`/api/v1/market/agencies/${picked}/suspensions`, regulator, {
      reason: 'discipline',
      detail: '拒不配合监督检查',
      endsOn: '2027-03-31',
    });
    expect(res.status).toBe(201);
    const pick = await post(`/api/v1/market/selections/${sel.id}/pick`, owner, { uscc: picked });
    expect(pick.status, show(pick)).toBe(200);
    clock.set(onDay('2026-12-03'));
    const confirmed = await post(`/api/v1/market/selections/${sel.id}/confirm`, owner);
    expect(confirmed.body, show(confirmed)).toMatchObject({
      state: 'confirmed',
      winner: { uscc: sel.shortlist[1] },
      changes: [{ droppedUscc: picked, nextUscc: sel.shortlist[1], reason: { code: 'restricted_before_confirmation' } }],
    });
  });

  it('refuses a direct choice of an avoided agency', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const a = await published(h, owner, {
      mode: 'direct',
      fiscal: false,
      directUscc: agency.uscc,
      avoid: [{ uscc: agency.uscc, reason: '与业主存在关联关系' }],
    });
    clock.set('2026-11-27T03:00:00Z');
    const res = await post(`/api/v1/market/announcements/${a.id}/selection`, owner);
    expect(res.status, show(res)).toBe(409);
    expect(res.body.reasons).toContain('avoided');
  });
});

describe('malformed fees', () => {
  it('names the fee field when an offer’s amounts are malformed, instead of failing with 500', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const profile = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/profile`, { token: agency.token });
    const res = await h.request('PUT', `/api/v1/market/agencies/${agency.uscc}/profile`, {
      token: agency.token,
      body: {
        version: profile.body.version,
        staffCount: 12,
        regions: ['210100'],
        contact: { name: '李敏', phone: '024-23456789' },
        qualifications: [],
        offers: [{ service: 'cd_drawing_review', feeKind: 'range', feeBasis: '市场调节价', feeMinFen: '1.5', feeMaxFen: '2', unit: '项' }],
      },
    });
    expectFieldProblem(res, 'feeMinFen');
  });
});
