import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, exportJWK, flattenedVerify, generateKeyPair, type JSONWebKeySet } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/seed/demo.js';
import { generateDeliveryJwk } from '../../src/signing/delivery-key.js';
import { PUBLIC_EVENT_TYPES } from '../../src/sync/catalogue.js';
import { createSyncEnv } from '../../src/sync/env.js';
import { sequenceFeed } from '../../src/sync/sequencer.js';
import { verifyLog } from '../../src/sync/verify-log.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { jcs, verifyConsistency, verifyInclusion } from '../helpers/rfc9162.js';

/**
 * The feed as the city platform checks it, with code that does not import the registry's tree or
 * signer: pages signed over their exact bytes, leaves recomputed from the items, audit paths verified
 * by RFC 9162, checkpoints signed with a key from the JWKS. One changed byte anywhere fails.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let platform: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  await seedDemo(h.db, clock);
  await sequenceFeed(h.db, clock, h.deps.sync.feedSigner);
  platform = await h.tokens.sign('platform');
});
afterAll(() => h.close());

const sha256Hex = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
/**
 * The leaf as the platform recomputes it: the payload it was sent hashed (the served payloadHash only
 * when the payload is withheld), then the item with that hash.
 */
const leafOf = ({ leafHash: _served, payload, withheld: _why, ...item }: Record<string, unknown>) => {
  const payloadHash = payload === null ? item.payloadHash : sha256Hex(jcs(payload));
  return createHash('sha256')
    .update(Buffer.of(0))
    .update(Buffer.from(jcs({ ...item, payloadHash }), 'utf8'))
    .digest('hex');
};
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

async function jwks() {
  const res = await h.request('GET', '/.well-known/jwks.json');
  return createLocalJWKSet(res.body as JSONWebKeySet);
}

/** The platform's check of a page: the detached signature over the exact body. */
async function pageVerifies(body: string, signature: string) {
  const [header, , sig] = signature.split('.');
  try {
    // RFC 7797: the payload is the body itself, unencoded (b64: false), detached from the signature.
    await flattenedVerify({ protected: header!, payload: body, signature: sig! }, await jwks());
    return true;
  } catch {
    return false;
  }
}

async function checkpointVerifies(jws: string) {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, await jwks());
    expect(protectedHeader.typ).toBe('credit-checkpoint+jws');
    return JSON.parse(new TextDecoder().decode(payload)) as { treeSize: number; rootHash: string };
  } catch {
    return null;
  }
}

async function readAll(limit: number) {
  const items: Record<string, any>[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await h.request('GET', `/api/v1/sync/feed?limit=${limit}${after ? `&after=${after}` : ''}`, { token: platform });
    expect(res.status, show(res)).toBe(200);
    expect(await pageVerifies(res.text, res.headers.get('feed-signature')!), 'page signature').toBe(true);
    items.push(...res.body.items);
    if (res.body.items.length === 0) return items;
    after = res.body.nextCursor;
  }
}

