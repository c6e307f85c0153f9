/**
 * npm run bench — speed measured side by side in one run, reported as ratios
 * against the targets of issue 13.
 *
 * Against real PostgreSQL and Redis, on a database of its own, with the
 * standalone production build and `npm start`'s entry (worker processes):
 *   1. pages at 1k and 100k products: page cache vs data cache only vs no cache
 *      (page-cache hit vs render, and warm vs off);
 *   2. 1 worker vs one per core;
 *   3. the share of warm requests answered by the database (target 0), and
 *      page latency while Redis is down;
 *   4. the data layer's read path and cached()'s own cost, in process, the
 *      three stores side by side (hit, miss, invalidate), and the Redis
 *      topologies (one server, Sentinel, Cluster): warm reads, and a write's
 *      acknowledgement with and without waiting for a replica;
 *   5. a PostgreSQL read replica (started here): uncached search and deep
 *      page, and a warm page, with the primary alone and with the replica;
 * plus what the dev overlay's instrumentation costs when off.
 * Prints Markdown and writes it to bench-results/bench.md.
 *
 *   npm run bench [-- --seconds 4 --runs 3 --connections 16 --port 3400 --database catalog_bench --store redis]
 *     --port      first of the ports it uses (BENCH_PORT; also port+90 for a proxy)
 *     --database  its own database, created if missing (BENCH_DATABASE)
 *     --store     the servers' cache store: redis (native, default) or upstash (REST bridge)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { seedProducts } from '../../db/seed';
import { createCache, createRedisStore, createUpstashStore } from '../../lib/cache';
import { createProductRepository } from '../../lib/products/repository';
import { listQuery } from '../../lib/validation/list-query';
import { ensureOwnDatabase } from '../lib/own-database';
import { TEST_REDIS_URL } from '../lib/local-services';
import { startBridge } from '../redis-rest-bridge/server';
import { measureCachedOverhead, measureReadPath } from './data-layer';
import { measureDatabaseShare, measureOutageLatency } from './fail-open';
import { loadGenerator } from './load-generator';
import { cellOf, measurePages, type PageCell } from './pages';
import { fixed } from './stats';
import { measureStores } from './stores';
import { measureExport } from './export';
import { importSection } from './import-report';
import { createEditorCookie, createProductWrite, hitPathSection } from './hit-path-report';
import { measureReplicas } from './replicas';
import { measureTopologies } from './topologies';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '3400' },
    database: { type: 'string', default: process.env.BENCH_DATABASE ?? 'catalog_bench' },
    store: { type: 'string', default: 'redis' },
  },
});
if (values.store !== 'redis' && values.store !== 'upstash') throw new Error(`--store must be redis or upstash, not ${values.store}`);
const loadOptions = { seconds: Number(values.seconds), runs: Number(values.runs), connections: Number(values.connections) };
const rounds = Number(values.rounds);
const port = Number(values.port);
const cores = os.availableParallelism();
const lines: string[] = [];
const say = (line = '') => {
  console.log(line);
  lines.push(line);
};

interface Target {
  what: string;
  target: number;
  measured: number;
  better: 'higher' | 'lower';
}
const targets: Target[] = [];
const met = (entry: Target) => (entry.better === 'higher' ? entry.measured >= entry.target : entry.measured <= entry.target);
/** Records a measured value against its target; returns the table cell. */
function against(what: string, target: number, measured: number, better: Target['better']): string {
  const entry = { what, target, measured, better };
  targets.push(entry);
  return `**${fixed(measured, 2)}**${met(entry) ? '' : ' (misses the target)'}`;
}
const ratio = (what: string, target: number, measured: number) => against(what, target, measured, 'higher');
const limit = (what: string, target: number, measured: number) => against(what, target, measured, 'lower');

if (!fs.existsSync('.next/standalone/server.js')) {
  console.log('No production build yet: running npm run build first.');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}

const databaseUrl = await ensureOwnDatabase(values.database!);
const database = await openDatabase({ url: databaseUrl, maxConnections: 4 });
const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomBytes(16).toString('hex') });
const store = values.store === 'redis' ? createRedisStore({ url: TEST_REDIS_URL }) : createUpstashStore({ url: bridge.url, token: bridge.token });
const storeEnv: Record<string, string> =
  values.store === 'redis' ? { REDIS_URL: TEST_REDIS_URL } : { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token };
const pagesSetup = { port, env: { DATABASE_URL: databaseUrl, ...storeEnv }, load: loadOptions };

async function seedTo(count: number) {
  await database.db.execute(sql`truncate table products restart identity`);
  await seedProducts(database.db, count);
}

