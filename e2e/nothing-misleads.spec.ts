/**
 * Nothing misleads (issue 20), in Chromium, at 1280 and 390 wide, with
 * JavaScript and without where it applies: every outcome an action returns
 * is shown, nothing typed is lost, big bulk changes ask first, the list
 * controls apply as expected, and a phone starts with the products.
 * Each of these failed before: the editor of a row deleted in another tab
 * closed without a word; a rejected title longer than 300 characters came
 * back cut; a price change on every matching product ran at once; keys typed
 * right after Edit were lost; the page size waited for Search and left
 * "q=&dir=asc" in the address; a phone showed the first product a screen
 * and a half down, unlabelled editor fields, no skip link, nothing on sign-out.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CatalogPage, uniqueTitle } from './support/catalog-page';

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

async function signedIn(browser: Browser, options: { javaScriptEnabled: boolean; viewport: { width: number; height: number } }): Promise<CatalogPage> {
  const context = await browser.newContext(options);
  const catalog = new CatalogPage(await context.newPage());
  await catalog.signIn();
  return catalog;
}

/** Opens a folded section on a phone (the create form, the bulk bar); on a wide screen it is open already. */
async function unfold(page: Page, label: 'New product' | 'Bulk actions') {
  const summary = page.locator('summary', { hasText: label });
  if (await summary.isVisible()) {
    const details = summary.locator('xpath=..');
    if ((await details.getAttribute('open')) === null) await summary.click();
  }
}

for (const { name: width, viewport } of WIDTHS) {
  for (const javaScriptEnabled of [true, false]) {
    const mode = `${javaScriptEnabled ? 'with' : 'without'} JavaScript, ${width}`;

    test(`an edit of a row deleted in another tab keeps what was typed and offers to create it again (${mode})`, async ({ browser }) => {
      const a = await signedIn(browser, { javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
      const b = await signedIn(browser, { javaScriptEnabled, viewport });
      const title = uniqueTitle('Vanishing Parsnip');
      await a.goto();
      await a.create(title, '4.00');
      const id = await a.idOf(title);

      await b.goto();
      await b.page.getByRole('link', { name: `Edit ${title}` }).click();
      await b.page.getByRole('textbox', { name: `Title of ${title}` }).fill(`${title} renamed`);
      await b.page.getByRole('textbox', { name: `Price of ${title}` }).fill('5.25');

      await a.goto(`?delete=${id}`);
      await a.page.getByRole('button', { name: 'Yes, delete' }).click();
      await expect(a.row(title)).toHaveCount(0);

      await b.page.getByRole('button', { name: `Save ${title}` }).click();
      const panel = b.page.getByRole('alert').filter({ hasText: 'was deleted while you were editing it' });
      await expect(panel).toBeVisible();
      await expect(panel.getByRole('textbox', { name: 'Title' })).toHaveValue(`${title} renamed`);
      await expect(panel.getByRole('textbox', { name: 'Price' })).toHaveValue('5.25');
      await panel.getByRole('button', { name: 'Create it as a new product' }).click();
      await expect(b.page.getByText(`Created “${title} renamed”`)).toBeVisible();
      await b.goto(`?q=${encodeURIComponent(`${title} renamed`)}`);
      await expect(b.row(`${title} renamed`)).toContainText('$5.25');
      await a.page.context().close();
      await b.page.context().close();
    });

    test(`a rejected title comes back whole, however long (${mode})`, async ({ browser }) => {
      const catalog = await signedIn(browser, { javaScriptEnabled, viewport });
      await catalog.goto();
      await unfold(catalog.page, 'New product');
      const input = catalog.createForm.getByLabel('Title');
      // Past what the input allows, as a pasted or scripted value can be: 2,000 characters.
      await input.evaluate((element) => element.removeAttribute('maxlength'));
      const long = `${uniqueTitle('Long')} ${'abcdefghij'.repeat(198)}`;
      await input.fill(long);
      await catalog.createForm.getByLabel('Price').fill('1.00');
      await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
      await expect(catalog.createForm.getByText('Title must be at most 200 characters.')).toBeVisible();
      await expect(catalog.createForm.getByLabel('Title')).toHaveValue(long);
      await catalog.page.context().close();
    });

    test(`a price change on every matching product names the count, shows rows before and after, and runs only when confirmed (${mode})`, async ({ browser }) => {
      const catalog = await signedIn(browser, { javaScriptEnabled, viewport });
      const word = uniqueTitle('Bulkcheck').replace(' ', '');
      await catalog.goto();
      await unfold(catalog.page, 'New product');
      await catalog.create(`${word} one`, '2.00');
      await catalog.create(`${word} two`, '3.00');
      await catalog.goto(`?q=${encodeURIComponent(word.toLowerCase())}`);
      await unfold(catalog.page, 'Bulk actions');
      await catalog.bulkForm.getByRole('radio', { name: /all 2 products matching/ }).check();
      await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('adjust-percent');
      await catalog.bulkForm.getByLabel('Change (%)').fill('100');
      await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();

      const question = catalog.page.getByRole('alertdialog', { name: 'Change the price of 2 products?' });
      await expect(question).toContainText(`${word} two`);
      await expect(question).toContainText('$3.00');
      await expect(question).toContainText('$6.00');
      await question.getByRole('link', { name: 'Cancel' }).click();
      await catalog.goto(`?q=${encodeURIComponent(word.toLowerCase())}`);
      await expect(catalog.row(`${word} two`)).toContainText('$3.00'); // nothing changed

      await unfold(catalog.page, 'Bulk actions');
      await catalog.bulkForm.getByRole('radio', { name: /all 2 products matching/ }).check();
      await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('adjust-percent');
      await catalog.bulkForm.getByLabel('Change (%)').fill('100');
      await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();
      await catalog.page.getByRole('alertdialog', { name: 'Change the price of 2 products?' }).getByRole('button', { name: 'Change 2 prices' }).click();
      await expect(catalog.bulkForm.getByRole('status')).toContainText('Updated 2 products.');
      await catalog.goto(`?q=${encodeURIComponent(word.toLowerCase())}`);
      await expect(catalog.row(`${word} two`)).toContainText('$6.00');
      await catalog.page.context().close();
    });

    test(`the page size applies on its own, and the address keeps only what differs from the defaults (${mode})`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled, viewport });
      const catalog = new CatalogPage(await context.newPage());
      await catalog.goto('?sort=title');
      await catalog.page.getByRole('combobox', { name: 'Rows per page' }).selectOption('20');
      if (!javaScriptEnabled) await catalog.page.getByRole('button', { name: 'Show' }).click();
      await expect(catalog.page).toHaveURL(/\/\?sort=title&size=20$/);
      await expect(catalog.bodyRows).toHaveCount(20);
      // A search with the form's defaults leaves nothing behind: no "q=", no "dir=asc".
      await catalog.page.getByRole('searchbox', { name: 'Search titles' }).fill('');
      await catalog.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
      await expect(catalog.page).toHaveURL(/\/\?sort=title&size=20$/);
      await context.close();
    });

    test(`signing out says so (${mode})`, async ({ browser }) => {
      const catalog = await signedIn(browser, { javaScriptEnabled, viewport });
      await catalog.goto();
      await catalog.page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(catalog.page.getByRole('status').filter({ hasText: 'Signed out.' })).toBeVisible();
      await expect(catalog.page.getByRole('link', { name: 'Sign in to edit' })).toBeVisible();
      await catalog.page.context().close();
    });
  }

  test(`keys typed right after Edit land in the editor, even on a slow network (${width})`, async ({ browser }) => {
    const catalog = await signedIn(browser, { javaScriptEnabled: true, viewport });
    await catalog.goto();
    const title = await catalog.firstTitle();
    // Every request from now on takes 1.5 s more: the editor must not wait for one.
    await catalog.page.route('**/*', async (route) => {
      await sleep(1500);
      await route.continue();
    });
    await catalog.page.getByRole('link', { name: `Edit ${title}` }).click();
    await catalog.page.keyboard.type(' quick');
    await expect(catalog.page.getByRole('textbox', { name: `Title of ${title}` })).toHaveValue(new RegExp(' quick$'));
    await catalog.page.unrouteAll({ behavior: 'ignoreErrors' });
    await catalog.page.context().close();
  });
}

