/**
 * The server actions end to end below the HTTP layer: FormData in, ActionState
 * out, against a real (PGlite) database. Every bad input must come back as a
 * field error and leave the table exactly as it was.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { products as productsTable } from '@/db/schema';
import { createCache, createMemoryStore } from '@/lib/cache';
import type { ActionState } from '@/lib/forms/action-state';
import { createProductRepository, type ProductRepository } from '@/lib/products/repository';
import { testDatabases } from '@/test/support/databases';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn() }));
let repository: ProductRepository;
vi.mock('@/lib/products', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  products: async () => repository,
}));

const { bulkUpdate, createProduct, deleteProduct, updateProduct } = await import('./actions');
const idle: ActionState = { status: 'idle' };
const [pglite] = await testDatabases();

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}

function fieldErrorsOf(state: ActionState) {
  expect(state.status).toBe('invalid');
  return state.status === 'invalid' ? state.fieldErrors : {};
}

describe('server actions reject bad input and write nothing', () => {
  let handle: DatabaseHandle;
  let existingId: number;
  const snapshot = () => handle.db.select().from(productsTable).orderBy(productsTable.id);

  beforeAll(async () => {
    handle = await pglite!.open();
  });
  afterAll(() => handle.close());
  beforeEach(async () => {
    await handle.db.execute(sql`truncate table products restart identity`);
    repository = createProductRepository({ db: handle.db, cache: createCache({ store: createMemoryStore() }), ttlSeconds: 300 });
    existingId = (await repository.create({ title: 'Kohlrabi', price: '9.03' })).value.id;
  });

  const badTitles: Array<[string, string]> = [
    ['empty', ''],
    ['whitespace only', '   \u00a0 '],
    ['201 characters', 'x'.repeat(201)],
    ['10,000 characters', 'x'.repeat(10_000)],
    ['a control character', 'Bad\u0007bell'],
    ['a line break', 'Two\nlines'],
  ];
  it.each(badTitles)('create: a title that is %s gets a title error', async (_case, title) => {
    const before = await snapshot();
    const state = await createProduct(idle, form({ title, price: '1.00' }));
    expect(fieldErrorsOf(state).title?.[0]).toBeTruthy();
    expect(state.status === 'invalid' && state.values.title).toBe(title); // what was typed is kept
    expect(await snapshot()).toEqual(before);
  });

  const badPrices = ['', 'abc', '-1', '1.234', '1e9', 'NaN', 'Infinity', '100000000', '0x10'];
  it.each(badPrices)('create: price %j gets a price error', async (price) => {
    const before = await snapshot();
    const state = await createProduct(idle, form({ title: 'Fine title', price }));
    expect(fieldErrorsOf(state).price?.[0]).toBeTruthy();
    expect(await snapshot()).toEqual(before);
  });

  it('create: missing fields are reported as required', async () => {
    const state = await createProduct(idle, form({}));
    expect(fieldErrorsOf(state)).toMatchObject({ title: ['Title is required.'], price: ['Price is required.'] });
  });

  it('update: an id that is not a number, or does not exist, changes nothing', async () => {
    const before = await snapshot();
    const notNumber = await updateProduct(idle, form({ id: 'abc', title: 'New', price: '1.00' }));
    expect(fieldErrorsOf(notNumber).id?.[0]).toMatch(/whole number/);
    const missing = await updateProduct(idle, form({ id: '424242', title: 'New', price: '1.00' }));
    expect(missing).toMatchObject({ status: 'failed', message: expect.stringMatching(/does not exist/) });
    expect(await snapshot()).toEqual(before);
  });

  it('update: a forged POST with extra fields changes only title and price', async () => {
    const [before] = await snapshot();
    const state = await updateProduct(
      idle,
      form({ id: String(existingId), title: 'Renamed', price: '5.00', version: '999', created_at: '2000-01-01', createdAt: '2000-01-01', isAdmin: 'true' }),
    );
    expect(state.status).toBe('saved');
    const [after] = await snapshot();
    expect(after).toMatchObject({ title: 'Renamed', price: '5.00', version: 2, createdAt: before!.createdAt });
  });

  it('delete: a bad id is a field error; a missing one a clear failure', async () => {
    expect(fieldErrorsOf(await deleteProduct(idle, form({ id: '-3' }))).id).toBeTruthy();
    expect(await deleteProduct(idle, form({ id: '999' }))).toMatchObject({ status: 'failed' });
    expect(await snapshot()).toHaveLength(1);
  });

  it.each(['-100', '1001', 'abc', '0', '5e2'])('bulk: percentage %j is refused', async (percent) => {
    const before = await snapshot();
    const state = await bulkUpdate(idle, form({ scope: 'selected', ids: [String(existingId)], operation: 'adjust-percent', percent }));
    expect(fieldErrorsOf(state).percent?.[0]).toBeTruthy();
    expect(await snapshot()).toEqual(before);
  });

  it('bulk: no rows selected is refused', async () => {
    const state = await bulkUpdate(idle, form({ scope: 'selected', operation: 'set-price', price: '1.00' }));
    expect(fieldErrorsOf(state).ids?.[0]).toMatch(/Select at least one/);
  });

  it('bulk: delete waits for confirmation, then deletes and counts', async () => {
    const ids = [String(existingId)];
    const first = await bulkUpdate(idle, form({ scope: 'selected', ids, operation: 'delete' }));
    expect(first).toMatchObject({ status: 'confirm', message: 'Delete 1 product? This cannot be undone.' });
    expect(await snapshot()).toHaveLength(1);
    const confirmed = await bulkUpdate(first, form({ scope: 'selected', ids, operation: 'delete', confirmed: 'yes' }));
    expect(confirmed).toMatchObject({ status: 'saved', message: 'Deleted 1 product.' });
    expect(await snapshot()).toHaveLength(0);
  });

  it('create: a valid product is saved with its exact price', async () => {
    const state = await createProduct(idle, form({ title: '  <b>Bold</b> leek  ', price: '$1,234.50' }));
    expect(state).toMatchObject({ status: 'saved' });
    const rows = await snapshot();
    expect(rows.at(-1)).toMatchObject({ title: '<b>Bold</b> leek', price: '1234.50' });
  });
});
