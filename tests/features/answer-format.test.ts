import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_FORMAT } from '../../src/features/public/read-version.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, goodRecord, publishedEntry } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The public answers' ETags name ANSWER_FORMAT, so a client or proxy holding an answer of an older
 * shape is told it is stale. This pins the shape (every field's path and type) of a profile and a
 * signed status with a record, a good record and a published black-list entry to the format it was
 * recorded under (tests/fixtures/answer-format.json): a change of shape without a new ANSWER_FORMAT
 * fails here. (A change of rules that keeps the shape, such as masking a field differently, still
 * needs the bump by hand.)
 */
const RECORDED: Record<string, { profile: string; status: string }> = JSON.parse(
  readFileSync(new URL('../fixtures/answer-format.json', import.meta.url), 'utf8'),
);

const clock = settableClock(onDay('2026-11-02'));
let h: Harness;
let uscc = '';

beforeAll(async () => {
  h = await createHarness({ clock });
  const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  const reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  ({ uscc } = await createSubject(h, regulator));
  const serious = await createRecord(h, regulator, uscc, { severity: 'serious', decidedOn: '2026-10-20' });
  await createRecord(h, regulator, uscc, goodRecord('2026-10-01'));
  await publishedEntry(
    h,
    { regulator, reviewer, clock },
    { subjectUscc: uscc, list: 'black', reason: '严重失信', basis: '36号令', recordIds: [serious.id], validUntil: '2027-12-31' },
  );
});
afterAll(async () => {
  await h.close();
});

/** Every leaf's path and JSON type, array items merged, sorted: what a client parsing the answer depends on. */
function shapeOf(value: unknown, path = '$', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    into.add(`${path}: array`);
    for (const item of value) shapeOf(item, `${path}[]`, into);
  } else if (value !== null && typeof value === 'object') {
    into.add(`${path}: object`);
    for (const [key, item] of Object.entries(value)) shapeOf(item, `${path}.${key}`, into);
  } else {
    into.add(`${path}: ${value === null ? 'null' : typeof value}`);
  }
  return into;
}
const fingerprint = (body: unknown) =>
  createHash('sha256')
    .update([...shapeOf(body)].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);

describe('the format of the public answers', () => {
  it('has the shape recorded for its ANSWER_FORMAT', async () => {
    const profile = await h.request('GET', `/api/v1/public/subjects/${uscc}`);
    expect(profile.status, show(profile)).toBe(200);
    const status = await h.request('GET', `/api/v1/public/subjects/${uscc}/status?on=${clock.today()}`);
    expect(status.status, show(status)).toBe(200);
    const now = { profile: fingerprint(profile.body), status: fingerprint(status.body) };
    expect(
      RECORDED[ANSWER_FORMAT],
      `the shape of the public answers changed (now ${JSON.stringify(now)}): raise ANSWER_FORMAT in ` +
        'src/features/public/read-version.ts and record the new shape under it in tests/fixtures/answer-format.json',
    ).toEqual(now);
  });
});
