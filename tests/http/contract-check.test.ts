import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { contractChecker, undeclaredFields } from '../helpers/contract.js';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness } from '../helpers/harness.js';

/**
 * The harness's response-contract check, on a miniature app: it must be able to fail, and must not
 * fail on answers that keep to their schema (or that it has no schema for).
 */
const Thing = z.object({ id: z.string(), tags: z.array(z.object({ name: z.string() })), note: z.string().nullable() });
const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

function miniature(answers: Record<string, unknown>) {
  const app = new OpenAPIHono()
    .openapi(
      createRoute({
        method: 'get',
        path: '/things/held',
        responses: { 200: { description: 'held', ...json(z.object({ held: z.array(z.string()) })) } },
      }),
      (c) => c.json(answers.held as never, 200),
    )
    .openapi(createRoute({ method: 'get', path: '/things/{id}', responses: { 200: { description: 'a thing', ...json(Thing) } } }), (c) =>
      c.json(answers.thing as never, 200),
    )
    .openapi(createRoute({ method: 'post', path: '/things', responses: { 201: { description: 'made', ...json(Thing) } } }), (c) =>
      c.json(answers.thing as never, 200 as 201),
    );
  app.get('/unlisted', (c) => c.json({ anything: true }));
  const check = contractChecker(app);
  return async (method: string, path: string) => {
    const res = await app.request(path, { method });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    await check(method, path, { status: res.status, headers: res.headers, body, text });
  };
}

const good = { id: 't1', tags: [{ name: 'a' }], note: null };

describe('the response-contract check', () => {
  it('passes an answer that keeps to its schema, and skips routes outside the registry', async () => {
    const call = miniature({ thing: good, held: { held: ['x'] } });
    await expect(call('GET', '/things/t1')).resolves.toBeUndefined();
    await expect(call('GET', '/things/held?page=2')).resolves.toBeUndefined();
    await expect(call('GET', '/unlisted')).resolves.toBeUndefined();
  });

  it('prefers the most literal route: /things/held is checked against its own schema, not /things/{id}', async () => {
    const call = miniature({ thing: good, held: good });
    await expect(call('GET', '/things/held')).rejects.toThrow(/GET \/things\/held \(route GET \/things\/held\) answered 200/);
  });

  it('names the method, path, status and zod issues of a body the schema rejects', async () => {
    const call = miniature({ thing: { ...good, note: 42 } });
    await expect(call('GET', '/things/t1')).rejects.toThrow(/GET \/things\/t1 .*answered 200[\s\S]*"note"[\s\S]*body: \{"id":"t1"/);
  });

  it('names every undeclared field, inside objects and arrays', async () => {
    const call = miniature({ thing: { ...good, secret: 's', tags: [{ name: 'a', internal: 1 }] } });
    await expect(call('GET', '/things/t1')).rejects.toThrow(
      /does not declare: \$\.tags\[0\]\.internal, \$\.secret|does not declare: \$\.secret, \$\.tags\[0\]\.internal/,
    );
  });

  it('fails a success status the route does not declare', async () => {
    const call = miniature({ thing: good });
    await expect(call('POST', '/things')).rejects.toThrow(/declares no JSON schema for that status/);
  });

  it('compares body and parsed output key by key', () => {
    expect(undeclaredFields({ a: 1, b: [{ c: 1, d: 2 }] }, { a: 1, b: [{ c: 1 }] })).toEqual(['$.b[0].d']);
    expect(undeclaredFields([1, { x: 1 }], [1, {}])).toEqual(['$[1].x']);
    expect(undeclaredFields({ a: null }, { a: null })).toEqual([]);
  });

  it("reads the real app's registry: a real answer passes, the same answer with one more field does not", async () => {
    const h = await createHarness();
    try {
      const token = await h.tokens.sign('regulator', { dept: DEPT_A });
      const { uscc } = await createSubject(h, token);
      const read = await h.request('GET', `/api/v1/subjects/${uscc}`, { token });
      const check = contractChecker(h.app);
      await expect(check('GET', `/api/v1/subjects/${uscc}`, read)).resolves.toBeUndefined();
      const tampered = { ...read, body: { ...read.body, internalNote: 'x' } };
      await expect(check('GET', `/api/v1/subjects/${uscc}`, tampered)).rejects.toThrow(
        /route GET \/api\/v1\/subjects\/\{uscc\}\) answered 200 with fields its response schema does not declare: \$\.internalNote/,
      );
      const held = await h.request('GET', '/api/v1/records/held', { token });
      await expect(check('GET', '/api/v1/records/held', { ...held, body: { ...held.body, extra: 1 } })).rejects.toThrow(
        /route GET \/api\/v1\/records\/held\)/,
      );
    } finally {
      await h.close();
    }
  });
});
