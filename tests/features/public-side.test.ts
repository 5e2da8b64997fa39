import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, proposeEntry, publishedEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** The public side the law publishes (no token): search, the published lists, CORS, and what the profile's score counts. */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
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

type Page<T> = { items: T[]; nextCursor: string | null };

describe('GET /public/subjects?q=', () => {
  it('finds a subject by name, former name or code, without a token, showing only what is public', async () => {
    const tag = `${Date.now() % 1_000_000}`.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);
    const s = await createSubject(h, deptA, { name: `盛京${tag}工程咨询有限公司` });
    const renamed = await h.request('PATCH', `/api/v1/subjects/${s.uscc}`, { token: deptA, body: { name: `辽沈${tag}评估有限公司` } });
    expect(renamed.status, show(renamed)).toBe(200);
    const expected = {
      uscc: s.uscc,
      name: `辽沈${tag}评估有限公司`,
      kind: 'intermediary',
      legalRepresentative: '王建国',
      previousNames: [`盛京${tag}工程咨询有限公司`],
    };
    for (const q of [`辽沈${tag}`, `盛京${tag}`, s.uscc.slice(4, 14)]) {
      const res = await h.request<Page<unknown>>('GET', `/api/v1/public/subjects?q=${encodeURIComponent(q)}`);
      expect(res.status, show(res)).toBe(200);
      expect(res.body.items, q).toEqual([expected]);
    }
    expect((await h.request('GET', `/api/v1/public/subjects?q=${encodeURIComponent('辽')}`)).status).toBe(400);
    expect((await h.request('GET', '/api/v1/public/subjects')).status).toBe(400);
  });
});

