/**
 * Playwright's web server: the standalone production build over a freshly
 * seeded catalog, with real PostgreSQL and Redis (through the REST bridge)
 * when they answer, or PGlite and the in-memory store when they do not
 * (refused under REQUIRE_SERVICES=1).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseTarget } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { seedProducts } from '../../db/seed';
import { startBridge } from '../../scripts/redis-rest-bridge/server';
import { E2E_ADMIN_PASSWORD } from './credentials';
import { postgresReachable, redisReachable, TEST_DATABASE_URL, TEST_REDIS_URL } from '../../scripts/lib/local-services';

export const E2E_CATALOG_SIZE = 1000;

// Sign-in is on, as in any production build. No proxy is trusted: the sign-in limits count
// the real socket address, so specs play other clients from other loopback addresses.
const E2E_AUTH_ENV = { ADMIN_PASSWORD: E2E_ADMIN_PASSWORD, SESSION_SECRET: randomBytes(32).toString('hex') };

const { values } = parseArgs({ options: { port: { type: 'string', default: '3100' } } });

async function prepareDatabase(): Promise<Record<string, string>> {
  const usePostgres = await postgresReachable();
  const pgliteDir = usePostgres ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-e2e-'));
  const target: DatabaseTarget = usePostgres ? { url: TEST_DATABASE_URL } : { pgliteDir };
  const handle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
    await handle.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts restart identity`);
    await seedProducts(handle.db, E2E_CATALOG_SIZE);
  } finally {
    await handle.close();
  }
  console.log(`[e2e] database: ${usePostgres ? TEST_DATABASE_URL : `PGlite at ${pgliteDir}`}`);
  // Production refuses embedded services unless told otherwise; here they are the intended fallback.
  return usePostgres ? { DATABASE_URL: TEST_DATABASE_URL } : { PGLITE_DATA_DIR: pgliteDir!, ALLOW_EMBEDDED: '1' };
}

async function prepareCache(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  // A fresh prefix per run: nothing cached by an earlier run can leak into this one.
  const prefix = `e2e-${randomBytes(4).toString('hex')}`;
  if (!(await redisReachable())) {
    console.log('[e2e] cache: in memory');
    return { env: { CACHE_PREFIX: prefix, ALLOW_EMBEDDED: '1' }, stop: async () => {} };
  }
  const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomBytes(24).toString('hex') });
  console.log(`[e2e] cache: Redis ${TEST_REDIS_URL} via bridge ${bridge.url}, prefix ${prefix}`);
  return {
    env: { CACHE_PREFIX: prefix, UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token },
    stop: bridge.close,
  };
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
