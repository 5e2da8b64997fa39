import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * The layering rules of src/, checked from import statements and source text alone (no compiler),
 * so the check stays fast and keeps working while files move around.
 */
export const RULES = [
  'cross-feature-deep-import',
  'route-uses-database',
  'verb-imports-http',
  'lib-has-io',
  'env-below-config',
  'arrears-imports-credit',
  'core-imports-outward',
] as const;
export type RuleName = (typeof RULES)[number];

export type Violation = { rule: RuleName; file: string; detail: string };

/** One import: `target` is a path relative to srcRoot without extension for local files, else the package specifier. */
type Import = { specifier: string; target: string; local: boolean };

// Type-only imports match these too: `import type` and `export type` are just an optional keyword here.
const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\*\s*(?:as\s+[\w$]+)?|\{[^}]*\})?\s*from\s*(['"])([^'"\n]+)\1/g,
  /\bimport\s*(['"])([^'"\n]+)\1/g,
  /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];

// Strings are matched too so that `//` inside 'https://...' is not taken for a comment; only comments are blanked.
// Regex literals are not recognised: a `//` inside one blanks the rest of its line, which can hide text but never invent it.
const COMMENT_OR_STRING = /(\/\*[\s\S]*?\*\/|\/\/[^\n]*)|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g;

const SQL_CALLS: [RegExp, string][] = [
  [/\bsql\s*(?:<[^`>]*>)?\s*`/, 'sql`'],
  [/\.selectFrom\s*\(/, '.selectFrom('],
  [/\.insertInto\s*\(/, '.insertInto('],
  [/\.updateTable\s*\(/, '.updateTable('],
  [/\.deleteFrom\s*\(/, '.deleteFrom('],
  [/\.execute\s*\(/, '.execute('],
  [/\.executeTakeFirst/, '.executeTakeFirst'],
  [/\.selectNoFrom\s*\(/, '.selectNoFrom('],
  [/\.mergeInto\s*\(/, '.mergeInto('],
  [/\bsql\s*\.\s*raw\s*\(/, 'sql.raw('],
];
const LIB_IO_TEXT: [RegExp, string][] = [
  [/\bfetch\s*\(/, 'fetch('],
  [/\bprocess\s*[.[]/, 'process.'],
  [/\brequire\s*\(/, 'require('],
];
// process.env, process['env'], and `const { env } = process`.
const ENV_TEXT = /\bprocess\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/;
// A credit table queried in the ledger's own SQL (Kysely calls or raw SQL); event names like 'credit.x' are fine.
const CREDIT_TABLE_TEXT: [RegExp, string][] = [
  [/(?:selectFrom|insertInto|updateTable|deleteFrom|Join)\s*\(\s*['"`]credit\./, 'a query of a credit.* table'],
  [/\b(?:FROM|JOIN|INTO|UPDATE)\s+credit\./i, 'SQL over a credit.* table'],
];

const NODE_BUILTINS = ['fs', 'path', 'net', 'http', 'https', 'child_process', 'os', 'dns', 'tls', 'dgram', 'worker_threads', 'process'];
const VERB_DIRS = ['features', 'core', 'sync', 'disclosure', 'jobs', 'lib', 'audit', 'seed', 'signing'];
const OUTSIDE_CORE = ['http', 'db', 'features', 'sync', 'disclosure', 'jobs', 'runtime', 'audit', 'signing', 'seed', 'cli', 'bench', 'web'];
// Top-level files of src that core/ may not import either (the environment, the composition root).
const OUTSIDE_CORE_FILES = ['config', 'app', 'deps', 'node', 'worker'];
// The arrears ledger is kept apart from the credit side; the working-day calendar is shared reference data.
const ARREARS_MAY_IMPORT = ['arrears', 'calendar'];

export function checkArchitecture(srcRoot: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of walk(srcRoot)) {
    const code = stripComments(readFileSync(join(srcRoot, file), 'utf8'));
    const imports = findImports(srcRoot, file, code);
    const report = (rule: RuleName, detail: string) => {
      if (!violations.some((v) => v.rule === rule && v.file === file && v.detail === detail)) violations.push({ rule, file, detail });
    };
    const reportImports = (rule: RuleName, bad: (i: Import) => boolean) => {
      for (const i of imports.filter(bad)) report(rule, describeImport(i));
    };
    const reportText = (rule: RuleName, patterns: [RegExp, string][]) => {
      for (const [pattern, label] of patterns) if (pattern.test(code)) report(rule, `contains ${label}`);
    };

    const ownFeature = featureOf(file)?.name;
    const name = basename(file);
    // Routes files anywhere (features, and pages under web/ to come): routes.ts, *-routes.ts, *.routes.ts.
    const routes = name === 'routes' || name.endsWith('-routes') || name.endsWith('.routes');
    const schemas = name === 'schemas' || name.endsWith('-schemas');

    // 1. Features talk to each other through their index; only the composition root mounts their routes.
    reportImports('cross-feature-deep-import', (i) => {
      const target = i.local ? featureOf(i.target) : undefined;
      if (!target || target.name === ownFeature || target.rest === 'index') return false;
      return !(file === 'app.ts' && /^(?:[^/]+-)?routes$/.test(target.rest));
    });

    // 2. Routes translate HTTP to verbs; the verbs own the queries.
    if (routes) {
      reportImports('route-uses-database', (i) => (i.local ? under(i.target, 'db') : isPackage(i, 'kysely', 'pg', '@electric-sql/pglite')));
      reportText('route-uses-database', SQL_CALLS);
    }

    // 3. Verbs are callable from the CLI, jobs and tests, so they must not know about HTTP. schemas.ts is the zod contract.
    if (VERB_DIRS.some((dir) => under(file, dir)) && !routes && !schemas) {
      reportImports('verb-imports-http', (i) => (i.local ? under(i.target, 'http') : isPackage(i, 'hono', '@hono')));
    }

    // 4. lib/ is pure functions: no I/O, no drivers, no framework, nothing from the rest of src.
    if (under(file, 'lib')) {
      reportImports('lib-has-io', (i) =>
        i.local
          ? !under(i.target, 'lib')
          : i.target.startsWith('node:') || isPackage(i, ...NODE_BUILTINS, 'pg', 'kysely', '@electric-sql', 'hono', '@hono', 'jose'),
      );
      reportText('lib-has-io', LIB_IO_TEXT);
    }

    // 5. Configuration is read and validated in one place; everything else receives it.
    if (file !== 'config.ts' && ENV_TEXT.test(code)) report('env-below-config', 'contains process.env');
    if (file !== 'config.ts') reportImports('env-below-config', (i) => !i.local && isPackage(i, 'node:process', 'process'));

    // 6.
    if (ownFeature === 'arrears') {
      reportImports('arrears-imports-credit', (i) => {
        const target = i.local ? featureOf(i.target) : undefined;
        return target !== undefined && !ARREARS_MAY_IMPORT.includes(target.name);
      });
      reportText('arrears-imports-credit', CREDIT_TABLE_TEXT);
    }

    // 7. core/ is the shared vocabulary every layer imports, so it may import none of them.
    if (under(file, 'core')) {
      reportImports('core-imports-outward', (i) =>
        i.local
          ? OUTSIDE_CORE.some((dir) => under(i.target, dir)) || OUTSIDE_CORE_FILES.includes(i.target)
          : isPackage(i, 'hono', '@hono', 'kysely', 'pg'),
      );
    }
  }
  return violations;
}

/** Every .ts/.tsx file under root, as forward-slash paths relative to root. */
function walk(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return walk(root, full);
    return /\.tsx?$/.test(entry.name) ? [relative(root, full).split(sep).join('/')] : [];
  });
}

function stripComments(code: string): string {
  return code.replace(COMMENT_OR_STRING, (match, comment: string | undefined) =>
    comment === undefined ? match : comment.replace(/[^\n]/g, ' '),
  );
}

function findImports(srcRoot: string, file: string, code: string): Import[] {
  const specifiers = new Set(IMPORT_PATTERNS.flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[2]!)));
  return [...specifiers].map((specifier) => {
    if (!specifier.startsWith('.')) return { specifier, target: specifier, local: false };
    let target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.[jt]sx?$/, '');
    // `../lists` means `../lists/index` under bundler resolution.
    if (isDirectory(join(srcRoot, target))) target = `${target}/index`;
    return { specifier, target, local: true };
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function describeImport(i: Import): string {
  return i.local ? `imports ${i.target} ('${i.specifier}')` : `imports '${i.specifier}'`;
}

/** The package itself or any of its subpaths; a scope such as '@hono' matches every package in it. */
function isPackage(i: Import, ...names: string[]): boolean {
  return names.some((name) => i.target === name || i.target.startsWith(`${name}/`));
}

function under(path: string, dir: string): boolean {
  return path.startsWith(`${dir}/`);
}

function featureOf(path: string): { name: string; rest: string } | undefined {
  const match = /^features\/([^/]+)(?:\/(.+))?$/.exec(path);
  return match ? { name: match[1]!, rest: match[2] ?? 'index' } : undefined;
}

function basename(path: string): string {
  return posix.basename(path).replace(/\.tsx?$/, '');
}
