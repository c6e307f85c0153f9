import { sql } from 'drizzle-orm';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    // The error's class only: messages can carry connection strings.
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.name : 'Error' };
  }
}

/** 200 when every dependency answers, 503 naming the one that does not. */
export async function GET() {
  const { database } = runtime();
  const checks = {
    database: await timed(async () => (await database).db.execute(sql`select 1`)),
  };
  const healthy = Object.values(checks).every((check) => check.ok);
  return Response.json({ status: healthy ? 'ok' : 'degraded', checks }, { status: healthy ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
