/**
 * The page cache keeps cached()'s promise across worker processes (issue 13):
 * once an edit is acknowledged, the very next anonymous view shows it, even
 * when another worker answers and both workers held the old page.
 *
 * Each visitor view opens a new browser context: a new connection, which the
 * cluster hands to the next worker in turn (x-worker says which one answered).
 * A page with JavaScript opens more connections for its scripts, and when
 * that number is even every document lands on the same worker; so when two
 * views in a row came from the worker not wanted, the next spends one
 * connection of its own first (`nudge`) to move the round robin by one.
 */
import { request as httpRequest } from 'node:http';
import { expect, test, type Browser, type Response } from '@playwright/test';
import { CatalogPage, uniqueTitle } from './support/catalog-page';
import { E2E_EDITORS } from './support/credentials';

interface View {
  worker: string;
  pageCache: string;
  titles: string[];
}

/** One anonymous view of `/` on a fresh connection: who answered, and the titles shown. */
async function visitorView(browser: Browser, javaScriptEnabled: boolean): Promise<View> {
  const context = await browser.newContext({ javaScriptEnabled });
  try {
    const visitor = new CatalogPage(await context.newPage());
    const response = (await visitor.page.goto('/'))!;
    await expect(visitor.heading).toBeVisible();
    const titles = (await visitor.bodyRows.getByRole('rowheader').allInnerTexts()).map((title) => title.trim());
    const headers = response.headers();
    return { worker: headers['x-worker'] ?? '', pageCache: headers['x-page-cache'] ?? '', titles };
  } finally {
    await context.close();
  }
}

/** One request on a connection of its own, so the cluster's round robin moves on by one. */
async function nudge(baseURL: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sent = httpRequest(new URL('/api/health', baseURL), { agent: false, headers: { connection: 'close' } }, (response) => {
      response.resume();
      response.on('end', resolve);
    });
    sent.on('error', reject);
    sent.end();
  });
}

/**
 * Views until `done` says enough (at most `limit`). When a view is not
 * `wanted` and came from the same worker as the view before it, the documents
 * are stuck on one worker: one nudge moves the next to the other.
 */
async function viewsUntil(
  browser: Browser,
  baseURL: string,
  javaScriptEnabled: boolean,
  wanted: (view: View) => boolean,
  done: (views: View[]) => boolean,
  limit = 20,
): Promise<View[]> {
  const views: View[] = [];
  while (views.length < limit && !done(views)) {
    const view = await visitorView(browser, javaScriptEnabled);
    const previous = views.at(-1);
    views.push(view);
    if (!wanted(view) && previous?.worker === view.worker) await nudge(baseURL);
  }
  return views;
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`an edit shows on the very next anonymous view, served by another worker from the page cache, ${mode}`, async ({ browser, baseURL }) => {
    // Up to 40 browser contexts: generous on a busy machine, and no assertion depends on it.
    test.slow();
    const adminContext = await browser.newContext({ javaScriptEnabled });
    const admin = new CatalogPage(await adminContext.newPage());
    await admin.signIn();
    const title = uniqueTitle('Worker Parsnip');
    await admin.goto();
    await admin.create(title, '3.00');
    const id = await admin.idOf(title);

    // Both workers serve the page with the new product from the page cache.
    const warm = new Set<string>();
    const warming = await viewsUntil(
      browser,
      baseURL!,
      javaScriptEnabled,
      (view) => {
        if (view.pageCache === 'hit') warm.add(view.worker);
        return !warm.has(view.worker);
      },
      () => warm.size === 2,
    );
    for (const seen of warming) expect(seen.titles[0]).toBe(title);
    expect([...warm].sort()).toEqual(['1', '2']);

    // The edit, through the inline editor; the POST's response says which worker wrote.
    const renamed = `${title} renamed`;
    await admin.goto(`?edit=${id}`);
    await admin.page.getByRole('textbox', { name: `Title of ${title}` }).fill(renamed);
    const posted = admin.page.waitForResponse((response: Response) => response.request().method() === 'POST');
    await admin.page.getByRole('button', { name: `Save ${title}` }).click();
    const writer = (await posted).headers()['x-worker'];
    await expect(admin.row(renamed)).toBeVisible();
    expect(writer).toMatch(/^[12]$/);

    // Every view from now on shows the edit, the first one included, until the other worker has answered.
    const views = await viewsUntil(
      browser,
      baseURL!,
      javaScriptEnabled,
      (view) => view.worker !== writer,
      (seen) => seen.some((view) => view.worker !== writer),
    );
    for (const view of views) expect(view.titles[0]).toBe(renamed);
    const other = views.find((view) => view.worker !== writer)!;
    expect(other).toBeDefined();
    // The other worker rendered the new page once; later views by anyone are hits of it.
    expect(['miss', 'hit']).toContain(other.pageCache);
    const after = await visitorView(browser, javaScriptEnabled);
    expect(after).toMatchObject({ pageCache: 'hit' });
    expect(after.titles[0]).toBe(renamed);
    await adminContext.close();
  });
}

