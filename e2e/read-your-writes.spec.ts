/**
 * Read-your-writes with a lagging PostgreSQL read replica (issue 23): an
 * editor's save, then their next page, on a server whose cache is off, so
 * every read goes to the database and may go to the replica. The replica's
 * replay is paused before the save, so it lacks the save for as long as the
 * test reads (the spec checks the replica itself still shows the old price).
 *
 * The spec runs its own production server on a primary and replica it starts
 * (scripts/lib/postgres-lab.ts), so the shared e2e server is never disturbed.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { products } from '../db/schema';
import { freePort } from '../scripts/lib/free-port';
import { startNextServer, type NextServer } from '../scripts/lib/next-server';
import { postgresLabAvailable, startPostgresLab, type PostgresLab } from '../scripts/lib/postgres-lab';
import { CatalogPage } from './support/catalog-page';

const PASSWORD = randomBytes(12).toString('hex');

test.describe('read-your-writes with a lagging read replica', () => {
  test.skip(!postgresLabAvailable, 'needs the PostgreSQL server binaries');
  test.describe.configure({ mode: 'serial', timeout: 120_000 });
  let lab: PostgresLab;
  let server: NextServer;

  test.beforeAll(async () => {
    lab = await startPostgresLab();
    await lab.createDatabase('catalog');
    const primary = await openDatabase({ url: lab.primary.url('catalog'), maxConnections: 1 });
    await migrateDatabase(primary);
    await primary.db.insert(products).values(['Replica Okra', 'Replica Leek'].map((title) => ({ title, price: '1.00' })));
    await primary.close();
    await lab.awaitCaughtUp();
    server = await startNextServer(await freePort(), {
      DATABASE_URL: lab.primary.url('catalog'),
      DATABASE_REPLICA_URLS: lab.replica.url('catalog'),
      CACHE_DISABLED: '1',
      ADMIN_PASSWORD: PASSWORD,
      WEB_CONCURRENCY: '1',
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await lab?.stop();
  });

  for (const [javaScriptEnabled, title, price] of [
    [true, 'Replica Okra', '2.50'],
    [false, 'Replica Leek', '3.75'],
  ] as const) {
    test(`the page after a save shows it while the replica lags (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled, baseURL: server.url });
      const catalog = new CatalogPage(await context.newPage());
      await catalog.signIn(PASSWORD);
      await catalog.goto();
      await expect(catalog.row(title)).toContainText('$1.00');

      await lab.pauseReplay();
      try {
        await catalog.page.getByRole('link', { name: `Edit ${title}` }).click();
        await catalog.page.getByRole('textbox', { name: `Price of ${title}` }).fill(price);
        await catalog.page.getByRole('button', { name: `Save ${title}` }).click();
        await expect(catalog.page.locator('.page-status')).toContainText(`Saved “${title}”.`);
        await expect(catalog.row(title)).toContainText(`$${price}`);
        await catalog.goto(); // the next page, a plain GET
        await expect(catalog.row(title)).toContainText(`$${price}`);
        // The race was real: the replica still has the price from before the save.
        const [onReplica] = await lab.replica.query<{ price: string }>(`select price::text as price from products where title = '${title}'`, 'catalog');
        expect(onReplica?.price).toBe('1.00');
      } finally {
        await lab.resumeReplay();
      }
      await context.close();
    });
  }
});
