import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { createCache, createMemoryStore, type Cache, type CacheEvent } from '@/lib/cache';
import { testDatabases } from '@/test/support/databases';
import { DEFAULT_PAGE_SIZE } from '@/lib/validation/limits';
import { type ListQuery, listQuery } from '@/lib/validation/list-query';
import { PriceOutOfRangeError, ProductNotFoundError } from './errors';
import { createProductRepository, type ProductRepository } from './repository';

const databases = await testDatabases();
const firstPage: ListQuery = listQuery({ page: 1, size: DEFAULT_PAGE_SIZE, q: '' });

describe.each(databases)('product data layer on $name', (database) => {
  let handle: DatabaseHandle;
  let cache: Cache;
  let repository: ProductRepository;
  let events: CacheEvent[];

  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate table products restart identity`);
    cache = createCache({ store: createMemoryStore(), prefix: 'test' });
    events = [];
    cache.onEvent((event) => events.push(event));
    repository = createProductRepository({ db: handle.db, cache, ttlSeconds: 300 });
  });

  const titlesOf = async (query: ListQuery = firstPage) => (await repository.listPage(query)).rows.map((row) => row.title);

  it('lists newest first and keeps prices as exact decimals', async () => {
    await repository.create({ title: 'Kohlrabi', price: '9.03' });
    await repository.create({ title: 'Parsnip', price: '0.10' });
    const page = await repository.listPage(firstPage);
    expect(page.total).toBe(2);
    expect(page.rows.map((row) => [row.title, row.price])).toEqual([
      ['Parsnip', '0.10'],
      ['Kohlrabi', '9.03'],
    ]);
    expect(page.rows[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('serves the second read from the cache and survives the round trip with Dates intact', async () => {
    await repository.create({ title: 'Fennel', price: '1.99' });
    const first = await repository.listPage(firstPage);
    const second = await repository.listPage(firstPage);
    expect(second).toEqual(first);
    expect(second.rows[0]!.updatedAt).toBeInstanceOf(Date);
    const results = events.filter((event) => event.op === 'lookup').map((event) => event.result);
    expect(results).toEqual(['miss', 'hit']);
  });

  it('shows an update on the very next read even though the list was cached', async () => {
    const { value: created } = await repository.create({ title: 'Leek', price: '2.00' });
    expect(await titlesOf()).toEqual(['Leek']);
    const { value: updated, invalidation } = await repository.update({ id: created.id, title: 'Leek (1 kg)', price: '3.50' });
    expect(invalidation).toBe('done');
    expect(updated.version).toBe(2);
    const page = await repository.listPage(firstPage);
    expect(page.rows.map((row) => [row.title, row.price, row.version])).toEqual([['Leek (1 kg)', '3.50', 2]]);
  });

  it('reads one product row through the cache, and sees its update at once', async () => {
    const { value: created } = await repository.create({ title: 'Salsify', price: '2.00' });
    expect((await repository.product(created.id))?.version).toBe(1);
    await repository.update({ id: created.id, title: 'Salsify', price: '2.50' });
    const row = await repository.product(created.id);
    expect([row?.price, row?.version]).toEqual(['2.50', 2]);
    expect(row?.createdAt).toBeInstanceOf(Date);
    expect(await repository.product(424242)).toBeNull();
  });

  it('reports a missing product and changes nothing', async () => {
    await repository.create({ title: 'Okra', price: '4.00' });
    await expect(repository.update({ id: 9999, title: 'Ghost', price: '1.00' })).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(repository.remove({ id: 9999 })).rejects.toBeInstanceOf(ProductNotFoundError);
    expect(await titlesOf()).toEqual(['Okra']);
  });

  it('deletes a product and the cached list forgets it', async () => {
    const { value } = await repository.create({ title: 'Chard', price: '1.00' });
    expect(await titlesOf()).toEqual(['Chard']);
    await repository.remove({ id: value.id });
    expect(await titlesOf()).toEqual([]);
    await expect(repository.remove({ id: value.id })).rejects.toBeInstanceOf(ProductNotFoundError);
  });

  it('bulk-sets and bulk-adjusts prices in exact decimal arithmetic', async () => {
    const a = (await repository.create({ title: 'A', price: '9.03' })).value;
    const b = (await repository.create({ title: 'B', price: '0.05' })).value;
    const c = (await repository.create({ title: 'C', price: '100.00' })).value;
    await repository.listPage(firstPage); // warm the cache first

    expect((await repository.bulkChangePrice({ ids: [a.id, b.id] }, { adjustPercent: '10' })).value).toBe(2);
    const prices = async () => Object.fromEntries((await repository.listPage(firstPage)).rows.map((row) => [row.title, row.price]));
    // 9.03 * 1.1 = 9.933 -> 9.93; 0.05 * 1.1 = 0.055 -> 0.06 (round half away from zero)
    expect(await prices()).toEqual({ A: '9.93', B: '0.06', C: '100.00' });

    expect((await repository.bulkChangePrice({ ids: [c.id] }, { setPrice: '7.77' })).value).toBe(1);
    expect(await prices()).toEqual({ A: '9.93', B: '0.06', C: '7.77' });
  });

  it('bulk-updates every product matching a search, treating % and _ literally', async () => {
    await repository.create({ title: '100% Leek', price: '1.00' });
    await repository.create({ title: 'Leek_bunch', price: '1.00' });
    await repository.create({ title: 'Fennel', price: '1.00' });
    expect((await repository.bulkChangePrice({ search: 'leek' }, { setPrice: '2.00' })).value).toBe(2);
    expect((await repository.bulkChangePrice({ search: '%' }, { setPrice: '3.00' })).value).toBe(1);
    expect((await repository.listPage({ ...firstPage, q: '_' })).rows.map((row) => row.title)).toEqual(['Leek_bunch']);
  });

  it('rejects a bulk change that would overflow a price, leaving every row as it was', async () => {
    const big = (await repository.create({ title: 'Big', price: '99999999.00' })).value;
    const small = (await repository.create({ title: 'Small', price: '1.00' })).value;
    await expect(repository.bulkChangePrice({ ids: [small.id, big.id] }, { adjustPercent: '50' })).rejects.toBeInstanceOf(PriceOutOfRangeError);
    const prices = (await repository.listPage(firstPage)).rows.map((row) => row.price);
    expect(prices).toEqual(['1.00', '99999999.00']);
  });

  it('bulk-deletes the chosen ids and counts them', async () => {
    const ids = [];
    for (const title of ['One', 'Two', 'Three']) ids.push((await repository.create({ title, price: '1.00' })).value.id);
    expect((await repository.bulkDelete([ids[0]!, ids[2]!, 424242])).value).toBe(2);
    expect(await titlesOf()).toEqual(['Two']);
  });

  it('paginates with a total count', async () => {
    for (let n = 1; n <= 25; n += 1) await repository.create({ title: `Item ${n}`, price: '1.00' });
    const page = await repository.listPage(listQuery({ page: 3, size: 10, q: '' }));
    expect(page.total).toBe(25);
    expect(page.rows.map((row) => row.title)).toEqual(['Item 5', 'Item 4', 'Item 3', 'Item 2', 'Item 1']);
  });

  it('stores a title with HTML as plain text', async () => {
    await repository.create({ title: '<script>alert(1)</script>', price: '1.00' });
    expect(await titlesOf()).toEqual(['<script>alert(1)</script>']);
  });

  it('still commits and reports "pending-retry" when invalidation fails', async () => {
    const failingInvalidation = {
      cached: <T,>(_key: string, loader: () => Promise<T>) => loader(),
      invalidate: async () => {
        throw new Error('cache down');
      },
      onStoreFailure: () => () => {},
    };
    const logs: string[] = [];
    const original = console.error;
    console.error = (message: string) => logs.push(message);
    try {
      const brokenCache = createProductRepository({ db: handle.db, cache: failingInvalidation, ttlSeconds: 1 });
      const { value, invalidation } = await brokenCache.create({ title: 'Saved anyway', price: '1.00' });
      expect(invalidation).toBe('pending-retry');
      expect((await repository.listPage(firstPage)).rows.map((row) => row.id)).toEqual([value.id]);
      expect(logs.join('\n')).toMatch(/invalidation of "products" failed after a committed write; it stays in the outbox/);
    } finally {
      console.error = original;
    }
  });
});
