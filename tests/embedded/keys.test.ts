import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateKey } from '../../src/runtime/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'registry-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keys in the data directory', () => {
  it('gives processes that start together on a fresh directory one key, not one each', async () => {
    for (const purpose of ['feed', 'delivery'] as const) {
      const keys = await Promise.all(Array.from({ length: 6 }, () => loadOrCreateKey(dir, purpose)));
      expect(new Set(keys.map((k) => k.kid)).size, purpose).toBe(1);
      expect((await loadOrCreateKey(dir, purpose)).kid).toBe(keys[0]!.kid);
    }
    expect(readdirSync(join(dir, 'keys')).sort()).toEqual(['delivery.json', 'feed.json']);
  });
});
