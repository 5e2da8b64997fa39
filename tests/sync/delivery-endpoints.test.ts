import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { PUBLIC_EVENT_TYPES } from '../../src/sync/catalogue.js';
import { sequenceFeed } from '../../src/sync/sequencer.js';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Registering platform endpoints (admin only): the signing scheme follows from the secret, the secret
 * is never shown again, event types are checked against the catalogue, every change is audited.
 */
let h: Harness;
let admin: string;
const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

beforeAll(async () => {
  h = await createHarness({ clock: systemClock });
  admin = await h.tokens.sign('admin', { sub: 'admin:zhang' });
});
afterAll(async () => {
  await h.close();
});

const register = (body: unknown, token = admin) => h.request('POST', '/api/v1/sync/endpoints', { token, body });

describe('POST /api/v1/sync/endpoints', () => {
  it('with a secret signs v1 and never echoes the secret; without one, v1a with the published delivery key', async () => {
    const shared = secret();
    const v1 = await register({ url: 'https://platform.example/hooks', description: '市平台', secret: shared });
    expect(v1.status, show(v1)).toBe(201);
    expect(v1.body).toMatchObject({ url: 'https://platform.example/hooks', signing: 'v1', status: 'active', events: null, cursor: -1 });
    expect(v1.body.id).toMatch(/^whe_/);
    expect(v1.text, 'the secret must not come back').not.toContain(shared.slice(6));
    expect(v1.body.publicKey).toBeUndefined();

    const v1a = await register({ url: 'http://127.0.0.1:9/hooks', events: ['record.created', 'list_entry.published'] });
    expect(v1a.status, show(v1a)).toBe(201);
    expect(v1a.body).toMatchObject({
      signing: 'v1a',
      publicKey: h.deps.sync.deliveryKey.whpk,
      kid: h.deps.sync.deliveryKey.kid,
      events: ['record.created', 'list_entry.published'],
    });
    const jwks = await h.request('GET', '/.well-known/jwks.json');
    expect(
      jwks.body.keys.map((k: { kid: string }) => k.kid),
      show(jwks),
    ).toContain(v1a.body.kid);

    const again = await h.request('GET', `/api/v1/sync/endpoints/${v1.body.id}`, { token: admin });
    expect(again.status, show(again)).toBe(200);
    expect(again.text).not.toContain(shared.slice(6));
    const audit = await h.db.selectFrom('audit.entries').selectAll().where('entity_id', '=', v1.body.id).execute();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['sync.endpoint_register', 'admin:zhang']]);
    expect(JSON.stringify(audit), 'the audit log must not keep the secret').not.toContain(shared.slice(6));
  });

  it('refuses an unknown or internal event type by name, a non-http URL, a malformed or short secret', async () => {
    const unknown = await register({ url: 'https://p.example/h', events: ['record.created', 'record.exploded'] });
    expect(unknown.status, show(unknown)).toBe(400);
    expect(unknown.body.detail).toContain('record.exploded');
    const internal = await register({ url: 'https://p.example/h', events: ['arrears.complaint_justified'] });
    expect(internal.status, show(internal)).toBe(400);
    expect(internal.body.detail).toContain('arrears.complaint_justified');
    expect(PUBLIC_EVENT_TYPES).not.toContain('arrears.complaint_justified');

    for (const url of ['ftp://p.example/h', 'not a url', 'javascript:alert(1)']) {
      const res = await register({ url });
      expect(res.status, `${url}: ${show(res)}`).toBe(400);
    }
    for (const bad of ['abc', `whsec_${randomBytes(16).toString('base64')}`, `whsec_${randomBytes(65).toString('base64')}`, 'whsec_!!!!']) {
      const res = await register({ url: 'https://p.example/h', secret: bad });
      expect(res.status, `${bad}: ${show(res)}`).toBe(400);
      expect(res.body.errors[0].path).toBe('secret');
    }
    expect((await register({ url: 'https://p.example/h', secret: `whsec_${randomBytes(24).toString('base64')}` })).status).toBe(201);
  });

  it('is for admins only', async () => {
    for (const role of ['platform', 'regulator', 'reviewer'] as const) {
      const token = await h.tokens.sign(role, { dept: DEPT_A });
      const res = await register({ url: 'https://p.example/h' }, token);
      expect(res.status, `${role}: ${show(res)}`).toBe(403);
      expect((await h.request('GET', '/api/v1/sync/deliveries', { token })).status).toBe(403);
    }
    expect((await h.request('GET', '/api/v1/sync/endpoints')).status).toBe(401);
  });

  it('starts from the beginning of the feed, or after the position given (which must exist)', async () => {
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    await createSubject(h, regulator);
    await createSubject(h, regulator);
    const { treeSize } = await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
    expect(treeSize).toBeGreaterThanOrEqual(2);
    const after = await register({ url: 'https://p.example/late', startAfter: treeSize - 2 });
    expect(after.status, show(after)).toBe(201);
    expect(after.body.cursor).toBe(treeSize - 2);
    const beyond = await register({ url: 'https://p.example/late', startAfter: treeSize });
    expect(beyond.status, show(beyond)).toBe(400);
    expect(beyond.body.detail).toContain('startAfter');
  });
});

describe('GET and PATCH /api/v1/sync/endpoints', () => {
  it('lists, pauses, resumes and changes an endpoint, each change audited with before and after', async () => {
    const created = await register({ url: 'https://p.example/one', secret: secret() });
    const id = created.body.id as string;
    const paused = await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, { token: admin, body: { status: 'paused' } });
    expect(paused.status, show(paused)).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', signing: 'v1' });
    const changed = await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, {
      token: admin,
      body: { status: 'active', url: 'https://p.example/two', events: ['subject.created'], description: '新地址' },
    });
    expect(changed.status, show(changed)).toBe(200);
    expect(changed.body).toMatchObject({
      status: 'active',
      url: 'https://p.example/two',
      events: ['subject.created'],
      description: '新地址',
    });
    const all = await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, { token: admin, body: { events: null, description: null } });
    expect(all.body).toMatchObject({ events: null, description: null });

    const empty = await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, { token: admin, body: {} });
    expect(empty.status, show(empty)).toBe(400);
    const secretChange = await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, { token: admin, body: { secret: secret() } });
    expect(secretChange.status, show(secretChange)).toBe(400);
    const missing = await h.request('PATCH', '/api/v1/sync/endpoints/whe_nope', { token: admin, body: { status: 'paused' } });
    expect(missing.status, show(missing)).toBe(404);

    const audit = await h.db.selectFrom('audit.entries').selectAll().where('entity_id', '=', id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['sync.endpoint_register', ...Array(3).fill('sync.endpoint_change')]);
    expect(audit[1]!.before).toMatchObject({ status: 'active' });
    expect(audit[1]!.after).toMatchObject({ status: 'paused' });

    const first = await h.request('GET', '/api/v1/sync/endpoints?limit=2', { token: admin });
    expect(first.status, show(first)).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const rest = await h.request('GET', `/api/v1/sync/endpoints?limit=200&cursor=${first.body.nextCursor}`, { token: admin });
    const ids = [...first.body.items, ...rest.body.items].map((e: { id: string }) => e.id);
    expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