const pageLabel = (path: string) => (path === '/' ? '/ (50 rows)' : path);

/** One table of pages in the three configurations, with the ratios that matter. */
function pagesTable(cells: PageCell[], paths: string[], products: string, withTargets: boolean) {
  say('| Page | page cache req/s | data cache only req/s | no cache req/s | page hit ÷ render | page cache ÷ no cache | data cache ÷ no cache | server CPU ms per request (page, data, none) | p50 / p99 ms (page, data, none) |');
  say('|---|---|---|---|---|---|---|---|---|');
  for (const path of paths) {
    const [page, data, off] = (['page', 'data', 'off'] as const).map((configuration) => cellOf(cells, path, configuration));
    const hitVsRender = page!.requestsPerSecond / data!.requestsPerSecond;
    const warmVsOff = page!.requestsPerSecond / off!.requestsPerSecond;
    const hitCell = withTargets && (path === '/' || path === '/?size=1000') ? ratio(`page-cache hit ÷ render, ${path}, ${products}`, 20, hitVsRender) : fixed(hitVsRender, 2);
    const warmCell = withTargets ? ratio(`warm ÷ cache off, ${path}, ${products}`, 3, warmVsOff) : fixed(warmVsOff, 2);
    say(
      `| ${pageLabel(path)} | ${fixed(page!.requestsPerSecond)} | ${fixed(data!.requestsPerSecond)} | ${fixed(off!.requestsPerSecond)} | ${hitCell} | ${warmCell} | ${fixed(data!.requestsPerSecond / off!.requestsPerSecond, 2)} | ${fixed(page!.cpuMsPerRequest, 2)}, ${fixed(data!.cpuMsPerRequest, 2)}, ${fixed(off!.cpuMsPerRequest, 2)} | ${page!.p50}/${page!.p99}, ${data!.p50}/${data!.p99}, ${off!.p50}/${off!.p99} |`,
    );
    const errors = page!.non2xx + data!.non2xx + off!.non2xx;
    if (errors) say(`> ${path}: ${errors} non-2xx responses during the runs`);
  }
  const rss = Math.max(...cells.map((cell) => cell.rssMb));
  say();
  say(`Peak resident memory of a server (all ${cells[0]!.workers} workers together): ${fixed(rss, 0)} MB.`);
}

const started = performance.now();
say(`# Benchmark (${new Date().toISOString()})`);
say();
say(
  `Node ${process.version}, ${cores} cores, cache store: ${values.store === 'redis' ? 'native Redis (REDIS_URL)' : 'Upstash REST through the local bridge'}. ` +
    `Load: ${loadGenerator}, ${loadOptions.connections} connections, median of ${loadOptions.runs} × ${loadOptions.seconds} s runs per cell, on the same machine as the server, PostgreSQL and Redis. ` +
    'Server CPU per request is the time its processes spent (user + system, from /proc) divided by the requests answered.',
);
say();
const SUMMARY_AT = lines.length;

// 1: pages, in three configurations, at 1k and 100k products.
await seedTo(1000);
const pages1k = ['/', '/?size=1000', '/?page=20', '/?q=smoked', '/?sort=price'];
say(`## Pages at 1,000 products (${cores} workers)`);
say();
say('Page cache: the whole HTML, served by the server entry without entering Next. Data cache only: every view rendered from cached rows. No cache: every view rendered from PostgreSQL.');
say();
const cells1k = await measurePages(pagesSetup, pages1k, ['page', 'data', 'off'], cores);
const export1k = await measureExport(port, pagesSetup.env);
pagesTable(cells1k, pages1k, '1k', true);

// 1b: the hit path against a bare server, bytes per encoding, revalidation (issue 25).
say();
const hitPathSetup = { ...pagesSetup, load: { ...loadOptions, runs: 1 }, workers: cores, rounds: loadOptions.runs, write: createProductWrite(database.db, TEST_REDIS_URL), editorCookie: createEditorCookie(database.db) };
for (const line of await hitPathSection(hitPathSetup, ['/', '/?size=1000'], against)) say(line);
await seedTo(1000);

