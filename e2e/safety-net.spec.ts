/**
 * The editor's safety net (issue 24), signed in as two editors, with
 * JavaScript and without: an edit, a bulk change of every product (over
 * 1,000) and a delete, each undone from its success message; an undo
 * refused in part because the other editor changed a row, then applied to
 * the rest; restore from the trash; History and Recent changes naming who
 * did what; an editor disabled mid-session (npm run editors) loses access at
 * once.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test, type Browser } from '@playwright/test';
import { postgresReachable } from '../scripts/lib/local-services';
import { siblingDatabaseUrl } from '../scripts/lib/own-database';
import { CatalogPage, uniqueTitle } from './support/catalog-page';
import { E2E_EDITORS } from './support/credentials';

async function signedIn(browser: Browser, javaScriptEnabled: boolean, name: keyof typeof E2E_EDITORS): Promise<CatalogPage> {
  const catalog = new CatalogPage(await (await browser.newContext({ javaScriptEnabled })).newPage());
  await catalog.signIn(E2E_EDITORS[name], name);
  await expect(catalog.page.getByText(`Signed in as ${name}`)).toBeVisible();
  return catalog;
}

/** Opens the row's editor by address (the same page with or without JavaScript), types, saves. */
async function editRow(catalog: CatalogPage, search: string, title: string, values: { title?: string; price?: string }) {
  const id = await (async () => {
    await catalog.goto(`?q=${encodeURIComponent(search)}`);
    return catalog.idOf(title);
  })();
  await catalog.goto(`?q=${encodeURIComponent(search)}&edit=${id}`);
  if (values.title !== undefined) await catalog.page.getByRole('textbox', { name: `Title of ${title}` }).fill(values.title);
  if (values.price !== undefined) await catalog.page.getByRole('textbox', { name: `Price of ${title}` }).fill(values.price);
  await catalog.page.getByRole('button', { name: `Save ${title}` }).click();
  await expect(catalog.page.locator('.page-status')).toContainText(`Saved “${values.title ?? title}”.`);
  return id;
}

