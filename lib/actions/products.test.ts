/**
 * The product actions end to end below HTTP: FormData in, ActionState out,
 * against real databases. Every malformed input must get a clear message in
 * the product's own words, with a place on the page (beside a visible field,
 * or form-level naming a hidden one), and leave the table exactly as it was
 * (row count and an md5 over every row).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { products as productsTable } from '@/db/schema';
import type { ActionState } from '@/lib/forms/action-state';
import type { ProductRepository } from '@/lib/products/repository';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { productsChecksum } from '@/test/support/table-checksum';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn() }));
// Posted by the React client: actions answer with their state (no redirect).
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'next-action': 'test', host: 'localhost:3000' }),
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));
let repository: ProductRepository;
vi.mock('@/lib/server', () => ({ serverRoot: async () => ({ repository }) }));

const { applyBulkAction, createProduct, deleteProduct, updateProduct } = await import('./products');
const idle: ActionState = { status: 'idle' };
const databases = await testDatabases();

function form(fields: Record<string, string | string[] | undefined>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}

const ZOD_DEFAULTS = /Invalid input|expected|received|Too (big|small)/;

/** Refused with a message that has a place on the page, in the product's own words. */
function expectRefusedWithAPlace(state: ActionState, visibleFields: readonly string[]) {
  expect(['invalid', 'failed', 'conflict']).toContain(state.status);
  if (state.status === 'idle' || state.status === 'saved' || state.status === 'confirm') return;
  const fieldMessages = state.status === 'invalid' ? Object.entries(state.fieldErrors).filter(([, messages]) => messages?.length) : [];
  for (const [field] of fieldMessages) expect(visibleFields).toContain(field);
  const everything = [state.message, ...fieldMessages.flatMap(([, messages]) => messages ?? [])].join(' ');
  expect(everything).not.toMatch(ZOD_DEFAULTS);
  // Without a highlighted field, the form-level message must say what is wrong.
  if (fieldMessages.length === 0) expect(state.message).not.toMatch(/highlighted fields/);
  return everything;
}

const table: string[] = [];
afterAll(() => console.info(`malformed inputs tried (action | case | answer):\n${table.join('\n')}`));

