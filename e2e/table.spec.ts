/**
 * The product table for editors (issue 12): sorting through the URL, a phone
 * layout with nothing off-screen, focus that stays in place around edits and
 * deletes, range selection, keyboard moves, empty states, and no editing code
 * for visitors.
 */
import { expect, test, type Page } from '@playwright/test';
import { CatalogPage, uniqueTitle } from './support/catalog-page';

const dollars = (text: string) => Number(text.replace(/[$,]/g, ''));

/** The prices shown, in row order. */
async function pricesShown(catalog: CatalogPage): Promise<number[]> {
  return (await catalog.bodyRows.evaluateAll((rows) => rows.map((row) => row.querySelector('th')?.nextElementSibling?.textContent ?? ''))).map(dollars);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`sorting ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled });

    test('the column headers sort through the URL, ascending then descending, and say so', async ({ page }) => {
      const catalog = new CatalogPage(page);
      await catalog.goto();
      const priceHeader = catalog.table.getByRole('columnheader', { name: /^Price/ });
      await priceHeader.getByRole('link').click();
      await expect(page).toHaveURL(/[?&]sort=price/);
      await expect(priceHeader).toHaveAttribute('aria-sort', 'ascending');
      const ascending = await pricesShown(catalog);
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

      await priceHeader.getByRole('link').click();
      await expect(page).toHaveURL(/dir=desc/);
      await expect(priceHeader).toHaveAttribute('aria-sort', 'descending');
      const descending = await pricesShown(catalog);
      expect(descending).toEqual([...descending].sort((a, b) => b - a));
      await expect(catalog.table.getByRole('columnheader', { name: /^Created/ })).not.toHaveAttribute('aria-sort');

      // The sort survives paging, and a reload.
      await page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Next' }).click();
      await expect(page).toHaveURL(/sort=price.*dir=desc|dir=desc.*sort=price/);
      const nextPage = await pricesShown(catalog);
      expect(Math.max(...nextPage)).toBeLessThanOrEqual(Math.min(...descending));

      // A new search, or another page size, keeps the order and starts at page 1.
      await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('10');
      await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
      await expect(page).toHaveURL(/size=10/);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('price');
      expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
      expect(new URL(page.url()).searchParams.get('page')).toBeNull();
      await expect(priceHeader).toHaveAttribute('aria-sort', 'descending');
    });
  });
}

test('titles sort case-insensitively, with id breaking ties', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto('?sort=title&dir=asc&size=200');
  const titles = await catalog.bodyRows.getByRole('rowheader').allInnerTexts();
  const lowered = titles.map((title) => title.toLowerCase());
  expect(lowered).toEqual([...lowered].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
});

for (const role of ['visitor', 'admin'] as const) {
  test(`at 390 × 844 the ${role}'s page never scrolls sideways and every action is on screen`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const catalog = new CatalogPage(await context.newPage());
    if (role === 'admin') await catalog.signIn();
    await catalog.goto();
    const overflow = await catalog.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const onScreen = async (locator: ReturnType<Page['getByRole']>) => {
      await locator.scrollIntoViewIfNeeded();
      const box = await locator.boundingBox();
      expect(box, await locator.toString()).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    };
    const title = await catalog.firstTitle();
    await onScreen(catalog.page.getByRole('rowheader', { name: title }));
    await onScreen(catalog.page.getByRole('link', { name: 'Next' }).last());
    await onScreen(catalog.page.getByRole('searchbox', { name: 'Search titles' }));
    if (role === 'admin') {
      await onScreen(catalog.page.getByRole('link', { name: `Edit ${title}` }));
      await onScreen(catalog.page.getByRole('link', { name: `Delete ${title}` }));
      await onScreen(catalog.page.getByRole('checkbox', { name: `Select ${title}` }));
      // The forms are folded behind their labels on a phone, one tap away.
      await catalog.page.getByText('Bulk actions', { exact: true }).click();
      await onScreen(catalog.bulkForm.getByRole('button', { name: 'Apply' }));
      await catalog.page.getByText('New product', { exact: true }).first().click();
      await onScreen(catalog.createForm.getByRole('button', { name: 'Create product' }));
      await onScreen(catalog.page.getByRole('button', { name: 'Sign out', exact: true }));
      // The editor fits too.
      await catalog.page.getByRole('link', { name: `Edit ${title}` }).click();
      await onScreen(catalog.page.getByRole('textbox', { name: `Title of ${title}` }));
      await onScreen(catalog.page.getByRole('button', { name: `Save ${title}` }));
      expect(await catalog.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
}

test.describe('editing keeps its place', () => {
  test.beforeEach(async ({ page }) => {
    await new CatalogPage(page).signIn();
  });

  test('column widths do not move when a row opens its editor and shows an error', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const widths = () => catalog.table.locator('thead th').evaluateAll((cells) => cells.map((cell) => Math.round(cell.getBoundingClientRect().width)));
    const before = await widths();
    const title = await catalog.firstTitle();
    await page.getByRole('link', { name: `Edit ${title}` }).click();
    await page.getByRole('textbox', { name: `Price of ${title}` }).fill('-1');
    await page.getByRole('textbox', { name: `Price of ${title}` }).press('Enter');
    await expect(page.getByText('Price cannot be negative.')).toBeVisible();
    expect(await widths()).toEqual(before);
  });

  test('the delete question opens below its row without a jump; Escape and Cancel give focus back to Delete', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto('?size=200');
    const row = catalog.bodyRows.nth(120);
    const title = (await row.getByRole('rowheader').innerText()).trim();
    const deleteLink = page.getByRole('link', { name: `Delete ${title}` });
    await deleteLink.scrollIntoViewIfNeeded();
    const scrolledTo = await page.evaluate(() => window.scrollY);
    await deleteLink.click();
    const question = page.getByRole('alertdialog', { name: `Delete “${title}”?` });
    await expect(question).toBeVisible();
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolledTo)).toBeLessThan(200);
    // It sits right below the row it asks about.
    const follows = await question.evaluate((element, expected) => element.closest('tr')?.previousElementSibling?.querySelector('th')?.textContent === expected || element.closest('tbody')?.previousElementSibling?.lastElementChild?.querySelector('th')?.textContent === expected, title);
    expect(follows).toBe(true);
    await expect(question.getByRole('link', { name: 'Cancel' })).toBeFocused();

    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(deleteLink).toBeFocused();

    await deleteLink.click();
    await question.getByRole('link', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    await expect(deleteLink).toBeFocused();
  });

  test('after a delete, the status says so and focus stays in the table', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const title = uniqueTitle('Gone Radicchio');
    await catalog.create(title, '1.00');
    await page.getByRole('link', { name: `Delete ${title}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete' }).click();
    await expect(page.locator('.page-status')).toHaveText(`Moved “${title}” to the trash.`);
    await expect(catalog.row(title)).toHaveCount(0);
    expect(await page.evaluate(() => document.activeElement?.closest('table') !== null)).toBe(true);
    // The next action clears the old message.
    await page.getByRole('link', { name: `Edit ${await catalog.firstTitle()}` }).click();
    await expect(page.locator('.page-status')).toHaveText('');
  });

  test('in the editor: Enter saves, Escape cancels, Up and Down move to the neighbouring rows; focus never falls to the page', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const titles = (await catalog.bodyRows.getByRole('rowheader').allInnerTexts()).slice(0, 3).map((text) => text.trim());
    await page.getByRole('link', { name: `Edit ${titles[0]}` }).click();
    const titleBox = (title: string) => page.getByRole('textbox', { name: `Title of ${title}` });
    await expect(titleBox(titles[0]!)).toBeFocused();

    await page.keyboard.press('ArrowDown');
    await expect(titleBox(titles[1]!)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(titleBox(titles[2]!)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(titleBox(titles[1]!)).toBeFocused();

    // A change, then Down: saved first, then the next row's editor.
    await page.getByRole('textbox', { name: `Price of ${titles[1]}` }).fill('42.42');
    await page.getByRole('textbox', { name: `Price of ${titles[1]}` }).press('ArrowDown');
    await expect(titleBox(titles[2]!)).toBeFocused();
    await expect(page.locator('.page-status')).toContainText(`Saved “${titles[1]}”.`);
    await expect(catalog.row(titles[1]!)).toContainText('$42.42');

    await page.keyboard.press('Escape');
    await expect(page.getByRole('link', { name: `Edit ${titles[2]}` })).toBeFocused();
    await page.getByRole('link', { name: `Edit ${titles[2]}` }).press('Enter');
    await expect(titleBox(titles[2]!)).toBeFocused();
    await titleBox(titles[2]!).press('Enter');
    await expect(page.getByRole('link', { name: `Edit ${titles[2]}` })).toBeFocused();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
  });

  test('shift-click ticks a range; Up and Down move between rows’ checkboxes', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const boxes = catalog.bodyRows.getByRole('checkbox');
    await boxes.nth(1).click();
    await boxes.nth(5).click({ modifiers: ['Shift'] });
    for (let index = 1; index <= 5; index += 1) await expect(boxes.nth(index)).toBeChecked();
    await expect(boxes.nth(0)).not.toBeChecked();
    await expect(boxes.nth(6)).not.toBeChecked();
    await expect(catalog.bulkForm.getByText('5 selected rows')).toBeVisible();
    // Shift-click again unticks the range from the new anchor.
    await boxes.nth(3).click({ modifiers: ['Shift'] });
    await expect(boxes.nth(3)).not.toBeChecked();

    await boxes.nth(1).focus();
    await page.keyboard.press('ArrowDown');
    await expect(boxes.nth(2)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(boxes.nth(0)).toBeFocused();
  });

  test('a search with no results offers "Clear search", and the bulk bar has nothing to act on', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto('?q=no-such-product-anywhere');
    await expect(catalog.table.getByText('No products match “no-such-product-anywhere”.')).toBeVisible();
    await expect(catalog.bulkForm.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await expect(catalog.paginationStatus).toHaveText('No products to show.');
    await catalog.table.getByRole('link', { name: 'Clear search' }).click();
    await expect(catalog.bodyRows).toHaveCount(50);
  });
});

test('pagination is numbered above and below, with plurals right, and is one landmark with one name', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto('?page=3');
  // One pagination landmark (below the table); the copy above is the same links without a landmark of its own.
  await expect(page.getByRole('navigation')).toHaveCount(1);
  for (const pager of [page.getByRole('navigation', { name: 'Pagination', exact: true }), page.locator('.pagination--top')]) {
    await expect(pager.getByText('3', { exact: true })).toHaveAttribute('aria-current', 'page');
    for (const link of ['First', 'Previous', '1', '2', '4', '5', 'Next', 'Last']) await expect(pager.getByRole('link', { name: link, exact: true })).toBeVisible();
  }
  await catalog.goto('?q=%231000');
  await expect(catalog.paginationStatus).toHaveText('Showing 1–1 of 1 product · page 1 of 1');
});

test('visitors get no editing code at all', async ({ page, request }) => {
  const response = await page.goto('/');
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  const code = (await Promise.all(scripts.map(async (src) => (await request.get(src)).text()))).join('\n');
  const found = ['Save mine anyway', 'Confirm bulk delete', 'Tick rows to act on', 'Sign out everywhere', 'Create product'].filter((text) => code.includes(text));
  expect(found).toEqual([]);
});
