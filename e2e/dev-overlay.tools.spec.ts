/**
 * The overlay's tools beyond the Debug Toolbar (issue 14), in `next dev`
 * (playwright.dev.config.ts; runs after dev-overlay.spec.ts, on the same
 * server): where each query and cache call came from, EXPLAIN / ANALYZE /
 * run again, cached values with their TTL, counts by operation and filters,
 * and the cache console with the tutorial's tour.
 */
import { expect, test, type Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium-dev', 'needs next dev: npx playwright test -c playwright.dev.config.ts');
});

const pill = (page: Page) => page.getByTestId('dev-overlay-pill');
const panel = (page: Page, name: string) => page.getByRole('tabpanel', { name });

async function openTab(page: Page, name: 'Cache' | 'SQL' | 'Console') {
  if ((await pill(page).getAttribute('aria-expanded')) !== 'true') await pill(page).click();
  await page.getByRole('tab', { name }).click();
}

/** A page view whose record has finished (pages stream; the pill reads the record when it is complete). */
async function view(page: Page, url: string) {
  await page.goto(url);
  await expect(pill(page)).toContainText(/SQL \d+ ·.*\| \d/);
}

test.describe('dev overlay tools @dev-server', () => {
  test('a query shows where it was written, its plan, its plan with timings, and its rows again', async ({ page }) => {
    // A search the cache has not seen: its list query runs now.
    await view(page, '/?q=heirloom');
    await openTab(page, 'SQL');
    const queries = panel(page, 'SQL').getByRole('table', { name: 'Queries' });
    const listQuery = queries.locator('tbody > tr').filter({ hasText: /from "products"/i }).first();
    await expect(listQuery).toBeVisible();

    const callSite = listQuery.locator('details.callsite');
    await expect(callSite.locator('summary')).toContainText(/lib\/products\/queries\.ts:\d+:\d+/);
    await callSite.locator('summary').click();
    await expect(callSite.locator('li')).not.toHaveCount(0);
    await expect(callSite).not.toContainText('node_modules');

    await listQuery.getByRole('button', { name: 'EXPLAIN' }).click();
    await expect(listQuery.getByLabel('Plan', { exact: true })).toContainText(/Scan|Limit|Sort|Aggregate/);
    await callSite.locator('summary').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/overlay-query-call-site-and-plan.png' });
    await listQuery.getByRole('button', { name: 'ANALYZE' }).click();
    await expect(listQuery.getByLabel('Plan with timings')).toContainText(/actual time=/);
    await listQuery.getByRole('button', { name: 'Run again' }).click();
    await expect(listQuery.getByText(/row(s)? in .*\(rolled back\)/)).toBeVisible();
    await expect(listQuery.getByRole('table', { name: 'Rows' })).toBeVisible();
  });

  test('only a single SELECT can be explained: the API refuses anything else, and bad input', async ({ page, request }) => {
    const response = await page.goto('/');
    const id = response!.headers()['x-request-id']!;
    expect((await request.post('/api/dev/explain', { data: { requestId: id, index: 0, mode: 'drop table' } })).status()).toBe(400);
    expect((await request.post('/api/dev/explain', { data: { requestId: 'no-such-request', index: 0, mode: 'explain' } })).status()).toBe(404);
    expect((await request.post('/api/dev/explain', { data: 'not json' })).status()).toBe(400);
  });

  test('a cache read shows its value (cut short, then whole), its size and the TTL it had left', async ({ page }) => {
    await view(page, '/');
    await view(page, '/'); // now a hit
    await openTab(page, 'Cache');
    const hit = panel(page, 'Cache').locator('tr[data-op="lookup"][data-result="hit"]').first();
    await expect(hit).toBeVisible();
    await expect(hit.locator('.preview')).toContainText('"rows"');
    const ttlLeft = Number((await hit.locator('td').nth(6).innerText()).replace(' s', ''));
    expect(ttlLeft).toBeGreaterThan(0);
    expect(ttlLeft).toBeLessThanOrEqual(300);
    await expect(hit.locator('details.callsite summary')).toContainText(/lib\/products\/.*\.ts:\d+/);

    await hit.getByRole('button', { name: /Show the whole value/ }).click();
    const whole = hit.getByLabel(/^Value of /);
    await expect(whole).toContainText('"total"');
    expect((await whole.innerText()).length).toBeGreaterThan((await hit.locator('.preview').innerText()).length);
    await page.screenshot({ path: 'test-results/overlay-cache-read-with-value.png' });
    await hit.getByRole('button', { name: /Hide the whole value/ }).click();
    await expect(whole).toBeHidden();
  });

  test('counts by operation, and filters for only misses, only slow and only errors', async ({ page }) => {
    await view(page, '/?q=okra&size=20'); // a new key: a miss and a fill
    await openTab(page, 'Cache');
    const cache = panel(page, 'Cache');
    const byOp = cache.getByRole('table', { name: 'Calls by operation' });
    await expect(byOp.getByRole('columnheader', { name: 'get (cached)' })).toBeVisible();
    await expect(byOp.getByRole('columnheader', { name: 'set (refill)' })).toBeVisible();

    const calls = cache.getByRole('table', { name: 'Cache calls' }).locator('tbody > tr');
    const all = await calls.count();
    await cache.getByRole('checkbox', { name: /misses \(1\)/ }).check();
    await expect(calls).toHaveCount(1);
    await expect(calls.first()).toHaveAttribute('data-result', 'miss');
    await cache.getByRole('checkbox', { name: /misses/ }).uncheck();
    await expect(calls).toHaveCount(all);
    await cache.getByRole('checkbox', { name: /errors \(0\)/ }).check();
    await expect(cache.getByRole('status')).toHaveText('No cache calls match these filters.');

    await openTab(page, 'SQL');
    await panel(page, 'SQL').getByRole('checkbox', { name: /slow/ }).check();
    const slowCount = Number(/\((\d+)\)/.exec(await panel(page, 'SQL').getByRole('checkbox', { name: /slow/ }).locator('..').innerText())?.[1]);
    if (slowCount === 0) await expect(panel(page, 'SQL').getByRole('status')).toHaveText('No queries match these filters.');
    else await expect(panel(page, 'SQL').getByRole('table', { name: 'Queries' }).locator('tbody > tr')).toHaveCount(slowCount);
  });

  test("the cache console runs the tutorial's tour against the app's cache, printed as the Django shell prints", async ({ page }) => {
    await view(page, '/');
    await openTab(page, 'Console');
    const consolePanel = panel(page, 'Console');
    const transcript = consolePanel.getByLabel('Console output');
    const steps = consolePanel.getByRole('group', { name: 'Tutorial steps' });
    await steps.getByRole('button', { name: "set('my_key', 'hello, world!', 30)" }).click();
    await expect(transcript).toContainText(">>> cache.set('my_key', 'hello, world!', 30)");
    await steps.getByRole('button', { name: "get('my_key')", exact: true }).click();
    await expect(transcript).toContainText(">>> cache.get('my_key')\n'hello, world!'");
    await steps.getByRole('button', { name: "get_many(['a', 'b', 'c'])" }).click();
    await expect(transcript).toContainText(">>> cache.get_many(['a', 'b', 'c'])\n{}");
    await steps.getByRole('button', { name: "set_many({'a': 1, 'b': 2, 'c': 3})" }).click();
    await steps.getByRole('button', { name: "get_many(['a', 'b', 'c'])" }).click();
    // Its answer, not the set_many line above (which shows the same dict): the prompt is free again.
    await expect(transcript).toContainText(">>> cache.get_many(['a', 'b', 'c'])\n{'a': 1, 'b': 2, 'c': 3}");

    const prompt = consolePanel.getByLabel('Cache command');
    await prompt.fill("cache.incr('nope')");
    await prompt.press('Enter');
    await expect(transcript).toContainText("ValueError: Key 'nope' not found");
    await prompt.fill("cache.ttl('my_key')");
    await consolePanel.getByRole('button', { name: 'Run' }).click();
    await expect(transcript).toContainText(/>>> cache\.ttl\('my_key'\)\n(30|29|28|27|26|25)\n/);
    // The same store the app uses: its own entries are listed under the app's prefix.
    await prompt.fill('cache.keys()');
    await prompt.press('Enter');
    await expect(transcript).toContainText(/:rt:{products}:gen'/);
    await prompt.fill("cache.delete_many(['my_key', 'a', 'b', 'c'])");
    await prompt.press('Enter');
    await expect(transcript).toContainText(">>> cache.delete_many(['my_key', 'a', 'b', 'c'])\n");
  });
});

test.describe('first load in next dev @dev-server', () => {
  // Issue 14: Next's indicator showed "1 Issue" on first loads. What the browser reported then:
  // the HMR socket refused at 127.0.0.1 (fixed by allowedDevOrigins) and a 404 for /favicon.ico (fixed by app/icon.svg).
  for (const host of ['localhost', '127.0.0.1']) {
    test(`at ${host}: no console error, and Next's indicator reports no issue`, async ({ page, baseURL }) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://${host}:${new URL(baseURL!).port}/`);
      await expect(pill(page)).toBeVisible(); // hydrated
      await expect(pill(page)).toContainText(/SQL \d+ ·.*\| \d/);
      const indicator = await page.evaluate(() => (document.querySelector('nextjs-portal')?.shadowRoot?.innerHTML ?? '').replace(/<[^>]+>/g, ' '));
      expect(indicator).not.toMatch(/\d+\s*Issues?\b/);
      expect(errors).toEqual([]);
    });
  }
});
