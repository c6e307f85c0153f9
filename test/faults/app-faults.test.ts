/**
 * The real app under faults: the production build (`next start`) with its
 * Redis (the native store) and PostgreSQL each behind a controllable
 * TCP proxy. What a user and a load balancer see: pages, the error page,
 * /api/health. Behaviour only; latencies are printed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editors, products } from '@/db/schema';
import { createSession } from '@/lib/sessions/sessions';
import { postgresReachable, redisReachable, servicesRequired } from '../../scripts/lib/local-services';
import { CACHE_TIMEOUT_MS, eventually, startFaultRig, type FaultRig } from './fault-rig';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built) {
  const message = 'no production build (.next/BUILD_ID): run `npx next build` (npm test does) before the app fault tests';
  if (servicesRequired) throw new Error(message);
  console.warn(`\n!!! SKIPPING the app fault tests: ${message}. !!!\n`);
}
if (!servicesUp) console.warn('\n!!! SKIPPING the app fault tests: they need the real Redis and PostgreSQL. !!!\n');

const PRODUCT = 'Heirloom Fault-Tolerant Kohlrabi';

/** What a user sees: Debian's Chromium (CHROMIUM_PATH overrides), as the e2e suite launches it. */
async function visibleErrorPage(url: string) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const heading = page.getByRole('heading', { name: 'Products are unavailable right now' });
    await heading.waitFor({ timeout: 15_000 });
    const text = await page.locator('body').innerText();
    return {
      heading: await heading.isVisible(),
      retry: await page.getByRole('link', { name: 'Try again' }).isVisible(),
      stack: /\n\s+at .+:\d+:\d+/.test(text) || text.includes('ECONNREFUSED'),
    };
  } finally {
    await browser.close();
  }
}

describe.skipIf(!servicesUp || !built)('the production app with its dependencies failing', () => {
  let rig: FaultRig;
  let server: NextServer;
  /** A signed-in editor's Cookie header. */
  let editorCookie: string;
  const credential = { ADMIN_PASSWORD: randomBytes(12).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex') };

  beforeAll(async () => {
    rig = await startFaultRig();
    await rig.direct.db.insert(products).values([{ title: PRODUCT, price: '3.25' }]);
    server = await startNextServer(undefined, {
      DATABASE_URL: rig.proxiedDatabaseUrl,
      ...rig.cacheEnv,
      ...credential,
      CACHE_PREFIX: `appfaults-${randomUUID().slice(0, 8)}`,
      CACHE_TIMEOUT_MS: String(CACHE_TIMEOUT_MS),
    });
    // A hash no password matches: the editor exists through this session only.
    const [editor] = await rig.direct.db.insert(editors).values({ name: `faults-${randomUUID().slice(0, 8)}`, passwordHash: 'none: sessions only' }).returning();
    editorCookie = `catalog_session=${await createSession(rig.direct.db, 3600, editor!, credential)}`;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await rig?.close();
  });

  async function get(pathname: string, headers: Record<string, string> = {}) {
    const started = performance.now();
    const response = await fetch(`${server.url}${pathname}`, { headers });
    return { status: response.status, body: await response.text(), ms: performance.now() - started };
  }
  const health = async () => {
    const response = await get('/api/health');
    return {
      ...response,
      json: JSON.parse(response.body) as { failed: string[]; status: string; checks: { cache: { error?: string }; database: { error?: string } } },
    };
  };

  it('all well: the page lists products and /api/health says 200', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain(PRODUCT);
    const check = await health();
    expect([check.status, check.json.status, check.json.failed]).toEqual([200, 'ok', []]);
  });

  for (const mode of ['refuse', 'hang'] as const) {
    it(`Redis ${mode === 'refuse' ? 'refuses connections' : 'hangs'}: pages still render from the database, health names the cache, recovery by itself`, async () => {
      await rig.cacheProxy.setMode(mode);
      try {
        const pages = [await get('/'), await get('/?q=kohlrabi'), await get('/')];
        console.info(`[app, Redis ${mode}] page times: ${pages.map((page) => `${page.ms.toFixed(0)} ms`).join(', ')} (cache timeout ${CACHE_TIMEOUT_MS} ms)`);
        for (const page of pages) {
          expect(page.status).toBe(200);
          expect(page.body).toContain(PRODUCT);
        }
        // Degraded, not down: every page is still served (from the database), so a load balancer keeps the instance.
        const check = await health();
        expect([check.status, check.json.status, check.json.failed]).toEqual([200, 'degraded', ['cache']]);
        expect(check.json.checks.cache.error).toMatch(mode === 'refuse' ? /^(connection-refused|connection-reset|circuit-open)$/ : /^(timeout|circuit-open)$/);
        expect(check.body).not.toContain(rig.cacheEnv.REDIS_URL!); // no addresses in the health report
      } finally {
        await rig.cacheProxy.setMode('forward');
      }
      expect(await eventually(async () => (await health()).json.status === 'ok')).toBe(true);
    });
  }

  it('PostgreSQL down: a clear error page with a retry, never a stack; health names the database; recovery by itself', async () => {
    await rig.databaseProxy.setMode('refuse');
    try {
      // A search nobody has cached, so the page needs the database.
      const page = await get(`/?q=${randomUUID().slice(0, 8)}`);
      // Decided by the error's kind, with the status a load balancer understands.
      if (page.status !== 503) console.info(server.output().slice(-3000));
      expect(page.status).toBe(503);
      expect(page.body).toContain('Products are unavailable right now');
      expect(await visibleErrorPage(`${server.url}/?q=${randomUUID().slice(0, 8)}`)).toEqual({ heading: true, retry: true, stack: false });
      expect(page.body).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack frames
      expect(page.body).not.toContain('ECONNREFUSED');
      // An editor's own pages say the same, with the same status, when their session cannot be checked.
      for (const own of ['/changes', '/trash', '/imports']) {
        const answer = await get(own, { cookie: editorCookie });
        expect([own, answer.status, answer.body.includes('Products are unavailable right now')]).toEqual([own, 503, true]);
      }
      const check = await health();
      expect([check.status, check.json.status]).toEqual([503, 'down']);
      expect(check.json.failed).toContain('database');
      expect(check.json.checks.database.error).toBe('connection-refused');
      expect(check.body).not.toContain(rig.proxiedDatabaseUrl);
    } finally {
      await rig.databaseProxy.setMode('forward');
    }
    expect(await eventually(async () => (await health()).json.status === 'ok')).toBe(true);
    const page = await get(`/?q=${encodeURIComponent('fault-tolerant')}`);
    expect([page.status, page.body.includes(PRODUCT)]).toEqual([200, true]);
  });
});
