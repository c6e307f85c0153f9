/**
 * The cache under stress and under outage, measured from outside a production
 * server (issue 10):
 * - the share of warm requests served from the database, with 8 concurrent
 *   requests, on a quiet machine and with both cores kept busy by two
 *   busy-loop processes (target 0: a busy server must not abandon replies
 *   that arrived);
 * - page latency while Redis refuses and while it hangs, with the circuit
 *   breaker and without it, side by side.
 * Database reads are counted from PostgreSQL's own statistics (scans of the
 * products table), read after the server has stopped, when its backends
 * have flushed them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { startTcpProxy } from '../lib/tcp-proxy';
import { load, startServer } from './server';

export interface ShareRow {
  path: string;
  machine: 'quiet' | 'busy';
  pageCache: boolean;
  requests: number;
  databasePages: number;
}

export interface OutageRow {
  mode: 'refuse' | 'hang';
  breaker: boolean;
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

interface Setup {
  db: Database;
  databaseUrl: string;
  /** The settings that point a server's cache at the store listening on `port`. */
  cacheEnv(port: number): Record<string, string>;
  /** Where the store really listens (the outage proxy forwards there). */
  cachePort: number;
  port: number;
  seconds: number;
}

/** PostgreSQL flushes an idle backend's statistics after 10 s (PGSTAT_IDLE_INTERVAL); a little more. */
const STATISTICS_IDLE_FLUSH_MS = 11_000;

async function productScans(db: Database): Promise<number> {
  const result = await db.execute<{ scans: string | number }>(
    sql`select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as scans from pg_stat_user_tables where relname = 'products'`,
  );
  const rows = (result as unknown as { rows?: Array<{ scans: string | number }> }).rows ?? (result as unknown as Array<{ scans: string | number }>);
  return Number(rows[0]?.scans ?? 0);
}

/** Two processes spinning on the CPU, in their own process group; returns how to stop them. */
function keepCoresBusy(): () => void {
  const child = spawn('bash', ['-c', 'node -e "for(;;){}" & node -e "for(;;){}" & wait'], { detached: true, stdio: 'ignore' });
  return () => {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  };
}

/** The configurations compared: the data cache alone, then the page cache. */
const SHARE_CONFIGURATIONS = [
  { pageCache: false },
  { pageCache: true },
] as const;

/**
 * Warm requests that the database answered, as a share of all, for each page
 * and machine state: the data cache alone with the store-measuring timeout
 * (a timeout that measures the store, not a busy event loop), and the page cache.
 */
export async function measureDatabaseShare(setup: Setup, paths: string[], timeoutMs: number): Promise<ShareRow[]> {
  const rows: ShareRow[] = [];
  for (const machine of ['quiet', 'busy'] as const) {
    for (const path of paths) for (const { pageCache } of SHARE_CONFIGURATIONS) {
      const env = {
        CACHE_TIMEOUT_MS: String(timeoutMs),
        PAGE_CACHE: pageCache ? '1' : '0',
        DATABASE_URL: setup.databaseUrl,
        ...setup.cacheEnv(setup.cachePort),
        CACHE_PREFIX: `bench-share-${randomBytes(4).toString('hex')}`,
      };
      const server = await startServer(setup.port, env);
      let requests = 0;
      let before = 0;
      const stopBusy = machine === 'busy' ? keepCoresBusy() : () => {};
      try {
        // Warm: the cache filled, the server's code compiled. Then wait out PostgreSQL's idle
        // statistics flush (10 s), so the warm-up's own database reads are counted before, not after.
        await load(server.url + path, { runs: 1, seconds: 1, connections: 8 });
        await sleep(STATISTICS_IDLE_FLUSH_MS);
        before = await productScans(setup.db);
        const result = await load(server.url + path, { runs: 1, seconds: setup.seconds, connections: 8 });
        requests = Math.round(result.requestsPerSecond * setup.seconds);
      } finally {
        stopBusy();
        await server.stop(); // its backends exit and flush their statistics
      }
      // A page served from the database scans products twice: the rows and the count.
      rows.push({ path, machine, pageCache, requests, databasePages: ((await productScans(setup.db)) - before) / 2 });
    }
  }
  return rows;
}

/** Latency of `/` while Redis refuses or hangs, with and without the circuit breaker. */
export async function measureOutageLatency(setup: Setup, proxyPort: number): Promise<OutageRow[]> {
  const proxy = await startTcpProxy({ port: proxyPort, targetPort: setup.cachePort });
  const rows: OutageRow[] = [];
  try {
    for (const mode of ['refuse', 'hang'] as const) {
      for (const breaker of [false, true]) {
        await proxy.setMode('forward');
        const server = await startServer(setup.port, {
          DATABASE_URL: setup.databaseUrl,
          ...setup.cacheEnv(proxyPort),
          CACHE_PREFIX: `bench-outage-${randomBytes(4).toString('hex')}`,
          CACHE_CIRCUIT_BREAKER: breaker ? '1' : '0',
        });
        try {
          await fetch(`${server.url}/`);
          await proxy.setMode(mode);
          const result = await load(`${server.url}/`, { runs: 1, seconds: setup.seconds, connections: 8 });
          rows.push({ mode, breaker, requestsPerSecond: result.requestsPerSecond, p50: result.p50, p99: result.p99 });
        } finally {
          await proxy.setMode('forward');
          await server.stop();
        }
      }
    }
  } finally {
    await proxy.close();
  }
  return rows;
}