describe('GET /public/list-entries', () => {
  it('shows the red and black entries in force, newest first, and nothing proposed, watch, exited or private', async () => {
    clock.set(onDay('2026-11-20'));
    const black = await createSubject(h, deptA);
    const red = await createSubject(h, deptA);
    const pending = await createSubject(h, deptA);
    const serious = (uscc: string) => createRecord(h, deptA, uscc, { severity: 'serious', decidedOn: '2026-11-02' });
    const blackEntry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      {
        subjectUscc: black.uscc,
        list: 'black',
        recordIds: [(await serious(black.uscc)).id],
        validUntil: '2029-11-01',
        publishOn: '2026-11-30',
      },
    );
    clock.set(onDay('2026-11-20'));
    const exited = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      { subjectUscc: black.uscc, list: 'watch', validUntil: '2027-11-01', publishOn: '2026-11-30' },
    );
    clock.set(onDay('2026-12-01'));
    const redEntry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      { subjectUscc: red.uscc, list: 'red', validUntil: '2027-12-01', publishOn: '2026-12-09' },
    );
    await transition(h, deptA, exited.id, 'exit', { reason: 'standard_changed' });
    const proposed = await proposeEntry(h, deptA, {
      subjectUscc: pending.uscc,
      list: 'black',
      recordIds: [(await serious(pending.uscc)).id],
      validUntil: '2029-11-01',
    });

    const listed = async (query: string) => {
      const res = await h.request<Page<{ id: string; list: string; subjectUscc: string }>>('GET', `/api/v1/public/list-entries${query}`);
      expect(res.status, show(res)).toBe(200);
      return res.body.items.map((e) => e.id);
    };
    const both = await listed('?limit=200');
    expect(both).toEqual(expect.arrayContaining([redEntry.id, blackEntry.id]));
    expect(both.indexOf(redEntry.id)).toBeLessThan(both.indexOf(blackEntry.id)); // published 12/09, then 11/30
    for (const hidden of [exited.id, proposed.id]) expect(both).not.toContain(hidden);
    expect(await listed('?list=black&limit=200')).not.toContain(redEntry.id);
    expect(await listed('?list=red&limit=200')).toEqual([redEntry.id]);
    expect((await h.request('GET', '/api/v1/public/list-entries?list=watch')).status).toBe(400);

    const first = await h.request<Page<{ id: string }>>('GET', '/api/v1/public/list-entries?limit=1');
    const second = await h.request<Page<{ id: string }>>('GET', `/api/v1/public/list-entries?limit=1&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((e) => e.id)).toEqual(both.slice(0, 2));

    const line = (await h.request('GET', '/api/v1/public/list-entries?list=black&limit=200')).body.items.find(
      (e: { id: string }) => e.id === blackEntry.id,
    );
    expect(line).toEqual({
      id: blackEntry.id,
      list: 'black',
      subjectUscc: black.uscc,
      subjectName: black.name,
      legalRepresentative: '王建国',
      reason: blackEntry.reason,
      basis: blackEntry.basis,
      documentNo: blackEntry.documentNo,
      department: DEPT_A,
      departmentName: '沈阳市人民防空办公室',
      validFrom: '2026-11-30',
      validUntil: '2029-11-01',
    });
  });
});

describe('CORS on the public endpoints', () => {
  const origin = 'https://credit.shenyang.gov.cn';

  it('lets any origin read the public side by default, and nothing else', async () => {
    const { uscc } = await createSubject(h, deptA);
    const profile = await h.request('GET', `/api/v1/public/subjects/${uscc}`, { headers: { Origin: origin } });
    expect(profile.status, show(profile)).toBe(200);
    expect(profile.headers.get('access-control-allow-origin')).toBe('*');
    expect(profile.headers.get('access-control-allow-credentials')).toBeNull();
    const jwks = await h.request('GET', '/.well-known/jwks.json', { headers: { Origin: origin } });
    expect(jwks.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await h.request('GET', '/api/v1/public/subjects/91350100M000100Y43', { headers: { Origin: origin } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');

    const preflight = await h.app.request('/api/v1/public/list-entries', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');

    const internal = await h.request('GET', `/api/v1/subjects/${uscc}`, { token: deptA, headers: { Origin: origin } });
    expect(internal.status).toBe(200);
    expect(internal.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers only the configured origins when CORS_ORIGINS names them', async () => {
    const config = loadConfig({ CORS_ORIGINS: `${origin}, https://www.shenyang.gov.cn` });
    expect(config.CORS_ORIGINS).toEqual([origin, 'https://www.shenyang.gov.cn']);
    const portal = await createHarness({ clock, deps: { config } });
    try {
      const allowed = await portal.request('GET', '/.well-known/jwks.json', { headers: { Origin: origin } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
      expect(allowed.headers.get('vary')).toContain('Origin');
      const other = await portal.request('GET', '/.well-known/jwks.json', { headers: { Origin: 'https://elsewhere.example.com' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await portal.close();
    }
    expect(() => loadConfig({ CORS_ORIGINS: 'credit.shenyang.gov.cn' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: `${origin}/path` })).toThrow(/CORS_ORIGINS/);
  });
});

describe("the public profile's score", () => {
  it('counts only what is public: a minor record moves neither the public score nor the grade', async () => {
    clock.set(onDay('2026-11-20'));
    const { uscc } = await createSubject(h, deptA);
    const minor = await createRecord(h, deptA, uscc, { severity: 'minor', decidedOn: '2026-11-02' });
    const profile = async () => {
      const res = await h.request('GET', `/api/v1/public/subjects/${uscc}`);
      expect(res.status, show(res)).toBe(200);
      return res.body;
    };
    const internal = async () => (await h.request('GET', `/api/v1/subjects/${uscc}/evaluation`, { token: deptA })).body;
    // Internal: 100 − 2 (轻微) = 98. Public: the minor record is not published, so 100, AAA, and no line for it.
    expect(await internal()).toMatchObject({ score: 98, grade: 'AAA' });
    expect(await profile()).toMatchObject({ score: 100, grade: 'AAA', ruleVersion: '2019.1', records: [] });
    expect(JSON.stringify(await profile())).not.toContain(minor.id);

    // A general record is public: internal 100 − 2 − 10 = 88 (AA); public 100 − 10 = 90 (AAA).
    const general = await createRecord(h, deptA, uscc, { severity: 'general', decidedOn: '2026-11-03' });
    expect(await internal()).toMatchObject({ score: 88, grade: 'AA' });
    const shown = await profile();
    expect(shown).toMatchObject({ score: 90, grade: 'AAA' });
    expect(shown.records).toEqual([
      expect.objectContaining({ id: general.id, department: DEPT_A, departmentName: '沈阳市人民防空办公室' }),
    ]);
  });

  it('explains every point of the public score: which rule, which public record, how many points', async () => {
    clock.set(onDay('2026-11-20'));
    const { uscc } = await createSubject(h, deptA);
    const minor = await createRecord(h, deptA, uscc, { severity: 'minor', decidedOn: '2026-11-01' });
    const general = await createRecord(h, deptA, uscc, { severity: 'general', decidedOn: '2026-11-02' });
    const serious = await createRecord(h, deptA, uscc, { severity: 'serious', decidedOn: '2026-11-03' });
    const res = await h.request('GET', `/api/v1/public/subjects/${uscc}`);
    expect(res.status, show(res)).toBe(200);
    const { explanation, score, grade } = res.body;
    // 100 − 10 (一般) − 30 (严重) = 60, grade C forced by the serious record; the minor one has no line.
    expect(explanation.lines.map((l: { rule: string; recordId: string | null; effect: number }) => [l.rule, l.recordId, l.effect])).toEqual(
      [
        ['base', null, 100],
        ['general', general.id, -10],
        ['serious', serious.id, -30],
      ],
    );
    expect(explanation.lines.reduce((sum: number, l: { effect: number }) => sum + l.effect, 0)).toBe(score);
    expect(explanation.lines[1].reason).toContain(general.documentNo);
    expect(grade).toBe('C');
    expect(explanation.forcedBottom).toMatchObject({ listEntryId: null, recordId: serious.id });
    expect(JSON.stringify(explanation)).not.toContain(minor.id);
    expect(JSON.stringify(explanation)).not.toContain(minor.documentNo);
  });
});
