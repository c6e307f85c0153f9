/**
 * The page cache under a flood of distinct addresses: what it keeps in Redis,
 * and whether real pages stay hits meanwhile.
 *
 *   npx tsx scripts/bench/page-cache-flood.ts [--addresses 20000] [--root DIR] [--port N] [--budget BYTES]
 *
 * Starts the production build of the checkout at --root (default: this one)
 * on a catalog of 1,000 products (its own database, catalog_flood) and the
 * local Redis under a fresh prefix, then sends --addresses GETs, each to an
 * address not asked before: pages past the end, case variants of searches,
 * and searches nobody repeats. Every tenth request is one of ten real pages
 * instead. At the end it sums Redis's MEMORY USAGE of the page entries and of
 * the list entries, and reports the real pages' hit rate. Run it against an
 * older checkout (--root) for a before-and-after.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { seedProducts } from '../../db/seed';
import { freePort } from '../lib/free-port';
import { TEST_REDIS_URL } from '../lib/local-services';
import { ensureOwnDatabase } from '../lib/own-database';
import { startServer } from './server';

const { values } = parseArgs({
  options: {
    addresses: { type: 'string', default: '20000' },
    root: { type: 'string', default: process.cwd() },
    port: { type: 'string' },
    budget: { type: 'string' },
  },
});
const addresses = Number(values.addresses);
const root = path.resolve(values.root!);

const REAL_PAGES = ['/', '/?page=2', '/?page=3', '/?sort=price', '/?sort=title', '/?size=100', '/?size=20', '/?q=smoked', '/?q=paprika', '/?sort=price&dir=desc'];
const WORDS = ['Smoked', 'Paprika', 'Heirloom', 'Kohlrabi', 'Organic', 'Tea', 'Salt', 'Honey'];

/** The i-th address nobody asked for before: a page past the end, a case variant, or a one-off search. */
function floodAddress(index: number): string {
  switch (index % 3) {
    case 0:
      return `/?page=${1000 + index}`;
    case 1: {
      const word = WORDS[index % WORDS.length]!;
      const variant = [...word].map((letter, at) => ((index >> at) & 1 ? letter.toUpperCase() : letter.toLowerCase())).join('');
      return `/?q=${encodeURIComponent(variant)}&page=${1 + (index % 7)}`;
    }
    default:
      return `/?q=${randomUUID().slice(0, 6)}`;
  }
}

/** Entries whose stored key contains `marker`, and what Redis says they use. */
async function entriesUsing(redis: Redis, prefix: string, marker: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:rt:*${marker}*`, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of found) pipeline.memory('USAGE', key);
    for (const [, usage] of (await pipeline.exec()) ?? []) bytes += Number(usage ?? 0);
    keys += found.length;
  } while (cursor !== '0');
  return { keys, bytes };
}

const databaseUrl = await ensureOwnDatabase('catalog_flood');
const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
await database.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations restart identity`);
await seedProducts(database.db, 1000);
await database.close();

const prefix = `flood-${randomUUID().slice(0, 8)}`;
const redis = new Redis(TEST_REDIS_URL);
const port = values.port ? Number(values.port) : await freePort();
const server = await startServer(port, { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, CACHE_PREFIX: prefix, WEB_CONCURRENCY: '2', ...(values.budget ? { PAGE_CACHE_BUDGET_BYTES: values.budget } : {}) }, root);
try {
  // The real pages, once each, before the flood: they are what visitors keep asking for.
  for (const page of REAL_PAGES) await fetch(`${server.url}${page}`).then((response) => response.arrayBuffer());
  let realViews = 0;
  let realHits = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < addresses; index = next++) {
      await fetch(`${server.url}${floodAddress(index)}`).then((response) => response.arrayBuffer());
      if (index % 10 === 9) {
        const response = await fetch(`${server.url}${REAL_PAGES[(index / 10) % REAL_PAGES.length | 0]}`);
        await response.arrayBuffer();
        realViews += 1;
        if (response.headers.get('x-page-cache') === 'hit') realHits += 1;
      }
      if (index % 2000 === 1999) process.stdout.write(`\r${index + 1} / ${addresses} addresses`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (performance.now() - started) / 1000;
  const pages = await entriesUsing(redis, prefix, ':page:');
  const lists = await entriesUsing(redis, prefix, ':list:');
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`\n${root}: ${addresses} distinct addresses in ${seconds.toFixed(0)} s`);
  console.log(`  page entries in Redis: ${pages.keys} keys, ${mb(pages.bytes)}`);
  console.log(`  list entries in Redis: ${lists.keys} keys, ${mb(lists.bytes)}`);
  console.log(`  real pages during the flood: ${realHits} hits of ${realViews} views (${((100 * realHits) / Math.max(1, realViews)).toFixed(1)} %)`);
} finally {
  await server.stop();
  const stale = await redis.keys(`${prefix}:*`);
  for (let at = 0; at < stale.length; at += 1000) await redis.del(...stale.slice(at, at + 1000));
  redis.disconnect();
}