test('a page-cache hit runs its scripts under its hash-based policy: it hydrates, and nothing is refused', async ({ browser, baseURL }) => {
  // Until a view is a hit: each worker renders its first view of the page (or finds it stored).
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const refusals: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
      });
      await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to run: ${event.violatedDirective}`)));
      const response = (await page.goto('/'))!;
      if (response.headers()['x-page-cache'] !== 'hit') {
        await nudge(baseURL!);
        continue;
      }
      const policy = response.headers()['content-security-policy'] ?? '';
      expect(policy).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
      expect(policy).not.toContain("'nonce-");
      // Hydrated: the page-size select applies itself, so its "Show" button is gone.
      await expect(page.getByRole('button', { name: 'Show' })).toHaveCount(0);
      expect(refusals).toEqual([]);
      return;
    } finally {
      await context.close();
    }
  }
  throw new Error('20 views of / and not one page-cache hit');
});

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`two signed-in editors each get their own page from the shared template, gzip, and create from it, ${mode}`, async ({ browser }) => {
    test.slow();
    const editors = await Promise.all(
      (['alice', 'bob'] as const).map(async (name) => {
        const context = await browser.newContext({ javaScriptEnabled });
        const catalog = new CatalogPage(await context.newPage());
        const refusals: string[] = [];
        catalog.page.on('console', (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
        });
        await catalog.page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to run: ${event.violatedDirective}`)));
        await catalog.signIn(E2E_EDITORS[name], name);
        return { name, context, catalog, refusals };
      }),
    );
    try {
      for (const { name, catalog, refusals } of editors) {
        // Until this editor's view is a gzip hit: the first view of a list after a write renders
        // it, and its template is deflated once a hit has asked for gzip (identity until then).
        let served = '';
        let coding = '';
        for (let attempt = 0; attempt < 30 && !(served === 'hit' && coding === 'gzip'); attempt += 1) {
          const headers = (await catalog.page.goto('/'))!.headers();
          [served, coding] = [headers['x-page-cache'] ?? '', headers['content-encoding'] ?? ''];
        }
        expect([served, coding]).toEqual(['hit', 'gzip']);
        await expect(catalog.page.getByText(`Signed in as ${name}`)).toBeVisible();
        for (const other of editors) if (other.name !== name) await expect(catalog.page.getByText(`Signed in as ${other.name}`)).toHaveCount(0);
        // Hydrated under the filled-in nonce: the page-size select applies itself, so its "Show" button is gone.
        if (javaScriptEnabled) await expect(catalog.page.getByRole('button', { name: 'Show' })).toHaveCount(0);
        // Its forms work: the create form's key was filled in for this view.
        await catalog.create(uniqueTitle(`Template Fennel ${name}`), '2.50');
        expect(refusals).toEqual([]);
      }
    } finally {
      for (const { context } of editors) await context.close();
    }
  });
}
