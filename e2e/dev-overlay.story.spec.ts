/**
 * Issue 20 (items 8 and 9), in `next dev` (playwright.dev.config.ts; after
 * dev-overlay.spec.ts, on the same server): the overlay tells the cache's
 * story where it happens.
 * - After "Invalidate cache" or Create, the action's own response renders the
 *   page again: the pill follows the action, whose Cache panel shows the miss
 *   and says why ("generation moved at this request…"); the reload after it
 *   shows the action's events first and says who stored what it hit.
 * - A form posted before JavaScript ends in a 303: the page it lands on shows
 *   the action too.
 * - Dead generations are marked (Cache panel, console keys()).
 * - Background work (the outbox sweep) is shown apart, never as a request's.
 * - The panel takes the width of the screen; the terminal log is the app's.
 */
import fs from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { BackgroundLog, RequestDetail } from '../lib/dev-overlay/types';
import { devServerLog } from '../playwright.dev.config';

test.describe.configure({ mode: 'serial' });

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium-dev', 'needs next dev: npx playwright test -c playwright.dev.config.ts');
});

const pill = (page: Page) => page.getByTestId('dev-overlay-pill');
const panel = (page: Page, name: string) => page.getByRole('tabpanel', { name });
const cacheCalls = (page: Page) => panel(page, 'Cache').getByRole('table', { name: 'Cache calls' });
const GENERATION = '[0-9a-f]{8}';
const GAP = '[\\d.]+ (?:ms|s|min)';

async function openTab(page: Page, name: 'Cache' | 'History' | 'Background' | 'Console') {
  if ((await pill(page).getAttribute('aria-expanded')) !== 'true') await pill(page).click();
  await page.getByRole('tab', { name }).click();
}

/** A page view whose record has finished; returns its request id. */
async function view(page: Page, url = '/'): Promise<string> {
  const response = await page.goto(url);
  await expect(pill(page)).toContainText(/SQL \d+ ·.*\| \d/);
  return response!.headers()['x-request-id']!;
}

async function detailOf(request: APIRequestContext, id: string): Promise<RequestDetail> {
  const response = await request.get(`/api/dev/requests/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as RequestDetail;
}

/** Clicks "Invalidate cache" and waits for its answer. */
async function invalidate(page: Page) {
  await page.getByRole('button', { name: 'Invalidate cache' }).click();
  await expect(page.locator('.invalidate-form').getByText(/Cache invalidated/)).toBeVisible();
}

test.describe('the cache story, told where it happens @dev-server', () => {
  test('after "Invalidate cache": the overlay shows the action\'s own miss and why; the reload shows who stored its hit', async ({ page }) => {
    await view(page);
    await invalidate(page);
    // The action's response rendered the page again: the pill follows it.
    await pill(page).click();
    await expect(page.getByTestId('dev-overlay-title')).toContainText(/^POST \/\S* \(action\)/);
    await expect(cacheCalls(page).locator('tr[data-op="invalidate"]').getByTestId('cache-why')).toHaveText(
      new RegExp(`^retired generation ${GENERATION}: every entry under it is unreachable now`),
    );
    const miss = cacheCalls(page).locator('tr[data-op="lookup"][data-result="miss"]').first();
    await expect(miss.getByTestId('cache-why')).toHaveText(
      new RegExp(`^generation moved at this request, ${GAP} before: the invalidate retired ${GENERATION}; nothing is stored for this key under ${GENERATION} yet$`),
    );
    // The stored key is shown, with the generation this read started marked in it.
    const generation = (await miss.getAttribute('data-generation'))!;
    await expect(miss.getByTestId('stored-key')).toContainText(':rt:{products}:');
    await expect(miss.locator('mark.gen')).toHaveText(`${generation.slice(0, 8)}…`);
    await expect(cacheCalls(page).locator('tr[data-op="fill"][data-result="stored"]').first()).toHaveAttribute('data-generation', generation);
    await miss.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/overlay-after-invalidate.png' });

    // The reload is a hit: the page says it came after the action, and who stored what it read.
    await page.reload();
    await expect(pill(page)).toContainText(/\| after POST \/\S* \(action\): 1 invalidate · [1-9]\d* miss$/);
    await openTab(page, 'Cache');
    const before = panel(page, 'Cache').getByTestId('followed-action');
    await expect(before.getByRole('heading')).toHaveText(new RegExp(`^Before this page: POST /\\S* \\(action\\), ${GAP} earlier$`));
    await expect(before.locator('tr[data-op="lookup"][data-result="miss"]').first()).toBeVisible();
    const hit = cacheCalls(page).locator('tr[data-op="lookup"][data-result="hit"]').first();
    await expect(hit).toHaveAttribute('data-generation', generation);
    await expect(hit.getByTestId('cache-why')).toHaveText(new RegExp(`^stored by POST /\\S* \\(action\\), ${GAP} before`));
  });

  test('after Create: the action shows its invalidate, then its own re-render\'s miss with the reason', async ({ page }) => {
    await view(page);
    const title = `Story ${Date.now().toString(36)}`;
    const form = page.getByRole('form', { name: 'New product' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Price').fill('3.50');
    await form.getByRole('button', { name: 'Create product' }).click();
    await expect(form.getByRole('status')).toContainText(`Created “${title}”`);
    await pill(page).click();
    await expect(page.getByTestId('dev-overlay-title')).toContainText(/^POST \/\S* \(action\)/);
    await expect(cacheCalls(page).locator('tr[data-op="invalidate"][data-result="ok"]')).toBeVisible();
    const miss = cacheCalls(page).locator('tr[data-op="lookup"][data-result="miss"]').first();
    await expect(miss.getByTestId('cache-why')).toHaveText(new RegExp(`^generation moved at this request, ${GAP} before: the invalidate retired ${GENERATION}`));
    await miss.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/overlay-after-create.png' });
  });

  test('a form posted before JavaScript ran (303, then GET): the page it lands on shows the action and why it missed', async ({ browser, page, baseURL }) => {
    const plainContext = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const plain = await plainContext.newPage();
    await plain.goto('/');
    const landing = plain.waitForResponse((response) => response.request().resourceType() === 'document' && response.request().method() === 'GET');
    await plain.getByRole('button', { name: 'Invalidate cache' }).click();
    const landedId = (await landing).headers()['x-request-id']!;
    await plainContext.close();

    await view(page);
    await openTab(page, 'History');
    await page.locator(`tr[data-request-id="${landedId}"]`).click();
    const before = panel(page, 'Cache').getByTestId('followed-action');
    await expect(before.getByRole('heading')).toHaveText(new RegExp(`^Before this page: POST /\\S* \\(action\\), ${GAP} earlier$`));
    await expect(before.locator('tr[data-op="invalidate"][data-result="ok"]')).toBeVisible();
    await expect(cacheCalls(page).locator('tr[data-op="lookup"][data-result="miss"]').first().getByTestId('cache-why')).toHaveText(
      new RegExp(`^generation moved at POST /\\S* \\(action\\), ${GAP} before: the invalidate retired ${GENERATION}`),
    );
  });

  test('stored keys of a retired generation are marked dead: in the Cache panel, and after keys() in the console', async ({ page }) => {
    const earlier = await view(page);
    await invalidate(page);
    await openTab(page, 'History');
    await page.locator(`tr[data-request-id="${earlier}"]`).click();
    const read = cacheCalls(page).locator('tr[data-op="lookup"]').first();
    await expect(read.locator('mark.gen.dead')).toBeVisible();
    await expect(read.getByText('dead generation', { exact: true })).toBeVisible();

    await openTab(page, 'Console');
    const prompt = panel(page, 'Console').getByLabel('Cache command');
    await prompt.fill('cache.keys()');
    await prompt.press('Enter');
    const note = panel(page, 'Console').getByTestId('console-note');
    await expect(note).toContainText(new RegExp(`# \\{products\\}: live generation ${GENERATION}; [1-9]\\d* of \\d+ keys belong to dead generations`));
    await expect(note).toContainText(/#\s+dead: \S+:rt:\{products\}:[0-9a-f-]{36}[:!]/);
  });
});

