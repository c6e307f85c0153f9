/**
 * Writes through a running production server the way an admin does: Debian's
 * Chromium with JavaScript off, signing in and submitting the page's own
 * forms (server actions with Post/Redirect/Get). No private write API exists,
 * so this is the only way in from outside.
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

export interface AdminBrowser {
  /** Renames product `id` on server `baseUrl`; resolves once the save was acknowledged (303 back to the list). */
  rename(baseUrl: string, id: number, title: string): Promise<void>;
  /** Sets the price of the ticked products (bulk bar) on `baseUrl`. */
  bulkSetPrice(baseUrl: string, ids: number[], price: string): Promise<void>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function startAdminBrowser(password: string): Promise<AdminBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const contexts = new Map<string, BrowserContext>();

  async function signedIn(baseUrl: string): Promise<BrowserContext> {
    const existing = contexts.get(baseUrl);
    if (existing) return existing;
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseUrl });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Name').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    await page.close();
    contexts.set(baseUrl, context);
    return context;
  }

  /** Submits and waits for the action's answer: a 303 is the acknowledgement. */
  async function submit(page: import('@playwright/test').Page, click: () => Promise<void>) {
    const answer = page.waitForResponse((response) => response.request().method() === 'POST');
    await click();
    const response = await answer;
    if (response.status() !== 303) throw new Error(`the write was answered ${response.status()}, not 303`);
    await page.waitForLoadState();
  }

  return {
    async rename(baseUrl, id, title) {
      const page = await (await signedIn(baseUrl)).newPage();
      try {
        await page.goto(`/?edit=${id}`);
        const input = page.locator(`#edit-${id}-title`);
        await input.fill(title);
        await submit(page, () => page.locator(`form#edit-${id} button[type=submit]`).click());
      } finally {
        await page.close();
      }
    },
    async bulkSetPrice(baseUrl, ids, price) {
      const page = await (await signedIn(baseUrl)).newPage();
      try {
        await page.goto('/');
        for (const id of ids) await page.locator(`input[name=ids][value="${id}"]`).check();
        await page.getByRole('combobox', { name: 'Action' }).selectOption('set-price');
        await page.getByLabel('New price').fill(price);
        await submit(page, () => page.getByRole('button', { name: 'Apply' }).click());
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
    },
  };
}
