/**
 * Reads from PostgreSQL streaming replicas that cannot be stale.
 *
 * Replication is asynchronous, and a cache in front of a replica has a trap:
 * after a write moves the generation, a miss filled from a replica that has
 * not replayed the write stores the old rows under the new generation, and
 * every process serves them until the TTL. The rule here: a read may go to a
 * replica only once that replica has replayed everything the primary had
 * written when the read began (`pg_current_wal_lsn()` on the primary, then
 * `pg_last_wal_replay_lsn()` on the replica). Every write acknowledged before
 * the read began committed below that position, so the replica's answer
 * includes it: fills, reads that bypass the cache during an outage, and an
 * editor's read of their own write alike, with one rule and no token to carry.
 * The price is one small primary query (no table is read) per routed read,
 * and a transaction around the replica's query.
 *
 * A replica's replay position only grows while it runs, so the last one seen
 * picks the replica without asking; the query itself then runs in a
 * transaction that checks the position first, on the same connection, so a
 * replica that restarted (and went back) since is caught, never believed. A replica that
 * is behind gets up to `waitMs` to catch up, then the primary answers and the
 * replica sits out `restMs`; one that fails sits out too. Its figures are kept
 * for health and metrics (status()).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

export interface ReplicaTarget {
  /** How health and metrics name it: host:port/database, no credentials. */
  name: string;
  db: Database;
}

export interface ReadRouterOptions {
  primary: Database;
  replicas: readonly ReplicaTarget[];
  /** The longest a read waits for a replica to replay far enough, in ms; then the primary answers. */
  waitMs: number;
  /** How long a replica that was behind past waitMs, or failed, is left out, in ms. */
  restMs: number;
  /** How often a waiting read asks the replica again, in ms. */
  pollMs?: number;
  /** Where a failing replica is reported; default console.warn. */
  log?: (message: string) => void;
  /** Told where each routed read went (metrics). */
  onRoute?: (target: 'replica' | 'primary', reason: RouteReason) => void;
}

/** Why a read went where it did. */
export type RouteReason = 'caught-up' | 'behind' | 'resting' | 'failed' | 'no-replica';

export interface ReplicaStatus {
  name: string;
  /** 'in-rotation', or 'resting' (behind past the wait, or failing) until restingUntil. */
  state: 'in-rotation' | 'resting';
  /** The last replay position seen, as PostgreSQL prints it (X/Y); null before the first answer. */
  replayLsn: string | null;
  /** Bytes of WAL the replica was behind the primary when last compared; null before. */
  lagBytes: number | null;
  /** Why it rests: 'behind' or the error's message. */
  lastProblem: string | null;
}

export interface ReadRouter {
  /**
   * Runs `query` on a replica that has replayed every write acknowledged before
   * this call, or on the primary. A replica's failure is not the caller's: the
   * query runs again on the primary. Errors: whatever the primary's run throws.
   */
  read<T>(query: (db: Database) => Promise<T>): Promise<T>;
  /** What the last reads saw of each replica (no query). */
  status(): ReplicaStatus[];
  /**
   * Asks each replica now how far it has replayed, against the primary's
   * position (health): its status, with `answered` false when it did not
   * answer (the error's message in lastProblem). Routing is not changed.
   */
  probe(): Promise<Array<ReplicaStatus & { answered: boolean }>>;
}

