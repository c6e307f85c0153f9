import { sql } from 'drizzle-orm';
import { env, invalidationReplicas } from '@/lib/env';
import type { OutboxBacklog } from '@/lib/products';
import { failureCode, type FailureCode } from '@/lib/health/error-code';
import type { ReadRouter } from '@/lib/products/read-router';
import { serverRoot } from '@/lib/server';

export const dynamic = 'force-dynamic';

interface Check {
  ok: boolean;
  latencyMs: number;
  /** Why it failed, as a stable code (never a class name or a message: those leak or are minified). */
  error?: FailureCode;
}

class CheckTimedOut extends Error {
  override name = 'TimeoutError';
}

/** Runs `check`, giving up after limitMs (the check itself may go on; its answer is then ignored). */
async function timed(check: () => Promise<unknown>, limitMs: number): Promise<Check> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimedOut()), limitMs);
  });
  try {
    await Promise.race([check(), deadline]);
    return { ok: true, latencyMs: latencyMs() };
  } catch (error) {
    return { ok: false, latencyMs: latencyMs(), error: failureCode(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness in the sense a load balancer needs: 200 while this instance can
 * serve pages, 503 only when it cannot (the database is down).
 * - "ok": database and cache answer.
 * - "degraded" (still 200): the cache is down or its circuit is open; pages
 *   come from the database, which is exactly what fail-open promises. Or a
 *   read replica does not answer: its reads go to the primary.
 * - "down" (503): the database does not answer; nothing can be served.
 * Every check is bounded by HEALTH_TIMEOUT_MS (1 s), so the answer comes in
 * about that time whatever is stalled; a stalled database is named with
 * error "timeout", and its connections are probed at once (db/reply-watchdog.ts).
 */
export async function GET() {
  const limitMs = env().HEALTH_TIMEOUT_MS;
  const root = await serverRoot().catch(() => null);
  if (!root) return Response.json({ status: 'down', failed: ['database'], checks: {} }, { status: 503, headers: { 'cache-control': 'no-store' } });
  const { database, cache, repository } = root;
  let replicas: Awaited<ReturnType<ReadRouter['probe']>> | null = null;
  const [databaseCheck, cacheCheck, replicaCheck] = await Promise.all([
    timed(() => database.db.execute(sql`select 1`), limitMs),
    cache ? timed(() => cache.ping(), limitMs) : Promise.resolve(null),
    root.readers ? timed(async () => (replicas = await root.readers!.probe()), limitMs) : Promise.resolve(null),
  ]);
  if (databaseCheck.error === 'timeout') void database.suspectStall().catch(() => undefined);
  let backlog: OutboxBacklog | null = null;
  if (databaseCheck.ok) await timed(async () => (backlog = await repository.invalidationBacklog()), limitMs);
  const checks = {
    database: databaseCheck,
    cache: cacheCheck
      ? {
          ...cacheCheck,
          store: cache!.storeKind,
          // Which Redis: one server, Sentinel or Cluster, and the primaries this process talks to now.
          topology: cache!.storeTopology(),
          circuit: cache!.circuitState(),
          invalidationReplicas: invalidationReplicas(root.config),
          pendingInvalidations: (backlog as OutboxBacklog | null)?.records ?? null,
          invalidationBacklog: backlog,
        }
      : { ok: true, latencyMs: 0, store: 'none', skipped: true },
    // Read replicas (DATABASE_REPLICA_URLS): each one's state and lag; one that does not answer makes
    // this "degraded", not "down", since its reads go to the primary.
    ...(replicaCheck && {
      replicas: {
        ...replicaCheck,
        ok: replicaCheck.ok && ((replicas as Awaited<ReturnType<ReadRouter['probe']>> | null) ?? []).every((replica) => replica.answered),
        replicas,
      },
    }),
  };
  const failed = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  const status = !databaseCheck.ok ? 'down' : failed.length > 0 ? 'degraded' : 'ok';
  return Response.json({ status, failed, checks }, { status: status === 'down' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}
