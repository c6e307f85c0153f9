/**
 * Each query carries the line that built it, even when two are built in one
 * step and awaited together, and even inside a cache call's trace.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { setQueryObserver } from '@/db/instrumentation';
import { migrateDatabase } from '@/db/migrate';
import { products } from '@/db/schema';
import { currentTrace, runTraced } from './call-trace';
import { traceQueryCallSites } from './query-call-sites';

let handle: DatabaseHandle;
/** For each query, the function of this file that built it (names survive vitest's transform; line numbers do not). */
const seen: string[] = [];
const THIS_FILE = 'query-call-sites.test.ts';

beforeAll(async () => {
  handle = await openDatabase({ pgliteDir: null });
  await migrateDatabase(handle);
  traceQueryCallSites(handle.db, products);
  setQueryObserver(() => seen.push(currentTrace()?.frames.find((frame) => frame.file.endsWith(THIS_FILE))?.fn ?? 'no frame here'));
});
afterAll(async () => {
  setQueryObserver(null);
  await handle.close();
});

async function selectOne() {
  await handle.db.select().from(products).limit(1);
}
async function insertOne() {
  const [row] = await handle.db.insert(products).values({ title: 'Traced Okra', price: '1.00' }).returning();
  return row!.id;
}
async function updateOne(id: number) {
  await handle.db.update(products).set({ price: '2.00' }).where(eq(products.id, id));
}
async function deleteOne(id: number) {
  await handle.db.delete(products).where(eq(products.id, id));
}
async function rawOne() {
  await handle.db.execute('select 1');
}
const buildFirst = () => handle.db.select().from(products).limit(1);
const buildSecond = () => handle.db.select({ id: products.id }).from(products).limit(2);

it('a select, an insert, an update, a delete and a raw statement each name the code that built them, inside a cache call too', async () => {
  seen.length = 0;
  await runTraced({ frames: [] }, async () => {
    await selectOne();
    const id = await insertOne();
    await updateOne(id);
    await deleteOne(id);
    await rawOne();
  });
  expect(seen).toEqual(['selectOne', 'insertOne', 'updateOne', 'deleteOne', 'rawOne']);
});

it('two queries built in one step and awaited together keep their own call sites', async () => {
  seen.length = 0;
  await Promise.all([buildFirst(), buildSecond()]);
  expect(seen.sort()).toEqual(['buildFirst', 'buildSecond']);
});
