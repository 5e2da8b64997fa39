import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A throwaway PostgreSQL primary and streaming standby of their own, for the replica tests: temporary
 * data directories, free loopback ports, and a pg_hba that allows replication (the shared test server's
 * does not). The server binaries are where `pg_config --bindir` says (off PATH on Debian); initdb
 * refuses to run as root, so as root every server command runs as the `postgres` user.
 */
const run = promisify(execFile);

export type ReplicatedPair = {
  primaryUrl: string;
  standbyUrl: string;
  /** One query on the primary or the standby, on a connection of its own. */
  query<T = Record<string, unknown>>(on: 'primary' | 'standby', text: string): Promise<T[]>;
  /** Stops both servers and removes their directories; safe to call after a failed start. */
  stop(): Promise<void>;
};

const DATABASE = 'registry';

export async function startReplicatedPair(prepare: (primaryUrl: string) => Promise<void>): Promise<ReplicatedPair> {
  const bindir = (await run('pg_config', ['--bindir'])).stdout.trim();
  // A client-only pg_config (libpq's) names a folder without the server programs.
  if (!existsSync(join(bindir, 'initdb')))
    throw new Error(`pg_config --bindir names ${bindir}, which has no initdb: install the PostgreSQL server`);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'registry-replicas-'));
  if (owner) await chown(dir, owner.uid, owner.gid);
  const server = (args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bindir, args[0]!), ...args.slice(1)])
      : run(join(bindir, args[0]!), args.slice(1));
  const primaryDir = join(dir, 'primary');
  const standbyDir = join(dir, 'standby');
  const started: string[] = [];
  const stop = async () => {
    for (const data of started.reverse()) await server(['pg_ctl', '-D', data, '-m', 'immediate', 'stop']).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [primaryPort, standbyPort] = [await freePort(), await freePort()];
    await server(['initdb', '-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-instructions']);
    await appendFile(
      join(primaryDir, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'fsync = off',
        'shared_buffers = 32MB',
        'max_connections = 80',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(primaryDir, 'pg_hba.conf'),
      [
        'local all all trust',
        'local replication all trust',
        'host all all 127.0.0.1/32 trust',
        'host replication all 127.0.0.1/32 trust',
        '',
      ].join('\n'),
    );
    await server(['pg_ctl', '-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', 'start']);
    started.push(primaryDir);
    const url = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
    await query(url(primaryPort, 'postgres'), `CREATE DATABASE ${DATABASE}`);
    const primaryUrl = url(primaryPort, DATABASE);
    await prepare(primaryUrl);

    // -R writes the standby's primary_conninfo and standby.signal; the copied postgresql.conf is the primary's.
    await server([
      'pg_basebackup',
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    await appendFile(join(standbyDir, 'postgresql.conf'), `port = ${standbyPort}\nhot_standby = on\n`);
    await server(['pg_ctl', '-D', standbyDir, '-l', join(dir, 'standby.log'), '-w', 'start']);
    started.push(standbyDir);
    const standbyUrl = url(standbyPort, DATABASE);
    for (let i = 0; ; i++) {
      const rows = await query(primaryUrl, "SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'");
      if (rows.length) break;
      if (i > 200) throw new Error('the standby did not start streaming within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      primaryUrl,
      standbyUrl,
      query: (on, text) => query(on === 'primary' ? primaryUrl : standbyUrl, text),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** A loopback port nothing listens on now (the server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