// 2: worker processes, measured on the 1k catalog.
say();
say(`## 1 worker vs ${cores} (npm start's WEB_CONCURRENCY), 1,000 products`);
say();
say('| Page | configuration | 1 worker req/s | N workers req/s | N ÷ 1 | cores the server kept busy (1, N) |');
say('|---|---|---|---|---|---|');
const single = await measurePages(pagesSetup, ['/', '/?size=1000'], ['data', 'page'], 1);
for (const [path, configuration] of [['/', 'data'], ['/?size=1000', 'data'], ['/', 'page'], ['/?size=1000', 'page']] as const) {
  const one = cellOf(single, path, configuration);
  const many = cellOf(cells1k, path, configuration);
  const gain = many.requestsPerSecond / one.requestsPerSecond;
  const cell = configuration === 'data' ? ratio(`${cores} workers ÷ 1, ${path} rendered`, 1.7, gain) : fixed(gain, 2);
  const busyCores = (cell: PageCell) => fixed((cell.cpuMsPerRequest * cell.requestsPerSecond) / 1000, 2);
  say(`| ${pageLabel(path)} | ${configuration === 'data' ? 'rendered (data cache)' : 'page cache hits'} | ${fixed(one.requestsPerSecond)} | ${fixed(many.requestsPerSecond)} | ${cell} | ${busyCores(one)}, ${busyCores(many)} |`);
}
say();
say(
  'One worker already keeps more than one core busy (V8 collects garbage and compiles on helper threads), so on two cores that are also running ' +
    'PostgreSQL, Redis and the load generator, a second worker can add only what is left.',
);

