import { sql } from 'drizzle-orm';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

interface Check {
  ok: boolean;
  latencyMs: number;
  /** The failing error's class only: messages can carry connection strings or tokens. */
  error?: string;
  /** A dependency not configured (the cache, when CACHE_DISABLED=1). */
  skipped?: true;
}

async function timed(check: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await check();
    return { ok: true, latencyMs: latencyMs() };
  } catch (error) {
    return { ok: false, latencyMs: latencyMs(), error: error instanceof Error ? error.name : 'Error' };
  }
}

/**
 * 200 when every dependency answers, 503 naming the ones that do not. The
 * cache check is one store round trip bounded by CACHE_TIMEOUT_MS. A cache
 * failure makes the app degraded (pages come from the database), not down,
 * but a load balancer or operator still needs to know.
 */
export async function GET() {
  const { database, cache } = runtime();
  const [databaseCheck, cacheCheck] = await Promise.all([
    timed(async () => (await database).db.execute(sql`select 1`)),
    cache ? timed(() => cache.ping()) : Promise.resolve<Check>({ ok: true, latencyMs: 0, skipped: true }),
  ]);
  const checks = { database: databaseCheck, cache: { ...cacheCheck, store: cache?.storeKind ?? 'none' } };
  const failed = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  return Response.json(
    { status: failed.length === 0 ? 'ok' : 'degraded', failed, checks },
    { status: failed.length === 0 ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
