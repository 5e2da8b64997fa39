import { sql } from 'kysely';
import type { Db } from './types.js';

/**
 * Read replicas (PostgreSQL streaming standbys) for the reads that may lag.
 *
 * Which handle a read uses is decided per request by the HTTP layer (http/read-routing.ts); this module
 * only knows which replicas may serve a read right now:
 * - a replica is measured every `checkIntervalMs`: the primary's WAL position is sampled with the time,
 *   and a replica that has replayed up to a sample holds every commit made before that sample's time
 *   ("current as of"). Its lag is now minus that time, so an idle primary shows no lag (unlike
 *   now() - pg_last_xact_replay_timestamp(), which grows while nothing is written);
 * - a replica whose check fails or whose lag exceeds `maxLagMs` serves nothing until a later check
 *   finds it back within the bound. If the checks stop (the primary cannot be reached), every replica's
 *   lag grows with the clock and they all drop out: reads go to the primary rather than go stale silently;
 * - read-your-writes: a client that wrote carries the primary's WAL position at its write
 *   (`writePosition`), and only a replica whose last known replay position has reached it serves that
 *   client. Replay only moves forward, so a position known from the last check is a safe lower bound.
 *
 * A maintained router (kysely-replication) sends every SELECT to a replica by query kind; it knows neither
 * lag nor a client's last write, which is what decides here, so this is a small module of our own.
 */
export type ReplicaOptions = {
  maxLagMs: number;
  checkIntervalMs: number;
  /** Told when a replica goes out of service or comes back (the Node service logs it). */
  onChange?: (change: { replica: string; serving: boolean; reason: string }) => void;
};

type Sample = { at: number; lsn: bigint };

type Replica = {
  name: string;
  /** What reads use (it may hand a read to the primary: db/replica-fallback.ts). */
  db: Db;
  /** What the checks use: the replica itself, never handed on, so a replica that is down looks down. */
  probe: Db;
  /** The replay position at the last successful check; -1 before the first. */
  replayed: bigint;
  /** Every commit made on the primary before this time (ms) has been replayed; 0 when unknown. */
  currentAsOf: number;
  failure: string | null;
  serving: boolean;
};

export class ReadReplicas {
  private readonly replicas: Replica[];
  /** Recent primary positions, oldest first, kept for as long as the lag bound looks back. */
  private samples: Sample[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private checking: Promise<void> | undefined;
  private next = 0;

  constructor(
    private readonly primary: Db,
    replicas: { name: string; db: Db; probe?: Db }[],
    private readonly options: ReplicaOptions,
  ) {
    this.replicas = replicas.map((r) => ({
      ...r,
      probe: r.probe ?? r.db,
      replayed: -1n,
      currentAsOf: 0,
      failure: 'not checked yet',
      serving: false,
    }));
  }

  /** Checks now and then every interval; the timer does not keep the process alive. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref?.();
  }

  /**
   * A replica that may serve a read now, and whose replay has reached `readAfter` (a client's last
   * write) when given; undefined when none may (the read goes to the primary). Round robin among them.
   */
  pick(readAfter: bigint | null, now = Date.now()): Db | undefined {
    const count = this.replicas.length;
    for (let i = 0; i < count; i++) {
      const replica = this.replicas[(this.next + i) % count]!;
      if (this.usable(replica, now) && (readAfter === null || replica.replayed >= readAfter)) {
        this.next = (this.next + i + 1) % count;
        return replica.db;
      }
    }
    return undefined;
  }

  /**
   * The primary's WAL position now, for a client to carry after a write. The insert position is at or
   * past the end of every commit record already made, whatever synchronous_commit says.
   */
  async writePosition(): Promise<string> {
    const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_insert_lsn()::text AS lsn`.execute(this.primary);
    return rows[0]!.lsn;
  }

  /**
   * A replica failed under a read (db/replica-fallback.ts, which gave that read to the primary): it
   * serves nothing more until a check finds it answering again.
   */
  markFailed(name: string, reason: string): void {
    const replica = this.replicas.find((r) => r.name === name);
    if (!replica) return;
    replica.failure = reason;
    if (replica.serving) {
      replica.serving = false;
      this.options.onChange?.({ replica: name, serving: false, reason });
    }
  }

  /** Each replica's state, for logs and metrics. */
  status(now = Date.now()) {
    return this.replicas.map((r) => ({
      name: r.name,
      serving: this.usable(r, now),
      lagMs: r.currentAsOf ? now - r.currentAsOf : null,
      replayed: r.replayed >= 0n ? formatLsn(r.replayed) : null,
      failure: r.failure,
    }));
  }

  /** One round of measurement; a round still running when the next is due is not doubled. */
  check(): Promise<void> {
    this.checking ??= this.measure().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((r) => r.db.destroy()));
  }

  private usable(replica: Replica, now: number): boolean {
    return replica.failure === null && replica.currentAsOf > 0 && now - replica.currentAsOf <= this.options.maxLagMs;
  }

  private async measure(): Promise<void> {
    const timeoutMs = Math.max(1000, this.options.checkIntervalMs);
    const at = Date.now();
    try {
      const { rows } = await withTimeout(
        sql<{ lsn: string }>`SELECT pg_current_wal_insert_lsn()::text AS lsn`.execute(this.primary),
        timeoutMs,
      );
      this.samples.push({ at, lsn: parseLsn(rows[0]!.lsn)! });
    } catch {
      // No sample: the replicas' "current as of" stays where it was and their lag grows with the clock.
    }
    // A replica current only as of a sample older than the bound is out anyway: older samples are not needed.
    const horizon = at - this.options.maxLagMs - 2 * this.options.checkIntervalMs;
    while (this.samples.length > 1 && this.samples[1]!.at < horizon) this.samples.shift();
    await Promise.all(this.replicas.map((replica) => this.measureReplica(replica, timeoutMs)));
    const now = Date.now();
    for (const replica of this.replicas) {
      const serving = this.usable(replica, now);
      if (serving !== replica.serving) {
        replica.serving = serving;
        const reason = replica.failure ?? (serving ? 'within the lag bound' : `lag over ${this.options.maxLagMs} ms`);
        this.options.onChange?.({ replica: replica.name, serving, reason });
      }
    }
  }

  private async measureReplica(replica: Replica, timeoutMs: number): Promise<void> {
    try {
      const { rows } = await withTimeout(
        sql<{ lsn: string | null }>`SELECT pg_last_wal_replay_lsn()::text AS lsn`.execute(replica.probe),
        timeoutMs,
      );
      const replayed = rows[0]?.lsn ? parseLsn(rows[0].lsn) : null;
      if (replayed === null) {
        replica.failure = 'not a standby (pg_last_wal_replay_lsn() is null)';
        return;
      }
      replica.failure = null;
      replica.replayed = replayed;
      // The newest sample the replica has replayed past; samples are in time and position order.
      for (let i = this.samples.length - 1; i >= 0; i--) {
        const sample = this.samples[i]!;
        if (sample.lsn <= replayed) {
          replica.currentAsOf = Math.max(replica.currentAsOf, sample.at);
          break;
        }
      }
    } catch (error) {
      replica.failure = (error as Error).message || 'check failed';
    }
  }
}

/** A pg_lsn ("16/B374D848": two hex halves of a 64-bit position) as a number to compare; null when malformed. */
export function parseLsn(text: string): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : null;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
