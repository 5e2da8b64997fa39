import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { afterFailure, withJitter } from '../../src/sync/delivery/schedule.js';
import { webhookSecretBytes } from '../../src/sync/delivery/signature.js';

/** The retry schedule of domain §9 with its jitter, and what counts as a Standard Webhooks secret. */
describe('the retry schedule', () => {
  const schedule = loadConfig({}).SYNC_RETRY_SCHEDULE;

  it('is domain §9’s by default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then a dead letter', () => {
    const s = 1000;
    expect(schedule).toEqual([0, 5 * s, 300 * s, 1800 * s, 7200 * s, 18000 * s, 36000 * s, 36000 * s]);
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempts) => afterFailure(schedule, attempts, () => 0.5));
    expect(waits).toEqual(schedule.slice(1).map((waitMs) => ({ dead: false, waitMs })));
    expect(afterFailure(schedule, 8)).toEqual({ dead: true });
  });

  it('spreads each wait by at most ±10%', () => {
    expect(withJitter(300_000, () => 0)).toBe(270_000);
    expect(withJitter(300_000, () => 0.999999)).toBe(330_000);
    const seen = Array.from({ length: 500 }, () => withJitter(5000));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(4500);
    expect(Math.max(...seen)).toBeLessThanOrEqual(5500);
    expect(new Set(seen).size, 'jitter actually varies').toBeGreaterThan(10);
  });
});

describe('webhook secrets', () => {
  it('are whsec_ and canonical base64; the length in bytes is what the endpoint checks against 24–64', () => {
    expect(webhookSecretBytes(`whsec_${Buffer.alloc(24, 7).toString('base64')}`)).toBe(24);
    expect(webhookSecretBytes(`whsec_${Buffer.alloc(64, 7).toString('base64')}`)).toBe(64);
    expect(webhookSecretBytes(`whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toBe(32);
    expect(webhookSecretBytes(Buffer.alloc(32, 7).toString('base64'))).toBeNull();
    expect(webhookSecretBytes('whsec_')).toBeNull();
    expect(webhookSecretBytes('whsec_abc')).toBeNull();
    expect(webhookSecretBytes('whsec_a-b_c-d_')).toBeNull();
  });
});
