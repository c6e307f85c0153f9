/**
 * What the dev overlay's instrumentation costs, measured side by side in one
 * run (no timed assertions anywhere: ratios, printed).
 *
 *   absent — a PGlite client drizzle talks to directly, a cache nobody listens to
 *   off    — the same, through db/client.ts's instrumented driver, no observer
 *            attached (what a process with DEV_OVERLAY=0 runs)
 *   on     — observer and cache listener attached, every query and cache event
 *            recorded per request in the collector, each with its call site
 *            (V8 call sites, captured at the call), and the cache's value and
 *            remaining TTL (traced-cache.ts: one extra TTL read per get hit):
 *            what `next dev` runs
 * Then how long the overlay takes to answer for one recorded request, call
 * sites mapped through source maps (what the pill and panels wait for).
 *
 * One operation = one drizzle query on in-memory PGlite + one cache get (a hit)
 * on the in-memory store: the smallest, so the wrapper's share is the largest.
 * Variants run interleaved in rounds, and the median round is reported.
 *
 *   npx tsx scripts/bench/overlay-overhead.ts [--rounds 7] [--ms 400]
 */
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { openDatabase } from '../../db/client';
import { setQueryObserver } from '../../db/instrumentation';
import { createCache, createMemoryStore, type Cache } from '../../lib/cache';
import { products } from '../../db/schema';
import { currentTrace } from '../../lib/dev-overlay/call-trace';
import { createCollector } from '../../lib/dev-overlay/collector';
import { setQueryCallSitesEnabled, traceQueryCallSites } from '../../lib/dev-overlay/query-call-sites';
import { runWithRequestId, withRequestId } from '../../lib/dev-overlay/request-context';
import { resolveFrames } from '../../lib/dev-overlay/source-frames';
import { tracedCache } from '../../lib/dev-overlay/traced-cache';
import { median } from './stats';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, ms: { type: 'string', default: '400' } } });
const rounds = Number(values.rounds);
const roundMs = Number(values.ms);

type Db = ReturnType<typeof drizzle>;
interface Variant {
  name: 'absent' | 'off' | 'on';
  db: Db;
  cache: Cache;
  before(): void;
  wrap(op: () => Promise<void>): () => Promise<void>;
}

async function newCache(): Promise<Cache> {
  const cache = createCache({ store: createMemoryStore(), prefix: 'bench' });
  await cache.set('k', { id: 1, title: 'Heirloom Tomatillo', price: '9.03' });
  return cache;
}

async function measure(variant: Variant): Promise<number> {
  const op = variant.wrap(async () => {
    await variant.db.execute(sql`select ${1}::int as one`);
    await variant.cache.get('k');
  });
  variant.before();
  for (let i = 0; i < 50; i += 1) await op(); // warm-up
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < roundMs) {
    for (let i = 0; i < 20; i += 1) await op();
    count += 20;
  }
  return count / ((performance.now() - started) / 1000);
}

const rawClient = await PGlite.create();
const absentDb = drizzle(rawClient);
const instrumented = await openDatabase({ pgliteDir: null });
const instrumentedDb = instrumented.db as unknown as Db;

const collector = createCollector({ capacity: 50, resolveFrames });
const observedCache = await newCache();
observedCache.onEvent((event) => {
  const trace = currentTrace();
  if (!trace?.internal) withRequestId((id) => collector.recordCache(id, { ...event, trace }));
});
const onCache = tracedCache(observedCache);
traceQueryCallSites(instrumented.db, products);
let requestNumber = 0;

const variants: Variant[] = [
  { name: 'absent', db: absentDb, cache: await newCache(), before: () => (setQueryObserver(null), setQueryCallSitesEnabled(false)), wrap: (op) => op },
  { name: 'off', db: instrumentedDb, cache: await newCache(), before: () => (setQueryObserver(null), setQueryCallSitesEnabled(false)), wrap: (op) => op },
  {
    name: 'on',
    db: instrumentedDb,
    cache: onCache,
    before: () => {
      setQueryCallSitesEnabled(true);
      setQueryObserver((query) => withRequestId((id) => collector.recordQuery(id, { ...query, frames: currentTrace()?.frames })));
    },
    // Each operation is its own request, as each page render would be.
    wrap: (op) => () => {
      const id = `bench-${(requestNumber += 1)}`;
      collector.begin(id, { method: 'GET', path: '/', label: 'page' });
      return runWithRequestId(id, op);
    },
  },
];

const results = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
for (let round = 0; round < rounds; round += 1) {
  for (const variant of variants) results.get(variant.name)!.push(await measure(variant));
}
setQueryObserver(null);

const absent = median(results.get('absent')!);
console.log(`overlay instrumentation overhead: ${rounds} rounds x ${roundMs} ms per variant, interleaved; median ops/s`);
console.log('one op = 1 drizzle query (in-memory PGlite) + 1 cache get (memory store)\n');
console.log('variant   ops/s      ratio to absent');
for (const variant of variants) {
  const opsPerSecond = median(results.get(variant.name)!);
  console.log(`${variant.name.padEnd(9)} ${opsPerSecond.toFixed(0).padStart(8)}   ${(opsPerSecond / absent).toFixed(3)}`);
}
const last = collector.list().requests[0];
console.log(`\n(on: the collector holds ${collector.list().requests.length} requests; the newest has ${last?.sql.count} query, ${last?.cache.calls} cache event)`);
// What a panel waits for: one request's detail, call sites mapped (the first lookup reads the source maps).
const lookups: number[] = [];
for (let i = 0; i < 50; i += 1) {
  const started = performance.now();
  collector.lookup(last!.id);
  lookups.push(performance.now() - started);
}
console.log(`one request's detail with call sites mapped: first ${lookups[0]!.toFixed(2)} ms (reads the source maps), then median ${median(lookups.slice(1)).toFixed(3)} ms`);

await rawClient.close();
await instrumented.close();
await Promise.all(variants.map((variant) => variant.cache.close()));
