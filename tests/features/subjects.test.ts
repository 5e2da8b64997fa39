import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Subject, SubjectPage } from '../../src/features/subjects/schemas.js';
import { DEPT_A, subjectBody, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
let regulator: string;
let admin: string;
beforeAll(async () => {
  h = await createHarness();
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
});
afterAll(async () => {
  await h.close();
});

async function create(overrides: Record<string, unknown> = {}) {
  const res = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody(overrides) });
  expect(res.status, show(res)).toBe(201);
  return Subject.parse(res.body);
}

describe('registering subjects', () => {
  it('creates a subject with a prefixed id, normalising a lower-case code', async () => {
    const uscc = uniqueUscc();
    const subject = await create({ uscc: uscc.toLowerCase(), name: '沈阳北陵环境评估有限公司' });
    expect(subject.uscc).toBe(uscc);
    expect(subject.id).toMatch(/^sub_[0-9A-Z]{26}$/);
    expect(subject.previousNames).toEqual([]);
    const read = await h.request('GET', `/api/v1/subjects/${uscc}`, { token: await h.tokens.sign('applicant') });
    expect(read.status, show(read)).toBe(200);
    expect(Subject.parse(read.body)).toEqual(subject);
  });

  it('refuses a duplicate code with 409 and writes nothing', async () => {
    const first = await create();
    const res = await h.request('POST', '/api/v1/subjects', { token: admin, body: subjectBody({ uscc: first.uscc, name: '另一个名字' }) });
    expect(res.status, show(res)).toBe(409);
    expect((await h.request('GET', `/api/v1/subjects/${first.uscc}`, { token: admin })).body.name).toBe(first.name);
    const audits = await h.db.selectFrom('audit.entries').select('id').where('entity_id', '=', first.id).execute();
    expect(audits).toHaveLength(1);
  });

  it('names the failing position of an invalid code', async () => {
    const res = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody({ uscc: '91350100M0O0100Y43' }) });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'uscc', in: 'body', message: expect.stringContaining('position 11') }]);
  });

  it('answers 404 for an unknown valid code and 400 for an invalid one in the path', async () => {
    expect((await h.request('GET', `/api/v1/subjects/${uniqueUscc()}`, { token: regulator })).status).toBe(404);
    const bad = await h.request('GET', '/api/v1/subjects/91350100M000100Y44', { token: regulator });
    expect(bad.status, show(bad)).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'uscc', in: 'path' });
  });
});

describe('searching', () => {
  const marker = `鹤${Date.now() % 100000}`;
  let alpha: ReturnType<typeof Subject.parse>;
  beforeAll(async () => {
    alpha = await create({ name: `沈阳${marker}翔工程造价咨询有限公司` });
    await create({ name: `辽宁${marker}翔建筑设计研究院有限公司`, kind: 'enterprise' });
    await create({ name: `沈阳${marker}鸣测绘技术有限公司` });
  });

  const search = async (params: Record<string, string>) => {
    const res = await h.request('GET', `/api/v1/subjects?${new URLSearchParams(params)}`, { token: regulator });
    expect(res.status, show(res)).toBe(200);
    return SubjectPage.parse(res.body);
  };

  it('finds Chinese substrings of two or more characters', async () => {
    expect((await search({ q: `${marker}翔` })).items).toHaveLength(2);
    expect((await search({ q: `${marker}翔工程造价` })).items.map((s) => s.id)).toEqual([alpha.id]);
    expect((await search({ q: `${marker}` })).items).toHaveLength(3);
    expect((await search({ q: `${marker}翔测绘` })).items).toHaveLength(0);
  });

  it('finds by part of the code, in any case', async () => {
    const page = await search({ q: alpha.uscc.slice(8, 16).toLowerCase() });
    expect(page.items.map((s) => s.uscc)).toContain(alpha.uscc);
  });

  it('filters by kind', async () => {
    const page = await search({ q: marker, kind: 'enterprise' });
    expect(page.items.map((s) => s.kind)).toEqual(['enterprise']);
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const first = await search({ q: marker, limit: '2' });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await search({ q: marker, limit: '2', cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((s) => s.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses a limit over 200 and a forged cursor', async () => {
    expect((await h.request('GET', '/api/v1/subjects?limit=201', { token: regulator })).status).toBe(400);
    const res = await h.request('GET', '/api/v1/subjects?cursor=bm9wZQ', { token: regulator });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors[0].path).toBe('cursor');
  });
});

describe('renaming', () => {
  it('keeps the old name in previousNames and still finds the subject by it', async () => {
    const old = `沈阳旧名${Date.now() % 100000}咨询有限公司`;
    const subject = await create({ name: old });
    const res = await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, {
      token: regulator,
      body: { name: '沈阳新名称咨询集团有限公司' },
    });
    expect(res.status, show(res)).toBe(200);
    const renamed = Subject.parse(res.body);
    expect(renamed).toMatchObject({ name: '沈阳新名称咨询集团有限公司', previousNames: [old], version: 2 });
    const found = await h.request('GET', `/api/v1/subjects?q=${encodeURIComponent(old.slice(2, 8))}`, { token: regulator });
    expect(found.body.items.map((s: { id: string }) => s.id)).toContain(subject.id);
  });

  it('refuses an empty change and another role', async () => {
    const subject = await create();
    const empty = await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, { token: regulator, body: {} });
    expect(empty.status, show(empty)).toBe(400);
    const same = await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, { token: regulator, body: { name: subject.name } });
    expect(same.status, show(same)).toBe(400);
    const finance = await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, {
      token: await h.tokens.sign('finance'),
      body: { name: '改' },
    });
    expect(finance.status).toBe(403);
  });
});

describe('audit and events', () => {
  it('writes one audit entry and one event per write, with the actor and before/after', async () => {
    const subject = await create();
    await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, { token: admin, body: { legalRepresentative: '李秀英' } });
    const entries = await h.db.selectFrom('audit.entries').selectAll().where('entity_id', '=', subject.id).orderBy('id').execute();
    expect(entries.map((e) => [e.action, e.role])).toEqual([
      ['subject.create', 'regulator'],
      ['subject.update', 'admin'],
    ]);
    expect(entries[1]!.before).toMatchObject({ legalRepresentative: '王建国' });
    expect(entries[1]!.after).toMatchObject({ legalRepresentative: '李秀英' });
    const events = await h.db.selectFrom('sync.events').select('type').where('entity_id', '=', subject.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['subject.created', 'subject.updated']);
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and body, and refuses another body', async () => {
    const body = subjectBody();
    const headers = { 'Idempotency-Key': `k-${body.uscc}` };
    const first = await h.request('POST', '/api/v1/subjects', { token: regulator, body, headers });
    expect(first.status, show(first)).toBe(201);
    const again = await h.request('POST', '/api/v1/subjects', { token: regulator, body, headers });
    expect(again.status, show(again)).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    const other = await h.request('POST', '/api/v1/subjects', { token: regulator, body: { ...body, name: '别的' }, headers });
    expect(other.status, show(other)).toBe(409);
    const count = await h.db.selectFrom('audit.entries').select('id').where('entity_id', '=', first.body.id).execute();
    expect(count).toHaveLength(1);
  });

  it('lets a refused request be corrected and retried under the same key', async () => {
    const headers = { 'Idempotency-Key': `fix-${Date.now()}` };
    const bad = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody({ region: 'x' }), headers });
    expect(bad.status).toBe(400);
    const good = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody(), headers });
    expect(good.status, show(good)).toBe(201);
  });
});
