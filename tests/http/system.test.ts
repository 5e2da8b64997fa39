import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, renderManifest } from '../../src/cli/schema-manifest.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('health and readiness', () => {
  it('reports the process up without touching the database', async () => {
    const res = await h.request('GET', '/health');
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is ready when every expected migration is applied unchanged', async () => {
    const res = await h.request('GET', '/ready');
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', database: 'reachable', migrations: { current: true } });
  });

  it('is not ready when a migration is missing or differs', async () => {
    const behind = await createHarness({
      deps: {
        expectedMigrations: async () => [
          { name: '0001_foundation.sql', checksum: 'f'.repeat(64) },
          { name: '9999_future.sql', checksum: 'a'.repeat(64) },
        ],
      },
    });
    try {
      const res = await behind.request('GET', '/ready');
      expect(res.status, show(res)).toBe(503);
      expect(res.body.migrations.problems).toEqual(['0001_foundation.sql differs from the applied version', '9999_future.sql not applied']);
    } finally {
      await behind.close();
    }
  });

  it('ships a Worker schema manifest that matches schema/ (run npm run schema:manifest)', async () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(await renderManifest());
  });
});

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await h.request('GET', '/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/subjects', '/api/v1/subjects/{uscc}', '/health', '/ready']),
    );
    const create = res.body.paths['/api/v1/subjects'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateSubject');
    expect(res.body.components.schemas.CreateSubject.required).toEqual(expect.arrayContaining(['uscc', 'name', 'kind']));
    expect(create.responses['400'].content['application/problem+json']).toBeDefined();
  });

  it('serves the docs UI with its assets from the package, not a CDN', async () => {
    const page = await h.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
      expect(page.text).toContain(`/docs/${asset}`);
      const res = await h.request('GET', `/docs/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.text.length).toBeGreaterThan(10_000);
    }
    expect((await h.request('GET', '/docs/..%2Fpackage.json')).status).toBe(404);
  });

  it('sets no outside validator (swagger-ui would send the document to validator.swagger.io)', async () => {
    const page = await h.request('GET', '/docs');
    expect(page.text).toContain('validatorUrl: null');
  });
});
