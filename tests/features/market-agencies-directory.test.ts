import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Criteria, judgeAgencies, refreshAllScores } from '../../src/features/agencies/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, DEPT_A, publishedEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
let reviewer: string;
let admin: string;
// Names carry a tag of this run, so q= finds only this file's agencies.
const tag = `目录${Math.random().toString(36).slice(2, 7)}`;
const named = (n: string) => ({ name: `${tag}${n}工程咨询有限公司` });
let a: { uscc: string; id: string };
let b: { uscc: string; id: string };
let c: { uscc: string; id: string };
let d: { uscc: string; id: string };

const fixed = (fen: string) => ({ service: 'cd_drawing_review', feeKind: 'fixed', feeBasis: '按项收费', feeMinFen: fen, unit: '项' });
const discount = { service: 'cd_drawing_review', feeKind: 'discount', feeBasis: '标准收费下浮', discountRate: '0.9000', unit: '项' };

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  const tokens = { regulator, admin };
  a = await admittedAgency(h, tokens, { regions: ['210100'], offers: [fixed('800000')] }, named('甲'));
  b = await admittedAgency(
    h,
    tokens,
    { regions: ['210102'], offers: [{ ...fixed('500000'), feeKind: 'range', feeMaxFen: '900000' }] },
    named('乙'),
  );
  c = await admittedAgency(h, tokens, { regions: ['210000'], offers: [discount] }, named('丙'));
  d = await admittedAgency(h, tokens, { regions: ['220100'], offers: [{ ...fixed('600000'), service: 'consulting' }] }, named('丁'));
  // A general record moves A's 中介 score: 70 − 10 + (10 − 5) + 15 (no rating yet) = 80 (AA).
  await createRecord(h, regulator, a.uscc, { decidedOn: '2026-10-15' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

type Item = { uscc: string; grade: string; score: number; averageRating: string | null; selectable: boolean; restricted: boolean };
async function list(query: string) {
  const res = await h.request('GET', `/api/v1/market/agencies?q=${encodeURIComponent(tag)}&${query}`);
  expect(res.status, show(res)).toBe(200);
  return res.body as { items: (Item & Record<string, any>)[]; nextCursor: string | null };
}
const usccs = (page: { items: Item[] }) => page.items.map((i) => i.uscc);

describe('the directory', () => {
  it('filters by the region an agency covers: itself, its city, its province', async () => {
    expect(new Set(usccs(await list('region=210102')))).toEqual(new Set([a.uscc, b.uscc, c.uscc]));
    expect(new Set(usccs(await list('region=210103')))).toEqual(new Set([a.uscc, c.uscc]));
    expect(usccs(await list('region=220102'))).toEqual([d.uscc]);
  });

  it('sorts by fee for a service (a discount after every amount) and shows that fee', async () => {
    const page = await list('service=cd_drawing_review&sort=fee');
    expect(usccs(page)).toEqual([b.uscc, a.uscc, c.uscc]);
    expect(page.items[0]!.fee).toMatchObject({
      feeKind: 'range',
      feeMinFen: '500000',
      feeMaxFen: '900000',
      serviceName: '人防工程施工图审查',
    });
    expect(page.items[2]!.fee).toMatchObject({ feeKind: 'discount', discountRate: '0.9000', feeMinFen: null });
    expect((await h.request('GET', '/api/v1/market/agencies?sort=fee')).status).toBe(400);
  });

  it('sorts by the cached 中介 score and filters by grade', async () => {
    const page = await list('sort=credit');
    expect(usccs(page).at(-1)).toBe(a.uscc);
    expect(page.items.find((i) => i.uscc === a.uscc)).toMatchObject({ score: 80, grade: 'AA', scoredOn: '2026-11-20' });
    expect(page.items.find((i) => i.uscc === b.uscc)).toMatchObject({ score: 95, grade: 'AAA' });
    expect(usccs(await list('minGrade=AAA'))).not.toContain(a.uscc);
    expect(usccs(await list('minGrade=AA'))).toContain(a.uscc);
  });

  it('pages with a cursor that neither skips nor repeats, whatever the sort', async () => {
    for (const sort of ['credit', 'rating']) {
      const whole = usccs(await list(`sort=${sort}&limit=200`));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...usccs(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole);
      expect(whole).toHaveLength(4);
    }
  });

  it('sorts by exact average rating; averages are exact decimals (64 / 15 = 4.2666… → "4.27")', async () => {
    await h.db
      .insertInto('market.rating_totals')
      .values([
        { subject_id: a.id, count: 3, quality_sum: 14, timeliness_sum: 13, attitude_sum: 13, fee_sum: 12, conduct_sum: 12 },
        { subject_id: b.id, count: 1, quality_sum: 5, timeliness_sum: 5, attitude_sum: 5, fee_sum: 5, conduct_sum: 5 },
        { subject_id: d.id, count: 3, quality_sum: 13, timeliness_sum: 13, attitude_sum: 13, fee_sum: 12, conduct_sum: 13 },
      ])
      .execute();
    // Written here behind the ratings feature's back (no event): the daily refresh picks the sums up.
    await refreshAllScores(h.db, clock);
    const page = await list('sort=rating');
    // b 25/5 = 5.00; a 64/15 = 4.2666…; d 64/15 too (tie: by id); c unrated, last.
    const tied = [a, d].sort((x, y) => (x.id < y.id ? -1 : 1)).map((x) => x.uscc);
    expect(usccs(page)).toEqual([b.uscc, ...tied, c.uscc]);
    expect(page.items.map((i) => [i.averageRating, i.ratingCount])).toEqual([
      ['5.00', 1],
      ['4.27', 3],
      ['4.27', 3],
      [null, 0],
    ]);
    const profile = await h.request('GET', `/api/v1/market/agencies/${a.uscc}`);
    expect(profile.body.ratings).toEqual({
      count: 3,
      average: '4.27',
      quality: '4.67',
      timeliness: '4.33',
      attitude: '4.33',
      fee: '4.00',
      conduct: '4.00',
    });
  });
});

describe('restricted agencies', () => {
  it('leaves out an agency with a serious record in effect unless asked, then flags it', async () => {
    const e = await admittedAgency(h, { regulator, admin }, {}, named('戊'));
    const record = await createRecord(h, regulator, e.uscc, { severity: 'serious', decidedOn: '2026-11-01' });
    expect(usccs(await list(''))).not.toContain(e.uscc);
    const flagged = (await list('includeRestricted=true')).items.find((i) => i.uscc === e.uscc)!;
    expect(flagged).toMatchObject({ selectable: false, restricted: true, suspended: false, grade: 'C' });
    expect(flagged.notSelectableReasons).toEqual([{ code: 'serious_record', detail: expect.stringContaining(record.documentNo) }]);
  });

  it('a black-listed agency is not selectable, and is again the moment its entry exits', async () => {
    const f = await admittedAgency(h, { regulator, admin }, {}, named('己'));
    // Shown until 2026-12-10 (58号令: at most 3 years), so after that only the black entry restricts.
    const record = await createRecord(h, regulator, f.uscc, { severity: 'serious', decidedOn: '2023-12-10' });
    const entry = await publishedEntry(
      h,
      { regulator, reviewer, clock },
      { subjectUscc: f.uscc, list: 'black', recordIds: [record.id], validUntil: '2027-12-31' },
    );
    clock.set(onDay('2026-12-15'));
    const [listed] = await judgeAgencies(h.db, [f.id], null, '2026-12-15');
    expect(listed!.exclusions).toEqual([
      { code: 'black_listed', detail: expect.any(String), basis: expect.objectContaining({ entryIds: [entry.id] }) },
    ]);
    expect(usccs(await list(''))).not.toContain(f.uscc);
    await transition(h, regulator, entry.id, 'exit', { reason: 'standard_changed: 认定标准调整' });
    expect(usccs(await list(''))).toContain(f.uscc);
    const profile = await h.request('GET', `/api/v1/market/agencies/${f.uscc}`);
    expect(profile.body).toMatchObject({ selectable: true, notSelectableReasons: [] });
  });
});

describe('eligibility against an announcement', () => {
  const criteria = (over: Partial<Criteria> = {}): Criteria => ({
    service: 'cd_drawing_review',
    region: '210102',
    qualificationMatch: 'all',
    qualifications: ['人防工程施工图设计审查'],
    minStaff: 10,
    avoid: [],
    ...over,
  });
  const codes = async (id: string, over: Partial<Criteria>, on = '2026-11-20') =>
    (await judgeAgencies(h.db, [id], criteria(over), on))[0]!.exclusions.map((e) => e.code);

  it('judges service, qualifications (held, valid on the day), region, staff and avoidance', async () => {
    expect(await codes(a.id, {})).toEqual([]);
    expect(await codes(d.id, {})).toEqual(['service_not_offered', 'region_not_covered']);
    expect(await codes(a.id, { qualifications: ['人防工程施工图设计审查', '工程造价咨询'] })).toEqual(['qualification_missing']);
    expect(await codes(a.id, { qualificationMatch: 'any', qualifications: ['人防工程施工图设计审查', '工程造价咨询'] })).toEqual([]);
    expect(await codes(a.id, {}, '2029-01-01')).toEqual(['qualification_expired']);
    expect(await codes(a.id, { minStaff: 13 })).toEqual(['staff_below_minimum']);
    const [avoided] = await judgeAgencies(
      h.db,
      [a.id],
      criteria({ avoid: [{ uscc: a.uscc, reason: '与业主存在关联关系' }] }),
      '2026-11-20',
    );
    expect(avoided).toMatchObject({ eligible: false, exclusions: [{ code: 'avoided', basis: { reason: '与业主存在关联关系' } }] });
  });
});
