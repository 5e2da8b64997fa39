import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.js';

/** The OpenAPI document is the contract: every answer is described, field by field. */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

type Schema = Record<string, unknown>;

/** Paths inside a schema that accept anything: `{}`, `additionalProperties: {}`/`true`, or no type at all. */
function vagueParts(schema: unknown, path: string, out: string[]): string[] {
  if (schema === null || typeof schema !== 'object') return out;
  const s = schema as Schema;
  if ('$ref' in s) return out;
  const keys = Object.keys(s).filter((k) => !['description', 'example', 'examples', 'title', 'default', 'nullable'].includes(k));
  if (keys.length === 0) out.push(`${path}: accepts anything`);
  if (
    s.additionalProperties === true ||
    (s.additionalProperties && typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length === 0)
  ) {
    out.push(`${path}: free-form object`);
  }
  if (s.type === 'object' && !s.properties && !s.additionalProperties) out.push(`${path}: object without properties`);
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties') for (const [p, sub] of Object.entries(v as Schema)) vagueParts(sub, `${path}.${p}`, out);
    else if (k === 'items' || k === 'additionalProperties' || k === 'not') vagueParts(v, `${path}[${k}]`, out);
    else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') {
      for (const [i, sub] of (v as unknown[]).entries()) vagueParts(sub, `${path}.${k}[${i}]`, out);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('gives every response of every operation a real schema, with no free-form parts', async () => {
    const doc = (await h.request('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const problems: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations += 1;
        for (const [status, response] of Object.entries(op.responses)) {
          // A 304 has no body by definition (RFC 9110 §15.4.5); every other answer describes its content.
          if (status === '304') {
            if (response.content) problems.push(`${method.toUpperCase()} ${path} 304: describes a body a 304 cannot have`);
            continue;
          }
          if (!response.content) problems.push(`${method.toUpperCase()} ${path} ${status}: no content`);
          for (const [type, media] of Object.entries(response.content ?? {})) {
            if (type === 'text/csv') continue;
            vagueParts(media.schema, `${method.toUpperCase()} ${path} ${status} ${type}`, problems);
          }
        }
      }
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) vagueParts(schema, `#/components/schemas/${name}`, problems);
    expect(operations).toBeGreaterThan(40);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
