/**
 * Editors never lose work (issue 9), in Chromium, with JavaScript and without:
 * two editors on one row meet a conflict panel instead of a silent overwrite;
 * a form posted without JavaScript answers 303 so a reload repeats nothing;
 * a repeated create or bulk POST writes once; a bulk delete completes.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { CatalogPage, formFields, multipart, uniqueTitle } from './support/catalog-page';

async function signedInPage(browser: Browser, javaScriptEnabled: boolean): Promise<CatalogPage> {
  const context = await browser.newContext({ javaScriptEnabled });
  const catalog = new CatalogPage(await context.newPage());
  await catalog.signIn();
  return catalog;
}

async function idOf(catalog: CatalogPage, title: string): Promise<string> {
  return catalog.idOf(title);
}

/** How many products have exactly this title, as a visitor's search shows them. */
async function countTitled(page: Page, title: string): Promise<number> {
  const visitor = new CatalogPage(await page.context().browser()!.newPage());
  await visitor.goto(`?q=${encodeURIComponent(title)}`);
  const count = await visitor.row(title).count();
  await visitor.page.close();
  return count;
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test.describe(`two editors on one row, ${mode}`, () => {
    test('the later save shows both versions instead of overwriting; "Save mine anyway" then saves', async ({ browser }) => {
      const a = await signedInPage(browser, javaScriptEnabled);
      const b = await signedInPage(browser, javaScriptEnabled);
      const title = uniqueTitle('Conflict Kohlrabi');
      await a.goto();
      await a.create(title, '4.00');
      const id = await idOf(a, title);

      // Window A opens the editor and keeps it open; window B renames the product meanwhile.
      await a.goto(`?edit=${id}`);
      await b.goto(`?edit=${id}`);
      await b.page.getByRole('textbox', { name: `Title of ${title}` }).fill(`${title} (B)`);
      await b.page.getByRole('button', { name: `Save ${title}` }).click();
      await expect(b.row(`${title} (B)`)).toBeVisible();

      // A changes only the price, from the old form.
      await a.page.getByRole('textbox', { name: `Price of ${title}` }).fill('5.55');
      await a.page.getByRole('button', { name: `Save ${title}` }).click();
      const panel = a.page.getByRole('alert').filter({ has: a.page.getByRole('heading', { name: 'Someone else saved this product while you were editing it' }) });
      await expect(panel).toBeVisible();
      await expect(panel).toContainText('Yours (not saved)');
      await expect(panel).toContainText(`${title} · $5.55`);
      await expect(panel).toContainText(`${title} (B) · $4.00`);
      await expect(panel).toContainText(/Stored now, saved \d/);
      expect(await countTitled(a.page, `${title} (B)`)).toBe(1); // nothing was overwritten

      await panel.getByRole('button', { name: 'Save mine anyway' }).click();
      await expect(a.row(title)).toContainText('$5.55');
      await expect(a.page.getByRole('status').filter({ hasText: `Saved “${title}”.` }).first()).toBeVisible();
      await b.goto(`?q=${encodeURIComponent(title)}`);
      await expect(b.row(title)).toContainText('$5.55');
      await a.page.context().close();
      await b.page.context().close();
    });

    test('"Use theirs" closes the editor on the stored version; "Keep editing" returns to the inputs', async ({ browser }) => {
      const a = await signedInPage(browser, javaScriptEnabled);
      const b = await signedInPage(browser, javaScriptEnabled);
      const title = uniqueTitle('Conflict Okra');
      await a.goto();
      await a.create(title, '2.00');
      const id = await idOf(a, title);
      await a.goto(`?edit=${id}`);
      await b.goto(`?edit=${id}`);
      await b.page.getByRole('textbox', { name: `Price of ${title}` }).fill('3.00');
      await b.page.getByRole('button', { name: `Save ${title}` }).click();
      await expect(b.row(title)).toContainText('$3.00');

      await a.page.getByRole('textbox', { name: `Title of ${title}` }).fill(`${title} (A)`);
      await a.page.getByRole('button', { name: `Save ${title}` }).click();
      const panel = a.page.getByRole('alert').filter({ hasText: 'Someone else saved this product' });
      await expect(panel).toBeVisible();
      await panel.getByRole('link', { name: 'Keep editing' }).click();
      await expect(a.page.getByRole('textbox', { name: `Title of ${title}` })).toBeFocused();
      await expect(a.page.getByRole('textbox', { name: `Title of ${title}` })).toHaveValue(`${title} (A)`);
      if (javaScriptEnabled) await expect(panel).toHaveCount(0);
      else await panel.getByRole('link', { name: 'Use theirs' }).click();
      if (javaScriptEnabled) {
        // Saving now is a knowing choice: the editor carries the version it was shown, so it saves.
        await a.page.getByRole('textbox', { name: `Price of ${title}` }).fill('3.25');
        await a.page.getByRole('button', { name: `Save ${title}` }).click();
        await expect(a.row(`${title} (A)`)).toContainText('$3.25');
      } else {
        await expect(a.page.getByRole('textbox', { name: `Title of ${title}` })).toHaveCount(0);
        await expect(a.row(title)).toContainText('$3.00');
      }
      await a.page.context().close();
      await b.page.context().close();
    });
  });

  test.describe(`bulk delete, ${mode}`, () => {
    test('asks with the titles, keeps the selection through Cancel, then deletes exactly those rows', async ({ browser }) => {
      const catalog = await signedInPage(browser, javaScriptEnabled);
      const prefix = uniqueTitle('Bulk Gone');
      const titles = [`${prefix} one`, `${prefix} two`, `${prefix} three`];
      await catalog.goto();
      for (const title of titles) await catalog.create(title, '1.00');
      await catalog.goto(`?q=${encodeURIComponent(prefix)}`);
      await expect(catalog.bodyRows).toHaveCount(3);

      const tickAllAndAsk = async () => {
        for (const title of titles) await catalog.page.getByRole('checkbox', { name: `Select ${title}` }).check();
        await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('delete');
        await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();
      };
      // Nothing counts ticks before JavaScript runs, so no number is claimed then.
      const selectedLabel = catalog.bulkForm.getByRole('radio', { name: javaScriptEnabled ? '0 selected rows' : 'the ticked rows' });
      await expect(selectedLabel).toBeVisible();
      if (javaScriptEnabled) {
        // Delete of "all matching" is refused by the server; the bar says so before the click.
        await catalog.bulkForm.getByRole('radio', { name: /^all 3 products/ }).check();
        await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('delete');
        await expect(catalog.bulkForm.getByRole('button', { name: 'Apply' })).toBeDisabled();
        await expect(catalog.bulkForm).toContainText('Delete works on ticked rows only');
        await selectedLabel.check();
      }
      await tickAllAndAsk();
      const dialog = catalog.page.getByRole('alertdialog', { name: 'Delete 3 products? They go to the trash, where they can be restored.' });
      await expect(dialog).toBeVisible();
      for (const title of titles) await expect(dialog).toContainText(title);
      for (const title of titles) await expect(catalog.page.getByRole('checkbox', { name: `Select ${title}` })).toBeChecked();

      await dialog.getByRole('link', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
      for (const title of titles) await expect(catalog.page.getByRole('checkbox', { name: `Select ${title}` })).toBeChecked();
      await expect(catalog.bodyRows).toHaveCount(3);

      await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('delete');
      await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();
      await catalog.page.getByRole('alertdialog').getByRole('button', { name: 'Delete 3 products' }).click();
      await expect(catalog.bulkForm.getByRole('status')).toContainText('Moved 3 products to the trash.');
      await expect(catalog.bodyRows).toHaveCount(0);
      await catalog.page.context().close();
    });
  });
}

test.describe('Post/Redirect/Get without JavaScript', () => {
  test('create answers 303 to the list; a reload shows the list again and creates nothing', async ({ browser }) => {
    const catalog = await signedInPage(browser, false);
    await catalog.goto('?size=20');
    const title = uniqueTitle('Reload Fennel');
    await catalog.createForm.getByLabel('Title').fill(title);
    await catalog.createForm.getByLabel('Price').fill('6.00');
    const post = catalog.page.waitForResponse((response) => response.request().method() === 'POST');
    await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
    expect((await post).status()).toBe(303);
    await expect(catalog.page).toHaveURL(/\/\?size=20$/);
    await expect(catalog.createForm.getByRole('status')).toContainText(`Created “${title}”`);

    await catalog.page.reload();
    await expect(catalog.heading).toBeVisible();
    await expect(catalog.page.getByText(`Created “${title}”`)).toHaveCount(0); // the flash is shown once
    expect(await countTitled(catalog.page, title)).toBe(1);
    await catalog.page.context().close();
  });

  test('Back and resubmit: the same create form posted again writes nothing and says so', async ({ browser }) => {
    const catalog = await signedInPage(browser, false);
    await catalog.goto();
    const title = uniqueTitle('Twice Leek');
    await catalog.createForm.getByLabel('Title').fill(title);
    await catalog.createForm.getByLabel('Price').fill('2.50');
    const fields = await formFields(catalog.createForm);
    await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
    await expect(catalog.createForm.getByRole('status')).toContainText(`Created “${title}”`);

    // What the browser sends when the person confirms "resubmit the form": the same fields again.
    const origin = new URL(catalog.page.url()).origin;
    const again = await catalog.page.request.post('/', { multipart: multipart(fields), headers: { origin }, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    await catalog.goto();
    await expect(catalog.createForm.getByRole('status')).toContainText('already been submitted, so nothing was changed again');
    expect(await countTitled(catalog.page, title)).toBe(1);
    await catalog.page.context().close();
  });

  test('a bulk +10 % posted twice is applied once (+10 %, not +21 %)', async ({ browser }) => {
    const catalog = await signedInPage(browser, false);
    const title = uniqueTitle('Percent Chard');
    await catalog.goto();
    await catalog.create(title, '10.00');
    await catalog.goto(`?q=${encodeURIComponent(title)}`);
    await catalog.page.getByRole('checkbox', { name: `Select ${title}` }).check();
    await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('adjust-percent');
    await catalog.bulkForm.getByLabel('Change (%)').fill('10');
    const fields = await formFields(catalog.bulkForm);
    const post = catalog.page.waitForResponse((response) => response.request().method() === 'POST');
    await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();
    expect((await post).status()).toBe(303);
    await expect(catalog.bulkForm.getByRole('status')).toContainText('Updated 1 product.');
    await expect(catalog.row(title)).toContainText('$11.00');

    const origin = new URL(catalog.page.url()).origin;
    await catalog.page.request.post('/', { multipart: multipart(fields), headers: { origin }, maxRedirects: 0 });
    await catalog.goto(`?q=${encodeURIComponent(title)}`);
    await expect(catalog.row(title)).toContainText('$11.00');
    await catalog.page.context().close();
  });
});

test.describe('idempotent retries with JavaScript', () => {
  test('a create the network sends twice creates one product', async ({ browser }) => {
    const catalog = await signedInPage(browser, true);
    await catalog.goto();
    const title = uniqueTitle('Retried Daikon');
    // Every action POST reaches the server twice, as a retry after a lost response would.
    await catalog.page.route('**/*', async (route) => {
      if (route.request().method() !== 'POST' || !route.request().headers()['next-action']) return route.continue();
      await route.fetch();
      await route.fulfill({ response: await route.fetch() });
    });
    await catalog.createForm.getByLabel('Title').fill(title);
    await catalog.createForm.getByLabel('Price').fill('3.00');
    await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
    await expect(catalog.createForm.getByRole('status')).toContainText(`Created “${title}”`);
    await expect(catalog.createForm.getByRole('status')).toContainText('already been submitted');
    await catalog.page.unrouteAll();
    expect(await countTitled(catalog.page, title)).toBe(1);
    await catalog.page.context().close();
  });
});
