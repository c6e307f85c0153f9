/**
 * npm run db:seed [-- --count N] [--if-empty] — tops the catalog up to N
 * products (default 1000); with --if-empty, only a catalog with no products
 * at all (a first start: products an editor deleted are not put back).
 * Run it while the dev server is stopped when using PGlite: one process per data folder.
 */
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../db/migrate';
import { countProducts, seedProducts } from '../db/seed';
import { PRODUCTS_NAMESPACE } from '../lib/products/keys';
import { loadEnvironment, openDatabaseFromEnv } from './lib/database-from-env';
import { createProgressPrinter } from './lib/progress';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, 'if-empty': { type: 'boolean', default: false } } });
const target = Number(values.count);
if (!Number.isInteger(target) || target < 0 || target > 1_000_000) {
  console.error(`--count must be a whole number from 0 to 1,000,000 (got "${values.count}").`);
  process.exit(2);
}

const handle = await openDatabaseFromEnv(loadEnvironment());
try {
  await migrateDatabase(handle);
  const existing = values['if-empty'] ? await countProducts(handle.db) : 0;
  if (existing > 0) {
    console.log(`The catalog already has ${existing.toLocaleString('en-US')} products; nothing seeded (--if-empty).`);
  } else {
    await seed();
  }
} finally {
  await handle.close();
}

async function seed() {
  const progress = createProgressPrinter(`Seeding ${handle.description}`);
  const started = performance.now();
  const inserted = await seedProducts(handle.db, target, {
    onProgress: ({ inserted: done, target: total }) => progress.update(done, total),
    // A running app (or the next to start) drains this and drops its cached pages.
    invalidateNamespace: PRODUCTS_NAMESPACE,
  });
  progress.finish();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(inserted === 0 ? `Already ${target} or more products; nothing inserted.` : `Inserted ${inserted} products in ${seconds}s.`);
}
