/**
 * CSV export (issue 24): "Export CSV" downloads every product the list shows
 * for its search and order, all pages, as a file a spreadsheet opens cleanly:
 * UTF-8 with a byte order mark, a header row, prices as numbers, and a title
 * that looks like a formula neutralised. With JavaScript and without (a link).
 * A visitor is sent to sign in.
 */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { CatalogPage, uniqueTitle } from './support/catalog-page';

for (const javaScriptEnabled of [true, false]) {
  test(`an export holds every page of the search, safe to open (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
    test.setTimeout(90_000);
    const setup = new CatalogPage(await (await browser.newContext()).newPage());
    await setup.signIn();
    await setup.goto();
    const word = uniqueTitle('Exportable').split(' ')[1]!;
    const titles = [`Okra ${word}`, `=HYPERLINK("http://example.com","Leek ${word}")`, `Chard, "fresh" ${word}`];
    for (const [index, title] of titles.entries()) await setup.create(title, `${index + 1}.50`);
    await setup.page.context().close();

    const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
    const catalog = new CatalogPage(await context.newPage());
    await catalog.signIn();
    await catalog.goto(`?q=${word}&size=1`); // one row per page: the export must still hold all three
    const downloading = catalog.page.waitForEvent('download');
    await catalog.page.getByRole('link', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`products-${word.toLowerCase()}.csv`);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte order mark
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('id,title,price,created_at,updated_at');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(3); // newest first, as the list
    expect(rows[0]).toMatch(new RegExp(`^\\d+,"Chard, ""fresh"" ${word}",3\\.50,`));
    expect(rows[1]).toMatch(new RegExp(`^\\d+,"'=HYPERLINK\\(""http://example.com"",""Leek ${word}""\\)",2\\.50,`));
    expect(rows[2]).toMatch(new RegExp(`^\\d+,Okra ${word},1\\.50,\\d{4}-\\d\\d-\\d\\dT`));
    await context.close();
  });
}

test('a visitor who opens the export is sent to sign in, and comes back to it', async ({ page }) => {
  const response = await page.request.get('/products.csv?q=okra', { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe('/login?returnTo=%2Fproducts.csv%3Fq%3Dokra');
});
