/**
 * npm run bench:profile — where a production server spends its CPU on one
 * page: the standalone build under load with V8's sampling profiler
 * (--cpu-prof), then self time summed per function and per package.
 *
 *   --path /?size=1000   the page (default)
 *   --seconds 6          load duration
 *   --port N             (default BENCH_PORT or 3400)
 *   --database NAME      (default BENCH_DATABASE or catalog_bench)
 *   --store redis        the cache store: redis (native, as npm run bench) or upstash (REST bridge)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { seedProducts } from '../../db/seed';
import { ensureOwnDatabase } from '../lib/own-database';
import { TEST_REDIS_URL } from '../lib/local-services';
import { startBridge } from '../redis-rest-bridge/server';
import { load } from './server';

const { values } = parseArgs({
  options: {
    path: { type: 'string', default: '/?size=1000' },
    seconds: { type: 'string', default: '6' },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '3400' },
    database: { type: 'string', default: process.env.BENCH_DATABASE ?? 'catalog_bench' },
    store: { type: 'string', default: 'redis' },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  /** µs on the monotonic clock, as process.hrtime reads it here. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Now on the profile's clock (µs, CLOCK_MONOTONIC): the child's V8 and this process read the same one. */
const monotonicMicroseconds = () => Number(process.hrtime.bigint() / 1000n);

/** The package a script URL belongs to, or "app" / "node" / "(gc)". */
function packageOf(url: string, name: string): string {
  if (name === '(garbage collector)') return '(garbage collection)';
  if (!url) return name.startsWith('(') ? name : 'node (native)';
  if (url.startsWith('node:')) return 'node';
  // Next ships React's server renderers inside its own runtime files: name those files.
  if (/node_modules\/next\//.test(url)) return `next/${path.basename(url)}`;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return match?.[1] ?? (url.includes('.next/server') ? 'app and bundled code' : path.basename(url));
}

const databaseUrl = await ensureOwnDatabase(values.database!);
const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
await database.db.execute(sql`truncate table products restart identity`);
await seedProducts(database.db, 1000);
const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomBytes(16).toString('hex') });
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-profile-'));
const port = Number(values.port);
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, 'scripts/start.mjs'], {
  env: {
    // One process, so one profile holds all the work.
    WEB_CONCURRENCY: '1',
    ...process.env,
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    ...(values.store === 'upstash' ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token } : { REDIS_URL: TEST_REDIS_URL }),
    CACHE_PREFIX: `profile-${randomBytes(4).toString('hex')}`,
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
for (let attempt = 0; attempt < 100 && !(await fetch(`${url}/api/health`).then((response) => response.ok, () => false)); attempt += 1) {
  await sleep(100);
}
await load(url + values.path!, { runs: 1, seconds: 1, connections: 8 });
// Only the measured load counts: start-up (module loading, compiling) and the warm-up are left out.
const measured = { from: monotonicMicroseconds(), to: 0 };
const result = await load(url + values.path!, { runs: 1, seconds: Number(values.seconds), connections: 8 });
measured.to = monotonicMicroseconds();
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGINT');
});

const file = fs.readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'))!;
const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
let sampledAt = profile.startTime;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  sampledAt += delta;
  if (sampledAt >= measured.from && sampledAt <= measured.to) selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
});
const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
const idle = [...selfMs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
const busy = total - idle;

const tally = (key: (node: ProfileNode) => string) => {
  const sums = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    sums.set(key(node), (sums.get(key(node)) ?? 0) + ms);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
};
const percent = (ms: number) => `${((100 * ms) / busy).toFixed(1)} %`;
console.log(`\n${values.path} under load: ${result.requestsPerSecond.toFixed(1)} req/s; CPU busy ${(busy / 1000).toFixed(1)} s of the load's ${(total / 1000).toFixed(1)} s\n`);
console.log('| package | share of busy CPU |\n|---|---|');
for (const [name, ms] of tally((node) => packageOf(node.callFrame.url, node.callFrame.functionName)).slice(0, 10)) console.log(`| ${name} | ${percent(ms)} |`);
console.log('\n| function (self time) | share |\n|---|---|');
for (const [name, ms] of tally((node) => `${node.callFrame.functionName || '(anonymous)'} ${packageOf(node.callFrame.url, node.callFrame.functionName)}`).slice(0, 15)) {
  console.log(`| ${name} | ${percent(ms)} |`);
}
fs.rmSync(profileDir, { recursive: true, force: true });
await database.db.execute(sql`truncate table products restart identity`);
await bridge.close();
await database.close();
