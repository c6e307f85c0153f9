/**
 * A PostgreSQL primary and a streaming replica of the tests' own, on free
 * ports, in a temporary folder (initdb, then pg_basebackup -R). The binaries
 * refuse to run as root, so they run as the postgres user (runuser) when this
 * process is root. Each server runs in its own process group and is stopped
 * by its id (an immediate shutdown); the machine's PostgreSQL is never touched.
 *
 * Replication lag made deterministic: pauseReplay() stops the replica applying
 * WAL (pg_wal_replay_pause()) until resumeReplay(), so a write is on the
 * primary and not on the replica for as long as a test needs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { freePort } from './free-port';
import { ownProcessGroup } from './owned-process-groups';

const BIN = '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

/** Whether initdb, pg_basebackup and postgres are here (tests skip, or fail under REQUIRE_SERVICES, without them). */
export const postgresLabAvailable = ['initdb', 'pg_basebackup', 'postgres'].every((tool) => fs.existsSync(path.join(BIN, tool)));

export interface PostgresServer {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  running(): boolean;
  start(): Promise<void>;
  /**
   * A crash: an immediate shutdown (SIGQUIT to its process group), no checkpoint, so the
   * next start recovers. Not SIGKILL: the server's children are sessions of their own and
   * would linger as zombies that a restart takes for a running server.
   */
  kill(): Promise<void>;
  /** One statement on a short-lived connection, in `database` (default postgres). */
  query<T extends Record<string, unknown>>(text: string, database?: string): Promise<T[]>;
}

export interface PostgresLab {
  readonly primary: PostgresServer;
  readonly replica: PostgresServer;
  /** Creates `database` on the primary and waits until the replica has it. */
  createDatabase(database: string): Promise<void>;
  /** The replica stops applying WAL (it keeps receiving it). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has applied everything the primary had when this was called. */
  awaitCaughtUp(): Promise<void>;
  stop(): Promise<void>;
}

function run(tool: string, args: string[]): void {
  const command = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args]] as const : [path.join(BIN, tool), args] as const;
  const result = spawnSync(command[0], command[1], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`postgres lab: ${tool} failed: ${result.stderr || result.stdout}`);
}

async function pollUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (performance.now() > deadline) throw new Error(`postgres lab: timed out waiting for ${what}`);
    await sleep(100);
  }
}

function server(directory: string, port: number): PostgresServer {
  let child: ChildProcess | null = null;
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const query = async <T extends Record<string, unknown>>(text: string, database?: string): Promise<T[]> => {
    const client = postgres(url(database), { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      return (await client.unsafe(text)) as unknown as T[];
    } finally {
      await client.end({ timeout: 1 });
    }
  };
  const self: PostgresServer = {
    port,
    url,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    async start() {
      const args = ['-D', directory, '-p', String(port), '-k', directory, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'wal_level=replica', '-c', 'max_wal_senders=5', '-c', 'hot_standby=on'];
      const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, 'postgres'), ...args]] : [path.join(BIN, 'postgres'), args];
      const log = fs.openSync(`${directory}.log`, 'a');
      const started = spawn(command as string, commandArgs as string[], { detached: true, stdio: ['ignore', log, log] });
      fs.closeSync(log);
      started.once('exit', ownProcessGroup(started.pid!, 'SIGQUIT'));
      child = started;
      await pollUntil(`postgres on ${port}`, async () => {
        if (started.exitCode !== null) throw new Error(`postgres could not start on ${port}: ${fs.readFileSync(`${directory}.log`, 'utf8').slice(-600)}`);
        await query('select 1');
        return true;
      });
    },
    async kill() {
      const running = child;
      child = null;
      if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(-running.pid, 'SIGQUIT');
      await exited;
    },
    query,
  };
  return self;
}

/** A primary and its streaming replica, both started; stop() ends both and deletes the folder. */
export async function startPostgresLab(): Promise<PostgresLab> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postgres-lab-'));
  if (asRoot) spawnSync('chown', ['postgres:postgres', directory]);
  const primaryDirectory = path.join(directory, 'primary');
  const replicaDirectory = path.join(directory, 'replica');
  const primary = server(primaryDirectory, await freePort());
  const replica = server(replicaDirectory, await freePort());
  const lab: PostgresLab = {
    primary,
    replica,
    async createDatabase(database) {
      await primary.query(`create database "${database}"`);
      await lab.awaitCaughtUp();
      await pollUntil(`${database} on the replica`, async () => (await replica.query(`select 1 from pg_database where datname = '${database}'`)).length === 1);
    },
    async pauseReplay() {
      await replica.query('select pg_wal_replay_pause()');
      await pollUntil('replay to pause', async () => (await replica.query<{ state: string }>('select pg_get_wal_replay_pause_state() as state'))[0]?.state === 'paused');
    },
    async resumeReplay() {
      await replica.query('select pg_wal_replay_resume()');
    },
    async awaitCaughtUp() {
      const [{ lsn }] = (await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')) as [{ lsn: string }];
      await pollUntil('the replica to catch up', async () => (await replica.query<{ behind: boolean }>(`select pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn as behind`))[0]?.behind === false);
    },
    async stop() {
      await replica.kill();
      await primary.kill();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
  try {
    run('initdb', ['-D', primaryDirectory, '-U', 'postgres', '--auth=trust', '--no-sync']);
    await primary.start();
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', replicaDirectory, '-R', '-X', 'stream', '--no-sync']);
    await replica.start();
    await pollUntil('the replica to stream', async () => (await primary.query('select 1 from pg_stat_replication')).length === 1);
    return lab;
  } catch (error) {
    await lab.stop();
    throw error;
  }
}
