import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lprOn } from '../../src/features/arrears/contracts.js';
import { fromDatabaseError } from '../../src/http/errors.js';
import { newContract } from '../helpers/arrears.js';
import { DEPT_A, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** Errors a person can act on (issue 9 #18) and input that must never be a 500 (#25). */
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

const ZOD_TEXT = /Invalid input|Invalid option|Too big|Too small|expected string|received undefined/;

describe('validation messages in plain words', () => {
  it('names a missing field as required, and says what a wrong one must be', async () => {
    const { name: _name, ...withoutName } = subjectBody();
    const res = await h.request('POST', '/api/v1/subjects', {
      token: regulator,
      body: { ...withoutName, kind: 'bank', legalRepresentative: '张'.repeat(101) },
    });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'name', in: 'body', message: 'required' },
        { path: 'kind', in: 'body', message: 'must be one of intermediary, enterprise, government' },
        { path: 'legalRepresentative', in: 'body', message: 'at most 100 characters' },
      ]),
    );
    expect(res.body.detail).toContain('name is required');
    expect(res.text).not.toMatch(ZOD_TEXT);
  });

  it('says "the Idempotency-Key header is required" on a ledger posting without one', async () => {
    const finance = await h.tokens.sign('finance');
    const contract = await newContract(h, finance);
    const res = await h.request('POST', `/api/v1/arrears/contracts/${contract.id}/postings`, {
      token: finance,
      body: { type: 'payment', amountFen: '100', on: '2026-11-01' },
    });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.detail).toBe('the Idempotency-Key header is required');
    expect(res.body.errors).toEqual([{ path: 'Idempotency-Key', in: 'header', message: 'required' }]);
  });

  it('keeps a message written into the schema (a date) and names a bad query parameter', async () => {
    const res = await h.request('GET', '/api/v1/calendar/add?from=2026-13-01&workdays=1');
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'from', in: 'query' });
    expect(res.body.detail).toContain('the query parameter from');
    expect(res.text).not.toMatch(ZOD_TEXT);
  });

  it('answers a body that is not JSON with 415 of its own type', async () => {
    const res = await h.request('POST', '/api/v1/subjects', {
      token: regulator,
      rawBody: 'uscc=91350100M000100Y43',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(res.status, show(res)).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'about:blank#unsupported-media-type', title: 'Unsupported media type', status: 415 });
    expect(res.body.detail).toContain('application/json');
  });

  it('signs the status of today when no day is given', async () => {
    const uscc = '91210113QY90000778';
    await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody({ uscc }) });
    // The harness clock stands at 2026-11-20T02:00Z, which is 2026-11-20 in Shanghai.
    const res = await h.request('GET', `/api/v1/public/subjects/${uscc}/status`);
    expect(res.status, show(res)).toBe(200);
    const explicit = await h.request('GET', `/api/v1/public/subjects/${uscc}/status?on=2026-11-20`);
    expect(res.body.status).toEqual(explicit.body.status);
    expect(JSON.stringify(res.body.status)).toContain('2026-11-20');
  });

  it('says how to load an LPR when none is recorded', async () => {
    await expect(lprOn(h.db, '2010-01-04')).rejects.toThrow(/POST \/api\/v1\/arrears\/lpr/);
  });
});

