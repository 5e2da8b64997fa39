import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, publishedEntry, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The public profile and the signed status are current to the second they are asked, and carry an ETag
 * from the data they were made of: asking again with If-None-Match answers 304 (no body) until that data,
 * or the day, changes.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  const now = new Date();
  await h.db
    .insertInto('credit.departments')
    .values({ id: newId('department', now), uscc: DEPT_A, name: '沈阳市人民防空办公室', region: '210100', sector: '人防', created_at: now })
    .execute();
});
afterAll(async () => {
  await h.close();
});

const profileOf = (uscc: string, etag?: string) =>
  h.request('GET', `/api/v1/public/subjects/${uscc}`, { headers: etag ? { 'If-None-Match': etag } : {} });
const statusOf = (uscc: string, on: string, etag?: string) =>
  h.request('GET', `/api/v1/public/subjects/${uscc}/status?on=${on}`, { headers: etag ? { 'If-None-Match': etag } : {} });

describe('GET /public/subjects/{uscc} revalidation', () => {
  it('answers 304 while nothing changed, and the new profile once a record, a department name or the day changes', async () => {
    clock.set(onDay('2026-11-20'));
    const subject = await createSubject(h, regulator);
    const first = await profileOf(subject.uscc);
    expect(first.status, show(first)).toBe(200);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^"profile-/);
    expect(first.headers.get('Cache-Control')).toBe('public, no-cache');

    const again = await profileOf(subject.uscc, etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('ETag')).toBe(etag);
    // A list of tags, a weak form of the same tag, and * all match (RFC 9110 weak comparison).
    expect((await profileOf(subject.uscc, `"other", W/${etag}`)).status).toBe(304);
    expect((await profileOf(subject.uscc, '*')).status).toBe(304);
    expect((await profileOf(subject.uscc, '"profile-something-else"')).status).toBe(200);

    // A public record: the old tag no longer matches, and the new answer shows the record, also to a
    // client that sends no tag (the body this process kept for the old version is not served again).
    await createRecord(h, regulator, subject.uscc, { severity: 'general', decidedOn: '2026-11-18' });
    const plain = await profileOf(subject.uscc);
    expect(plain.body.records).toHaveLength(1);
    expect(plain.headers.get('ETag')).not.toBe(etag);
    const changed = await profileOf(subject.uscc, etag);
    expect(changed.status, show(changed)).toBe(200);
    expect(changed.body.records).toHaveLength(1);
    expect(changed.body.score).toBeLessThan(first.body.score);
    const afterRecord = changed.headers.get('ETag')!;
    expect(afterRecord).not.toBe(etag);
    expect((await profileOf(subject.uscc, afterRecord)).status).toBe(304);

    // Reference data the profile shows: a department's new name.
    await h.db.updateTable('credit.departments').set({ name: '沈阳市国防动员办公室' }).where('uscc', '=', DEPT_A).execute();
    const renamed = await profileOf(subject.uscc, afterRecord);
    expect(renamed.status).toBe(200);
    expect(renamed.body.records[0].departmentName).toBe('沈阳市国防动员办公室');
    const afterRename = renamed.headers.get('ETag')!;

    // The next day the same data may give another answer (a record's display ends by date).
    clock.set(onDay('2026-11-21'));
    const nextDay = await profileOf(subject.uscc, afterRename);
    expect(nextDay.status).toBe(200);
    expect(nextDay.body.asOf).toBe('2026-11-21');
  });

  it('does not let one subject’s change or tag stand for another’s', async () => {
    clock.set(onDay('2026-11-20'));
    const a = await createSubject(h, regulator);
    const b = await createSubject(h, regulator);
    const tagA = (await profileOf(a.uscc)).headers.get('ETag')!;
    const tagB = (await profileOf(b.uscc)).headers.get('ETag')!;
    await createRecord(h, regulator, b.uscc, { severity: 'general', decidedOn: '2026-11-18' });
    expect((await profileOf(a.uscc, tagA)).status).toBe(304);
    expect((await profileOf(b.uscc, tagB)).status).toBe(200);
    expect((await profileOf(b.uscc, tagA)).status).toBe(200);
  });

  it('changes the tags when a rule set takes effect, a record moves to another subject, or a table is emptied', async () => {
    clock.set(onDay('2026-11-20'));
    const a = await createSubject(h, regulator);
    const b = await createSubject(h, regulator);
    const tagOf = async (uscc: string) => (await profileOf(uscc)).headers.get('ETag')!;
    const before = await tagOf(a.uscc);
    // A new rule set changes every score: every tag moves.
    const rule = await h.db.selectFrom('credit.rule_sets').selectAll().orderBy('effective_from', 'desc').executeTakeFirstOrThrow();
    await h.db
      .insertInto('credit.rule_sets')
      .values({ ...rule, version: `${rule.version}-revalidation`, effective_from: '2026-11-21', note: 'revalidation test' })
      .execute();
    const afterRule = await tagOf(a.uscc);
    expect(afterRule).not.toBe(before);
    // A record corrected onto another subject changes both subjects' answers.
    const record = await createRecord(h, regulator, a.uscc, { severity: 'general', decidedOn: '2026-11-18' });
    const [tagA, tagB] = [await tagOf(a.uscc), await tagOf(b.uscc)];
    await h.db.updateTable('credit.records').set({ subject_id: b.id }).where('id', '=', record.id).execute();
    expect(await tagOf(a.uscc)).not.toBe(tagA);
    expect(await tagOf(b.uscc)).not.toBe(tagB);
    // Emptying a table fires no row triggers: the shared version moves instead.
    const beforeTruncate = await tagOf(a.uscc);
    await sql`TRUNCATE credit.subject_renames`.execute(h.db);
    expect(await tagOf(a.uscc)).not.toBe(beforeTruncate);
    await expect(sql`DELETE FROM credit.reference_version`.execute(h.db)).rejects.toThrow(/keeps its one row/);
  });

  it('answers 404 for an unknown subject whatever tag is sent', async () => {
    const res = await profileOf(uniqueUscc(), '*');
    expect(res.status, show(res)).toBe(404);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
  });
});