test.describe('on a phone (390 × 844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const role of ['visitor', 'admin'] as const) {
    test(`the ${role}'s first product is on the first screen`, async ({ page }) => {
      const catalog = new CatalogPage(page);
      if (role === 'admin') await catalog.signIn();
      await catalog.goto();
      const first = catalog.bodyRows.first();
      const box = await first.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    });
  }

  test("the inline editor's fields have labels one can see", async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.signIn();
    await catalog.goto();
    const title = await catalog.firstTitle();
    await page.getByRole('link', { name: `Edit ${title}` }).click();
    await expect(page.locator('label', { hasText: `Title of ${title}` })).toBeVisible();
    await expect(page.locator('label', { hasText: `Price of ${title}` })).toBeVisible();
  });
});

test('a skip link is the first stop of the Tab key and goes to the products', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.signIn();
  await catalog.goto();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to products' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(catalog.table).toBeFocused();
  // The next stop is in the table, not 28 controls further down.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#products')))).toBe(true);
});

test('column names are the names alone; the sort is aria-sort', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  for (const name of ['Title', 'Price', 'Created (UTC)', 'Updated (UTC)']) await expect(catalog.table.getByRole('columnheader', { name, exact: true })).toBeVisible();
  await expect(catalog.table.getByRole('columnheader', { name: 'Created (UTC)', exact: true })).toHaveAttribute('aria-sort', 'descending');
  await expect(catalog.table.getByRole('link', { name: 'Title', exact: true })).toBeVisible();
});
