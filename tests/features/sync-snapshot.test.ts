import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotLines } from '../../src/features/platform/snapshot.js';
import { seedDemo } from '../../src/seed/demo.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { jcs } from '../helpers/rfc9162.js';

/**
 * The snapshot of everything public, as the platform checks it: NDJSON rows in canonical order, each
 * its own canonical JSON, and a summary whose count and SHA-256 the platform recomputes from the lines.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let platform: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  await seedDemo(h.db, clock);
  platform = await h.tokens.sign('platform');
});
afterAll(() => h.close());

async function fetchSnapshot() {
  const res = await h.request('GET', '/api/v1/sync/snapshot', { token: platform });
  expect(res.status, show(res)).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  expect(res.text.endsWith('\n'), 'every line ends with a newline').toBe(true);
  const lines = res.text.slice(0, -1).split('\n');
  const summary = JSON.parse(lines.pop()!) as { asOf: string; count: number; sha256: string };
  return { text: res.text, lines, summary };
}

const sha256Of = (lines: string[]) =>
  createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''), 'utf8')
    .digest('hex');

describe('GET /api/v1/sync/snapshot', () => {
  it('ends with a count and a SHA-256 that the lines before it give, in canonical rows and order', async () => {
    const { lines, summary } = await fetchSnapshot();
    expect(summary.count, lines.join('\n').slice(0, 400)).toBe(lines.length);
    expect(summary.sha256).toBe(sha256Of(lines));
    expect(summary.asOf).toBe('2026-11-20');
    const rows = lines.map((l) => JSON.parse(l) as { kind: string; id: string; data: Record<string, unknown> });
    for (const [i, row] of rows.entries()) expect(jcs(row), `line ${i} is canonical`).toBe(lines[i]);
    const keys = rows.map((r) => `${r.kind} ${r.id}`);
    expect(keys).toEqual([...keys].sort());
    const kinds = new Set(rows.map((r) => r.kind));
    expect([...kinds]).toEqual(['list_entry', 'record']);
    expect(rows.every((r) => r.data.public === true && r.data.id === r.id)).toBe(true);
    const published = await h.request('GET', '/api/v1/public/list-entries?limit=200');
    expect(rows.filter((r) => r.kind === 'list_entry').length).toBe(published.body.items.length);
  });

  it('changes when what is public changes, and only then', async () => {
    const before = await fetchSnapshot();
    const again = await fetchSnapshot();
    expect(again.text).toBe(before.text);
    const subject = (await h.db.selectFrom('credit.subjects').select('uscc').orderBy('id').executeTakeFirstOrThrow()).uscc;
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    const minor = await createRecord(h, regulator, subject, { severity: 'minor', penalties: [{ type: '警告' }], decidedOn: '2026-11-19' });
    const unchanged = await fetchSnapshot();
    expect(unchanged.summary, 'a minor record is not public').toEqual(before.summary);
    const record = await createRecord(h, regulator, subject, { decidedOn: '2026-11-19' });
    const after = await fetchSnapshot();
    expect(after.summary.count).toBe(before.summary.count + 1);
    expect(after.summary.sha256).not.toBe(before.summary.sha256);
    expect(after.summary.sha256).toBe(sha256Of(after.lines));
    expect(after.lines.some((l) => l.includes(record.id))).toBe(true);
    expect(after.text).not.toContain(minor.id);
  });

  it('streams a chunk at a time: small chunks give the very same bytes', async () => {
    const { text } = await fetchSnapshot();
    const pieces: Uint8Array[] = [];
    for await (const piece of snapshotLines(h.db, clock.today(), 2)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(3);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(text);
  });

  it('is for the platform and the admin only', async () => {
    for (const role of ['regulator', 'reviewer', 'applicant'] as const) {
      const res = await h.request('GET', '/api/v1/sync/snapshot', { token: await h.tokens.sign(role, { dept: DEPT_A }) });
      expect(res.status, `${role}: ${show(res)}`).toBe(403);
    }
    const admin = await h.request('GET', '/api/v1/sync/snapshot', { token: await h.tokens.sign('admin') });
    expect(admin.status, show(admin)).toBe(200);
  });
});
