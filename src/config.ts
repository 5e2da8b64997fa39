import { z } from 'zod';

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

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787), // 0: any free port
  /** The address to listen on: 0.0.0.0 (every interface), 127.0.0.1 (this machine only), or one address. */
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
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
  PROOF_RETIRED_JWKS: z
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
    }),
  /** Load demo data into an empty database; default: yes when embedded, no on a real PostgreSQL. */
  SEED_DEMO: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  LOG_REQUESTS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
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
  /** Sizes of the synthetic data `npm run bench` generates. */
  BENCH_SUBJECTS: z.coerce.number().int().min(1000).max(50_000_000).default(1_000_000),
  BENCH_POSTINGS: z.coerce.number().int().min(1000).max(100_000_000).default(1_000_000),
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