describe('the feed to the city platform', () => {
  it('carries every public event exactly once, in position order with no gap, and no internal event', async () => {
    const items = await readAll(7);
    expect(items.map((i) => i.index)).toEqual(items.map((_, n) => n));
    const published = await h.db.selectFrom('sync.events').select(['id', 'type']).execute();
    const expected = published.filter((e) => (PUBLIC_EVENT_TYPES as string[]).includes(e.type)).map((e) => e.id);
    expect(new Set(items.map((i) => i.id))).toEqual(new Set(expected));
    expect(items.length).toBe(expected.length);
    expect(items.some((i) => i.type === 'market.report_verified' || i.type.startsWith('arrears.'))).toBe(false);
  });

  it('signs each page over its exact bytes: one changed byte fails', async () => {
    const res = await h.request('GET', '/api/v1/sync/feed?limit=3', { token: platform });
    const signature = res.headers.get('feed-signature')!;
    expect(await pageVerifies(res.text, signature)).toBe(true);
    const changed = res.text.replace('"index":1', '"index":2');
    expect(changed).not.toBe(res.text);
    expect(await pageVerifies(changed, signature)).toBe(false);
  });

  it('gives leaves a platform recomputes from the items, and audit paths that prove them against the signed checkpoint', async () => {
    const items = await readAll(500);
    const cp = await h.request('GET', '/api/v1/sync/checkpoint', { token: platform });
    expect(cp.status, show(cp)).toBe(200);
    const signed = await checkpointVerifies(cp.body.jws);
    expect(signed).toMatchObject({ treeSize: items.length, rootHash: cp.body.rootHash });
    for (const index of [0, 1, Math.floor(items.length / 2), items.length - 1]) {
      const item = items[index]!;
      expect(leafOf(item), `leaf ${index}`).toBe(item.leafHash);
      const proof = await h.request('GET', `/api/v1/sync/proof/inclusion?index=${index}&size=${signed!.treeSize}`, { token: platform });
      expect(proof.status, show(proof)).toBe(200);
      expect(proof.body.leafHash).toBe(item.leafHash);
      expect(verifyInclusion(index, signed!.treeSize, leafOf(item), proof.body.auditPath, signed!.rootHash), `inclusion ${index}`).toBe(
        true,
      );
      const bent = [...proof.body.auditPath];
      bent[0] = `${bent[0].slice(0, -1)}${bent[0].endsWith('0') ? '1' : '0'}`;
      expect(verifyInclusion(index, signed!.treeSize, leafOf(item), bent, signed!.rootHash)).toBe(false);
      const edited = { ...item, payload: { ...item.payload, id: `${item.payload.id}x` } };
      expect(verifyInclusion(index, signed!.treeSize, leafOf(edited), proof.body.auditPath, signed!.rootHash)).toBe(false);
    }
    const [header, payload, sig] = cp.body.jws.split('.');
    const forged = Buffer.from(payload, 'base64url')
      .toString()
      .replace(/"treeSize":\d+/, '"treeSize":1');
    expect(await checkpointVerifies(`${header}.${b64url(forged)}.${sig}`)).toBeNull();
  });

  it('places an event written through the API in the log before the answer, and proves the new log extends the old', async () => {
    const before = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    const subject = await createSubject(h, await h.tokens.sign('regulator', { dept: DEPT_A }), { name: '沈阳新入库咨询有限公司' });
    const tail = await h.request('GET', `/api/v1/sync/feed?after=${before.treeSize - 1}`, { token: platform });
    expect(tail.body.items.map((i: any) => [i.type, i.payload.uscc])).toEqual([['subject.created', subject.uscc]]);
    expect(tail.body.treeSize).toBe(before.treeSize + 1);
    // After a write, a checkpoint is signed at most once a second; the scheduler's next pass signs this size.
    await sequenceFeed(h.db, clock, h.deps.sync.feedSigner);
    const after = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    expect(after.treeSize).toBe(before.treeSize + 1);

    const proof = await h.request('GET', `/api/v1/sync/proof/consistency?from=${before.treeSize}&to=${after.treeSize}`, {
      token: platform,
    });
    expect(proof.status, show(proof)).toBe(200);
    expect(verifyConsistency(before.treeSize, after.treeSize, before.rootHash, after.rootHash, proof.body.proof)).toBe(true);
    const bent = proof.body.proof.map((p: string, i: number) => (i === 0 ? `${p.slice(0, -1)}${p.endsWith('0') ? '1' : '0'}` : p));
    expect(verifyConsistency(before.treeSize, after.treeSize, before.rootHash, after.rootHash, bent)).toBe(false);
    const kept = await h.request('GET', `/api/v1/sync/checkpoint?size=${before.treeSize}`, { token: platform });
    expect(kept.body).toEqual(before);
  });

  it('answers the platform role only, and names the field of a bad cursor, limit or size', async () => {
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    expect((await h.request('GET', '/api/v1/sync/feed', { token: regulator })).status).toBe(403);
    expect((await h.request('GET', '/api/v1/sync/checkpoint')).status).toBe(401);
    const size = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body.treeSize;
    for (const [path, field] of [
      ['/api/v1/sync/feed?limit=1001', 'limit'],
      ['/api/v1/sync/feed?after=abc', 'after'],
      [`/api/v1/sync/proof/inclusion?index=0&size=${size + 1}`, 'size'],
      [`/api/v1/sync/proof/inclusion?index=${size}&size=${size}`, 'index'],
      ['/api/v1/sync/proof/consistency?from=0&to=1', 'from'],
    ] as const) {
      const res = await h.request('GET', path, { token: platform });
      expect(res.status, `${path}: ${show(res)}`).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.text, path).toContain(field);
    }
    expect((await h.request('GET', '/api/v1/sync/checkpoint?size=3', { token: platform })).status).toBe(404);
  });

  it('stops sharing the facts of a repaired record (停止共享): the event stays, without its payload, and still proves', async () => {
    const dept = await h.tokens.sign('regulator', { dept: DEPT_A });
    const subject = await createSubject(h, dept, { name: '沈阳修复测试咨询有限公司' });
    const record = await createRecord(h, dept, subject.uscc, { decidedOn: '2025-05-01' });
    await sequenceFeed(h.db, clock, h.deps.sync.feedSigner);
    const items = await readAll(500);
    const created = items.find((i) => i.type === 'record.created' && i.entityId === record.id)!;
    expect(created.payload.facts).toBeTruthy();
    const kept = { ...created };

    const own = await h.tokens.sign('subject', { uscc: subject.uscc });
    const repair = await h.request('POST', '/api/v1/repairs', {
      token: own,
      body: { target: 'record', targetId: record.id, commitment: '已整改' },
    });
    expect(repair.status, show(repair)).toBe(201);
    await h.request('POST', `/api/v1/repairs/${repair.body.id}/acceptance`, { token: dept, body: { decision: 'accept' } });
    const approved = await h.request('POST', `/api/v1/repairs/${repair.body.id}/decision`, {
      token: dept,
      body: { decision: 'approve', reason: '整改到位' },
    });
    expect(approved.status, show(approved)).toBe(200);
    await sequenceFeed(h.db, clock, h.deps.sync.feedSigner);

    const page = await h.request('GET', `/api/v1/sync/feed?after=${created.index - 1}&limit=1`, { token: platform });
    const now = page.body.items[0];
    expect(now).toMatchObject({
      id: created.id,
      payload: null,
      withheld: 'repaired',
      payloadHash: created.payloadHash,
      leafHash: created.leafHash,
    });
    expect(page.text).not.toContain(created.payload.facts);
    // The platform's proof of the event holds without the facts, and the copy it kept still matches.
    const cp = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    const proof = await h.request('GET', `/api/v1/sync/proof/inclusion?index=${created.index}&size=${cp.treeSize}`, { token: platform });
    expect(verifyInclusion(created.index, cp.treeSize, leafOf(now), proof.body.auditPath, cp.rootHash)).toBe(true);
    expect(verifyInclusion(created.index, cp.treeSize, leafOf(kept), proof.body.auditPath, cp.rootHash)).toBe(true);
    // The end of publication itself reaches the platform in full.
    const ended = (await readAll(500)).find((i) => i.type === 'record.display_ended' && i.entityId === record.id);
    expect(ended?.payload).toMatchObject({ endReason: 'repaired' });
  });

  it('shows an old event edited in the database: its leaf fails, sync:verify names it, and a rewritten log cannot prove it extends the kept checkpoint', async () => {
    const kept = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    const clean = await h.request('GET', '/api/v1/sync/log/verify', { token: await h.tokens.sign('admin') });
    expect(clean.body, show(clean)).toMatchObject({ treeSize: kept.treeSize, problems: [] });
    expect(clean.body.checkpoints).toBeGreaterThan(1);
    const victim = (await h.request('GET', '/api/v1/sync/feed?after=1&limit=1', { token: platform })).body.items[0];
    await sql`ALTER TABLE sync.events DISABLE TRIGGER events_append_only`.execute(h.db);
    await sql`UPDATE sync.events SET payload = jsonb_set(payload, '{name}', '"改写的名称"') WHERE id = ${victim.id}`.execute(h.db);
    const served = (await h.request('GET', '/api/v1/sync/feed?after=1&limit=1', { token: platform })).body.items[0];
    expect(served.payload.name).toBe('改写的名称');
    expect(leafOf(served)).not.toBe(served.leafHash);
    const report = await verifyLog(h.db, h.deps.sync.feedSigner.jwks());
    expect(report.problems.map((p) => p.position)).toEqual([2]);

    // A registry that rebuilds its log around the edit signs a new head, but not one consistent with the kept one.
    for (const table of ['feed', 'merkle_nodes', 'checkpoints']) {
      await sql.raw(`ALTER TABLE sync.${table} DISABLE TRIGGER USER`).execute(h.db);
      await sql.raw(`DELETE FROM sync.${table}`).execute(h.db);
      await sql.raw(`ALTER TABLE sync.${table} ENABLE TRIGGER USER`).execute(h.db);
    }
    await sql`UPDATE sync.log_head SET tree_size = 0, low_xmin = NULL`.execute(h.db);
    await sequenceFeed(h.db, clock, h.deps.sync.feedSigner);
    await sql`ALTER TABLE sync.events ENABLE TRIGGER events_append_only`.execute(h.db);
    const rewritten = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    expect(rewritten.treeSize).toBe(kept.treeSize);
    expect(rewritten.rootHash).not.toBe(kept.rootHash);
    const newer = await createSubject(h, await h.tokens.sign('regulator', { dept: DEPT_A }), { name: '改写后新增有限公司' });
    expect(newer.uscc).toBeTruthy();
    const head = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    const proof = await h.request('GET', `/api/v1/sync/proof/consistency?from=${kept.treeSize}&to=${head.treeSize}`, { token: platform });
    expect(verifyConsistency(kept.treeSize, head.treeSize, kept.rootHash, head.rootHash, proof.body.proof)).toBe(false);
  });

  it('keeps checkpoints signed before a key rotation verifiable with the retired key in the JWKS', async () => {
    const old = (await h.request('GET', '/api/v1/sync/checkpoint', { token: platform })).body;
    const newKey = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'feed-rotated' };
    const retired = h.deps.sync.feedSigner.jwks();
    const config = loadConfig({ FEED_PRIVATE_JWK: JSON.stringify(newKey), FEED_RETIRED_JWKS: JSON.stringify(retired) });
    const sync = await createSyncEnv(config, { deliveryPrivateJwk: generateDeliveryJwk('delivery-rotated') });
    const rotated = buildApp({ ...h.deps, sync, afterWrite: undefined });
    const keys = createLocalJWKSet((await (await rotated.request('/.well-known/jwks.json')).json()) as JSONWebKeySet);
    expect((await compactVerify(old.jws, keys)).protectedHeader.kid).toBe('feed-test');
    const created = await rotated.request('/api/v1/subjects', {
      method: 'POST',
      headers: { Authorization: `Bearer ${await h.tokens.sign('regulator', { dept: DEPT_A })}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(subjectBody({ name: '轮换密钥后咨询有限公司' })),
    });
    expect(created.status).toBe(201);
    await sequenceFeed(h.db, clock, sync.feedSigner);
    const res = await rotated.request('/api/v1/sync/checkpoint', { headers: { Authorization: `Bearer ${platform}` } });
    const fresh = (await res.json()) as { jws: string; kid: string };
    expect(fresh.kid).toBe('feed-rotated');
    expect((await compactVerify(fresh.jws, keys)).protectedHeader.kid).toBe('feed-rotated');
    await expect(compactVerify(fresh.jws, await jwks())).rejects.toThrow();
  });

  it('refuses to edit or delete an event, a placed leaf or a checkpoint', async () => {
    for (const statement of [
      sql`UPDATE sync.events SET type = type`,
      sql`DELETE FROM sync.feed WHERE position = 0`,
      sql`UPDATE sync.checkpoints SET kid = 'x'`,
    ]) {
      await expect(statement.execute(h.db)).rejects.toThrow();
    }
  });
});
