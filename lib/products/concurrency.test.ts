/**
 * Two editors at once: versioned single-row writes (no lost update), and
 * idempotency keys (a repeated create or bulk POST writes nothing), on PGlite
 * and on the real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { isNull, sql } from 'drizzle-orm';
import { products as productsTable } from '@/db/schema';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { PriceOutOfRangeError, ProductConflictError, ProductNotFoundError } from './errors';
import type { ProductRepository } from './repository';

const databases = await testDatabases();

describe.each(databases)('concurrent editing on $name', (database) => {
  const fixture = useProductRepository(database);
  let repository: ProductRepository;
  beforeEach(() => {
    repository = fixture.repository;
  });

  const stored = async (id: number) => (await fixture.handle.db.select().from(productsTable).where(sql`id = ${id}`))[0];
  // Products the catalog shows: a deleted one is in the trash, not a row of the list.
  const rowCount = async () => (await fixture.handle.db.select().from(productsTable).where(isNull(productsTable.deletedAt))).length;

  it('refuses a save made from an old version instead of losing the other editor’s change', async () => {
    const { value: opened } = await repository.create({ title: 'Kohlrabi', price: '9.03' });
    // Window B saves a new title; window A, still showing version 1, saves a new price.
    await repository.update({ id: opened.id, version: opened.version, title: 'Kohlrabi (purple)', price: '9.03' });
    const conflict = await repository.update({ id: opened.id, version: opened.version, title: 'Kohlrabi', price: '4.50' }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ProductConflictError);
    expect((conflict as ProductConflictError).current).toMatchObject({ title: 'Kohlrabi (purple)', price: '9.03', version: 2 });
    expect(await stored(opened.id)).toMatchObject({ title: 'Kohlrabi (purple)', price: '9.03', version: 2 });

    // "Save mine anyway" re-submits against the version it was shown.
    const { value: overwritten } = await repository.update({ id: opened.id, version: 2, title: 'Kohlrabi', price: '4.50' });
    expect(overwritten).toMatchObject({ title: 'Kohlrabi', price: '4.50', version: 3 });
  });

  it('treats a repeated save of the same values as saved, not as a conflict', async () => {
    const { value: opened } = await repository.create({ title: 'Leek', price: '2.00' });
    await repository.update({ id: opened.id, version: 1, title: 'Leek (1 kg)', price: '2.5' });
    const repeat = await repository.update({ id: opened.id, version: 1, title: 'Leek (1 kg)', price: '2.50' });
    expect(repeat.value).toMatchObject({ title: 'Leek (1 kg)', price: '2.50', version: 2 });
  });

  it('deletes only the version the confirmation showed', async () => {
    const { value: opened } = await repository.create({ title: 'Chard', price: '1.00' });
    await repository.update({ id: opened.id, version: 1, title: 'Rainbow chard', price: '1.00' });
    const conflict = await repository.remove({ id: opened.id, version: 1 }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ProductConflictError);
    expect(await rowCount()).toBe(1);
    await repository.remove({ id: opened.id, version: 2 });
    expect(await rowCount()).toBe(0);
    await expect(repository.remove({ id: opened.id, version: 2 })).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(repository.update({ id: opened.id, version: 2, title: 'Ghost', price: '1.00' })).rejects.toBeInstanceOf(ProductNotFoundError);
  });

  it('makes an editor opened before a bulk change meet a conflict, not overwrite it', async () => {
    const { value: opened } = await repository.create({ title: 'Okra', price: '10.00' });
    await repository.bulkChangePrice({ ids: [opened.id] }, { adjustPercent: '10' });
    await expect(repository.update({ id: opened.id, version: opened.version, title: 'Okra!', price: '10.00' })).rejects.toBeInstanceOf(ProductConflictError);
    expect(await stored(opened.id)).toMatchObject({ title: 'Okra', price: '11.00', version: 2 });
  });

  it('creates once per idempotency key, answering a repeat with the first result', async () => {
    const key = randomUUID();
    const first = await repository.create({ title: 'Fennel', price: '3.00' }, { idempotencyKey: key });
    const repeat = await repository.create({ title: 'Fennel', price: '3.00' }, { idempotencyKey: key });
    expect(first.replayed).toBe(false);
    expect(repeat.replayed).toBe(true);
    expect(repeat.value.id).toBe(first.value.id);
    expect(repeat.value.createdAt).toEqual(first.value.createdAt);
    expect(await rowCount()).toBe(1);
    await repository.create({ title: 'Fennel', price: '3.00' }, { idempotencyKey: randomUUID() });
    expect(await rowCount()).toBe(2);
  });

  it('writes once when the same key arrives several times at once', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => repository.create({ title: 'Parsnip', price: '1.25' }, { idempotencyKey: key })));
    expect(await rowCount()).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.value.id)).size).toBe(1);
  });

  it('applies a bulk percentage once per key (+10 % stays +10 %, not +21 %)', async () => {
    const { value } = await repository.create({ title: 'Salsify', price: '10.00' });
    const key = randomUUID();
    const first = await repository.bulkChangePrice({ ids: [value.id] }, { adjustPercent: '10' }, { idempotencyKey: key });
    const repeat = await repository.bulkChangePrice({ ids: [value.id] }, { adjustPercent: '10' }, { idempotencyKey: key });
    expect([first.value, first.replayed, repeat.value, repeat.replayed]).toEqual([1, false, 1, true]);
    expect((await stored(value.id))?.price).toBe('11.00');
  });

  it('leaves a key unused when its write failed, so the corrected form can still go through', async () => {
    const { value } = await repository.create({ title: 'Big', price: '99999999.00' });
    const key = randomUUID();
    await expect(repository.bulkChangePrice({ ids: [value.id] }, { adjustPercent: '50' }, { idempotencyKey: key })).rejects.toBeInstanceOf(PriceOutOfRangeError);
    const retry = await repository.bulkChangePrice({ ids: [value.id] }, { setPrice: '1.00' }, { idempotencyKey: key });
    expect(retry.replayed).toBe(false);
    expect((await stored(value.id))?.price).toBe('1.00');
  });
});