// 3: the cache under load and under outage.
say();
const SHARE_TIMEOUT_MS = 50;
say(`## Warm requests served from the database (8 concurrent, 1k products, cache timeout ${SHARE_TIMEOUT_MS} ms; target 0)`);
say();
say('A tight timeout makes a busy event loop visible: a timeout that measured the wall clock gave up on replies that had arrived (lib/cache/bounded.test.ts shows it). Database reads are counted by PostgreSQL (scans of products).');
say();
say('| Page | machine | cache | requests | served from the database | share |');
say('|---|---|---|---|---|---|');
const failOpenSetup = {
  db: database.db,
  databaseUrl,
  cacheEnv: (cachePort: number): Record<string, string> =>
    values.store === 'redis' ? { REDIS_URL: `redis://127.0.0.1:${cachePort}` } : { UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${cachePort}`, UPSTASH_REDIS_REST_TOKEN: bridge.token },
  cachePort: values.store === 'redis' ? Number(new URL(TEST_REDIS_URL).port || 6379) : bridge.port,
  port,
  seconds: loadOptions.seconds,
};
for (const row of await measureDatabaseShare(failOpenSetup, ['/', '/?size=1000'], SHARE_TIMEOUT_MS)) {
  const share = (100 * row.databasePages) / Math.max(1, row.requests);
  const shareCell = row.pageCache ? limit(`database share of warm requests, ${row.path}, ${row.machine} machine (%)`, 0, share) : `**${fixed(share, 1)} %**`;
  say(`| ${row.path} | ${row.machine === 'busy' ? 'both cores busy' : 'quiet'} | ${row.pageCache ? 'page cache' : 'data cache only'} | ${row.requests} | ${row.databasePages} | ${shareCell} |`);
}
say();
say('## `/` while Redis is down or hangs (8 concurrent; cache timeout 250 ms)');
say();
say('| Redis | circuit breaker | req/s | p50 ms | p99 ms |');
say('|---|---|---|---|---|');
const outage = await measureOutageLatency(failOpenSetup, port + 90);
for (const row of outage) say(`| ${row.mode === 'refuse' ? 'refuses' : 'hangs'} | ${row.breaker ? 'on' : 'off'} | ${fixed(row.requestsPerSecond)} | ${row.p50} | ${row.p99} |`);
for (const mode of ['refuse', 'hang'] as const) {
  const [off, on] = [false, true].map((breaker) => outage.find((row) => row.mode === mode && row.breaker === breaker)!);
  say(`\nRedis ${mode === 'refuse' ? 'down' : 'hanging'}: breaker on ÷ off throughput **${fixed(on!.requestsPerSecond / off!.requestsPerSecond, 2)}**`);
}

// 4: the read path in process.
say();
say(`## Data layer read path (in process, ${values.store === 'redis' ? 'native Redis' : 'Redis via REST bridge'})`);
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

// 4b: the stores side by side.
say();
say('## The stores side by side (in process, one small value through cached())');
say();
say('| Store | hit ops/s (a round trip) | hit ops/s (local copy) | miss ops/s (lookup, load, fill) | invalidate ops/s |');
say('|---|---|---|---|---|');
for (const row of await measureStores(bridge, TEST_REDIS_URL, rounds)) {
  say(`| ${row.store} | ${fixed(row.hitOps)} | ${fixed(row.localHitOps)} | ${fixed(row.missOps)} | ${fixed(row.invalidateOps)} |`);
}

say();
say('## Redis topologies side by side (in process, through cached(); Sentinel and Cluster started on free ports)');
say();
say('A write is acknowledged once its invalidation is: "with a replica wait" adds Redis WAIT for one replica (at most 100 ms), which is what keeps an acknowledged write fresh through a failover.');
say();
say('| Topology | warm read ops/s | write ack ms (no wait) | write ack ms (replica wait) | wait ÷ no wait | acknowledged by the replica |');
say('|---|---|---|---|---|---|');
for (const row of await measureTopologies(TEST_REDIS_URL, rounds)) {
  const waited = row.replicatedWriteAckMs;
  say(`| ${row.topology} | ${fixed(row.warmReadOps)} | ${fixed(row.writeAckMs, 2)} | ${waited === null ? 'no replica' : fixed(waited, 2)} | ${waited === null ? '' : `**${fixed(waited / row.writeAckMs, 2)}**`} | ${row.replicatedShare === null ? '' : `${fixed(row.replicatedShare * 100, 0)} %`} |`);
}

// 1 (continued): the same pages at 100k products.
say();
const seedStarted = performance.now();
await seedTo(100_000);
say(`## Pages at 100,000 products (${cores} workers)`);
say();
say(`Seeded 100,000 products in ${fixed((performance.now() - seedStarted) / 1000)} s (batched inserts). Without a cache these pages pay a count(*), a deep OFFSET or an ILIKE count.`);
say();
const pages100k = ['/', '/?size=1000', '/?page=2000', '/?q=smoked', '/?sort=price'];
pagesTable(await measurePages(pagesSetup, pages100k, ['page', 'data', 'off'], cores), pages100k, '100k', false);

say();
say('## CSV export of the whole catalog (GET /products.csv, one worker, a fresh server each)');
say();
say('| Products | rows | seconds | MB | rows/s | server peak memory MB (before, after) |');
say('|---|---|---|---|---|---|');
const export100k = await measureExport(port, pagesSetup.env);
for (const [label, cell] of [['1,000', export1k], ['100,000', export100k]] as const) {
  say(`| ${label} | ${cell.rows} | ${fixed(cell.seconds, 2)} | ${fixed(cell.megabytes, 2)} | ${fixed(cell.rows / cell.seconds, 0)} | ${fixed(cell.peakBeforeMb, 0)}, ${fixed(cell.peakAfterMb, 0)} |`);
}
say(`\nPeak memory growth, 100,000 ÷ 1,000 products: **${fixed((export100k.peakAfterMb - export100k.peakBeforeMb + 1) / (export1k.peakAfterMb - export1k.peakBeforeMb + 1), 2)}** (growth + 1 MB each, so a zero growth does not divide by zero).`);

// The import writes to the 100k catalog: after every section that reads it.
say();
for (const line of await importSection(port, pagesSetup.env, database.db)) say(line);

// 5: a PostgreSQL read replica, side by side with the primary alone, on 100k products.
say();
say(`## A read replica at 100,000 products (${cores} workers; primary and replica started here, on this machine)`);
say();
say('Uncached: CACHE_DISABLED=1, every view from the database, so every read is routed (with a replica: the primary\'s position, then the replica in a transaction that checks it). Warm: page-cache hits. The replica shares this machine\'s cores, so this shows what the gate costs, not what a replica on its own host adds.');
say();
say('| Page | configuration | primary alone req/s | with a replica req/s | replica ÷ primary | p50 / p99 ms (alone, replica) |');
say('|---|---|---|---|---|---|');
for (const row of await measureReplicas({ port, load: loadOptions, cacheEnv: storeEnv }, cores)) {
  const { primaryAlone: alone, withReplica: replica } = row;
  say(`| ${row.path} | ${row.configuration} | ${fixed(alone.requestsPerSecond)} | ${fixed(replica.requestsPerSecond)} | **${fixed(replica.requestsPerSecond / alone.requestsPerSecond, 2)}** | ${alone.p50} / ${alone.p99}, ${replica.p50} / ${replica.p99} |`);
}

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

const summary = [
  '## Targets (issue 13)',
  '',
  '| What | target | measured | met |',
  '|---|---|---|---|',
  ...targets.map((entry) => `| ${entry.what} | ${entry.better === 'higher' ? '≥' : '≤'} ${entry.target} | ${fixed(entry.measured, 2)} | ${met(entry) ? 'yes' : '**no**'} |`),
  '',
];
lines.splice(SUMMARY_AT, 0, ...summary);
console.log(`\n${summary.join('\n')}`);

fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/bench.md', `${lines.join('\n')}\n`);
console.log('\nWritten to bench-results/bench.md');

await database.db.execute(sql`truncate table products restart identity`);
await store.close();
await bridge.close();
await database.close();
