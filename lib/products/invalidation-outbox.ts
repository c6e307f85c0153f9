/**
 * The invalidation outbox (the transactional outbox pattern; the idea behind
 * Facebook's commit-log-driven invalidation, mcsqueal): the database, not a
 * process's memory, remembers which cache namespaces committed writes have
 * left stale, so a failed invalidation survives the writer's crash and is
 * visible to every process.
 *
 * - A write records its namespace in its own transaction (record()).
 * - After the commit it moves the namespace's generation and deletes its
 *   record (complete()). If the cache fails, the record stays.
 * - drain() completes every record: one indexed read, one generation move per
 *   namespace, one delete. The sweep runs it every second; a process also
 *   runs it at start-up and after any store failure, before it serves a
 *   cached read again (cacheUsable()).
 *
 * - With Redis replicas (CacheOptions.replication), a record also stays
 *   until a replica acknowledged the invalidation: a primary that dies first
 *   takes it along, and the promoted replica still holds the old generation.
 *   The record keeps the retirement's token (its marker in Redis), and every
 *   drain redoes it on whatever primary there is now: a primary that holds
 *   the marker keeps its newer generation (no live entries thrown away each
 *   second); one that lacks it (a promoted replica, the other side of a split
 *   between primaries) retires whatever is current. Until a replica has it. A process that lost its connection (a failover) drains before its
 *   next cached read, like one that saw a failure.
 *
 * The guarantee under faults, G1 being "no read that starts after a write was
 * acknowledged returns data older than that write":
 * - G1 holds in every process that observed the fault (a failed store call,
 *   a lost connection, or its own failed invalidation): from then on it reads
 *   the namespace from the database until a drain has completed every
 *   recorded invalidation.
 * - Any other process sees the write at most one sweep interval after the
 *   cache is reachable again (its sweep completes the record), instead of
 *   after the entry TTL.
 */
import { and, asc, count, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cacheInvalidations } from '@/db/schema';
import type { InvalidateOptions, InvalidationReceipt } from '@/lib/cache';
import { describeError } from '@/lib/describe-error';

/** What the cache offers for invalidation: a namespace's entries made unreachable at once (lib/cache's invalidate). */
export interface Invalidator {
  invalidate(namespace: string, options?: InvalidateOptions): Promise<InvalidationReceipt>;
}

/** 'pending-retry': the write committed, but the cache could not be told yet (the outbox will). */
export type InvalidationOutcome = 'done' | 'pending-retry';

/**
 * How a repository makes committed writes visible through the cache. The
 * outbox below is the design; test code supplies deliberately broken ones
 * (test/support/doubles) to show that the checkers catch them.
 */
export interface InvalidationDesign {
  /** Inside the write's transaction: remember that `namespace` must be invalidated once it commits. */
  record(tx: Database, namespace: string): Promise<number | null>;
  /** After the commit: make the write visible; 'pending-retry' when the cache could not be told yet. */
  complete(recordId: number | null, namespace: string): Promise<InvalidationOutcome>;
  /**
   * Whether a read of `namespace` may use the cache now (false: read the
   * database). A boolean when it is known at once (every read but the first
   * after a missed invalidation): the page cache's hits ask on every request.
   */
  cacheUsable(namespace: string): boolean | Promise<boolean>;
  /** Completes every pending invalidation it can; returns how many remain. */
  drain(): Promise<number>;
  /** Runs drain() every intervalMs (timer unref'd); returns the function that stops it. */
  startSweeping(intervalMs: number): () => void;
  /** Invalidations still waiting (for health reports). */
  pendingCount(): Promise<number>;
  /** The outbox's records, and the oldest one's age in seconds (null when empty), for health and metrics. */
  backlog(): Promise<OutboxBacklog>;
}

export interface OutboxBacklog {
  records: number;
  oldestAgeSeconds: number | null;
  /** Of those, records applied on the primary but not yet acknowledged by enough replicas. */
  unreplicated: number;
}

export interface OutboxCache extends Invalidator {
  /** Every failed store call and lost connection: this process may have missed an invalidation (lib/cache's onStoreFailure). */
  onStoreFailure(listener: () => void): () => void;
}

/** The outbox: records in the write's transaction; complete() moves the generation and deletes the record, which stays for any process on failure. */
export interface InvalidationOutbox extends InvalidationDesign {
  record(tx: Database, namespace: string): Promise<number>;
}

export interface OutboxOptions {
  db: Database;
  cache: OutboxCache;
  log?: (message: string) => void;
  /** A read triggers at most one drain per this many ms while the cache is failing. Default 200. */
  minDrainGapMs?: number;
  /** Monotonic ms. Default performance.now. */
  now?: () => number;
  /** How long a read that needs a drain waits for it before reading the database instead. Default 1000 ms. */
  drainWaitMs?: number;
}

const DRAIN_BATCH = 500;