describe('GET /public/subjects/{uscc}/status revalidation', () => {
  it('gives the same signed status again for up to a minute while nothing changed, then signs anew', async () => {
    clock.set('2026-11-20T02:00:00Z');
    const subject = await createSubject(h, regulator);
    const first = await statusOf(subject.uscc, '2026-11-20');
    expect(first.status, show(first)).toBe(200);
    clock.set('2026-11-20T02:00:30Z');
    const again = await statusOf(subject.uscc, '2026-11-20');
    expect(again.body.jws).toBe(first.body.jws);
    expect(again.body.status.issuedAt).toBe('2026-11-20T02:00:00.000Z');
    // Past the minute: signed again, at the new instant.
    clock.set('2026-11-20T02:01:01Z');
    const later = await statusOf(subject.uscc, '2026-11-20');
    expect(later.body.status.issuedAt).toBe('2026-11-20T02:01:01.000Z');
    // Within the minute but after a change: never the kept one.
    await createRecord(h, regulator, subject.uscc, { severity: 'general', decidedOn: '2026-11-18' });
    clock.set('2026-11-20T02:01:05Z');
    const changed = await statusOf(subject.uscc, '2026-11-20');
    expect(changed.body.status.issuedAt).toBe('2026-11-20T02:01:05.000Z');
    expect(changed.headers.get('ETag')).not.toBe(later.headers.get('ETag'));
  });

  it('gives a weak tag per day, 304 while the entries stand, and a new signed status once one is published', async () => {
    clock.set(onDay('2026-11-20'));
    const subject = await createSubject(h, regulator);
    const first = await statusOf(subject.uscc, '2026-12-31');
    expect(first.status, show(first)).toBe(200);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^W\/"status-/);
    expect(first.body.status.black).toBe(false);
    expect((await statusOf(subject.uscc, '2026-12-31', etag)).status).toBe(304);
    // Another day is another answer.
    expect((await statusOf(subject.uscc, '2026-12-30', etag)).status).toBe(200);

    // A rename changes the name the status gives for days before it.
    const renamed = await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, {
      token: regulator,
      body: { name: '改名后的咨询有限公司' },
    });
    expect(renamed.status, show(renamed)).toBe(200);
    const afterRename = await statusOf(subject.uscc, '2026-12-31', etag);
    expect(afterRename.status).toBe(200);
    expect(afterRename.body.status.name).toBe('改名后的咨询有限公司');
    const serious = await createRecord(h, regulator, subject.uscc, { severity: 'serious', decidedOn: '2026-11-18' });
    await publishedEntry(
      h,
      { regulator, reviewer, clock },
      { subjectUscc: subject.uscc, list: 'black', recordIds: [serious.id], validUntil: '2029-11-17' },
    );
    const changed = await statusOf(subject.uscc, '2026-12-31', etag);
    expect(changed.status, show(changed)).toBe(200);
    expect(changed.body.status.black).toBe(true);
    expect(changed.headers.get('ETag')).not.toBe(etag);
  });
});
