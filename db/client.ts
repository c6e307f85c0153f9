/**
 * Opens the database: PostgreSQL through postgres.js when a URL is given,
 * otherwise embedded PGlite in a data folder (the zero-setup default).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { instrumentPglite, instrumentPostgres } from './instrumentation';
import { createReplyWatchdog, type ReplyWatchdog } from './reply-watchdog';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** What `db.transaction(work)` hands to `work`: the same queries, inside the transaction. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Where it points, without credentials: safe to log. */
  description: string;
  /**
   * Runs one statement with positional parameters ($1…) in a READ ONLY
   * transaction that is always rolled back, and returns its rows. For the dev
   * overlay's EXPLAIN ANALYZE and "run again"; never use it to write.
   */
  runRolledBack(text: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * Something waited too long on the database (a health check, say): probe
   * the server now, dropping every connection if it does not answer (see
   * reply-watchdog.ts). 'alive' for embedded PGlite, which cannot stall.
   */
  suspectStall(): Promise<'alive' | 'unreachable'>;
  close(): Promise<void>;
}

/**
 * Every bound on a wait for PostgreSQL, in milliseconds (lib/env.ts reads
 * them from DATABASE_*_TIMEOUT_MS). Each has a default fit for a web page.
 */
export interface DatabaseTimeouts {
  /** PostgreSQL's statement_timeout (and idle_in_transaction_session_timeout): the server ends longer statements. Default 30,000. */
  statementMs: number;
  /** Opening a connection, TCP and start-up included. Default 3,000. */
  connectMs: number;
  /** Silence on a connection awaiting a reply before the server is probed (reply-watchdog.ts). Default 3,000. */
  replyMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { statementMs: 30_000, connectMs: 3_000, replyMs: 3_000 };

/** Thrown inside a transaction to roll it back; never escapes runRolledBack. */
const ROLLBACK = Symbol('rollback');

/** A PostgreSQL URL, or a PGlite data folder (null: in memory, for throwaway test databases). */
export type DatabaseTarget = { url: string; maxConnections?: number; timeouts?: Partial<DatabaseTimeouts> } | { pgliteDir: string | null };

// Query timing for the dev overlay wraps the driver (see instrumentation.ts);
// a production server never attaches an observer, so it skips the wrapper too.
const instrumented = process.env.NODE_ENV !== 'production';

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return 'url' in target ? openPostgres(target.url, target.maxConnections, { ...DEFAULT_DATABASE_TIMEOUTS, ...target.timeouts }) : openPglite(target.pgliteDir);
}

/** The one server a URL names, for the watchdog; null for several hosts, which it does not follow. */
function singleServer(url: string): { host: string; port: number } | null {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  const host = socketDir ?? decodeURIComponent(parsed.hostname);
  if (!host || host.includes(',') || parsed.host.includes(',')) return null;
  return { host, port: Number(parsed.port) || 5432 };
}

async function openPostgres(url: string, maxConnections = 10, timeouts: DatabaseTimeouts): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const server = singleServer(url);
  const watchdog: ReplyWatchdog | null = server
    ? createReplyWatchdog({ ...server, replyTimeoutMs: timeouts.replyMs, probeTimeoutMs: Math.min(1000, timeouts.replyMs), log: (message) => console.error(message) })
    : null;
  const client = postgres(url, {
    max: maxConnections,
    // Fail fast when PostgreSQL is down instead of queueing requests for 30 s.
    connect_timeout: timeouts.connectMs / 1000,
    idle_timeout: 30,
    onnotice: () => {},
    ...(watchdog ? { socket: () => watchdog.openSocket() } : {}),
    // Sent in the start-up packet: the server ends statements, and transactions a vanished client left open, past the bound.
    connection: {
      // How this app's connections show in pg_stat_activity.
      application_name: 'catalog',
      statement_timeout: timeouts.statementMs,
      idle_in_transaction_session_timeout: timeouts.statementMs,
    },
  });
  if (instrumented) instrumentPostgres(client);
  const db = drizzle(client, { schema }) as unknown as Database;
  const parsed = new URL(url);
  return {
    db,
    kind: 'postgres',
    description: `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    async runRolledBack(text, params) {
      let rows: Record<string, unknown>[] = [];
      await client
        .begin(async (tx) => {
          await tx.unsafe('set transaction read only');
          rows = [...(await tx.unsafe(text, params as never[]))];
          throw ROLLBACK;
        })
        .catch((error: unknown) => {
          if (error !== ROLLBACK) throw error;
        });
      return rows;
    },
    suspectStall: () => watchdog?.suspect() ?? Promise.resolve('alive'),
    async close() {
      watchdog?.close();
      await client.end({ timeout: 5 });
    },
  };
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const extensions = { pg_trgm };
  let client;
  let description = 'PGlite in memory';
  if (dataDir === null) {
    client = await PGlite.create({ extensions });
  } else {
    const absolute = path.resolve(dataDir);
    fs.mkdirSync(absolute, { recursive: true });
    client = await PGlite.create(absolute, { extensions });
    description = `PGlite at ${absolute}`;
  }
  if (instrumented) instrumentPglite(client);
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    description,
    async runRolledBack(text, params) {
      let rows: Record<string, unknown>[] = [];
      await client.transaction(async (tx) => {
        await tx.query('set transaction read only');
        rows = (await tx.query<Record<string, unknown>>(text, params as unknown[])).rows;
        await tx.rollback();
      });
      return rows;
    },
    suspectStall: () => Promise.resolve('alive'),
    close: () => client.close(),
  };
}
