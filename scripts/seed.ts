/**
 * npm run db:seed [-- --count N] — tops the catalog up to N products (default 1000).
 * Run it while the dev server is stopped when using PGlite: one process per data folder.
 */
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../db/migrate';
import { seedProducts } from '../db/seed';
import { PRODUCTS_NAMESPACE } from '../lib/products/keys';
import { loadEnvironment, openDatabaseFromEnv } from './lib/database-from-env';
import { createProgressPrinter } from './lib/progress';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } });
const target = Number(values.count);
if (!Number.isInteger(target) || target < 0 || target > 1_000_000) {
  console.error(`--count must be a whole number from 0 to 1,000,000 (got "${values.count}").`);
  process.exit(2);
}

const handle = await openDatabaseFromEnv(loadEnvironment());
try {
  await migrateDatabase(handle);
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
} finally {
  await handle.close();
}
