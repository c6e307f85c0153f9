import { expect, test } from '@playwright/test';
import { CatalogPage, uniqueTitle } from './support/catalog-page';

test.describe('protected writes', () => {
  test('visitors can read the catalog but see no write controls', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    await expect(catalog.bodyRows).toHaveCount(50);
    await expect(page.getByRole('link', { name: 'Sign in to edit' })).toBeVisible();
    await expect(catalog.createForm).toHaveCount(0);
    await expect(catalog.bulkForm).toHaveCount(0);
    await expect(page.getByRole('link', { name: /^Edit / })).toHaveCount(0);
  });

  test('a wrong password is refused, and repeated failures are rate-limited', async ({ browser }) => {
    // Its own client address, so the lockout does not affect the other specs.
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' } });
    const page = await context.newPage();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.goto('/login');
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('That password is not correct.')).toBeVisible();
    }
    await page.goto('/login');
    await page.getByLabel('Password').fill('e2e-admin-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(/Too many failed sign-ins/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await context.close();
  });

  test('an action posted without a session is refused even with a valid action id from the page', async ({ browser, request }) => {
    // As the admin, without JavaScript, open a delete confirmation and copy its form exactly:
    // the fields a browser posts, including the server action's id.
    const admin = await browser.newContext({ javaScriptEnabled: false });
    const adminPage = await admin.newPage();
    const catalog = new CatalogPage(adminPage);
    await catalog.signIn();
    await catalog.goto();
    // Its own product, so deleting it leaves the seeded catalog the other specs rely on intact.
    const title = uniqueTitle('Replay target');
    await catalog.create(title, '1.00');
    const id = (await catalog.row(title).getByRole('cell').nth(1).innerText()).trim();
    await adminPage.getByRole('link', { name: `Delete ${title}` }).click();
    // Found by its hidden id: without JavaScript, React cannot move streamed forms into place.
    const fields: Array<[string, string]> = await adminPage
      .locator(`form:has(input[name="id"][value="${id}"])`)
      .evaluate((element) => Array.from(new FormData(element as HTMLFormElement).entries(), ([name, value]) => [name, String(value)]));
    expect(fields.some(([name]) => name.startsWith('$ACTION'))).toBe(true);
    const replay = Object.fromEntries(fields);
    const visitor = new CatalogPage(await browser.newPage());

    // Replayed with no session cookie: refused, and the product is still there.
    const refused = await request.post('/', { multipart: replay, headers: { origin: new URL(adminPage.url()).origin } });
    expect(refused.status()).toBeLessThan(500);
    await visitor.goto();
    await expect(visitor.row(title)).toHaveCount(1);

    // Control: the very same POST with the admin's cookie does delete, so the refusal above was the session check.
    const accepted = await admin.request.post('/', { multipart: replay, headers: { origin: new URL(adminPage.url()).origin } });
    expect(accepted.status()).toBeLessThan(500);
    await visitor.goto();
    await expect(visitor.row(title)).toHaveCount(0);
    await admin.close();
  });

  test('responses carry security headers', async ({ request }) => {
    const response = await request.get('/');
    const headers = response.headers();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
