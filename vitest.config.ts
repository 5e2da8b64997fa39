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
// isolate: false lets each worker import src/ once and run file after file in it, instead of importing the
// whole app (and compiling PGlite's wasm) again for every file, which was most of the run's time. Every
// file still gets a database of its own (harness.ts); nothing in src/ or tests/helpers keeps state a
// later file could see, other than pure caches and counters that only keep generated values unique.
const shared = {
  testTimeout: 120_000,
  hookTimeout: 180_000,
  globalSetup: ['tests/helpers/global-setup.ts'],
  isolate: false,
};

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