describe.each(databases)('product actions refuse malformed input on $name', (database) => {
  const fixture = useProductRepository(database);
  let handle: DatabaseHandle;
  let existing: { id: number; version: number };

  beforeEach(async () => {
    ({ handle, repository } = fixture);
    const { value } = await repository.create({ title: 'Kohlrabi', price: '9.03' });
    await repository.update({ id: value.id, version: 1, title: 'Kohlrabi', price: '9.04' });
    existing = { id: value.id, version: 2 };
  });

  async function expectNothingWritten(action: string, label: string, run: () => Promise<ActionState>, visible: readonly string[]) {
    const before = await productsChecksum(handle.db);
    const state = await run();
    const said = expectRefusedWithAPlace(state, visible);
    expect(await productsChecksum(handle.db)).toEqual(before);
    if (database.name === 'PGlite') table.push(`${action} | ${label} | ${said}`);
  }

  const key = () => randomUUID();
  const createCases: Array<[string, Record<string, string | undefined>]> = [
    ['empty title', { title: '', price: '1.00' }],
    ['title of spaces', { title: '   \u00a0 ', price: '1.00' }],
    ['title of zero-width spaces only', { title: '\u200b\u200b\u200b', price: '1.00' }],
    ['title with right-to-left override', { title: 'Leek\u202e.exe', price: '1.00' }],
    ['title with a directional isolate', { title: 'a\u2066b\u2069', price: '1.00' }],
    ['title with NUL', { title: 'Null\u0000byte', price: '1.00' }],
    ['title with a line break', { title: 'Two\nlines', price: '1.00' }],
    ['title of 201 characters', { title: 'x'.repeat(201), price: '1.00' }],
    ['title of 201 emoji', { title: '🥕'.repeat(201), price: '1.00' }],
    ['title of 1.2 MB', { title: 'x'.repeat(1_200_000), price: '1.00' }],
    ['empty price', { title: 'Fine', price: '' }],
    ['price "abc"', { title: 'Fine', price: 'abc' }],
    ['negative price', { title: 'Fine', price: '-1' }],
    ['price with 3 decimals', { title: 'Fine', price: '1.234' }],
    ['price "1e9"', { title: 'Fine', price: '1e9' }],
    ['price over the maximum', { title: 'Fine', price: '100000000' }],
    ['no fields at all', {}],
    ['missing form token', { title: 'Fine', price: '1.00', idempotencyKey: undefined }],
    ['forged form token', { title: 'Fine', price: '1.00', idempotencyKey: "'; drop table products; --" }],
  ];
  it.each(createCases)('create: %s', async (label, fields) => {
    const withKey = 'idempotencyKey' in fields ? fields : { idempotencyKey: key(), ...fields };
    await expectNothingWritten('create', label, () => createProduct(idle, form(withKey)), ['title', 'price']);
  });

  const updateCases: Array<[string, (target: { id: number; version: number }) => Record<string, string | undefined>]> = [
    ['id "abc"', ({ version }) => ({ id: 'abc', version: String(version), title: 'New', price: '1.00' })],
    ['id "-3"', ({ version }) => ({ id: '-3', version: String(version), title: 'New', price: '1.00' })],
    ['id "0"', ({ version }) => ({ id: '0', version: String(version), title: 'New', price: '1.00' })],
    ['id out of range', ({ version }) => ({ id: '99999999999', version: String(version), title: 'New', price: '1.00' })],
    ['id missing', ({ version }) => ({ version: String(version), title: 'New', price: '1.00' })],
    ['id with NUL', ({ version }) => ({ id: '1\u0000', version: String(version), title: 'New', price: '1.00' })],
    ['id of a product that does not exist', ({ version }) => ({ id: '424242', version: String(version), title: 'New', price: '1.00' })],
    ['version missing', ({ id }) => ({ id: String(id), title: 'New', price: '1.00' })],
    ['version "abc"', ({ id }) => ({ id: String(id), version: 'abc', title: 'New', price: '1.00' })],
    ['version "0"', ({ id }) => ({ id: String(id), version: '0', title: 'New', price: '1.00' })],
    ['an old version (someone saved since)', ({ id }) => ({ id: String(id), version: '1', title: 'New', price: '1.00' })],
    ['title of zero-width spaces only', ({ id, version }) => ({ id: String(id), version: String(version), title: '\u200b', price: '1.00' })],
    ['title with right-to-left override', ({ id, version }) => ({ id: String(id), version: String(version), title: '\u202eabc', price: '1.00' })],
    ['title with a tab', ({ id, version }) => ({ id: String(id), version: String(version), title: 'a\tb', price: '1.00' })],
    ['title of 1.2 MB', ({ id, version }) => ({ id: String(id), version: String(version), title: 'x'.repeat(1_200_000), price: '1.00' })],
    ['price "NaN"', ({ id, version }) => ({ id: String(id), version: String(version), title: 'New', price: 'NaN' })],
    ['price "0x10"', ({ id, version }) => ({ id: String(id), version: String(version), title: 'New', price: '0x10' })],
  ];
  it.each(updateCases)('update: %s', async (label, fieldsFor) => {
    await expectNothingWritten('update', label, () => updateProduct(idle, form(fieldsFor(existing))), ['title', 'price']);
  });

  const deleteCases: Array<[string, (target: { id: number; version: number }) => Record<string, string | undefined>]> = [
    ['id "abc"', ({ version }) => ({ id: 'abc', version: String(version) })],
    ['id "-3"', ({ version }) => ({ id: '-3', version: String(version) })],
    ['id "0"', ({ version }) => ({ id: '0', version: String(version) })],
    ['id ""', ({ version }) => ({ id: '', version: String(version) })],
    ['id missing', ({ version }) => ({ version: String(version) })],
    ['id "1.5"', ({ version }) => ({ id: '1.5', version: String(version) })],
    ['id "1e3"', ({ version }) => ({ id: '1e3', version: String(version) })],
    ['id with NUL', ({ version }) => ({ id: '\u00001', version: String(version) })],
    ['id out of range', ({ version }) => ({ id: '4294967296', version: String(version) })],
    ['id of a product that does not exist', ({ version }) => ({ id: '424242', version: String(version) })],
    ['version missing', ({ id }) => ({ id: String(id) })],
    ['version "abc"', ({ id }) => ({ id: String(id), version: 'abc' })],
    ['version "-1"', ({ id }) => ({ id: String(id), version: '-1' })],
    ['version out of range', ({ id }) => ({ id: String(id), version: '99999999999' })],
    ['an old version (someone saved since)', ({ id }) => ({ id: String(id), version: '1' })],
    ['a newer version than stored', ({ id }) => ({ id: String(id), version: '3' })],
  ];
  it.each(deleteCases)('delete: %s', async (label, fieldsFor) => {
    await expectNothingWritten('delete', label, () => deleteProduct(idle, form(fieldsFor(existing))), []);
  });

  const bulkCases: Array<[string, (id: string) => Record<string, string | string[] | undefined>]> = [
    ['unknown scope', (id) => ({ scope: 'everything', ids: [id], operation: 'set-price', price: '1.00' })],
    ['missing scope', (id) => ({ ids: [id], operation: 'set-price', price: '1.00' })],
    ['unknown operation', (id) => ({ scope: 'selected', ids: [id], operation: 'drop-table', price: '1.00' })],
    ['missing operation', (id) => ({ scope: 'selected', ids: [id], price: '1.00' })],
    ['no rows ticked', () => ({ scope: 'selected', operation: 'set-price', price: '1.00' })],
    ['a ticked id "abc"', (id) => ({ scope: 'selected', ids: [id, 'abc'], operation: 'set-price', price: '1.00' })],
    ['a ticked id "-1"', () => ({ scope: 'selected', ids: ['-1'], operation: 'set-price', price: '1.00' })],
    ['1,001 ticked ids', () => ({ scope: 'selected', ids: Array.from({ length: 1001 }, (_, n) => String(n + 1)), operation: 'set-price', price: '1.00' })],
    ['percentage -100', (id) => ({ scope: 'selected', ids: [id], operation: 'adjust-percent', percent: '-100' })],
    ['percentage 1001', (id) => ({ scope: 'selected', ids: [id], operation: 'adjust-percent', percent: '1001' })],
    ['percentage "abc"', (id) => ({ scope: 'selected', ids: [id], operation: 'adjust-percent', percent: 'abc' })],
    ['percentage 0', (id) => ({ scope: 'selected', ids: [id], operation: 'adjust-percent', percent: '0' })],
    ['new price "abc"', (id) => ({ scope: 'selected', ids: [id], operation: 'set-price', price: 'abc' })],
    ['search with NUL, all matching', () => ({ scope: 'matching', search: '\u0000', operation: 'set-price', price: '1.00' })],
    ['search of 201 characters', () => ({ scope: 'matching', search: 'x'.repeat(201), operation: 'set-price', price: '1.00' })],
    ['delete of all matching (ticked rows only)', () => ({ scope: 'matching', search: '', operation: 'delete', confirmed: 'yes' })],
    ['missing form token', (id) => ({ scope: 'selected', ids: [id], operation: 'set-price', price: '1.00', idempotencyKey: undefined })],
    ['forged form token', (id) => ({ scope: 'selected', ids: [id], operation: 'set-price', price: '1.00', idempotencyKey: 'abc' })],
  ];
  it.each(bulkCases)('bulk: %s', async (label, fieldsFor) => {
    const fields = fieldsFor(String(existing.id));
    const withKey = 'idempotencyKey' in fields ? fields : { idempotencyKey: key(), ...fields };
    await expectNothingWritten('bulk', label, () => applyBulkAction(idle, form(withKey)), ['price', 'percent']);
  });

  it('bulk: a delete asks first, echoing the products, then deletes exactly those', async () => {
    const second = (await repository.create({ title: 'Parsnip', price: '1.00' })).value.id;
    const ids = [String(existing.id), String(second)];
    const question = await applyBulkAction(idle, form({ scope: 'selected', ids, operation: 'delete', idempotencyKey: key() }));
    expect(question).toMatchObject({ status: 'confirm', message: 'Delete 2 products? They go to the trash, where they can be restored.' });
    expect(question.status === 'confirm' && question.selection.preview.map((item) => item.title)).toEqual(['Parsnip', 'Kohlrabi']);
    expect((await productsChecksum(handle.db)).rows).toBe(2);
    const confirmed = await applyBulkAction(question, form({ scope: 'selected', ids, operation: 'delete', confirmed: 'yes', idempotencyKey: key() }));
    expect(confirmed).toMatchObject({ status: 'saved', message: 'Moved 2 products to the trash.' });
    expect((await productsChecksum(handle.db)).rows).toBe(0);
  });

  it('update: a forged POST with extra fields changes only title and price', async () => {
    const [before] = await handle.db.select().from(productsTable);
    const state = await updateProduct(
      idle,
      form({ id: String(existing.id), version: '2', title: 'Renamed', price: '5.00', created_at: '2000-01-01', createdAt: '2000-01-01', isAdmin: 'true' }),
    );
    expect(state.status).toBe('saved');
    const [after] = await handle.db.select().from(productsTable);
    expect(after).toMatchObject({ title: 'Renamed', price: '5.00', version: 3, createdAt: before!.createdAt });
  });

  it('create: 200 characters are 200 however many UTF-16 units they take (the database counts characters)', async () => {
    for (const title of ['🥕'.repeat(150), '🥕'.repeat(200), 'é'.repeat(200)]) {
      expect(await createProduct(idle, form({ title, price: '1.00', idempotencyKey: key() }))).toMatchObject({ status: 'saved' });
    }
    const titles = (await handle.db.select({ title: productsTable.title }).from(productsTable)).map((row) => row.title);
    expect(titles).toEqual(expect.arrayContaining(['🥕'.repeat(150), '🥕'.repeat(200)]));
  });

  it('create: a valid product is saved with its exact price, once per form token', async () => {
    const token = key();
    const first = await createProduct(idle, form({ title: '  <b>Bold</b> leek  ', price: '$1,234.50', idempotencyKey: token }));
    const again = await createProduct(idle, form({ title: '  <b>Bold</b> leek  ', price: '$1,234.50', idempotencyKey: token }));
    expect(first).toMatchObject({ status: 'saved' });
    expect(again).toMatchObject({ status: 'saved', message: first.status === 'saved' ? first.message : '', replayed: true });
    const rows = await handle.db.select().from(productsTable).orderBy(productsTable.id);
    expect(rows).toHaveLength(2);
    expect(rows.at(-1)).toMatchObject({ title: '<b>Bold</b> leek', price: '1234.50' });
  });

  it('a form token spent by one form is refused by another, or with other values, and writes nothing', async () => {
    const createToken = key();
    expect(await createProduct(idle, form({ title: 'Celeriac', price: '2.00', idempotencyKey: createToken }))).toMatchObject({ status: 'saved' });
    const bulkToken = key();
    const bulkFields = { scope: 'selected', ids: [String(existing.id)], operation: 'adjust-percent', percent: '10' };
    expect(await applyBulkAction(idle, form({ ...bulkFields, idempotencyKey: bulkToken }))).toMatchObject({ status: 'saved', message: 'Updated 1 product.' });
    const before = await productsChecksum(handle.db);

    const cases: Array<[string, () => Promise<ActionState>, RegExp]> = [
      ['create token in the bulk form', () => applyBulkAction(idle, form({ ...bulkFields, idempotencyKey: createToken })), /already used by another form/],
      ['bulk token in the create form', () => createProduct(idle, form({ title: 'Salsify', price: '3.00', idempotencyKey: bulkToken })), /already used by another form/],
      ['create token with another title', () => createProduct(idle, form({ title: 'Not celeriac', price: '2.00', idempotencyKey: createToken })), /other values/],
      ['bulk token with another percentage', () => applyBulkAction(idle, form({ ...bulkFields, percent: '50', idempotencyKey: bulkToken })), /other values/],
      ['bulk change token replayed as a set-price', () => applyBulkAction(idle, form({ ...bulkFields, operation: 'set-price', price: '1.00', idempotencyKey: bulkToken })), /other values/],
    ];
    for (const [label, run, message] of cases) {
      const state = await run();
      expect(state, label).toMatchObject({ status: 'failed', message: expect.stringMatching(message) });
      expect(state.status === 'failed' && state.message, label).not.toMatch(/NaN|undefined/);
    }
    expect(await productsChecksum(handle.db)).toEqual(before);
  });
});