export function createInvalidationOutbox(options: OutboxOptions): InvalidationOutbox {
  const { db, cache } = options;
  const log = options.log ?? ((message: string) => console.error(message));
  const now = options.now ?? (() => performance.now());
  const minDrainGapMs = options.minDrainGapMs ?? 200;
  const drainWaitMs = options.drainWaitMs ?? 1000;

  // A fresh process has seen nothing: it drains before its first cached read.
  let mustDrain = true;
  let failures = 0;
  const pending = new Set<string>();
  let draining: Promise<number> | null = null;
  let lastDrainAt = Number.NEGATIVE_INFINITY;

  const noteFailure = () => {
    failures += 1;
    mustDrain = true;
  };
  cache.onStoreFailure(noteFailure);

  /** Marks records applied on the current primary but not replicated: redone by their retirement's token until a replica has it. */
  async function keepUnreplicated(ids: number[], token: string | null): Promise<void> {
    if (ids.length === 0 || token === null) return;
    await db
      .update(cacheInvalidations)
      .set({ retireToken: token })
      .where(and(inArray(cacheInvalidations.id, ids), isNull(cacheInvalidations.retireToken)));
  }

  /**
   * Completes one namespace's records on the current primary. Records not yet
   * applied anywhere (no token) retire whatever is current, which also covers
   * the others on this primary; records applied before are redone by their
   * tokens (retired again only where one is missing). Deletes them all once
   * replicated.
   */
  async function completeNamespace(namespace: string, records: ReadonlyArray<{ id: number; retireToken: string | null }>): Promise<'replicated' | 'unreplicated'> {
    const unapplied = records.filter((record) => record.retireToken === null).map((record) => record.id);
    const tokens = [...new Set(records.map((record) => record.retireToken).filter((token): token is string => token !== null))];
    // Every record read here committed before this moves the generation.
    const receipt = await cache.invalidate(namespace, unapplied.length > 0 ? {} : { redo: tokens });
    if (!receipt.replicated) {
      await keepUnreplicated(unapplied, receipt.token);
      return 'unreplicated';
    }
    await db.delete(cacheInvalidations).where(inArray(cacheInvalidations.id, records.map((record) => record.id)));
    return 'replicated';
  }

  async function drainOnce(): Promise<number> {
    const failuresAtStart = failures;
    lastDrainAt = now();
    let remaining = 0;
    const stillPending = new Set<string>();
    // By id, batch after batch: records that only wait for a replica never hide newer ones.
    for (let afterId = 0, batch = DRAIN_BATCH; batch === DRAIN_BATCH; ) {
      const records = await db
        .select({ id: cacheInvalidations.id, namespace: cacheInvalidations.namespace, retireToken: cacheInvalidations.retireToken })
        .from(cacheInvalidations)
        .where(gt(cacheInvalidations.id, afterId))
        .orderBy(asc(cacheInvalidations.id))
        .limit(DRAIN_BATCH);
      batch = records.length;
      afterId = records.at(-1)?.id ?? afterId;
      const byNamespace = new Map<string, typeof records>();
      for (const record of records) byNamespace.set(record.namespace, [...(byNamespace.get(record.namespace) ?? []), record]);
      for (const [namespace, ofNamespace] of byNamespace) {
        try {
          if ((await completeNamespace(namespace, ofNamespace)) === 'unreplicated') remaining += ofNamespace.length;
        } catch {
          stillPending.add(namespace);
          remaining += ofNamespace.length;
        }
      }
    }
    for (const namespace of stillPending) pending.add(namespace);
    // A failure during this drain may have hidden a record it did not see: it proves nothing then.
    if (failures === failuresAtStart) {
      for (const namespace of pending) if (!stillPending.has(namespace)) pending.delete(namespace);
      mustDrain = false;
    }
    return remaining;
  }

  function drain(): Promise<number> {
    draining ??= drainOnce().finally(() => {
      draining = null;
    });
    return draining;
  }

  return {
    async record(tx, namespace) {
      const [row] = await tx.insert(cacheInvalidations).values({ namespace }).returning({ id: cacheInvalidations.id });
      return row!.id;
    },

    async complete(recordId, namespace) {
      if (recordId === null) return 'done';
      let receipt: InvalidationReceipt;
      try {
        receipt = await cache.invalidate(namespace);
      } catch {
        pending.add(namespace);
        noteFailure();
        log(`cache invalidation of "${namespace}" failed after a committed write; it stays in the outbox and any process completes it (reads here use the database until then)`);
        return 'pending-retry';
      }
      // The primary has it, so every reader does; until a replica has it too, the record stays
      // for a redo on the next primary. If this write fails, a later drain retires whatever is current.
      if (!receipt.replicated) {
        await keepUnreplicated([recordId], receipt.token).catch(() => undefined);
        return 'done';
      }
      // The generation moved after the commit: the record is done. If this delete fails, a later drain moves it again.
      await db
        .delete(cacheInvalidations)
        .where(inArray(cacheInvalidations.id, [recordId]))
        .catch(() => undefined);
      return 'done';
    },

    cacheUsable(namespace) {
      // Only a process that may have missed an invalidation waits for a drain, and never
      // longer than drainWaitMs: a stalled database must not hold up a read the cache could serve.
      if (mustDrain && (draining || now() - lastDrainAt >= minDrainGapMs)) {
        const waited = drain().catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        return Promise.race([waited, new Promise<void>((resolve) => (timer = setTimeout(resolve, drainWaitMs)))]).then(() => {
          clearTimeout(timer);
          return !mustDrain && !pending.has(namespace);
        });
      }
      return !mustDrain && !pending.has(namespace);
    },

    drain,

    startSweeping(intervalMs) {
      const timer = setInterval(() => {
        drain().catch((error: unknown) => log(`invalidation sweep failed: ${describeError(error)}`));
      }, intervalMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },

    async pendingCount() {
      const [row] = await db.select({ records: count() }).from(cacheInvalidations);
      return row?.records ?? 0;
    },

    async backlog() {
      const [row] = await db
        .select({
          records: count(),
          unreplicated: count(cacheInvalidations.retireToken),
          // mapWith: the expression names created_at, whose own decoder (a timestamp) must not apply.
          oldestAgeSeconds: sql<number | null>`extract(epoch from now() - min(${cacheInvalidations.createdAt}))::float8`.mapWith((value: unknown) => (value === null ? null : Number(value))),
        })
        .from(cacheInvalidations);
      return { records: row?.records ?? 0, unreplicated: row?.unreplicated ?? 0, oldestAgeSeconds: row?.oldestAgeSeconds ?? null };
    },
  };
}
