import { defineConfig } from 'vitest/config';

/**
 * Every integration test runs on PGlite, and again on a real PostgreSQL when TEST_DATABASE_URL is set.
 * tests/embedded/** is about the embedded mode (data dir, lock file) and tests/browser/** drives `npm start`'s
 * pages in chromium: both run on PGlite only;
 * tests/postgres/** needs a real server (concurrency, locks, wrangler dev) and runs there only.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
// Limits sized for a loaded machine (CI shares two cores with everything else), not an idle one: no test
// asserts speed, so a generous limit only turns a hang into a failure, never a slow pass into one.
const shared = { testTimeout: 120_000, hookTimeout: 180_000, globalSetup: ['tests/helpers/global-setup.ts'] };

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'pglite',
          env: { TEST_DB: 'pglite' },
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/postgres/**'],
        },
      },
      ...(postgresUrl
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                env: { TEST_DB: 'postgres' },
                include: ['tests/**/*.test.ts'],
                exclude: ['tests/embedded/**', 'tests/browser/**', 'tests/lib/**', 'tests/architecture.test.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
