import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkArchitecture, RULES, type RuleName, type Violation } from './helpers/architecture.js';

const srcRoot = fileURLToPath(new URL('../src', import.meta.url));
const fixtureRoot = fileURLToPath(new URL('./fixtures/architecture/src', import.meta.url));

const format = (violations: Violation[]) => violations.map((v) => `${v.rule}  ${v.file}  ${v.detail}`).join('\n');

describe('architecture', () => {
  it('src/ keeps its layering', () => {
    const violations = checkArchitecture(srcRoot);
    expect(violations, `architecture violations:\n${format(violations)}`).toEqual([]);
  });
});

/** The check itself, on a miniature tree: it must be able to fail, and must not fail on files that follow the rules. */
describe('architecture check', () => {
  const violations = checkArchitecture(fixtureRoot);

  const planted: { rule: RuleName; file: string }[] = [
    { rule: 'cross-feature-deep-import', file: 'features/lists/machine.ts' },
    { rule: 'cross-feature-deep-import', file: 'cli/seed.ts' },
    { rule: 'route-uses-database', file: 'features/lists/routes.ts' },
    { rule: 'route-uses-database', file: 'features/lists/admin-routes.ts' },
    { rule: 'verb-imports-http', file: 'features/lists/hooks.ts' },
    { rule: 'verb-imports-http', file: 'jobs/sweep.ts' },
    { rule: 'lib-has-io', file: 'lib/files.ts' },
    { rule: 'lib-has-io', file: 'lib/clock.ts' },
    { rule: 'lib-has-io', file: 'lib/config-view.ts' },
    { rule: 'env-below-config', file: 'bench/run.ts' },
    { rule: 'arrears-imports-credit', file: 'features/arrears/contracts.ts' },
    { rule: 'core-imports-outward', file: 'core/policy.ts' },
    { rule: 'core-imports-outward', file: 'core/config-view.ts' },
    { rule: 'arrears-imports-credit', file: 'features/arrears/aging.ts' },
    { rule: 'lib-has-io', file: 'lib/host.ts' },
    { rule: 'route-uses-database', file: 'web/routes.ts' },
    { rule: 'env-below-config', file: 'bench/env.ts' },
  ];
  const clean = [
    'app.ts',
    'config.ts',
    'core/ctx.ts',
    'core/errors.ts',
    'db/types.ts',
    'http/errors.ts',
    'http/schemas.ts',
    'lib/money.ts',
    'features/arrears/index.ts',
    'features/arrears/ledger.ts',
    'features/arrears/report-routes.ts',
    'features/calendar/index.ts',
    'features/lists/index.ts',
    'features/lists/service.ts',
    'features/subjects/index.ts',
    'features/subjects/routes.ts',
    'features/subjects/schemas.ts',
    'features/subjects/service.ts',
  ];

  it('has a planted violation for every rule', () => {
    expect(new Set(planted.map((p) => p.rule))).toEqual(new Set(RULES));
  });

  it.each(planted)('reports $rule in $file', ({ rule, file }) => {
    expect(
      violations.filter((v) => v.rule === rule && v.file === file),
      format(violations),
    ).not.toEqual([]);
  });

  it('reports nothing in the files that follow the rules', () => {
    const wrong = violations.filter((v) => clean.includes(v.file));
    expect(wrong, format(wrong)).toEqual([]);
  });
});
