import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has defaults a laptop can start with', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8787, DATA_DIR: './data', AUTH_ISSUER: 'credit-registry' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SEED_DEMO).toBeUndefined();
  });

  it('lists everything that is wrong at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', AUTH_PUBLIC_JWK: '[1]', SEED_DEMO: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'AUTH_PUBLIC_JWK', 'SEED_DEMO']) expect(problems).toContain(name);
    }
  });

  it('listens on every interface unless HOST names one, and bounds token lifetime and idempotency leases', () => {
    expect(loadConfig({})).toMatchObject({ HOST: '0.0.0.0', AUTH_MAX_TOKEN_LIFETIME_SECONDS: 86_400, IDEMPOTENCY_LEASE_SECONDS: 120 });
    expect(loadConfig({ HOST: '127.0.0.1', AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' })).toMatchObject({
      HOST: '127.0.0.1',
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: 3600,
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(8787);
  });
});