// Cells of an editor's row: the checkbox, the id, then the price (the title is the row header).
const priceOf = (catalog: CatalogPage, title: string) => catalog.row(title).getByRole('cell').nth(2);

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`an edit and a delete are undone from their messages; the trash restores; History names who (${mode})`, async ({ browser }) => {
    const alice = await signedIn(browser, javaScriptEnabled, 'alice');
    const bob = await signedIn(browser, javaScriptEnabled, 'bob');
    const title = uniqueTitle('Radish');
    await alice.goto();
    await alice.create(title, '4.00');

    // An edit, undone from its message.
    const id = await editRow(alice, title, title, { price: '9.99' });
    await expect(priceOf(alice, title)).toHaveText('$9.99');
    await alice.page.getByRole('button', { name: `Undo: Saved “${title}”.` }).click();
    await expect(alice.page.getByText(`Undid “Edited “${title}””: 1 product back as before.`)).toBeVisible();
    await alice.goto(`?q=${encodeURIComponent(title)}`);
    await expect(priceOf(alice, title)).toHaveText('$4.00');

    // A delete, undone from its message.
    await alice.page.getByRole('link', { name: `Delete ${title}` }).click();
    await alice.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete' }).click();
    await expect(alice.page.locator('.page-status')).toHaveText(`Moved “${title}” to the trash.`);
    await alice.page.getByRole('button', { name: `Undo: Moved “${title}” to the trash.` }).click();
    await expect(alice.page.getByText(`Undid “Moved “${title}” to the trash”: 1 product back as before.`)).toBeVisible();
    await alice.goto(`?q=${encodeURIComponent(title)}`);
    await expect(alice.row(title)).toBeVisible();

    // Bob deletes it; alice restores it from the trash.
    await bob.goto(`?q=${encodeURIComponent(title)}&delete=${id}`);
    await bob.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete' }).click();
    await expect(bob.page.locator('.page-status')).toHaveText(`Moved “${title}” to the trash.`);
    await alice.page.goto('/trash');
    await alice.page.getByRole('button', { name: `Restore ${title}` }).click();
    await expect(alice.page.getByText('Restored 1 product from the trash.')).toBeVisible();
    await alice.goto(`?q=${encodeURIComponent(title)}`);
    await expect(alice.row(title)).toBeVisible();

    // History, from the row's link: every change, newest first, with who made it.
    await alice.page.getByRole('link', { name: `History of ${title}` }).click();
    await expect(alice.page.getByRole('heading', { name: `History of “${title}”` })).toBeVisible();
    const entries = alice.page.getByRole('table').getByRole('row');
    const summary = async () => (await entries.allInnerTexts()).slice(1).map((row) => row.split('\t').slice(1, 3).join(' · ').trim());
    expect(await summary()).toEqual([
      'alice · Restored',
      'bob · Moved to the trash',
      'alice · Undo',
      'alice · Moved to the trash',
      'alice · Undo',
      'alice · Edited',
      'alice · Created',
    ]);

    // Recent changes, filtered to bob: his delete only.
    await bob.page.goto('/changes');
    await bob.page.getByRole('combobox', { name: 'Editor' }).selectOption('bob');
    await bob.page.getByRole('button', { name: 'Filter' }).click();
    await expect(bob.page).toHaveURL(/editor=bob/);
    const rows = bob.page.getByRole('table').getByRole('row');
    await expect(rows.filter({ hasText: title })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'alice' })).toHaveCount(0);
    await alice.page.context().close();
    await bob.page.context().close();
  });

  test(`a bulk change of every product is undone except the row the other editor changed since (${mode})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const alice = await signedIn(browser, javaScriptEnabled, 'alice');
    const bob = await signedIn(browser, javaScriptEnabled, 'bob');
    const word = uniqueTitle('Safety').split(' ')[1]!;
    const [parsnip, quince] = [`Parsnip ${word}`, `Quince ${word}`];
    await alice.goto();
    await alice.create(parsnip, '6.00');
    await alice.create(quince, '8.00');

    // Alice halves every price in the catalog (over 1,000 products), confirming the count.
    await alice.goto();
    await alice.bulkForm.getByRole('radio', { name: /^all [\d,]+ products/ }).check();
    await alice.bulkForm.getByRole('combobox', { name: 'Action' }).selectOption('adjust-percent');
    await alice.bulkForm.getByLabel('Change (%)').fill('-50');
    await alice.bulkForm.getByRole('button', { name: 'Apply' }).click();
    const confirm = alice.page.getByRole('alertdialog');
    await expect(confirm).toContainText(/Change the price of [\d,]+ products\?/);
    const changed = Number((/Change the price of ([\d,]+) products/.exec(await confirm.innerText())![1] ?? '0').replaceAll(',', ''));
    expect(changed).toBeGreaterThanOrEqual(1000);
    await confirm.getByRole('button', { name: /^Change [\d,]+ prices$/ }).click();
    await expect(alice.bulkForm.getByRole('status')).toContainText(`Updated ${changed.toLocaleString('en-US')} products.`);
    const undo = alice.page.getByRole('button', { name: `Undo: Updated ${changed.toLocaleString('en-US')} products.` });
    await expect(undo).toBeVisible();

    // Bob changes one of those rows in the meantime.
    await editRow(bob, word, parsnip, { title: `${parsnip} (bob)`, price: '1.23' });

    // Alice's undo is refused as a whole, naming bob's row; she undoes the rest.
    await undo.click();
    const panel = alice.page.getByRole('alert').filter({ hasText: 'Some products changed since, so nothing was undone' });
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(`1 product changed since “Changed prices by -50 %”`);
    await expect(panel.getByRole('row').filter({ hasText: `${parsnip} (bob) · $1.23` })).toContainText(`${parsnip} · $3.00`);
    await panel.getByRole('button', { name: `Undo the other ${(changed - 1).toLocaleString('en-US')} products` }).click();
    await expect(alice.page.getByText(`${(changed - 1).toLocaleString('en-US')} products back as before. 1 product changed since was left as it is.`)).toBeVisible();

    await alice.goto(`?q=${word}`);
    await expect(priceOf(alice, quince)).toHaveText('$8.00');
    await expect(priceOf(alice, `${parsnip} (bob)`)).toHaveText('$1.23');
    // The seeded catalog is back too: no product is left at a halved price by this change.
    await alice.page.goto('/changes?kind=undo');
    await expect(alice.page.getByRole('table').getByRole('row').nth(1)).toContainText(`${(changed - 1).toLocaleString('en-US')} products`);
    await alice.page.context().close();
    await bob.page.context().close();
  });
}

test('an editor disabled mid-session loses access at once (npm run editors)', async ({ browser }) => {
  test.skip(!(await postgresReachable()), 'the e2e server runs on PGlite here, which only its own process may open');
  const databaseUrl = siblingDatabaseUrl(`catalog_e2e_${Number(process.env.E2E_PORT) || 3100}`);
  const editors = (args: string[], input?: string) => {
    const run = spawnSync('npx', ['tsx', 'scripts/editors.ts', ...args], { input, encoding: 'utf8', env: { ...process.env, DATABASE_URL: databaseUrl } });
    expect(run.status, run.stderr).toBe(0);
    return run.stdout;
  };
  const name = `carol-${randomBytes(3).toString('hex')}`;
  const password = 'carol-e2e-password';
  expect(editors(['add', name, '--password-stdin'], password)).toContain(`Added editor "${name}".`);

  const carol = new CatalogPage(await (await browser.newContext()).newPage());
  await carol.signIn(password, name);
  await carol.goto();
  await expect(carol.page.getByText(`Signed in as ${name}`)).toBeVisible();

  expect(editors(['disable', name])).toContain(`Disabled "${name}"; 1 session ended.`);
  // The page still shows the form; the very next write is refused, and nothing is created.
  const title = uniqueTitle('Never');
  await carol.createForm.getByLabel('Title').fill(title);
  await carol.createForm.getByLabel('Price').fill('1.00');
  await carol.createForm.getByRole('button', { name: 'Create product' }).click();
  await expect(carol.createForm.getByRole('status')).toHaveText('Sign in as an editor to change products. Nothing was changed.');
  await carol.goto();
  await expect(carol.page.getByRole('link', { name: 'Sign in to edit' })).toBeVisible();
  await carol.page.goto('/changes');
  await expect(carol.page).toHaveURL(/\/login\?returnTo=%2Fchanges/);
  // Signing in again is refused with the reason.
  await carol.page.getByLabel('Name').fill(name);
  await carol.page.getByLabel('Password').fill(password);
  await carol.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(carol.page.getByText('This editor account is disabled.')).toBeVisible();
  await carol.page.context().close();
});