/** pg_lsn text (hex "X/Y") as one number of bytes, exact in a bigint. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: ${JSON.stringify(text)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

interface ReplicaState extends ReplicaTarget {
  replayed: bigint | null;
  replayText: string | null;
  lagBytes: number | null;
  restingUntil: number;
  lastProblem: string | null;
}

const BEHIND = Symbol('behind');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function lsnOf(db: Database, statement: ReturnType<typeof sql>): Promise<string | null> {
  const rows = (await db.execute(statement)) as unknown as Array<{ lsn: string | null }>;
  return rows[0]?.lsn ?? null;
}

/** With no replicas, every read goes to the primary and nothing is asked first. */
export function createReadRouter(options: ReadRouterOptions): ReadRouter {
  const { primary, waitMs, restMs, pollMs = 5 } = options;
  const log = options.log ?? ((message: string) => console.warn(message));
  const replicas: ReplicaState[] = options.replicas.map((target) => ({ ...target, replayed: null, replayText: null, lagBytes: null, restingUntil: 0, lastProblem: null }));
  let turn = 0;

  const rest = (replica: ReplicaState, problem: string) => {
    if (replica.lastProblem === null || replica.restingUntil < Date.now()) log(`[replicas] ${replica.name} out of rotation for ${restMs} ms: ${problem}`);
    replica.restingUntil = Date.now() + restMs;
    replica.lastProblem = problem;
  };

  /** Asks the replica how far it has replayed; remembers the answer (it only grows). */
  async function refresh(replica: ReplicaState, required: bigint): Promise<void> {
    const text = await lsnOf(replica.db, sql`select pg_last_wal_replay_lsn()::text as lsn`);
    if (text === null) throw new Error('not a replica (pg_last_wal_replay_lsn() is null)');
    const replayed = parseLsn(text);
    if (replica.replayed === null || replayed > replica.replayed) {
      replica.replayed = replayed;
      replica.replayText = text;
    }
    replica.lagBytes = Number(required > replica.replayed ? required - replica.replayed : 0n);
  }

  /** A replica that has replayed `required` within the wait, or the reason there is none. */
  async function caughtUp(required: bigint): Promise<ReplicaState | RouteReason> {
    const now = Date.now();
    const candidates = replicas.filter((replica) => replica.restingUntil <= now);
    if (candidates.length === 0) return 'resting';
    const start = turn++ % candidates.length;
    const ordered = [...candidates.slice(start), ...candidates.slice(0, start)];
    // The remembered positions first: no round trip when one is far enough already.
    const known = ordered.find((replica) => replica.replayed !== null && replica.replayed >= required);
    if (known) return known;
    const deadline = performance.now() + waitMs;
    const failed = new Set<ReplicaState>();
    for (;;) {
      for (const replica of ordered) {
        if (failed.has(replica)) continue;
        try {
          await refresh(replica, required);
        } catch (error) {
          failed.add(replica);
          rest(replica, error instanceof Error ? error.message : String(error));
          continue;
        }
        if (replica.replayed! >= required) {
          replica.lastProblem = null;
          return replica;
        }
      }
      if (failed.size === ordered.length) return 'failed';
      if (performance.now() + pollMs > deadline) break;
      await sleep(pollMs);
    }
    for (const replica of ordered) if (!failed.has(replica)) rest(replica, 'behind');
    return 'behind';
  }

  /** The check and the query on one connection, in one transaction: a replica restarted in between cannot answer. */
  async function onReplica<T>(replica: ReplicaState, required: bigint, query: (db: Database) => Promise<T>): Promise<T | typeof BEHIND> {
    return replica.db.transaction(async (tx) => {
      const text = await lsnOf(tx, sql`select pg_last_wal_replay_lsn()::text as lsn`);
      if (text === null || parseLsn(text) < required) {
        replica.replayed = null; // it went back (a restart): ask again next time
        return BEHIND;
      }
      return query(tx);
    });
  }

  async function read<T>(query: (db: Database) => Promise<T>): Promise<T> {
    if (replicas.length === 0) {
      options.onRoute?.('primary', 'no-replica');
      return query(primary);
    }
    const position = await lsnOf(primary, sql`select pg_current_wal_lsn()::text as lsn`);
    const required = parseLsn(position ?? '0/0');
    const chosen = await caughtUp(required);
    if (typeof chosen === 'string') {
      options.onRoute?.('primary', chosen);
      return query(primary);
    }
    let result: T | typeof BEHIND;
    try {
      result = await onReplica(chosen, required, query);
    } catch (error) {
      // A replica's trouble (gone, restarting, a query cancelled by replay) is retried on the primary.
      chosen.replayed = null;
      rest(chosen, error instanceof Error ? error.message : String(error));
      options.onRoute?.('primary', 'failed');
      return query(primary);
    }
    if (result === BEHIND) {
      options.onRoute?.('primary', 'behind');
      return query(primary);
    }
    options.onRoute?.('replica', 'caught-up');
    return result;
  }

  function status(): ReplicaStatus[] {
    const now = Date.now();
    return replicas.map((replica) => ({
      name: replica.name,
      state: replica.restingUntil > now ? 'resting' : 'in-rotation',
      replayLsn: replica.replayText,
      lagBytes: replica.lagBytes,
      lastProblem: replica.restingUntil > now ? replica.lastProblem : null,
    }));
  }

  async function probe(): Promise<Array<ReplicaStatus & { answered: boolean }>> {
    const required = parseLsn((await lsnOf(primary, sql`select pg_current_wal_lsn()::text as lsn`)) ?? '0/0');
    const answers = await Promise.all(
      replicas.map((replica) =>
        refresh(replica, required).then(
          () => null,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
      ),
    );
    return status().map((replica, index) => ({ ...replica, answered: answers[index] === null, lastProblem: answers[index] ?? replica.lastProblem }));
  }

  return { read, status, probe };
}
