import type { Config } from '../config.js';
import type { Actor, Role } from '../core/actor.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ReadReplicas } from '../db/replicas.js';
import type { Db } from '../db/types.js';
import type { DrawSources } from '../features/announcements/index.js';
import type { DeadlineRecount } from '../features/calendar/index.js';
import type { ProofSigner } from '../signing/signer.js';
import type { SyncEnv } from '../sync/env.js';
import type { AnswerCache } from './answer-cache.js';
import type { TokenVerifier } from './auth.js';
import type { Metrics } from './observe.js';

/** A database handle for one request: shared pool on Node, one client per request on Workers. */
export interface DbProvider {
  acquire(): Promise<{ db: Db; release(): Promise<void> }>;
}

/** What the app is built from; each entry (Node, Worker, tests) assembles its own. */
export interface AppDeps {
  config: Config;
  clock: Clock;
  database: DbProvider;
  /** Streaming standbys for lag-tolerant reads (DATABASE_REPLICA_URLS); none: every read goes to `database`. */
  replicas?: ReadReplicas;
  verifyToken: TokenVerifier;
  /** Public answers kept by their ETag, served again once the database confirms it is current (PUBLIC_ANSWER_CACHE_MB). */
  answers: AnswerCache;
  /** Names and checksums of the migrations this build expects (for /ready). */
  expectedMigrations: () => Promise<{ name: string; checksum: string }[]>;
  /** Files of the docs UI, served from the installed package so /docs works offline. */
  docsAsset: (name: string) => Promise<string | null>;
  /** Signs status proofs; its public keys are served at /.well-known/jwks.json. */
  proofSigner: ProofSigner;
  /** Runs after a successful write, outside its transaction (sealing the audit chain); logs with the request's logger. */
  afterWrite?: (db: Db, log: Logger) => Promise<void>;
  /** Structured logs (Node: pino; the Worker: JSON on the console); a request logs through its child, `c.get('log')`. */
  log: Logger;
  /** Request durations and the backlog gauges behind GET /metrics (Node only: the Worker answers 404 there). */
  metrics?: Metrics;
  /** Every feature's hook that recounts its deadlines when an official calendar year replaces a provisional one. */
  deadlineRecounts: DeadlineRecount[];
  /** Where the 中介超市 draws get randomness: a commit-reveal seed or a drand beacon round (DRAW_SOURCE). */
  drawSources: DrawSources;
  /** The feed's signer, the webhook key and the delivery settings (FEED_*, DELIVERY_*, SYNC_*). */
  sync: SyncEnv;
  /** Embedded demo only: mints a token for a demo persona, for the console's one-click sign-in. */
  demoSignIn?: DemoSignIn;
}

export type DemoSignIn = {
  personas: readonly { role: Role; label: string }[];
  mint(role: Role): Promise<string>;
  /** Offered to any client (DEMO_SIGN_IN=true said so); by default only to a browser on this machine. */
  anyClient: boolean;
};

export type AppEnv = {
  Variables: {
    requestId: string;
    actor: Actor | undefined;
    db: Db;
    /** For reads that may lag by up to REPLICA_MAX_LAG_MS: a replica when one may serve this request, else `db` (http/read-routing.ts). */
    readDb: Db;
    deps: AppDeps;
    /** The app's logger with this request's id on every line (http/request-frame.ts). */
    log: Logger;
  };
};
