import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/lib/uscc.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Watches as a resource: up to 100,000 codes in one request (the app's larger body limit for these
 * routes), paging over them, the bound on a watch, bad and repeated codes named by place, and whose
 * watch is whose (another owner's is 404; an admin reads all and changes none).
 */
let h: Harness;
let applicant: string;
let stranger: string;
let platform: string;

const WATCHED = Array.from({ length: 3 }, (_, i) => completeUscc('91210103', `WQ${String(i).padStart(6, '0')}`));

beforeAll(async () => {
  h = await createHarness();
  applicant = await h.tokens.sign('applicant', { sub: 'owner-a' });
  stranger = await h.tokens.sign('applicant', { sub: 'owner-b' });
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
  await watch(platform, WATCHED);
});
afterAll(() => h.close());

async function watch(token: string, usccs: string[]) {
  const res = await h.request('POST', '/api/v1/sync/watches', { token, body: { url: 'https://hooks.example.com/w', usccs } });
  expect(res.status, show(res)).toBe(201);
  return res.body as { id: string; subjectCount: number };
}

describe('many codes', () => {
  const codes = Array.from({ length: 100_001 }, (_, i) => {
    return completeUscc('91210102', String(i).padStart(8, '0'));
  });

  it('takes 100,000 codes in one request and pages through them', async () => {
    const w = await watch(applicant, codes.slice(0, 100_000));
    expect(w.subjectCount).toBe(100_000);
    const first = await h.request('GET', `/api/v1/sync/watches/${w.id}?limit=1000`, { token: applicant });
    expect(first.status, show(first)).toBe(200);
    expect(first.body.usccs.items).toHaveLength(1000);
    expect(first.body.usccs.items).toEqual([...first.body.usccs.items].sort());
    const second = await h.request('GET', `/api/v1/sync/watches/${w.id}?limit=1000&cursor=${first.body.usccs.nextCursor}`, {
      token: applicant,
    });
    expect(second.body.usccs.items[0] > first.body.usccs.items[999], show(second)).toBe(true);
    // The watch is full: one more code is refused, naming the limit.
    const more = await h.request('POST', `/api/v1/sync/watches/${w.id}/subjects`, { token: applicant, body: { usccs: [codes[100_000]] } });
    expect(more.status, show(more)).toBe(413);
    expect(more.body.detail).toContain('100,000');
    // Removing one makes room.
    const removed = await h.request('DELETE', `/api/v1/sync/watches/${w.id}/subjects`, { token: applicant, body: { usccs: [codes[0]] } });
    expect(removed.body, show(removed)).toMatchObject({ removed: 1, watch: { subjectCount: 99_999 } });
    const added = await h.request('POST', `/api/v1/sync/watches/${w.id}/subjects`, {
      token: applicant,
      body: { usccs: [codes[100_000], codes[1]] },
    });
    expect(added.body, show(added)).toMatchObject({ added: 1, watch: { subjectCount: 100_000 } });
  });

  it('refuses 100,001 codes with 413 naming the limit', async () => {
    const res = await h.request('POST', '/api/v1/sync/watches', {
      token: applicant,
      body: { url: 'https://hooks.example.com/w', usccs: codes },
    });
    expect(res.status, show(res)).toBe(413);
    expect(res.body.detail).toContain('at most 100,000 items');
  });

  it('names a bad or repeated code by its place', async () => {
    const bad = `${WATCHED[0]!.slice(0, 17)}0`;
    const res = await h.request('POST', '/api/v1/sync/watches', {
      token: applicant,
      body: { url: 'https://hooks.example.com/w', usccs: [WATCHED[0], bad, WATCHED[0]!.toLowerCase()] },
    });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['usccs.1', 'usccs.2']);
    expect(res.body.errors[1].message).toContain('repeats usccs.0');
  });
});

describe('whose watch', () => {
  let mine: string;

  beforeAll(async () => {
    mine = (await watch(applicant, [WATCHED[1]!])).id;
  });

  it("is another owner's: not visible, not changeable, not listed", async () => {
    for (const [method, path, body] of [
      ['GET', `/api/v1/sync/watches/${mine}`, undefined],
      ['PATCH', `/api/v1/sync/watches/${mine}`, { status: 'paused' }],
      ['POST', `/api/v1/sync/watches/${mine}/subjects`, { usccs: [WATCHED[2]] }],
      ['DELETE', `/api/v1/sync/watches/${mine}`, undefined],
    ] as const) {
      const res = await h.request(method, path, { token: stranger, body });
      expect(res.status, `${method} ${path}: ${show(res)}`).toBe(404);
    }
    const theirs = await h.request('GET', '/api/v1/sync/watches', { token: stranger });
    expect(theirs.status, show(theirs)).toBe(200);
    expect(theirs.body.items.map((w: { id: string }) => w.id)).not.toContain(mine);
    const own = await h.request('GET', '/api/v1/sync/watches?limit=200', { token: applicant });
    expect(own.body.items.map((w: { id: string }) => w.id)).toContain(mine);
    expect(own.body.items.every((w: { ownerRole: string }) => w.ownerRole === 'applicant')).toBe(true);
  });

  it('is read by an admin, who lists every watch but changes none', async () => {
    const admin = await h.tokens.sign('admin');
    const all = await h.request('GET', '/api/v1/sync/watches?limit=200', { token: admin });
    expect(all.body.items.map((w: { ownerRole: string }) => w.ownerRole).sort()).toContain('platform');
    expect(all.body.items.map((w: { id: string }) => w.id)).toContain(mine);
    expect((await h.request('GET', `/api/v1/sync/watches/${mine}`, { token: admin })).status).toBe(200);
    const change = await h.request('PATCH', `/api/v1/sync/watches/${mine}`, { token: admin, body: { status: 'paused' } });
    expect(change.status, show(change)).toBe(403);
  });

  it('is for platforms and applicants only', async () => {
    const subject = await h.tokens.sign('subject', { uscc: WATCHED[1] });
    const res = await h.request('POST', '/api/v1/sync/watches', { token: subject, body: { url: 'https://x.example.com', usccs: WATCHED } });
    expect(res.status, show(res)).toBe(403);
    const anonymous = await h.request('POST', '/api/v1/sync/watches', { body: { url: 'https://x.example.com', usccs: WATCHED } });
    expect(anonymous.status, show(anonymous)).toBe(401);
  });

  it('is removed by its owner, with its codes and undelivered messages, and the change is audited', async () => {
    const gone = await h.request('DELETE', `/api/v1/sync/watches/${mine}`, { token: applicant });
    expect(gone.status, show(gone)).toBe(200);
    expect(gone.body.id).toBe(mine);
    expect((await h.request('GET', `/api/v1/sync/watches/${mine}`, { token: applicant })).status).toBe(404);
    const codes = await h.db.selectFrom('sync.watch_subjects').select('uscc').where('watch_id', '=', mine).execute();
    expect(codes).toEqual([]);
    const audit = await h.db.selectFrom('audit.entries').select('action').where('entity_id', '=', mine).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['sync.watch.create', 'sync.watch.delete']);
  });
});
