/**
 * The dev overlay in `next dev` (playwright.dev.config.ts): the Django Debug
 * Toolbar walk-through, seen in the pill, the panels and the JSON API.
 *   1. first load: a miss, and SQL;  2. reload: a hit, and no SQL;
 *   3. an inline edit: the action's request shows the invalidation;
 *   4. the next render after it misses again (with revalidatePath, Next
 *      renders the page inside the action's own response, so that render is
 *      part of the same POST), and refills the cache for the reload after.
 * The specs share one fresh server and run in order.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { RequestDetail, RequestList } from '../lib/dev-overlay/types';

test.describe.configure({ mode: 'serial' });

// The overlay exists only under `next dev`. The production config (playwright.config.ts)
// also finds this file: there it is skipped, and scripts/test-all.ts leaves it out by tag.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium-dev', 'needs next dev: npx playwright test -c playwright.dev.config.ts');
});

const pill = (page: Page) => page.getByTestId('dev-overlay-pill');

async function requestIdOf(page: Page, url = '/'): Promise<string> {
  const response = await page.goto(url);
  const id = response?.headers()['x-request-id'];
  expect(id, 'every dev response carries x-request-id').toBeTruthy();
  return id!;
}

async function detailOf(request: APIRequestContext, id: string): Promise<RequestDetail> {
  // The page streams: wait until the collector saw its response finish.
  let detail: RequestDetail | undefined;
  await expect
    .poll(async () => {
      const response = await request.get(`/api/dev/requests/${id}`);
      detail = (await response.json()) as RequestDetail;
      return detail.summary?.status;
    })
    .toBe(200);
  return detail!;
}

async function openTab(page: Page, name: 'Cache' | 'SQL' | 'Timeline' | 'History') {
  if ((await pill(page).getAttribute('aria-expanded')) !== 'true') await pill(page).click();
  await page.getByRole('tab', { name }).click();
}

test.describe('dev overlay @dev-server', () => {
  test('1. first load: the pill reports one cache miss and SQL; the API agrees', async ({ page, request }) => {
    const id = await requestIdOf(page);
    await expect(pill(page)).toContainText(/Cache 0\/1 hit · 1 miss/);
    await expect(pill(page)).toContainText(/SQL [1-9]\d* ·/);

    const detail = await detailOf(request, id);
    expect(detail.summary).toMatchObject({ method: 'GET', path: '/', label: 'page', status: 200 });
    expect(detail.summary.cache).toMatchObject({ hits: 0, misses: 1 });
    expect(detail.summary.sql.count).toBeGreaterThanOrEqual(1);
    // The start-up seed recorded an invalidation (db/seed.ts); this first read may be the one that drains it.
    const [drained, reads] = [detail.cache.filter((event) => event.op === 'invalidate'), detail.cache.filter((event) => event.op !== 'invalidate')];
    expect(drained.map((event) => `${event.op}:${event.result}`)).toEqual(drained.map(() => 'invalidate:ok'));
    expect(reads.map((event) => `${event.op}:${event.result}`)).toEqual(['lookup:miss', 'fill:stored']);
    const fill = reads[1]!;
    expect(fill.bytes).toBeGreaterThan(0);
    expect(fill.ttlSeconds).toBe(300);
    expect(fill.storedKey).toContain(':rt:{products}:');
    expect(detail.sql[0]!.text).toMatch(/select/i);
    expect(detail.sql[0]!.durationMs).toBeGreaterThanOrEqual(0);

    const timing = (await request.get(`/api/dev/requests/${id}`)).headers()['server-timing'];
    expect(timing).toMatch(/cache;dur=[\d.]+/);
    expect(timing).toMatch(/sql;dur=[\d.]+/);

    await openTab(page, 'Cache');
    await expect(page.locator('tr[data-op="lookup"][data-result="miss"]')).toBeVisible();
    await openTab(page, 'SQL');
    await expect(page.getByRole('tabpanel', { name: 'SQL' }).locator('.sqltext').first()).toContainText(/select/i);
    await openTab(page, 'Timeline');
    await expect(page.locator('.tl-row[data-kind="sql"]').first()).toBeVisible();
  });

  test('2. reload: one hit and zero SQL queries', async ({ page, request }) => {
    const id = await requestIdOf(page);
    await expect(pill(page)).toContainText('SQL 0 ·');
    await expect(pill(page)).toContainText(/Cache 1\/1 hit · 0 miss/);
    const detail = await detailOf(request, id);
    expect(detail.summary.cache).toMatchObject({ hits: 1, misses: 0 });
    expect(detail.sql).toEqual([]);
    expect(detail.cache[0]).toMatchObject({ op: 'lookup', result: 'hit' });
    expect(detail.cache[0]!.bytes).toBeGreaterThan(0);
  });

  test('3 and 4. an inline edit: History shows the action with its invalidation, then a miss again', async ({ page, request }) => {
    await requestIdOf(page);
    await expect(pill(page)).toContainText(/Cache 1\/1 hit/);
    const title = `Edited in the overlay test ${Date.now().toString(36)}`;
    await page.getByRole('link', { name: /^Edit / }).first().click();
    await page.getByLabel(/^Title of /).first().fill(title);
    await page.getByRole('button', { name: /^Save / }).first().click();
    await expect(page.getByRole('rowheader', { name: title, exact: true })).toBeVisible();

    // The pill shows the miss either way: on the action, whose own render missed and refilled, or,
    // when the editor closes with a navigation (served from that refill), as what came before it.
    await expect(pill(page)).toContainText(/Cache 0\/1 hit · 1 miss|Cache 1\/1 hit · 0 miss .*\| after POST \/\S* \(action\): 1 invalidate · 1 miss$/);

    await openTab(page, 'History');
    const actionRow = page.locator('tr[data-label="action"]').first();
    // The action posts to the page's address (with ?edit=<id> when the editor was opened by URL).
    await expect(actionRow).toContainText(/POST \/(\?edit=\d+)? \(action\)/);
    await expect(actionRow).toContainText('1 invalidate');
    await expect(actionRow).toContainText('1 miss');
    await actionRow.click();
    await expect(page.getByRole('tab', { name: 'Cache' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('dev-overlay-title')).toContainText(/POST \/(\?edit=\d+)? \(action\)/);
    await expect(page.locator('tr[data-op="invalidate"][data-result="ok"]')).toBeVisible();

    // The same through the JSON API: newest first, the action on top.
    const list = (await (await request.get('/api/dev/requests')).json()) as RequestList;
    const action = list.requests.find((entry) => entry.label === 'action')!;
    expect(action).toMatchObject({ method: 'POST', path: expect.stringMatching(/^\/(\?edit=\d+)?$/) });
    const detail = await detailOf(request, action.id);
    const ops = detail.cache.map((event) => `${event.op}:${event.result}`);
    expect(ops[0]).toBe('invalidate:ok');
    // 4. The render after the write reads the database again: a miss, then a refill.
    expect(ops.slice(1)).toEqual(['lookup:miss', 'fill:stored']);
    expect(detail.sql.some((query) => /update/i.test(query.text))).toBe(true);

    // And the reload after that is served from the refilled cache.
    const reload = await requestIdOf(page);
    await expect(pill(page)).toContainText(/Cache 1\/1 hit · 0 miss/);
    expect((await detailOf(request, reload)).sql).toEqual([]);
  });

  test('History lists requests newest first; an unknown id says so', async ({ request }) => {
    const list = (await (await request.get('/api/dev/requests')).json()) as RequestList;
    expect(list.capacity).toBe(50);
    const times = list.requests.map((entry) => entry.startedAtEpochMs);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(list.requests.every((entry) => !entry.path.startsWith('/api/dev'))).toBe(true);
    const missing = await request.get('/api/dev/requests/not-a-request');
    expect(missing.status()).toBe(404);
    expect(((await missing.json()) as { unknown?: boolean }).unknown).toBe(true);
  });

  test('the overlay does not cover Next’s dev indicator or shift the page', async ({ page }) => {
    await requestIdOf(page);
    await expect(pill(page)).toBeVisible();
    const box = (await pill(page).boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x).toBeGreaterThan(viewport.width / 2); // bottom-right; Next's indicator is bottom-left
    expect(box.y).toBeGreaterThan(viewport.height / 2);
    const host = await page.locator('[data-dev-overlay-host]').boundingBox();
    expect(host?.width ?? 0).toBe(0);
  });
});

test.describe('npm run dev from other addresses @dev-server', () => {
  test('the page hydrates at 127.0.0.1 too, not only at localhost', async ({ page, baseURL }) => {
    const port = new URL(baseURL!).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    // The pill is a client component: it only appears once the page has hydrated.
    await expect(pill(page)).toBeVisible();
    const firstTitle = (await page.locator('tbody tr th').first().innerText()).trim();
    await page.getByRole('link', { name: `Edit ${firstTitle}` }).click();
    await expect(page.getByRole('textbox', { name: `Title of ${firstTitle}` })).toBeFocused();
  });
});
