/**
 * npm run dev — the zero-setup start: migrate, seed an empty catalog, then run
 * `next dev` behind the server entry (scripts/server-entry.mjs).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../db/migrate';
import { countProducts, seedProducts } from '../db/seed';
import { PRODUCTS_NAMESPACE } from '../lib/products/keys';
import { loadEnvironment, openDatabaseFromEnv } from './lib/database-from-env';
import { createProgressPrinter } from './lib/progress';
import { describeError } from '../lib/describe-error';

const USAGE = `Usage: npm run dev [-- --port 3000] [-- --hostname 0.0.0.0]
  -p, --port       port to listen on (default: PORT, else 3000)
  -H, --hostname   address to listen on (default: 127.0.0.1, this machine only;
                   0.0.0.0 opens it to your network, e.g. to try it on a phone)`;

function readArguments() {
  try {
    return parseArgs({
      options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${describeError(error)}\n\n${USAGE}`);
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
      await seedProducts(handle.db, env.SEED_COUNT, { onProgress: ({ inserted, target }) => progress.update(inserted, target), invalidateNamespace: PRODUCTS_NAMESPACE });
      progress.finish();
    }
    console.log(`Database: ${handle.description}`);
  } finally {
    await handle.close();
  }
}

function describeCache(): string {
  if (env.CACHE_DISABLED) return 'Cache: off (CACHE_DISABLED)';
  if (env.UPSTASH_REDIS_REST_URL) return `Cache: Upstash REST at ${env.UPSTASH_REDIS_REST_URL}`;
  if (env.REDIS_URL) return `Cache: Redis at ${env.REDIS_URL}`;
  if (env.REDIS_SENTINELS) return `Cache: Redis primary "${env.REDIS_SENTINEL_MASTER}" through the sentinels at ${env.REDIS_SENTINELS.map(({ host, port }) => `${host}:${port}`).join(', ')}`;
  if (env.REDIS_CLUSTER_NODES) return `Cache: Redis Cluster seeded by ${env.REDIS_CLUSTER_NODES.map(({ host, port }) => `${host}:${port}`).join(', ')}`;
  return 'Cache: in memory (set REDIS_URL or UPSTASH_REDIS_REST_URL to use Redis)';
}

await prepareDatabase();
console.log(describeCache());
// Loopback unless asked (as Django's runserver): in development anyone who reaches the
// server may write without signing in and use the overlay's tools (EXPLAIN, cache.clear()).
const hostname = args.hostname ?? '127.0.0.1';
const exposed = !['127.0.0.1', 'localhost', '::1'].includes(hostname);
const addresses = exposed ? networkAddresses() : [];
console.log(`\n  Catalog ready: http://localhost:${port}  (also http://127.0.0.1:${port}${addresses.map((address) => `, http://${address}:${port}`).join('')})`);
console.log(
  exposed
    ? `  Listening on ${hostname}: anyone who can reach it may edit the catalog (no sign-in in development unless AUTH_REQUIRED=1) and use the dev overlay's tools.\n`
    : '  This machine only; `npm run dev -- --hostname 0.0.0.0` opens it to your network (a phone, say).\n',
);

const nextArgs = ['node_modules/next/dist/bin/next', 'dev', '--port', String(port), '--hostname', hostname];
// The same server entry as production (client address, statuses, the page cache), loaded
// into next dev's processes; NODE_OPTIONS reaches the server process next dev forks.
const entryHook = `--import=${pathToFileURL(path.resolve(import.meta.dirname, 'dev-entry-hook.mjs')).href}`;
const next = spawn(process.execPath, nextArgs, {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, entryHook].filter(Boolean).join(' '),
    // next.config.mjs lets these origins load the dev server's resources (Next 16 blocks other origins).
    DEV_ALLOWED_ORIGINS: [...new Set(['127.0.0.1', ...addresses, hostname])].join(','),
  },
});

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  next.kill(signal);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
next.on('exit', (code) => process.exit(code ?? 0));
