/**
 * npm run dev — the zero-setup start: migrate, seed an empty catalog, then run
 * `next dev`. With REDIS_URL set (and no Upstash URL), it also starts the local
 * Upstash REST bridge in front of that Redis and points the app at it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { migrateDatabase } from '../db/migrate';
import { countProducts, seedProducts } from '../db/seed';
import { loadEnvironment, openDatabaseFromEnv } from './lib/database-from-env';
import { createProgressPrinter } from './lib/progress';
import { startBridge } from './redis-rest-bridge/server';

const env = loadEnvironment();
const port = Number(process.env.PORT) || 3000;

async function prepareDatabase() {
  // PGlite allows one process per data folder, so this closes before Next opens it.
  const handle = await openDatabaseFromEnv(env);
  try {
    await migrateDatabase(handle);
    if ((await countProducts(handle.db)) === 0 && env.SEED_COUNT > 0) {
      const progress = createProgressPrinter('Seeding an empty catalog');
      await seedProducts(handle.db, env.SEED_COUNT, ({ inserted, target }) => progress.update(inserted, target));
      progress.finish();
    }
    console.log(`Database: ${handle.description}`);
  } finally {
    await handle.close();
  }
}

async function startCacheBridgeIfWanted(): Promise<(() => Promise<void>) | null> {
  const redisUrl = process.env.REDIS_URL?.trim();
  if (!redisUrl || env.UPSTASH_REDIS_REST_URL) {
    console.log(env.UPSTASH_REDIS_REST_URL ? `Cache: Upstash REST at ${env.UPSTASH_REDIS_REST_URL}` : 'Cache: in memory (set REDIS_URL or UPSTASH_REDIS_REST_URL to use Redis)');
    return null;
  }
  const bridge = await startBridge({ redisUrl, token: randomBytes(24).toString('hex') });
  process.env.UPSTASH_REDIS_REST_URL = bridge.url;
  process.env.UPSTASH_REDIS_REST_TOKEN = bridge.token;
  console.log(`Cache: Redis at ${redisUrl} through the REST bridge on ${bridge.url}`);
  return bridge.close;
}

await prepareDatabase();
const stopBridge = await startCacheBridgeIfWanted();
console.log(`\n  Catalog ready: http://localhost:${port}\n`);

const next = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'dev', '--port', String(port)], {
  stdio: 'inherit',
  env: process.env,
});

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  next.kill(signal);
  await stopBridge?.();
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
next.on('exit', async (code) => {
  await stopBridge?.();
  process.exit(code ?? 0);
});
