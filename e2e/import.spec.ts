/**
 * CSV import (issue 24) through the pages, with JavaScript and without: the
 * preview's counts and every bad row by line, a dry run that writes nothing,
 * an apply in batches with its report, a second upload of the same file
 * changing nothing, and the whole import undone as one change. Then each
 * malformed file gets a clear message and writes nothing.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { CatalogPage, uniqueTitle } from './support/catalog-page';
import { E2E_EDITORS } from './support/credentials';

async function signedIn(browser: Browser, javaScriptEnabled: boolean): Promise<CatalogPage> {
  const catalog = new CatalogPage(await (await browser.newContext({ javaScriptEnabled })).newPage());
  await catalog.signIn(E2E_EDITORS.alice, 'alice');
  return catalog;
}

/** Uploads `contents` as `name` from the import page; lands on the preview (or wherever the upload leads). */
async function upload(page: Page, name: string, contents: string | Buffer) {
  await page.goto('/imports');
  await page.getByLabel(/^CSV file/, { exact: false }).and(page.locator('input[type=file]')).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(contents) ? contents : Buffer.from(contents) });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
}

/** How many products the list shows for `search` ("Showing 1–50 of N products"; 0 when none). */
async function listed(catalog: CatalogPage, search: string): Promise<number> {
  await catalog.goto(`?q=${encodeURIComponent(search)}`);
  if ((await catalog.bodyRows.count()) === 0) return 0;
  const text = await catalog.paginationStatus.innerText();
  return Number(/of ([\d,]+) product/.exec(text)![1]!.replace(/,/g, ''));
}

