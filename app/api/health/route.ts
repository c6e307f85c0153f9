import { sql } from 'drizzle-orm';
import { failureCode, type FailureCode } from '@/lib/health/error-code';
import { productRepository } from '@/lib/products';
import { services } from '@/lib/services';

export const dynamic = 'force-dynamic';

interface Check {
  ok: boolean;
  latencyMs: number;
  /** Why it failed, as a stable code (never a class name or a message: those leak or are minified). */
  error?: FailureCode;
}

async function timed(check: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await check();
    return { ok: true, latencyMs: latencyMs() };
  } catch (error) {
    return { ok: false, latencyMs: latencyMs(), error: failureCode(error) };
  }
}

/**
 * Readiness in the sense a load balancer needs: 200 while this instance can
 * serve pages, 503 only when it cannot (the database is down).
 * - "ok": database and cache answer.
 * - "degraded" (still 200): the cache is down or its circuit is open; pages
 *   come from the database, which is exactly what fail-open promises.
 * - "down" (503): the database does not answer; nothing can be served.
 * The cache check is one store round trip bounded by CACHE_TIMEOUT_MS.
 */
export async function GET() {
  const { database, cache } = services();
  const [databaseCheck, cacheCheck] = await Promise.all([
    timed(async () => (await database).db.execute(sql`select 1`)),
    cache ? timed(() => cache.ping()) : Promise.resolve(null),
  ]);
  const pendingInvalidations = databaseCheck.ok ? await (await productRepository()).pendingInvalidations().catch(() => null) : null;
  const checks = {
    database: databaseCheck,
    cache: cacheCheck
      ? { ...cacheCheck, store: cache!.storeKind, circuit: cache!.circuitState(), pendingInvalidations }
      : { ok: true, latencyMs: 0, store: 'none', skipped: true },
  };
  const failed = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  const status = !databaseCheck.ok ? 'down' : failed.length > 0 ? 'degraded' : 'ok';
  return Response.json({ status, failed, checks }, { status: status === 'down' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}
