/**
 * npm run bench — speed measured side by side in one run, reported as ratios.
 *
 * Against real PostgreSQL and Redis (through the REST bridge), on its own
 * database `catalog_bench`, with the standalone production build:
 *   1. the list page (default size and 1000 rows): warm cache vs cache disabled;
 *   2. the data layer's list read: hit vs miss vs direct query, with payload size;
 *   3. cached() on a hit vs a raw store get of the same value;
 *   4. scale: the default page with 1k vs 100k products;
 *   5. the server's peak RSS under load;
 * plus what the dev overlay's instrumentation costs when off.
 * Prints a Markdown table and writes it to bench-results/bench.md.
 *
 *   npm run bench [-- --seconds 4 --runs 3 --connections 16]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { seedProducts } from '../../db/seed';
import { createCache, createUpstashStore } from '../../lib/cache';
import { createProductRepository } from '../../lib/products/repository';
import { ensureOwnDatabase } from '../../test/support/own-database';
import { TEST_REDIS_URL } from '../../test/support/services';
import { startBridge } from '../redis-rest-bridge/server';
import { measureCachedOverhead, measureReadPath } from './data-layer';
import { measureDatabaseShare, measureOutageLatency } from './fail-open';
import { load, peakRssMb, startServer, type LoadResult } from './server';
import { fixed } from './stats';
import { listQuery } from '../../lib/validation/list-query';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
  },
});
const loadOptions = { seconds: Number(values.seconds), runs: Number(values.runs), connections: Number(values.connections) };
const rounds = Number(values.rounds);
const lines: string[] = [];
const say = (line = '') => {
  console.log(line);
  lines.push(line);
};

if (!fs.existsSync('.next/standalone/server.js')) {
  console.log('No production build yet: running npm run build first.');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}

const databaseUrl = await ensureOwnDatabase('catalog_bench');
const database = await openDatabase({ url: databaseUrl, maxConnections: 4 });
const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomBytes(16).toString('hex') });
const store = createUpstashStore({ url: bridge.url, token: bridge.token });
const cacheEnv = { DATABASE_URL: databaseUrl, UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token };

async function seedTo(count: number) {
  await database.db.execute(sql`truncate table products restart identity`);
  await seedProducts(database.db, count);
}

/** Loads one page URL on a cache-on and a cache-off server, one server at a time (2 cores). */
async function pageWithAndWithoutCache(path: string, port: number) {
  const results: Record<'warm' | 'off', LoadResult & { rssMb: number }> = {} as never;
  for (const mode of ['warm', 'off'] as const) {
    const server = await startServer(port, {
      ...cacheEnv,
      // A fresh prefix per server: rows seeded straight into the table never went through invalidation.
      CACHE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
      CACHE_DISABLED: mode === 'off' ? '1' : '0',
    });
    try {
      await fetch(server.url + path); // fill the cache (and warm the JIT) before measuring
      const result = await load(server.url + path, loadOptions);
      results[mode] = { ...result, rssMb: peakRssMb(server.process.pid) };
    } finally {
      await server.stop();
    }
  }
  return results;
}

function pageRow(label: string, results: Awaited<ReturnType<typeof pageWithAndWithoutCache>>) {
  const { warm, off } = results;
  say(
    `| ${label} | ${fixed(warm.requestsPerSecond)} | ${fixed(off.requestsPerSecond)} | **${fixed(warm.requestsPerSecond / off.requestsPerSecond, 2)}** | ${warm.p50} / ${warm.p99} | ${off.p50} / ${off.p99} | ${fixed(Math.max(warm.rssMb, off.rssMb), 0)} |`,
  );
  if (warm.non2xx || off.non2xx) say(`> ${label}: ${warm.non2xx + off.non2xx} non-2xx responses during the runs`);
}

const started = performance.now();
say(`# Benchmark (${new Date().toISOString()})`);
say();
say(`Node ${process.version}, ${loadOptions.connections} connections, median of ${loadOptions.runs} × ${loadOptions.seconds} s runs per cell.`);
say();

// 1 + 5: whole pages over HTTP.
await seedTo(1000);
say('## Pages over HTTP (standalone build; warm Redis cache vs cache disabled)');
say();
say('| Page | warm req/s | no-cache req/s | ratio | warm p50 / p99 ms | no-cache p50 / p99 ms | peak RSS MB |');
say('|---|---|---|---|---|---|---|');
const defaultPage1k = await pageWithAndWithoutCache('/', 3400);
pageRow('/ (50 rows), 1k products', defaultPage1k);
pageRow('/?size=1000 (1000 rows), 1k products', await pageWithAndWithoutCache('/?size=1000', 3400));

