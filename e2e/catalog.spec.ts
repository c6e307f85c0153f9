import { expect, test } from '@playwright/test';
import { CatalogPage, uniqueTitle } from './support/catalog-page';

// Writes need the admin session in a production build.
test.beforeEach(async ({ page }) => {
  await new CatalogPage(page).signIn();
});

test.describe('the catalog list', () => {
  test('shows the seeded catalog newest first, paginated in the URL', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    await expect(catalog.paginationStatus).toContainText(/Showing 1–50 of [\d,]+ products · page 1 of \d+/);
    await expect(catalog.bodyRows).toHaveCount(50);
    const headers = await catalog.table.getByRole('columnheader').allInnerTexts();
    expect(headers.map((text) => text.replace(/[▲▼↕]/g, '').trim()).filter(Boolean)).toEqual(['ID', 'Title', 'Price', 'Created (UTC)', 'Updated (UTC)', 'Actions']);

    const firstIdOnPage1 = await catalog.bodyRows.first().getByRole('cell').nth(1).innerText();
    await page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Next' }).click();
    await expect(page).toHaveURL(/[?&]page=2/);
    await expect(catalog.paginationStatus).toContainText('Showing 51–100');
    await page.reload();
    await expect(catalog.paginationStatus).toContainText('Showing 51–100');
    await page.goBack();
    await expect(catalog.paginationStatus).toContainText('Showing 1–50');
    await expect(catalog.bodyRows.first().getByRole('cell').nth(1)).toHaveText(firstIdOnPage1);
  });

  test('searches titles and shows 1000 rows on one page when asked', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    await page.getByRole('searchbox', { name: 'Search titles' }).fill('#1000');
    await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('1000');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=%231000/);
    await expect(catalog.bodyRows).toHaveCount(1);
    await expect(catalog.bodyRows.first()).toContainText('#1000');

    await catalog.goto('?size=1000');
    await expect(catalog.bodyRows).toHaveCount(1000);
  });
});

test.describe('writing products', () => {
  test('create shows field errors first, keeps what was typed, then succeeds', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const form = catalog.createForm;
    await form.getByLabel('Title').fill('   ');
    await form.getByLabel('Price').fill('1.234');
    await form.getByRole('button', { name: 'Create product' }).click();
    await expect(form.getByText('Title is required.')).toBeVisible();
    await expect(form.getByText('Price can have at most 2 decimal places.')).toBeVisible();
    await expect(form.getByLabel('Price')).toHaveValue('1.234');
    await expect(form.getByLabel('Price')).toHaveAttribute('aria-invalid', 'true');

    const title = uniqueTitle('Heirloom Tomatillo');
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Price').fill('9.03');
    await form.getByRole('button', { name: 'Create product' }).click();
    await expect(form.getByRole('status')).toContainText(`Created “${title}”`);
    await expect(catalog.bodyRows.first()).toContainText(title);
    await expect(catalog.row(title)).toContainText('$9.03');
  });

  test('inline edit saves with Enter, shows errors in place, and survives a reload', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const title = uniqueTitle('Smoked Fennel');
    await catalog.create(title, '4.00');

    await page.getByRole('link', { name: `Edit ${title}` }).click();
    const titleInput = page.getByRole('textbox', { name: `Title of ${title}` });
    const priceInput = page.getByRole('textbox', { name: `Price of ${title}` });
    await expect(titleInput).toBeFocused();

    await priceInput.fill('-1');
    await priceInput.press('Enter');
    await expect(page.getByText('Price cannot be negative.')).toBeVisible();
    await expect(priceInput).toHaveValue('-1');

    const renamed = `${title} (renamed)`;
    await titleInput.fill(renamed);
    await priceInput.fill('12.50');
    await priceInput.press('Enter');
    await expect(catalog.row(renamed)).toContainText('$12.50');
    await expect(page.getByRole('link', { name: `Edit ${renamed}` })).toBeFocused();

    await page.reload();
    await expect(catalog.row(renamed)).toContainText('$12.50');
  });

  test('Escape cancels an inline edit without saving', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const title = uniqueTitle('Crisp Endive');
    await catalog.create(title, '2.00');
    await page.getByRole('link', { name: `Edit ${title}` }).click();
    await page.getByRole('textbox', { name: `Title of ${title}` }).fill('Should not be saved');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('link', { name: `Edit ${title}` })).toBeFocused();
    await page.reload();
    await expect(catalog.row(title)).toBeVisible();
    await expect(page.getByText('Should not be saved')).toHaveCount(0);
  });

  test('delete asks for confirmation and posts', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const title = uniqueTitle('Wild Salsify');
    await catalog.create(title, '3.00');
    await page.getByRole('link', { name: `Delete ${title}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete “${title}”?` });
    await expect(dialog).toBeVisible();
    const posts: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(catalog.row(title)).toHaveCount(0);
    expect(posts.length).toBeGreaterThan(0);
    await page.reload();
    await expect(catalog.row(title)).toHaveCount(0);
  });

  test('bulk bar sets a price on the ticked rows and reports the count', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const first = uniqueTitle('Giant Leek');
    const second = uniqueTitle('Giant Okra');
    await catalog.create(first, '1.00');
    await catalog.create(second, '2.00');
    await page.getByRole('checkbox', { name: `Select ${first}` }).check();
    await page.getByRole('checkbox', { name: `Select ${second}` }).check();
    await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('set-price');
    await catalog.bulkForm.getByLabel('New price').fill('4.56');
    await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();
    await expect(catalog.bulkForm.getByRole('status')).toContainText('Updated 2 products.');
    await expect(catalog.row(first)).toContainText('$4.56');
    await expect(catalog.row(second)).toContainText('$4.56');

    await page.getByRole('checkbox', { name: `Select ${first}` }).check();
    await catalog.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('adjust-percent');
    await catalog.bulkForm.getByLabel('Change (%)').fill('10');
    await catalog.bulkForm.getByRole('button', { name: 'Apply' }).click();
    await expect(catalog.bulkForm.getByRole('status')).toContainText('Updated 1 product.');
    await expect(catalog.row(first)).toContainText('$5.02');
  });

  test('the invalidate button empties the cache and the page still shows current data', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    await page.getByRole('button', { name: 'Invalidate cache' }).click();
    await expect(page.getByText('Cache invalidated: the list below was read from the database and cached again.')).toBeVisible();
    await page.reload();
    await expect(catalog.bodyRows).toHaveCount(50);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the create form works as a plain POST', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    const title = uniqueTitle('Baby Daikon');
    await catalog.createForm.getByLabel('Title').fill(title);
    await catalog.createForm.getByLabel('Price').fill('abc');
    await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
    await expect(catalog.createForm.getByText('Price must be a number such as 9.99.')).toBeVisible();
    await expect(catalog.createForm.getByLabel('Title')).toHaveValue(title);

    await catalog.createForm.getByLabel('Price').fill('7.25');
    await catalog.createForm.getByRole('button', { name: 'Create product' }).click();
    await expect(catalog.createForm.getByRole('status')).toContainText(`Created “${title}”`);
    await catalog.goto();
    await expect(catalog.row(title)).toContainText('$7.25');
  });
});
