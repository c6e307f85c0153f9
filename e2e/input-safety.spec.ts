/**
 * No input breaks the page or stores junk (issue 9): a NUL in the search,
 * invisible and direction-control titles, and a 1.2 MB paste, in Chromium
 * with JavaScript and without.
 */
import { expect, test } from '@playwright/test';
import { CatalogPage, uniqueTitle } from './support/catalog-page';

test.beforeEach(async ({ page }) => {
  await new CatalogPage(page).signIn();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a search with a NUL byte gets a clear message and no results, never an error page', async ({ page }) => {
      const catalog = new CatalogPage(page);
      const response = await page.goto('/?q=%00');
      expect(response?.status()).toBe(200);
      await expect(catalog.heading).toBeVisible();
      await expect(page.getByRole('search').getByRole('alert')).toHaveText(/Search cannot contain control characters .* No products were searched\./);
      await expect(catalog.bodyRows).toHaveCount(0);
      await expect(page.getByText('unavailable')).toHaveCount(0);
    });

    test('titles that would show as nothing, or read backwards, are refused with a message', async ({ page }) => {
      const catalog = new CatalogPage(page);
      await catalog.goto();
      for (const [title, message] of [
        ['\u200b\u200b\u200b', 'Title must contain at least one visible character.'],
        [`Leek\u202e${uniqueTitle('txt')}`, 'Title cannot contain text-direction controls (they make text read backwards).'],
      ]) {
        await catalog.createForm.getByLabel('Title').fill(title!);
        await catalog.createForm.getByLabel('Price').fill('1.00');
        await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
        await expect(catalog.createForm.getByText(message!)).toBeVisible();
        await expect(catalog.createForm.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
      }
      await expect(page.getByRole('link', { name: 'Edit ', exact: true })).toHaveCount(0);
    });

    test('every text input is limited to what its field accepts (200 characters may take 400 UTF-16 units)', async ({ page }) => {
      const catalog = new CatalogPage(page);
      await catalog.goto();
      await expect(catalog.createForm.getByLabel('Title')).toHaveAttribute('maxlength', '400');
      await expect(catalog.createForm.getByLabel('Price')).toHaveAttribute('maxlength', '20');
      await expect(page.getByRole('searchbox', { name: 'Search titles' })).toHaveAttribute('maxlength', '400');
      const firstTitle = await catalog.firstTitle();
      await page.getByRole('link', { name: `Edit ${firstTitle}` }).click();
      await expect(page.getByRole('textbox', { name: `Title of ${firstTitle}` })).toHaveAttribute('maxlength', '400');
      await expect(page.getByRole('textbox', { name: `Price of ${firstTitle}` })).toHaveAttribute('maxlength', '20');
    });

    test('a title is counted in characters, as the database counts them: 150 emoji are saved, 250 letters are refused', async ({ page }) => {
      const catalog = new CatalogPage(page);
      await catalog.goto();
      const title = catalog.createForm.getByLabel('Title');
      const emoji = `${uniqueTitle('🥕').slice(0, 20)}${'🥕'.repeat(130)}`;
      await title.fill(emoji);
      await expect(title).toHaveValue(emoji); // the browser's maxlength kept all 300 units
      await catalog.createForm.getByLabel('Price').fill('1.00');
      await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
      await expect(page.getByText(/Created “/)).toBeVisible();
      // 250 letters fit the input's 400 units, but not the 200 characters the database takes.
      const tooLong = `${uniqueTitle('Long')} ${'x'.repeat(250)}`;
      await title.fill(tooLong);
      await catalog.createForm.getByLabel('Price').fill('1.00');
      await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
      await expect(catalog.createForm.getByText('Title must be at most 200 characters.')).toBeVisible();
      await expect(title).toHaveValue(tooLong);
    });
  });
}

test('with JavaScript, a 1.2 MB paste past the input limit gets "too much to send" in the form and saves nothing', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  const firstTitle = await catalog.firstTitle();
  await page.getByRole('link', { name: `Edit ${firstTitle}` }).click();
  const input = page.getByRole('textbox', { name: `Title of ${firstTitle}` });
  // Past maxlength, as a script or devtools could: the form must still answer in words.
  await input.evaluate((element) => {
    (element as HTMLInputElement).removeAttribute('maxlength');
    (element as HTMLInputElement).value = 'x'.repeat(1_200_000);
  });
  await page.getByRole('button', { name: `Save ${firstTitle}` }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That is too much to send at once' })).toBeVisible();
  await expect(page.getByText('unavailable')).toHaveCount(0);
  await catalog.goto();
  await expect(catalog.row(firstTitle)).toHaveCount(1);
});

test('without JavaScript, a 1.2 MB form post gets a readable 413 page and saves nothing', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const catalog = new CatalogPage(page);
  await catalog.signIn();
  await catalog.goto();
  const firstTitle = await catalog.firstTitle();
  await page.getByRole('link', { name: `Edit ${firstTitle}` }).click();
  await page.getByRole('textbox', { name: `Title of ${firstTitle}` }).evaluate((element) => {
    (element as HTMLInputElement).removeAttribute('maxlength');
    (element as HTMLInputElement).value = 'x'.repeat(1_200_000);
  });
  const response = page.waitForResponse((candidate) => candidate.request().method() === 'POST');
  await page.getByRole('button', { name: `Save ${firstTitle}` }).click();
  expect((await response).status()).toBe(413);
  await expect(page.getByRole('heading', { name: 'Too much to send' })).toBeVisible();
  await expect(page.getByText(/more than \d+ KB, more than any form here needs, so nothing was saved/)).toBeVisible();
  await catalog.goto();
  await expect(catalog.row(firstTitle)).toHaveCount(1);
  await context.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`the largest legitimate form, a bulk change of 1,000 ticked rows, fits the body limit (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const catalog = new CatalogPage(await context.newPage());
    await catalog.signIn();
    await catalog.goto('?size=1000');
    await expect(catalog.bodyRows).toHaveCount(1000);
    const boxes = catalog.page.getByRole('checkbox', { name: /^Select (?!all)/ });
    if (javaScriptEnabled) await catalog.page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    else await boxes.evaluateAll((elements) => elements.forEach((element) => ((element as HTMLInputElement).checked = true)));
    await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('set-price');
    await catalog.bulkForm.getByLabel('New price').fill('7.77');
    await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();
    // A change of this many rows asks first, naming the count; the question posts the 1,000 ids again.
    const question = catalog.page.getByRole('alertdialog', { name: 'Change the price of 1,000 products?' });
    await question.getByRole('button', { name: 'Change 1,000 prices' }).click();
    await expect(catalog.bulkForm.getByRole('status')).toContainText('Updated 1,000 products.');
    await context.close();
  });
}