// The cache under load and under outage.
say();
const SHARE_TIMEOUT_MS = 50;
say(`## Warm requests served from the database (8 concurrent, 1k products, cache timeout ${SHARE_TIMEOUT_MS} ms; target 0)`);
say();
say('A tight timeout makes a busy event loop visible: the previous wall-clock timeout gave up on replies that had arrived.');
say();
say('| Page | machine | timeout measures | requests | served from the database | share |');
say('|---|---|---|---|---|---|');
const failOpenSetup = { db: database.db, databaseUrl, bridge, port: 3400, seconds: loadOptions.seconds };
for (const row of await measureDatabaseShare(failOpenSetup, ['/', '/?size=1000'], SHARE_TIMEOUT_MS)) {
  const policy = row.policy === 'store' ? 'the store' : 'wall clock (before)';
  say(`| ${row.path} | ${row.machine === 'busy' ? 'both cores busy' : 'quiet'} | ${policy} | ${row.requests} | ${row.databasePages} | **${fixed((100 * row.databasePages) / Math.max(1, row.requests), 1)} %** |`);
}
say();
say('## `/` while Redis is down or hangs (8 concurrent; cache timeout 250 ms)');
say();
say('| Redis | circuit breaker | req/s | p50 ms | p99 ms |');
say('|---|---|---|---|---|');
const outage = await measureOutageLatency(failOpenSetup, 3490);
for (const row of outage) say(`| ${row.mode === 'refuse' ? 'refuses' : 'hangs'} | ${row.breaker ? 'on' : 'off'} | ${fixed(row.requestsPerSecond)} | ${row.p50} | ${row.p99} |`);
for (const mode of ['refuse', 'hang'] as const) {
  const [off, on] = [false, true].map((breaker) => outage.find((row) => row.mode === mode && row.breaker === breaker)!);
  say(`\nRedis ${mode === 'refuse' ? 'down' : 'hanging'}: breaker on ÷ off throughput **${fixed(on!.requestsPerSecond / off!.requestsPerSecond, 2)}**`);
}

// 2 + 3: the read path in process.
say();
say('## Data layer read path (in process, Redis via REST bridge)');
say();
say('| Page size | payload | hit ops/s | miss ops/s | direct SQL ops/s | hit ÷ direct | miss ÷ direct |');
say('|---|---|---|---|---|---|---|');
const cache = createCache({ store, prefix: `bench-read-${randomBytes(4).toString('hex')}` });
for (const size of [50, 1000]) {
  const result = await measureReadPath(database.db, cache, size, rounds);
  say(
    `| ${size} | ${fixed(result.payloadBytes / 1024)} KB | ${fixed(result.hitOps)} | ${fixed(result.missOps)} | ${fixed(result.directOps)} | **${fixed(result.hitOps / result.directOps, 2)}** | ${fixed(result.missOps / result.directOps, 2)} |`,
  );
}
const samplePage = await measureCachedOverheadSample();
say();
say(`cached() hit vs raw store get of the same 50-row value: ${fixed(samplePage.cachedHitOps)} vs ${fixed(samplePage.rawGetOps)} ops/s, overhead ratio (raw ÷ cached) **${fixed(samplePage.rawGetOps / samplePage.cachedHitOps, 2)}**`);
await cache.clear();

async function measureCachedOverheadSample() {
  const repository = createProductRepository({ db: database.db, cache: null, ttlSeconds: 300 });
  const page = await repository.listPage(listQuery({ page: 1, size: 50, q: '' }));
  return measureCachedOverhead(store, page, rounds);
}

// 4: scale.
say();
say('## Scale: the default page with 1k vs 100k products');
say();
const seedStarted = performance.now();
await seedTo(100_000);
say(`Seeded 100,000 products in ${fixed((performance.now() - seedStarted) / 1000)} s (batched inserts).`);
say();
say('| Page | warm req/s | no-cache req/s | ratio | warm p50 / p99 ms | no-cache p50 / p99 ms | peak RSS MB |');
say('|---|---|---|---|---|---|---|');
pageRow('/ (50 rows), 1k products (from above)', defaultPage1k);
const defaultPage100k = await pageWithAndWithoutCache('/', 3400);
pageRow('/ (50 rows), 100k products', defaultPage100k);
say();
say(
  `100k ÷ 1k throughput: warm ${fixed(defaultPage100k.warm.requestsPerSecond / defaultPage1k.warm.requestsPerSecond, 2)}, no cache ${fixed(defaultPage100k.off.requestsPerSecond / defaultPage1k.off.requestsPerSecond, 2)}`,
);

// The overlay's instrumentation when off (its own side-by-side script).
say();
say('## Dev overlay instrumentation cost');
say();
const overlay = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/overlay-overhead.ts'], { encoding: 'utf8' });
say('```');
say((overlay.stdout || overlay.stderr).trim());
say('```');

say();
say(`Total benchmark time: ${fixed((performance.now() - started) / 1000, 0)} s`);

fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/bench.md', `${lines.join('\n')}\n`);
console.log('\nWritten to bench-results/bench.md');

await database.db.execute(sql`truncate table products restart identity`);
await store.close();
await bridge.close();
await database.close();
