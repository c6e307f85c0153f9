/**
 * The production build while PostgreSQL stops answering without refusing (a
 * partition, a frozen VM): its proxy accepts connections and relays nothing.
 * Before the reply watchdog and the bounded health check, /api/health did not
 * answer within 25 s and cached pages could hang as long. Now each answers
 * within its bound, and says what is wrong:
 * - health: 503 "down", database "timeout", within HEALTH_TIMEOUT_MS (1 s) and a little;
 * - a page-cache hit: 200, served without the database;
 * - a page nobody cached: 503 "unavailable" once the watchdog gives up (3 s + a 1 s probe);
 * - a write: the editor keeps what they typed and is told the database is not answering.
 * Times are printed; the bounds asserted are several times the design's, for a noisy machine.
 */
import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { products } from '@/db/schema';
import { postgresReachable, redisReachable } from '../../scripts/lib/local-services';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { freePort } from '../../scripts/lib/free-port';
import { eventually, startFaultRig, type FaultRig } from './fault-rig';

const servicesUp = (await redisReachable()) && (await postgresReachable()) && buildExists();
if (!servicesUp) console.warn('\n!!! SKIPPING the database stall trial: it needs the production build, Redis and PostgreSQL. !!!\n');

const PASSWORD = randomUUID();
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe.skipIf(!servicesUp)('the production app while PostgreSQL stops answering', () => {
  let rig: FaultRig;
  let server: NextServer;
  let browser: Browser;
  let productId: number;

  beforeAll(async () => {
    rig = await startFaultRig();
    const [row] = await rig.direct.db.insert(products).values({ title: 'Stall-proof Parsnip', price: '2.50' }).returning();
    productId = row!.id;
    server = await startNextServer(await freePort(), {
      DATABASE_URL: rig.proxiedDatabaseUrl,
      ...rig.cacheEnv,
      CACHE_PREFIX: `stall-${randomUUID().slice(0, 8)}`,
      ADMIN_PASSWORD: PASSWORD,
      WEB_CONCURRENCY: '1',
    });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rig?.close();
  });

  async function timedGet(pathname: string) {
    const started = performance.now();
    const response = await fetch(`${server.url}${pathname}`);
    const body = await response.text();
    return { status: response.status, body, pageCache: response.headers.get('x-page-cache'), ms: Math.round(performance.now() - started) };
  }

  it('answers health, a cached page, an uncached page and a write within their bounds, then recovers', async () => {
    // Before the stall: the list is cached (a page-cache hit), and an admin has the row's editor open, JavaScript off.
    await timedGet('/');
    expect((await timedGet('/')).pageCache).toBe('hit');
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Name').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    await page.goto(`/?edit=${productId}`);
    await page.locator(`#edit-${productId}-title`).fill('Typed during the stall');

    await rig.databaseProxy.setMode('hang');
    try {
      const health = await timedGet('/api/health');
      const cached = await timedGet('/');
      const uncached = await timedGet(`/?q=${randomUUID().slice(0, 8)}`);
      const started = performance.now();
      const answer = page.waitForResponse((response) => response.request().method() === 'POST', { timeout: 60_000 });
      await page.locator(`form#edit-${productId} button[type=submit]`).click();
      const writeStatus = (await answer).status();
      await page.waitForLoadState();
      const writeMs = Math.round(performance.now() - started);
      const shown = await page.locator('body').innerText();
      console.info(
        `[stalled database] health ${health.status} in ${health.ms} ms; cached page ${cached.status} (${cached.pageCache}) in ${cached.ms} ms; ` +
          `uncached page ${uncached.status} in ${uncached.ms} ms; write answered ${writeStatus} in ${writeMs} ms`,
      );

      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'down', failed: ['database'], checks: { database: { error: 'timeout' } } });
      expect(health.ms).toBeLessThan(5_000);
      expect([cached.status, cached.pageCache, cached.body.includes('Stall-proof Parsnip')]).toEqual([200, 'hit', true]);
      expect(cached.ms).toBeLessThan(5_000);
      expect(uncached.status).toBe(503);
      expect(uncached.body).toContain('Products are unavailable right now');
      expect(uncached.ms).toBeLessThan(20_000);
      expect(writeMs).toBeLessThan(30_000);
      expect(shown).toMatch(/not answering|not reachable/);
    } finally {
      await rig.databaseProxy.setMode('forward');
    }
    expect(await eventually(async () => (await timedGet('/api/health')).status === 200, 30_000)).toBe(true);
    const [row] = await rig.direct.db.select({ title: products.title }).from(products);
    expect(row?.title).toBe('Stall-proof Parsnip'); // nothing half-written
    await context.close();
  }, 120_000);
});