/** Waits for the run page to say the run has ended (it refreshes itself while running). */
async function runEnded(page: Page, ended: RegExp) {
  await expect(page).toHaveURL(/\/imports\/runs\/\d+$/);
  await expect(page.getByRole('status').filter({ hasText: ended })).toBeVisible({ timeout: 60_000 });
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`preview, dry run, apply in batches, a second upload changing nothing, undo as one (${mode})`, async ({ browser }) => {
    test.slow();
    const alice = await signedIn(browser, javaScriptEnabled);
    const prefix = uniqueTitle('Imported');
    await alice.goto();
    await alice.create(`${prefix} old one`, '1.00');
    await alice.create(`${prefix} old two`, '2.00');
    const one = await alice.idOf(`${prefix} old one`);
    const two = await alice.idOf(`${prefix} old two`);

    const creates = 1500;
    const lines = ['id,title,price', `${one},${prefix} old one renamed,1.50`, `${two},${prefix} old two,2.00`, ',,1.00', `,${prefix} bad price,-3`, `999999999,${prefix} ghost,1.00`];
    for (let index = 0; index < creates; index += 1) lines.push(`,"${prefix} new ${index}, with a comma",${(index % 50) + 1}.99`);
    const file = `\uFEFF${lines.join('\r\n')}\r\n`;

    await upload(alice.page, 'products.csv', file);
    await expect(alice.page).toHaveURL(/\/imports\/\d+$/);
    await expect(alice.page.getByTestId('preview-creates')).toHaveText('1,500');
    await expect(alice.page.getByTestId('preview-updates')).toHaveText('1');
    await expect(alice.page.getByTestId('preview-unchanged')).toHaveText('1');
    await expect(alice.page.getByTestId('preview-errors')).toHaveText('3');
    const badRows = alice.page.getByRole('region', { name: /3 rows have problems/ }).getByRole('row');
    await expect(badRows.nth(1)).toContainText('4');
    await expect(badRows.nth(1)).toContainText('Title is required.');
    await expect(badRows.nth(2)).toContainText('5');
    await expect(badRows.nth(3)).toContainText('no product has id 999999999');
    const preview = alice.page.url();

    // A dry run reports what would be written and writes nothing.
    await alice.page.getByRole('button', { name: 'Dry run (writes nothing)' }).click();
    await runEnded(alice.page, /Dry run finished: 2 batches checked, nothing was written/);
    await expect(alice.page.getByTestId('report-applied')).toHaveText('1,501');
    expect(await listed(alice, prefix)).toBe(2);

    // Apply: two batches, one change. With JavaScript the press shows at once and a second
    // click cannot post again (the action's request is held here until both are checked).
    await alice.page.goto(preview);
    const apply = alice.page.getByRole('button', { name: 'Apply: create 1,500, update 1' });
    if (javaScriptEnabled) {
      let posts = 0;
      let releasePost!: () => void;
      const posted = new Promise<void>((resolve) => (releasePost = resolve));
      await alice.page.route(preview, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts += 1;
        await posted;
        await route.continue();
      });
      await apply.click();
      const starting = alice.page.getByRole('button', { name: 'Starting the import…' });
      await expect(starting).toBeDisabled();
      await expect(alice.page.getByRole('button', { name: 'Dry run (writes nothing)' })).toBeDisabled();
      await starting.click({ force: true });
      expect(posts).toBe(1);
      releasePost();
    } else {
      await apply.click();
    }
    await runEnded(alice.page, /Import finished: 2 batches/);
    await expect(alice.page.getByTestId('report-applied')).toHaveText('1,501');
    await expect(alice.page.getByTestId('report-unchanged')).toHaveText('1');
    await expect(alice.page.getByTestId('report-missing')).toHaveText('1');
    const runPage = alice.page.url();
    expect(await listed(alice, prefix)).toBe(creates + 2);
    await alice.goto(`?q=${encodeURIComponent(`${prefix} old one renamed`)}`);
    await expect(alice.row(`${prefix} old one renamed`)).toBeVisible();

    // The same rows again, re-saved with LF line ends and no byte order mark: the same
    // import, so nothing is left to apply.
    const resaved = lines.join('\n');
    await upload(alice.page, 'products-again.csv', resaved);
    await expect(alice.page.getByTestId('preview-already-applied')).toContainText('These rows were imported before by alice');
    await expect(alice.page.getByTestId('preview-already-applied')).toContainText('1,503 rows in 2 batches');
    await expect(alice.page.getByTestId('preview-creates')).toHaveText('0');
    await expect(alice.page.getByTestId('preview-updates')).toHaveText('0');
    await expect(alice.page.getByRole('button', { name: 'Nothing left to apply' })).toBeDisabled();
    const again = alice.page.url();
    expect(await listed(alice, prefix)).toBe(creates + 2);

    // Undone as one change, from the first run's page.
    await alice.page.goto(runPage);
    await alice.page.getByRole('button', { name: /^Undo/ }).click();
    await expect(alice.page.getByText(/Undid “Imported products.csv”: 1,501 products back as before./)).toBeVisible();
    expect(await listed(alice, prefix)).toBe(2);
    await alice.goto(`?q=${encodeURIComponent(`${prefix} old one`)}`);
    await expect(alice.row(`${prefix} old one`)).toBeVisible();

    // The file's preview now says the import was undone and leads to undoing that undo.
    await alice.page.goto(again);
    const undoneNote = alice.page.getByTestId('preview-undone');
    await expect(undoneNote).toContainText('That import was undone');
    await undoneNote.getByRole('link', { name: 'its page' }).click();
    await alice.page.getByRole('button', { name: /^Undo/ }).click();
    await expect(alice.page.getByText(/1,501 products back as before/)).toBeVisible();
    expect(await listed(alice, prefix)).toBe(creates + 2);
  });

  test(`malformed files: each gets a clear message and writes nothing (${mode})`, async ({ browser }) => {
    test.slow();
    const alice = await signedIn(browser, javaScriptEnabled);
    const marker = uniqueTitle('Malformed');
    const files: Array<{ name: string; contents: string | Buffer; message: string | RegExp }> = [
      { name: 'empty.csv', contents: '', message: 'The file is empty' },
      { name: 'bom-only.csv', contents: '\uFEFF', message: 'The file has no rows' },
      { name: 'latin1.csv', contents: Buffer.from(`title,price\n${marker} caf\xe9,1.00\n`, 'latin1'), message: 'The file is not UTF-8 text' },
      { name: 'columns.csv', contents: `name,cost\n${marker},1.00\n`, message: 'The header row has no title or price column, unknown columns "name", "cost"' },
      { name: 'quote.csv', contents: `title,price\n"${marker} never closed,1.00\n`, message: 'never closes' },
      { name: 'one-line.csv', contents: `title,price\n${'x'.repeat(1_000_000)},1.00\n`, message: 'Line 2 is longer than 10,000 characters' },
      { name: 'semicolons.csv', contents: `title;price\n${marker};1,00\n`, message: 'separates its fields with semicolons (;), not commas' },
      { name: 'stray.csv', contents: `title,price\n${marker} 5" screen,1.00\n`, message: 'Line 2 has a quote (") inside a field that is not in quotes' },
    ];
    for (const { name, contents, message } of files) {
      await upload(alice.page, name, contents);
      await expect(alice.page.getByRole('alert').filter({ hasText: message })).toBeVisible();
      await expect(alice.page.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
    }

    // 10 MB of one line: more than an import takes, refused before it is read.
    const huge = `title,price\n${'x'.repeat(10 * 1024 * 1024)},1.00\n`;
    await upload(alice.page, 'huge.csv', huge);
    await expect(alice.page.getByText(/larger than the 8\.0 MB one import takes/)).toBeVisible();

    // Duplicate ids and a formula: the rows are named; the formula is only text, never run.
    await alice.goto();
    await alice.create(`${marker} kept`, '5.00');
    const kept = await alice.idOf(`${marker} kept`);
    await upload(alice.page, 'rows.csv', `id,title,price\n${kept},${marker} kept,6.00\n${kept},${marker} again,7.00\n,"=HYPERLINK(""http://example.invalid"")",1.00\n`);
    await expect(alice.page.getByText(`id ${kept} is already on line 2: each product once per file.`)).toBeVisible();
    await expect(alice.page.getByTestId('preview-creates')).toHaveText('1');
    expect(await listed(alice, marker)).toBe(1);

    // A title already in the catalog, to create again: named before anything is written.
    await upload(alice.page, 'again.csv', `title,price\n${marker} kept,5.00\n`);
    await expect(alice.page.getByTestId('preview-titles-in-catalog')).toContainText('1 row to create has the title of a product already in the catalog (line 2)');
  });
}

test('on a phone (390 px) each import table cell names its column; the page has no skip link to nowhere', async ({ browser }) => {
  const alice = await signedIn(browser, true);
  await alice.page.setViewportSize({ width: 390, height: 844 });
  await upload(alice.page, 'phone.csv', `title,price\n${uniqueTitle('Phone')},-1\n`);
  const cell = alice.page.getByRole('region', { name: /1 row has a problem/ }).locator('td').first();
  await expect(cell).toHaveText('2');
  expect(await cell.evaluate((element) => getComputedStyle(element, '::before').content)).toBe('"Line: "');
  for (const path of ['/imports', alice.page.url()]) {
    await alice.page.goto(path);
    const targets = await alice.page.locator('a[href^="#"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!.slice(1)));
    for (const target of targets) expect(await alice.page.locator(`[id="${target}"]`).count(), `#${target} on ${path}`).toBe(1);
  }
});
