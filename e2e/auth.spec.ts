import { expect, test } from '@playwright/test';
import { CatalogPage, formFields, uniqueTitle } from './support/catalog-page';
import { E2E_ADMIN_PASSWORD } from './support/credentials';
import { requestFrom } from '../test/support/other-client';

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

  test('five wrong passwords lock out that client only: the admin on another address signs in at once', async ({ page, baseURL }) => {
    // The sign-in form's own fields (action ids included), as any client would post them.
    await page.goto('/login');
    const fields = (await formFields(page.getByRole('form', { name: 'Editor sign-in' }))).filter(([name]) => name !== 'password' && name !== 'name');
    const origin = new URL(baseURL!).origin;
    const attempt = (password: string) => requestFrom('127.0.0.2', `${origin}/login`, { fields: [...fields, ['name', 'admin'], ['password', password]], headers: { origin } });
    for (let guess = 1; guess <= 10; guess += 1) expect((await attempt(`wrong-${guess}`)).status).toBe(303);
    // The attacker's next try, even with the right password, is refused without a check.
    const locked = await attempt(E2E_ADMIN_PASSWORD);
    expect(locked.headers['set-cookie']?.some((cookie) => cookie.startsWith('catalog_session='))).toBeFalsy();

    // The admin, from 127.0.0.1, signs in at once.
    const catalog = new CatalogPage(page);
    await catalog.signIn();
    await expect(page.getByText('Signed in as admin')).toBeVisible();
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
    const id = await catalog.idOf(title);
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
