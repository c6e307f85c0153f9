import { expect, type Locator, type Page } from '@playwright/test';

/** The products page, found the way a screen-reader user would: by role and accessible name. */
export class CatalogPage {
  constructor(readonly page: Page) {}

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
  get bodyRows() {
    return this.table.locator('tbody tr');
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

  row(title: string): Locator {
    return this.bodyRows.filter({ has: this.page.getByRole('cell', { name: title, exact: true }) });
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
