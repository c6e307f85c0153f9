/**
 * npm run bench:compare -- --base <git ref> — two builds of the catalog side
 * by side in one run: the base ref (built in a worktree of its own) and this
 * checkout, over the same database, cache and pages. For each page it reports
 * the bytes a visitor downloads and the requests per second, measured in
 * alternating rounds (base, this, base, this, …) so drift hits both alike.
 *
 *   --base REF        what to compare against (default HEAD~1)
 *   --paths a,b       pages (default "/,/?size=1000")
 *   --rounds N        alternating rounds per page (default 3)
 *   --seconds N       length of each load run (default 4)
 *   --connections N   concurrent connections (default 16)
 *   --port N          where the servers listen, one at a time (default BENCH_PORT or 3400)
 *   --database NAME   the PostgreSQL database to use (default BENCH_DATABASE or catalog_bench)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { seedProducts } from '../../db/seed';
import { ensureOwnDatabase } from '../lib/own-database';
import { TEST_REDIS_URL } from '../lib/local-services';
import { startBridge } from '../redis-rest-bridge/server';
import { load, startServer } from './server';
import { median } from './stats';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'HEAD~1' },
    paths: { type: 'string', default: '/,/?size=1000' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '16' },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '3400' },
    database: { type: 'string', default: process.env.BENCH_DATABASE ?? 'catalog_bench' },
  },
});
const ROOT = path.resolve(import.meta.dirname, '../..');
const baseCommit = execFileSync('git', ['rev-parse', '--short', values.base], { cwd: ROOT, encoding: 'utf8' }).trim();
const worktree = path.join(ROOT, '.bench', `base-${baseCommit}`);

/** A worktree of the base commit with this checkout's installed packages, built once. */
function prepareBase() {
  if (!fs.existsSync(worktree)) {
    fs.mkdirSync(path.dirname(worktree), { recursive: true });
    execFileSync('git', ['worktree', 'add', '--detach', worktree, baseCommit], { cwd: ROOT, stdio: 'inherit' });
  }
  // Hard links: the build refuses packages from outside its root (a symlink), and a copy costs no space.
  if (!fs.existsSync(path.join(worktree, 'node_modules'))) execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(worktree, 'node_modules')]);
  if (!fs.existsSync(path.join(worktree, '.next/standalone/server.js'))) execFileSync('npm', ['run', 'build'], { cwd: worktree, stdio: 'inherit' });
}

prepareBase();
if (!fs.existsSync(path.join(ROOT, '.next/standalone/server.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });

const databaseUrl = await ensureOwnDatabase(values.database!);
const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
await database.db.execute(sql`truncate table products restart identity`);
await seedProducts(database.db, 1000);
const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomBytes(16).toString('hex') });
const port = Number(values.port);
const options = { runs: 1, seconds: Number(values.seconds), connections: Number(values.connections) };

interface Cell {
  bytes: number;
  rates: number[];
}
const builds = { base: worktree, current: ROOT } as const;
const results = new Map<string, Record<keyof typeof builds, Cell>>();

for (const pagePath of values.paths!.split(',')) {
  const cells = { base: { bytes: 0, rates: [] }, current: { bytes: 0, rates: [] } } as Record<keyof typeof builds, Cell>;
  for (let round = 0; round < Number(values.rounds); round += 1) {
    for (const build of ['base', 'current'] as const) {
      const server = await startServer(
        port,
        { DATABASE_URL: databaseUrl, UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token, CACHE_PREFIX: `compare-${randomBytes(4).toString('hex')}` },
        builds[build],
      );
      try {
        cells[build].bytes = Buffer.byteLength(await (await fetch(server.url + pagePath)).text());
        await load(server.url + pagePath, { ...options, seconds: 1 }); // warm
        cells[build].rates.push((await load(server.url + pagePath, options)).requestsPerSecond);
      } finally {
        await server.stop();
      }
    }
  }
  results.set(pagePath, cells);
}

const lines = [
  `# ${baseCommit} vs this checkout (${new Date().toISOString()})`,
  '',
  `Node ${process.version}, ${options.connections} connections, median of ${values.rounds} alternating ${options.seconds} s runs per cell, a visitor's page, 1,000 products, warm cache.`,
  '',
  '| Page | bytes before | bytes now | bytes saved | req/s before | req/s now | req/s ratio |',
  '|---|---|---|---|---|---|---|',
];
for (const [pagePath, { base, current }] of results) {
  const before = median(base.rates);
  const now = median(current.rates);
  lines.push(
    `| ${pagePath} | ${base.bytes.toLocaleString('en-US')} | ${current.bytes.toLocaleString('en-US')} | **${((1 - current.bytes / base.bytes) * 100).toFixed(0)} %** | ${before.toFixed(1)} | ${now.toFixed(1)} | **${(now / before).toFixed(2)}** |`,
  );
}
console.log(lines.join('\n'));
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/compare-builds.md', `${lines.join('\n')}\n`);
await database.db.execute(sql`truncate table products restart identity`);
await bridge.close();
await database.close();
