/**
 * Sign-in and sessions in Chromium (issue 11): no open redirect after sign-in,
 * a nonce-based CSP that the pages live with (no violation, JavaScript runs),
 * and a signed-out cookie that no longer works. The full case table runs in
 * test/security/security.test.ts.
 */
import { expect, test } from '@playwright/test';
import { CatalogPage } from './support/catalog-page';
import { E2E_ADMIN_PASSWORD } from './support/credentials';

test('after sign-in, a returnTo pointing elsewhere lands on this site', async ({ page, baseURL }) => {
  for (const returnTo of ['%2F%5Cevil.example', '%2F%2Fevil.example', '%2F%09%2Fevil.example', 'https%3A%2F%2Fevil.example']) {
    await page.context().clearCookies();
    await page.goto(`/login?returnTo=${returnTo}`);
    await page.getByLabel('Name').fill('admin');
    await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  }
});

test('the Content-Security-Policy carries a nonce the pages live with: no violation, and JavaScript runs', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`Refused to execute: CSP ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
  });
  const catalog = new CatalogPage(page);
  await catalog.signIn();
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  // With JavaScript, Edit opens the editor without loading a new document, and focuses it.
  const documents: string[] = [];
  page.on('request', (request) => request.resourceType() === 'document' && documents.push(request.url()));
  const firstTitle = await catalog.firstTitle();
  await page.getByRole('link', { name: `Edit ${firstTitle}` }).click();
  await expect(page.getByRole('textbox', { name: `Title of ${firstTitle}` })).toBeFocused();
  expect(documents).toEqual([]);
  expect(violations).toEqual([]);
});

test('a session cookie saved before signing out no longer signs anyone in', async ({ browser }) => {
  const context = await browser.newContext();
  const catalog = new CatalogPage(await context.newPage());
  await catalog.signIn();
  const saved = await context.storageState();
  await catalog.page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(catalog.page.getByRole('link', { name: 'Sign in to edit' })).toBeVisible();

  const replay = await browser.newContext({ storageState: saved });
  const replayed = new CatalogPage(await replay.newPage());
  await replayed.goto();
  await expect(replayed.page.getByRole('link', { name: 'Sign in to edit' })).toBeVisible();
  await expect(replayed.createForm).toHaveCount(0);
  await replay.close();
  await context.close();
});

test('"Sign out everywhere" ends the sessions of other browsers too', async ({ browser }) => {
  const [first, second] = await Promise.all([browser.newContext(), browser.newContext()]);
  const a = new CatalogPage(await first.newPage());
  const b = new CatalogPage(await second.newPage());
  await a.signIn();
  await b.signIn();
  await a.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(a.page.getByRole('link', { name: 'Sign in to edit' })).toBeVisible();
  await b.goto();
  await expect(b.page.getByRole('link', { name: 'Sign in to edit' })).toBeVisible();
  await first.close();
  await second.close();
});