describe('input that must never be a 500', () => {
  it('bounds a list before judging its items: 150,000 codes in a check', async () => {
    const applicant = await h.tokens.sign('applicant');
    const res = await h.request('POST', '/api/v1/checks', { token: applicant, body: { usccs: Array(150_000).fill(0) } });
    expect(res.status, show(res)).toBe(413);
    expect(res.body.errors).toEqual([{ path: 'usccs', in: 'body', message: 'at most 10,000 items' }]);
  });

  it('bounds a list before judging its items: 300,000 holidays in a calendar year', async () => {
    const res = await h.request('PUT', '/api/v1/calendar/2027', { token: admin, body: { holidays: Array(300_000).fill(0), workdays: [] } });
    expect(res.status, show(res)).toBe(413);
    expect(res.body.errors).toEqual([{ path: 'holidays', in: 'body', message: 'at most 366 items' }]);
  });

  it('lists at most 30 problems and says how many more there were', async () => {
    const res = await h.request('PUT', '/api/v1/calendar/2027', { token: admin, body: { holidays: Array(300).fill('x'), workdays: [] } });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors).toHaveLength(30);
    expect(res.body.omittedErrors).toBeGreaterThanOrEqual(270);
    expect(res.body.detail).toMatch(/and \d+ more$/);
    expect(res.text.length).toBeLessThan(10_000);
  });

  it('answers a value a CHECK constraint refuses (an LPR of 0%) with 400', async () => {
    const res = await h.request('POST', '/api/v1/arrears/lpr', { token: admin, body: { effectiveFrom: '2026-11-20', ratePercent: '0' } });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.detail).toContain('not allowed');
  });

  it('maps every kind of constraint violation to a 4xx', () => {
    const status = (code: string) => fromDatabaseError(Object.assign(new Error('x'), { code, constraint: 'c' }))?.code;
    expect(status('23514')).toBe('VALIDATION'); // check
    expect(status('23502')).toBe('VALIDATION'); // not null
    expect(status('23503')).toBe('CONFLICT'); // foreign key
    expect(status('23505')).toBe('CONFLICT'); // unique
    expect(status('23P01')).toBe('CONFLICT'); // exclusion
    expect(status('23001')).toBe('CONFLICT'); // restrict
    expect(status('22008')).toBe('VALIDATION'); // datetime out of range
    expect(status('XX000')).toBeUndefined(); // an internal error stays a 500
  });

  it('refuses a token whose dept or uscc claim is not a valid USCC', async () => {
    for (const claims of [{ dept: '11210100QY8000016X' }, { dept: 'X'.repeat(18) }]) {
      const res = await h.request('GET', '/api/v1/subjects', { token: await h.tokens.sign('regulator', claims) });
      expect(res.status, show(res)).toBe(401);
      expect(res.body.detail).toContain('token claims: dept: not a valid USCC');
    }
    const subject = await h.tokens.sign('subject', { uscc: '91350100M000100Y44' });
    const res = await h.request('GET', '/api/v1/subjects', { token: subject });
    expect(res.status, show(res)).toBe(401);
    expect(res.body.detail).toContain('token claims: uscc: not a valid USCC');
  });
});

describe('the OpenAPI document', () => {
  /** Every array a request may carry, found anywhere in the request bodies and parameters. */
  function unbounded(schema: unknown, path: string, components: Record<string, unknown>, seen = new Set<string>()): string[] {
    if (schema === null || typeof schema !== 'object') return [];
    const s = schema as Record<string, unknown>;
    if (typeof s.$ref === 'string') {
      const name = s.$ref.split('/').pop()!;
      if (seen.has(name)) return [];
      seen.add(name);
      return unbounded(components[name], `${path}→${name}`, components, seen);
    }
    const own = s.type === 'array' && typeof s.maxItems !== 'number' ? [path] : [];
    return [
      ...own,
      ...Object.entries(s).flatMap(([k, v]) => {
        if (k === 'properties') return Object.entries(v as object).flatMap(([p, sub]) => unbounded(sub, `${path}.${p}`, components, seen));
        if (k === 'items' || k === 'additionalProperties') return unbounded(v, `${path}[]`, components, seen);
        if (k === 'anyOf' || k === 'oneOf' || k === 'allOf')
          return (v as unknown[]).flatMap((sub) => unbounded(sub, path, components, seen));
        return [];
      }),
    ];
  }

  it('bounds every array a request may carry', async () => {
    const doc = (await h.request('GET', '/openapi.json')).body;
    const components = doc.components.schemas as Record<string, unknown>;
    const found: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        found.push(...unbounded(op.requestBody?.content?.['application/json']?.schema, `${where} body`, components));
        for (const p of op.parameters ?? []) found.push(...unbounded(p.schema, `${where} ${p.in} ${p.name}`, components));
      }
    }
    expect(found).toEqual([]);
  });
});
