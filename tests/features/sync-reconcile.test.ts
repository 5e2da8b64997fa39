import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { sequenceAll } from './sync-sequenced.js';

/**
 * Reconciliation as the platform does it: from the feed items it holds, per Shanghai day of `at`, a
 * count and SHA-256 over the concatenated leaf hashes (raw bytes, feed order), computed here with
 * nothing from the registry; the registry names the days that differ and the events to send again.
 */
const clock = settableClock(onDay('2026-11-16'));
let h: Harness;
let platform: string;
type Item = { index: number; id: string; at: string; leafHash: string };
let byDay: Map<string, Item[]>;

const shanghaiDay = (at: string) => new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10);
const figures = (items: Item[]) => ({
  count: items.length,
  sha256: createHash('sha256')
    .update(Buffer.concat(items.map((i) => Buffer.from(i.leafHash, 'hex'))))
    .digest('hex'),
});

beforeAll(async () => {
  h = await createHarness({ clock });
  platform = await h.tokens.sign('platform');
  const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  for (const day of ['2026-11-16', '2026-11-17', '2026-11-18']) {
    clock.set(onDay(day));
    const s = await createSubject(h, regulator);
    await createRecord(h, regulator, s.uscc, { decidedOn: day });
  }
  // 00:30 in Shanghai on the 19th is still the 18th in UTC: the day is Shanghai's.
  clock.set('2026-11-18T16:30:00Z');
  await createSubject(h, regulator);
  await sequenceAll(h, clock);
  const res = await h.request('GET', '/api/v1/sync/feed?limit=1000', { token: platform });
  expect(res.status, show(res)).toBe(200);
  byDay = new Map();
  for (const item of res.body.items as Item[]) byDay.set(shanghaiDay(item.at), [...(byDay.get(shanghaiDay(item.at)) ?? []), item]);
  expect([...byDay.keys()].sort()).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
});
afterAll(() => h.close());

describe('POST /api/v1/sync/reconcile', () => {
  it('names the day that differs and its events, a day the platform left out, and a day only the platform has', async () => {
    const day17 = byDay.get('2026-11-17')!;
    const res = await h.request('POST', '/api/v1/sync/reconcile', {
      token: platform,
      body: {
        days: [
          { day: '2026-11-15', ...figures(byDay.get('2026-11-16')!) },
          { day: '2026-11-16', ...figures(byDay.get('2026-11-16')!) },
          { day: '2026-11-17', ...figures(day17.slice(1)) },
          { day: '2026-11-19', ...figures(byDay.get('2026-11-19')!) },
        ],
      },
    });
    expect(res.status, show(res)).toBe(200);
    const answer = new Map(res.body.days.map((d: { day: string }) => [d.day, d]));
    expect([...answer.keys()]).toEqual(['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
    expect(answer.get('2026-11-15')).toMatchObject({ status: 'missing_at_registry', registry: { count: 0 }, resend: [] });
    expect(answer.get('2026-11-16')).toMatchObject({ status: 'match', registry: figures(byDay.get('2026-11-16')!), resend: [] });
    expect(answer.get('2026-11-17')).toEqual({
      day: '2026-11-17',
      status: 'differs',
      registry: figures(day17),
      platform: figures(day17.slice(1)),
      resend: day17.map((i) => ({ index: i.index, id: i.id })),
      resendTruncated: false,
    });
    expect(answer.get('2026-11-18')).toMatchObject({
      status: 'missing_at_platform',
      platform: null,
      resend: byDay.get('2026-11-18')!.map((i) => ({ index: i.index, id: i.id })),
    });
    expect(answer.get('2026-11-19')).toMatchObject({ status: 'match', registry: { count: 1 } });
    expect(res.body.resendTruncated).toBe(false);
  });

  it('treats a day the platform counts as empty as missing there, and an empty day on both sides as a match', async () => {
    const empty = createHash('sha256').digest('hex');
    const res = await h.request('POST', '/api/v1/sync/reconcile', {
      token: platform,
      body: {
        days: [
          { day: '2026-11-16', count: 0, sha256: empty },
          { day: '2026-11-10', count: 0, sha256: empty.toUpperCase() },
        ],
      },
    });
    expect(res.status, show(res)).toBe(200);
    const statuses = res.body.days.filter((d: { day: string }) => d.day <= '2026-11-16').map((d: { status: string }) => d.status);
    expect(statuses, show(res)).toEqual(['match', 'missing_at_platform']);
  });

  it('refuses a bad request before reading the feed, and anyone but the platform and the admin', async () => {
    const day = { day: '2026-11-16', count: 1, sha256: '0'.repeat(64) };
    const cases: [unknown, number, string][] = [
      [{ days: [] }, 400, 'days'],
      [{ days: [day, day] }, 400, 'days'],
      [{ days: [{ ...day, sha256: 'xyz' }] }, 400, 'days.0.sha256'],
      [{ days: [{ ...day, day: '2026-13-01' }] }, 400, 'days.0.day'],
      [{ days: [day, { ...day, day: '2024-11-16' }] }, 400, 'days'],
      [{ days: Array.from({ length: 401 }, (_, i) => ({ ...day, day: `2026-${String(1 + (i % 12)).padStart(2, '0')}-01` })) }, 413, 'days'],
    ];
    for (const [body, status, path] of cases) {
      const res = await h.request('POST', '/api/v1/sync/reconcile', { token: platform, body });
      expect(res.status, `${path}: ${show(res)}`).toBe(status);
      if (status === 400) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const reviewer = await h.request('POST', '/api/v1/sync/reconcile', {
      token: await h.tokens.sign('reviewer', { dept: DEPT_A }),
      body: { days: [day] },
    });
    expect(reviewer.status, show(reviewer)).toBe(403);
    const admin = await h.request('POST', '/api/v1/sync/reconcile', { token: await h.tokens.sign('admin'), body: { days: [day] } });
    expect(admin.status, show(admin)).toBe(200);
  });
});
