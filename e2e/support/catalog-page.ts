import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from './credentials';

/** The products page, found the way a screen-reader user would: by role and accessible name. */
export class CatalogPage {
  constructor(readonly page: Page) {}

  /** Signs in through the sign-in form as editor `name` (the first account by default), landing back on the catalog. */
  async signIn(password = E2E_ADMIN_PASSWORD, name = 'admin') {
    await this.page.goto('/login');
    await this.page.getByLabel('Name').fill(name);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  }

  async goto(query = '') {
    await this.page.goto(`/${query}`);
    await expect(this.heading).toBeVisible();
  }

  get heading() {
    return this.page.getByRole('heading', { name: 'Products', level: 1 });
  }
  get table() {
    return this.page.getByRole('table');
  }
  /** The product rows (an open editor's conflict row or a delete question are not products). */
  get bodyRows() {
    return this.table.locator('tbody tr:not(.row--conflict):not(.row--confirm):not(.row--empty)');
  }
  get paginationStatus() {
    return this.page.getByRole('navigation', { name: 'Pagination' }).getByRole('status');
  }
  get createForm() {
    return this.page.getByRole('form', { name: 'New product' });
  }
  get bulkForm() {
    return this.page.getByRole('form', { name: 'Bulk actions' });
  }

  /** The title of the first row on the page (each row's title is its row header). */
  async firstTitle(): Promise<string> {
    return (await this.bodyRows.first().getByRole('rowheader').innerText()).trim();
  }

  /** The id shown in a row (admin rows start with a checkbox cell, visitors' with the id). */
  async idOf(title: string): Promise<string> {
    const cells = this.row(title).getByRole('cell');
    return ((await cells.nth(0).getByRole('checkbox').count()) > 0 ? await cells.nth(1).innerText() : await cells.nth(0).innerText()).trim();
  }

  row(title: string): Locator {
    return this.bodyRows.filter({ has: this.page.getByRole('rowheader', { name: title, exact: true }) });
  }

  async create(title: string, price: string) {
    await this.createForm.getByLabel('Title').fill(title);
    await this.createForm.getByLabel('Price').fill(price);
    await this.createForm.getByRole('button', { name: 'Create product' }).click();
    await expect(this.createForm.getByRole('status')).toContainText(`Created “${title}”`);
    await expect(this.row(title)).toBeVisible();
  }
}

export const uniqueTitle = (base: string) => `${base} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The name/value pairs a browser would post for `form` (hidden fields and action ids included). */
export async function formFields(form: Locator): Promise<Array<[string, string]>> {
  return form.evaluate((element) =>
    Array.from(new FormData(element as HTMLFormElement).entries(), ([name, value]) => [name, String(value)] as [string, string]),
  );
}

/** Playwright's multipart shape for fields that may repeat a name (ids=1, ids=2). */
export function multipart(fields: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}
