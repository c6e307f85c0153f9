/**
 * Playwright's web server: the standalone production build over a freshly
 * seeded catalog, with real PostgreSQL and Redis when they answer, or PGlite
 * and the in-memory store when they do not (refused under REQUIRE_SERVICES=1).
 *
 * It touches only what it owns: a database of its own, `catalog_e2e_<port>`
 * (created when missing, beside TEST_DATABASE_URL's, and emptied at each
 * start), never the database TEST_DATABASE_URL names; and a fresh Redis key
 * prefix, whose keys it deletes when it stops. The cache is the native Redis
 * store (REDIS_URL), the production default.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import Redis from 'ioredis';
import { openDatabase, type DatabaseTarget } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { seedProducts } from '../../db/seed';
import { addEditor } from '../../lib/auth/editors';
import { E2E_ADMIN_PASSWORD, E2E_EDITORS } from './credentials';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, TEST_REDIS_URL } from '../../scripts/lib/local-services';

export const E2E_CATALOG_SIZE = 1000;

// Sign-in is on, as in any production build. No proxy is trusted: the sign-in limits count
// the real socket address, so specs play other clients from other loopback addresses.
const E2E_AUTH_ENV = { ADMIN_PASSWORD: E2E_ADMIN_PASSWORD, SESSION_SECRET: randomBytes(32).toString('hex') };

const { values } = parseArgs({ options: { port: { type: 'string', default: '3100' } } });

async function prepareDatabase(): Promise<Record<string, string>> {
  const usePostgres = await postgresReachable();
  const databaseUrl = usePostgres ? await ensureOwnDatabase(`catalog_e2e_${values.port}`) : null;
  const pgliteDir = usePostgres ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-e2e-'));
  const target: DatabaseTarget = databaseUrl ? { url: databaseUrl } : { pgliteDir };
  const handle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
    await handle.db.execute(
      sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts, form_flashes, change_actions, product_changes, editors restart identity cascade`,
    );
    await seedProducts(handle.db, E2E_CATALOG_SIZE);
    for (const [name, password] of Object.entries(E2E_EDITORS)) await addEditor(handle.db, name, password);
  } finally {
    await handle.close();
  }
  console.log(`[e2e] database: ${databaseUrl ?? `PGlite at ${pgliteDir}`}`);
  // Production refuses embedded services unless told otherwise; here they are the intended fallback.
  return databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DATA_DIR: pgliteDir!, ALLOW_EMBEDDED: '1' };
}

/** Deletes every key under `prefix` (SCAN, never FLUSH: the Redis may be shared). */
async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch (error) {
    console.error(`[e2e] could not delete the keys under ${prefix}: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

async function prepareCache(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  // A fresh prefix per run: nothing cached by an earlier run can leak into this one.
  const prefix = `e2e-${randomBytes(4).toString('hex')}`;
  if (!(await redisReachable())) {
    console.log('[e2e] cache: in memory');
    return { env: { CACHE_PREFIX: prefix, ALLOW_EMBEDDED: '1' }, stop: async () => {} };
  }
  console.log(`[e2e] cache: Redis ${TEST_REDIS_URL} (native store), prefix ${prefix}`);
  return { env: { CACHE_PREFIX: prefix, REDIS_URL: TEST_REDIS_URL }, stop: () => deletePrefix(prefix) };
}

const databaseEnv = await prepareDatabase();
const cache = await prepareCache();

// Same process group as this script, so Playwright's shutdown of the group ends Next too.
// The standalone server through `npm start`'s script: the same thing a deployment runs.
const next = spawn(process.execPath, ['scripts/start.mjs'], {
  stdio: 'inherit',
  env: { ...process.env, ...databaseEnv, ...cache.env, ...E2E_AUTH_ENV, NODE_ENV: 'production', PORT: values.port!, HOSTNAME: '127.0.0.1' },
});
const shutdown = (signal: NodeJS.Signals) => next.kill(signal);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
next.on('exit', async (code) => {
  await cache.stop();
  process.exit(code ?? 0);
});
