/**
 * Every outcome shown while Redis is down (issue 20, item 2): a save or a
 * delete commits, but the cache cannot be refreshed at once, and the page
 * says so as well as "Saved" / "Deleted", with JavaScript and without.
 * Before, without JavaScript, only "Saved" / "Deleted" appeared.
 *
 * The spec runs its own production server (its own database and Redis key
 * prefix, Redis behind a proxy it can break), so the shared e2e server's
 * cache is never disturbed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { products } from '../db/schema';
import { freePort } from '../scripts/lib/free-port';
import { TEST_REDIS_URL } from '../scripts/lib/local-services';
import { startNextServer, type NextServer } from '../scripts/lib/next-server';
import { ensureOwnDatabase } from '../scripts/lib/own-database';
import { startTcpProxy, type TcpProxy } from '../scripts/lib/tcp-proxy';
import { CatalogPage } from './support/catalog-page';

const PASSWORD = randomBytes(12).toString('hex');
const WARNING = /The cache could not be refreshed right away/;

test.describe('outcomes while Redis is down', () => {
  test.describe.configure({ mode: 'serial', timeout: 90_000 });
  let server: NextServer;
  let redisProxy: TcpProxy;

  test.beforeAll(async () => {
    const databaseUrl = await ensureOwnDatabase('catalog_e2e_outage');
    const direct = await openDatabase({ url: databaseUrl, maxConnections: 1 });
    await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts, form_flashes restart identity`);
    await direct.db.insert(products).values(['Outage Okra', 'Outage Leek', 'Outage Fennel', 'Outage Chard'].map((title) => ({ title, price: '1.00' })));
    await direct.close();
    redisProxy = await startTcpProxy({ port: await freePort(), targetPort: Number(new URL(TEST_REDIS_URL).port) || 6379 });
    server = await startNextServer(await freePort(), {
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      CACHE_PREFIX: `outage-${randomUUID().slice(0, 8)}`,
      ADMIN_PASSWORD: PASSWORD,
      WEB_CONCURRENCY: '1',
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await redisProxy?.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`a save and a delete say the cache must catch up (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled, baseURL: server.url });
      const catalog = new CatalogPage(await context.newPage());
      await catalog.signIn(PASSWORD);
      await catalog.goto();
      const [edited, deleted] = javaScriptEnabled ? ['Outage Okra', 'Outage Leek'] : ['Outage Fennel', 'Outage Chard'];

      await redisProxy.setMode('refuse');
      try {
        await catalog.page.getByRole('link', { name: `Edit ${edited}` }).click();
        await catalog.page.getByRole('textbox', { name: `Price of ${edited}` }).fill('2.50');
        await catalog.page.getByRole('button', { name: `Save ${edited}` }).click();
        const status = catalog.page.locator('.page-status');
        await expect(status).toContainText(`Saved “${edited}”.`);
        await expect(status).toContainText(WARNING);

        await catalog.page.getByRole('link', { name: `Delete ${deleted}` }).click();
        await catalog.page.getByRole('button', { name: 'Yes, delete' }).click();
        await expect(status).toContainText(`Moved “${deleted}” to the trash.`);
        await expect(status).toContainText(WARNING);
        await expect(catalog.row(edited)).toContainText('$2.50'); // read from the database meanwhile
      } finally {
        await redisProxy.setMode('forward');
      }
      await context.close();
    });
  }
});
