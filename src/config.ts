import { z } from 'zod';
import { LOG_LEVELS } from './core/logger.js';

/**
 * The one place that reads the environment. Parsed once at an entry point (Node, CLI, Worker) and
 * passed down; a bad value stops the start with the full list of what is wrong, not the first.
 */
const jsonObject = z.string().transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON object (a JWK)' });
  return z.NEVER;
});

const jwkArray = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return [];
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value)) return value as Record<string, unknown>[];
    } catch {
      /* reported below */
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of public JWKs' });
    return z.NEVER;
  });

/** "0s,5s,5m,30m,2h" → milliseconds: the wait before each delivery attempt. */
const DURATION_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const durationList = z.string().transform((text, ctx) => {
  const waits: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(\d+)(ms|s|m|h)$/.exec(part);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not a duration like 500ms, 5s, 5m or 2h` });
      return z.NEVER;
    }
    waits.push(Number(match[1]) * DURATION_MS[match[2] as keyof typeof DURATION_MS]);
  }
  return waits;
});

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787), // 0: any free port
  /** The address to listen on: 0.0.0.0 (every interface), 127.0.0.1 (this machine only), or one address. */
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  /**
   * Run each distinct statement as a named prepared statement per connection (planned once, not on every
   * execution: the public reads' planning costs more than their execution). Set false behind a pooler in
   * transaction mode that cannot follow them (PgBouncer before 1.21, or without max_prepared_statements).
   */
  /**
   * Public profiles and signed statuses kept by their ETag, in megabytes per process (0: off). One is served
   * again only after the database confirms its data version is still current, so it is never stale (a
   * signed status for at most a minute after it was signed: http/answer-cache.ts, public/routes.ts).
   */
  PUBLIC_ANSWER_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  DB_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * Streaming standbys of DATABASE_URL, comma-separated PostgreSQL URLs, for the reads that may lag
   * (public profile, directory, published lists, exports, reports). Unset: every read goes to the primary.
   */
  DATABASE_REPLICA_URLS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const urls = (text ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      for (const url of urls) {
        if (!URL.canParse(url) || !/^postgres(ql)?:$/.test(new URL(url).protocol))
          ctx.addIssue({ code: 'custom', message: `"${url.replace(/:[^:@/]*@/, ':***@')}" is not a postgres:// URL` });
      }
      return urls;
    }),
  /** A replica further behind the primary than this serves no reads until it catches up. */
  REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** How often each replica's lag is measured; a lag is known to within one interval, so keep it well below the bound. */
  REPLICA_CHECK_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Connections per replica. */
  REPLICA_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  AUTH_ISSUER: z.string().min(1).default('credit-registry'),
  AUTH_AUDIENCE: z.string().min(1).default('credit-registry-api'),
  /** Production: verify tokens against an identity provider's JWKS … */
  AUTH_JWKS_URL: z.url().optional(),
  /** … or against one configured public key (Workers, tests). Otherwise: the key in DATA_DIR. */
  AUTH_PUBLIC_JWK: jsonObject.optional(),
  /** The longest a token may live: one whose `exp` is further ahead than this is refused. */
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(31 * 24 * 3600)
    .default(24 * 3600),
  /** How long an Idempotency-Key stays claimed by a request that has not answered (a crash leaves it). */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(120),
  /** The key that signs status proofs (Workers; Node keeps it in DATA_DIR), and retired public keys. */
  PROOF_PRIVATE_JWK: jsonObject.optional(),
  PROOF_RETIRED_JWKS: jwkArray,
  /** The key that signs the feed's checkpoints and pages (Workers; Node keeps it in DATA_DIR), and retired public keys. */
  FEED_PRIVATE_JWK: jsonObject.optional(),
  FEED_RETIRED_JWKS: jwkArray,
  /** The Ed25519 key (OKP JWK) that signs pushed webhooks as Standard Webhooks v1a, and retired public keys. */
  DELIVERY_PRIVATE_JWK: jsonObject.optional(),
  DELIVERY_RETIRED_JWKS: jwkArray,
  /**
   * The wait before each delivery attempt of a pushed batch (domain §9: immediately, 5 s, 5 min, 30 min,
   * 2 h, 5 h, 10 h, 10 h); after the last failure the batch is dead-lettered. Each wait gets ±10% jitter.
   */
  SYNC_RETRY_SCHEDULE: durationList.prefault(['0s', '5s', '5m', '30m', '2h', '5h', '10h', '10h'].join(',')),
  /** How long one delivery request may take before it counts as failed. */
  SYNC_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The most events in one pushed batch. */
  SYNC_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(100),
  /** How often the Node service sequences the feed and delivers (it also does so right after each write). */
  SYNC_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  /** The secret (whsec_ + base64) the platform signs its reports back with (POST /api/v1/sync/inbound). */
  SYNC_INBOUND_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64')
    .optional(),
  /**
   * Whether a watch an applicant registers may point at localhost or a private address (literal hosts;
   * domain names are not resolved at registration). Off by default: an applicant is outside the
   * registry and must not make it call into the network it runs in. Admin endpoints and platform
   * watches may always (the city platform often sits on the government intranet).
   */
  SYNC_ALLOW_PRIVATE_TARGETS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Load demo data into an empty database; default: yes when embedded, no on a real PostgreSQL. */
  SEED_DEMO: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /**
   * One-click demo sign-in on the web console (/console/sign-in), a token per role minted with the data
   * directory's own key; default: yes when embedded with that key, never with an identity provider.
   */
  DEMO_SIGN_IN: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /** The least severe log lines written (JSON on stdout): fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** One access-log line per request (method, route pattern, status, ms, request id) at level info. */
  LOG_REQUESTS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Who may read GET /metrics (Node; the Worker serves none): when set, a client sending
   * `Authorization: Bearer <METRICS_TOKEN>`; unset, only a client on this machine (loopback).
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** On SIGTERM or SIGINT, how long requests in flight may take to finish before their connections are closed. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * The address people reach the pages at (e.g. https://credit.example.gov.cn) when it is not the one the
   * service sees behind a proxy: the session cookie is Secure when it is https, and the pages name it in
   * the instructions they print. Unset: the address of each request.
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || (URL.canParse(v) && new URL(v).origin === v.replace(/\/$/, '')),
      'an origin like https://credit.example.gov.cn',
    )
    .transform((v) => v?.replace(/\/$/, '')),
  /**
   * Origins whose pages may call the public endpoints (/api/v1/public/*, /.well-known/jwks.json) from a
   * browser: `*` (the default: they need no token and send no credentials), or a comma-separated list
   * such as `https://credit.example.gov.cn,https://www.example.gov.cn`.
   */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((text, ctx) => {
      if (text.trim() === '*') return '*' as const;
      const origins = text.split(',').map((o) => o.trim());
      for (const origin of origins) {
        if (!URL.canParse(origin) || new URL(origin).origin !== origin)
          ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://portal.example.gov.cn` });
      }
      return origins;
    }),
  /**
   * Where the 中介超市 draws get randomness nobody knows in advance: `commit-reveal` (the operator's seed,
   * committed by its hash at publication and mixed with the agencies' nonces; works offline) or `drand`
   * (a future round of a public beacon chain, fetched from the relays below and checked with its key).
   */
  DRAW_SOURCE: z.enum(['commit-reveal', 'drand']).default('commit-reveal'),
  /** drand relays, comma-separated base URLs; each serves GET {url}/{chainHash}/public/{round}. Tried in order. */
  DRAND_URLS: z
    .string()
    .default('https://api.drand.sh,https://api2.drand.sh,https://api3.drand.sh,https://drand.cloudflare.com')
    .transform((text, ctx) => {
      const urls = text.split(',').map((u) => u.trim().replace(/\/+$/, ''));
      for (const url of urls) if (!URL.canParse(url)) ctx.addIssue({ code: 'custom', message: `"${url}" is not a URL` });
      return urls;
    }),
  /** The drand chain (default: quicknet, its published chain hash, public key, genesis time and period). */
  DRAND_CHAIN_HASH: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')
    .default('52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971'),
  DRAND_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-f]{192}$/, 'must be a G2 public key: 192 lowercase hex characters')
    .default(
      '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
    ),
  DRAND_GENESIS_TIME: z.coerce.number().int().min(0).default(1692803367),
  DRAND_PERIOD: z.coerce.number().int().min(1).default(3),
  /** Sizes of the synthetic data `npm run bench` generates. */
  BENCH_SUBJECTS: z.coerce.number().int().min(1000).max(50_000_000).default(1_000_000),
  BENCH_POSTINGS: z.coerce.number().int().min(1000).max(100_000_000).default(1_000_000),
  BENCH_AGENCIES: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  BENCH_ANNOUNCEMENTS: z.coerce.number().int().min(100).max(100_000_000).default(200_000),
  BENCH_RATINGS: z.coerce.number().int().min(100).max(100_000_000).default(2_000_000),
  BENCH_EVENTS: z.coerce.number().int().min(1000).max(1_000_000_000).default(10_000_000),
  BENCH_DELIVER_EVENTS: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  /** `bench -- http` and `bench -- embedded`: autocannon's connections, the seconds of each measured round and of the warm-up, rounds per endpoint. */
  BENCH_HTTP_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(32),
  BENCH_HTTP_DURATION_S: z.coerce.number().int().min(1).max(600).default(5),
  BENCH_HTTP_WARMUP_S: z.coerce.number().int().min(0).max(600).default(2),
  BENCH_HTTP_ROUNDS: z.coerce.number().int().min(1).max(50).default(3),
  /** The endpoints `bench -- http` measures (comma-separated names it lists), default all. */
  BENCH_HTTP_ONLY: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()) : undefined)),
  /** Which service `bench -- http` and `-- embedded` start: `build` (node dist/node.js), `source` (src/node.ts through tsx), `auto` (the build when there is one). */
  BENCH_HTTP_SERVICE: z.enum(['auto', 'build', 'source']).default('auto'),
  /** The feed `bench -- http` pages through when the database has none yet (any feed already there is reused). */
  BENCH_HTTP_EVENTS: z.coerce.number().int().min(2000).max(1_000_000_000).default(1_000_000),
  /** Synthetic subjects (three records each) in the embedded benchmark's temporary PGlite data directory. */
  BENCH_EMBEDDED_SUBJECTS: z.coerce.number().int().min(1000).max(5_000_000).default(20_000),
});

export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(source: Record<string, string | undefined>): Config {
  // Empty strings mean "not set" (a blank line in a .env file must not become a value).
  const env = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
}

/** Node entry points: the process environment. */
export function configFromProcess(): Config {
  return loadConfig(process.env);
}
