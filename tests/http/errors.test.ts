import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  token = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  await h.close();
});

const isProblem = (res: { headers: Headers; body: any }, status: number) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
};

describe('error shapes', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await h.request('POST', '/api/v1/subjects', { token, rawBody: '{"uscc": ' });
    expect(res.status, show(res)).toBe(400);
    isProblem(res, 400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('lists every failing field with its path and reason', async () => {
    const res = await h.request('POST', '/api/v1/subjects', {
      token,
      body: { uscc: '91350100M000100Y44', name: '', kind: 'bank', region: '21' },
    });
    expect(res.status, show(res)).toBe(400);
    isProblem(res, 400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['uscc', 'name', 'kind', 'region', 'legalRepresentative']));
    expect(res.body.errors.find((e: { path: string }) => e.path === 'uscc').message).toContain('position 18');
  });

  it('refuses a date the database cannot hold with 400, not 500', async () => {
    const res = await h.request('GET', '/api/v1/calendar/add?from=0000-01-01&workdays=1');
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors[0].path).toBe('from');
  });

  it('refuses unknown fields rather than ignoring them', async () => {
    const res = await h.request('POST', '/api/v1/subjects', {
      token,
      body: { uscc: '91350100M000100Y43', name: 'x', kind: 'enterprise', legalRepresentative: 'y', region: '350100', grade: 'AAA' },
    });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors[0].message).toContain('grade');
  });

  it('answers an unknown route with 404', async () => {
    const res = await h.request('GET', '/api/v1/nothing-here', { token });
    expect(res.status).toBe(404);
    isProblem(res, 404);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await h.request('POST', '/api/v1/subjects', { token, rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }) });
    expect(res.status, show(res)).toBe(413);
    isProblem(res, 413);
  });

  it('keeps a caller-supplied request id', async () => {
    const res = await h.request('GET', '/api/v1/nothing-here', { headers: { 'X-Request-Id': 'trace-12345678' } });
    expect(res.headers.get('x-request-id')).toBe('trace-12345678');
    expect(res.body.requestId).toBe('trace-12345678');
  });
});

describe('unexpected errors', () => {
  it('answers a generic 500 that leaks nothing, and logs the request id', async () => {
    const failing = await createHarness({
      deps: {
        expectedMigrations: async () => {
          throw new Error('secret: connection to 10.1.2.3 refused');
        },
      },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await failing.request('GET', '/ready');
      expect(res.status, show(res)).toBe(500);
      isProblem(res, 500);
      expect(res.text).not.toContain('secret');
      expect(res.text).not.toContain('10.1.2.3');
      expect(logged.mock.calls.flat().join(' ')).toContain(res.body.requestId);
    } finally {
      logged.mockRestore();
      await failing.close();
    }
  });
});
