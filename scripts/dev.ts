/**
 * npm run dev — the zero-setup start: migrate, seed an empty catalog, then run
 * `next dev`. With REDIS_URL set (and no Upstash URL), it also starts the local
 * Upstash REST bridge in front of that Redis and points the app at it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../db/migrate';
import { countProducts, seedProducts } from '../db/seed';
import { loadEnvironment, openDatabaseFromEnv } from './lib/database-from-env';
import { createProgressPrinter } from './lib/progress';
import { startBridge } from './redis-rest-bridge/server';

const USAGE = `Usage: npm run dev [-- --port 3000] [-- --hostname 0.0.0.0]
  -p, --port       port to listen on (default: PORT, else 3000)
  -H, --hostname   address to listen on (default: every interface)`;

function readArguments() {
  try {
    return parseArgs({
      options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const args = readArguments();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(args.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a number from 1 to 65535, got ${args.port ?? process.env.PORT}\n\n${USAGE}`);
  process.exit(2);
}
const env = loadEnvironment();

/** This machine's non-loopback IPv4 addresses: where `next dev` can be reached from a phone. */
function networkAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((address): address is os.NetworkInterfaceInfo => Boolean(address && address.family === 'IPv4' && !address.internal))
    .map((address) => address.address);
}

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
const addresses = networkAddresses();
console.log(`\n  Catalog ready: http://localhost:${port}  (also http://127.0.0.1:${port}${addresses.map((address) => `, http://${address}:${port}`).join('')})\n`);

const nextArgs = ['node_modules/next/dist/bin/next', 'dev', '--port', String(port), ...(args.hostname ? ['--hostname', args.hostname] : [])];
// next.config.mjs lets these origins load the dev server's resources (Next 16 blocks other origins).
const next = spawn(process.execPath, nextArgs, {
  stdio: 'inherit',
  env: { ...process.env, DEV_ALLOWED_ORIGINS: ['127.0.0.1', ...addresses, ...(args.hostname ? [args.hostname] : [])].join(',') },
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