test.describe('background work, the panel and the terminal @dev-server', () => {
  test('the outbox sweep is shown apart, under Background; a finished request never gains its queries', async ({ page, request }) => {
    const id = await view(page);
    const own = await detailOf(request, id);
    const sweeps = async () => ((await (await request.get('/api/dev/background')).json()) as BackgroundLog).totals.queries;
    const seen = await sweeps();
    // The sweep runs every second: wait for two more of its queries, however long the machine takes.
    await expect.poll(sweeps, { timeout: 60_000 }).toBeGreaterThanOrEqual(seen + 2);
    const later = await detailOf(request, id);
    expect(later.sql.length).toBe(own.sql.length);
    expect(later.summary.warnings).toEqual(own.summary.warnings);

    await openTab(page, 'Background');
    const background = panel(page, 'Background');
    await expect(background).toContainText(/never in a request's numbers, duplicates or the pill/);
    const sweep = background.getByRole('table', { name: 'Background entries' }).locator('tr[data-kind="sql"]').filter({ hasText: 'cache_invalidations' }).first();
    await expect(sweep).toBeVisible();
    await expect(sweep).toContainText(/no request|had finished/);
  });

  test('the panel takes the width of the screen at 1280', async ({ page }) => {
    await view(page);
    await pill(page).click();
    const box = (await page.getByRole('dialog', { name: 'Dev overlay' }).boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(1280 - 24 - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  });

  test('at 390 wide: the panel fits the screen, every tab is reachable, "How to read this" reads in one column', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await view(page);
    await pill(page).click();
    const dialog = page.getByRole('dialog', { name: 'Dev overlay' });
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    for (const name of ['Cache', 'SQL', 'Timeline', 'History', 'Background', 'Console']) {
      const tab = (await page.getByRole('tab', { name }).boundingBox())!;
      expect(tab.x, name).toBeGreaterThanOrEqual(0);
      expect(tab.x + tab.width, name).toBeLessThanOrEqual(390);
    }
    await page.getByText('How to read this').click();
    const definition = page.getByRole('term').filter({ hasText: /^hit \(local\)$/ });
    await expect(definition).toBeVisible();
    const explained = (await definition.locator('xpath=following-sibling::dd[1]').boundingBox())!;
    expect(explained.x + explained.width).toBeLessThanOrEqual(390);
    await page.getByRole('tab', { name: 'Background' }).click();
    await expect(panel(page, 'Background')).toBeVisible();
  });

  test("the terminal shows the app's requests, not the overlay's own polling, and no aborted request as an uncaught exception", async ({ baseURL }) => {
    const log = fs.readFileSync(devServerLog(new URL(baseURL!).port), 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
    const requests = log.split('\n').filter((line) => /^\s*(GET|POST) \//.test(line));
    expect(requests.some((line) => /^\s*GET \/ /.test(line))).toBe(true);
    expect(requests.filter((line) => line.includes('/api/dev'))).toEqual([]);
    expect(log).not.toContain('uncaughtException');
  });
});
