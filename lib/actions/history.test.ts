/**
 * The safety net's actions below HTTP, against real databases: undo,
 * restore and empty-trash refuse forged or malformed forms with a clear
 * message and change nothing; an undo's conflict names the differing rows
 * and "undo the rest" then reverts the others; restore and undo offer their
 * own Undo.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionState } from '@/lib/forms/action-state';
import type { ProductRepository } from '@/lib/products/repository';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { productsChecksum } from '@/test/support/table-checksum';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn() }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'next-action': 'test', host: 'localhost:3000' }),
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));
let repository: ProductRepository;
vi.mock('@/lib/server', () => ({ serverRoot: async () => ({ repository }) }));

const { emptyTrash, restoreFromTrash, undoChange } = await import('./history');
const idle: ActionState = { status: 'idle' };
const databases = await testDatabases();

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  return data;
}

describe.each(databases)('undo, restore and empty trash on $name', (database) => {
  const fixture = useProductRepository(database);
  beforeEach(() => {
    repository = fixture.repository;
  });

  it('forged or malformed forms get a clear message and change nothing', async () => {
    const { value, actionId } = await repository.create({ title: 'Leek', price: '2.00' });
    await repository.remove({ id: value.id });
    const before = await productsChecksum(fixture.handle.db);
    const cases: Array<[string, (state: ActionState, data: FormData) => Promise<ActionState>, Record<string, string | string[]>, RegExp]> = [
      ['undo without an action id', undoChange, { mode: 'all' }, /names no change/],
      ['undo of "abc"', undoChange, { actionId: 'abc', mode: 'all' }, /names no change/],
      ['undo with an unknown mode', undoChange, { actionId: String(actionId), mode: 'everything' }, /names no change/],
      ['undo of a change that does not exist', undoChange, { actionId: '999999', mode: 'all' }, /There is no change #999999/],
      ['restore of nothing', restoreFromTrash, {}, /Tick the products to restore first/],
      ['restore of "1; drop table"', restoreFromTrash, { ids: ['1; drop table products'] }, /not a product/],
      ['restore of 1,001 ids', restoreFromTrash, { ids: Array.from({ length: 1001 }, (_, index) => String(index + 1)) }, /more than 1,000/],
      ['restore of a product not in the trash', restoreFromTrash, { ids: ['424242'] }, /no longer in the trash/],
      ['empty trash without its bound', emptyTrash, {}, /incomplete/],
      ['empty trash with "now()"', emptyTrash, { through: 'now()' }, /incomplete/],
    ];
    for (const [, action, fields, message] of cases) {
      const state = await action(idle, form(fields));
      expect(state).toMatchObject({ status: 'failed', message: expect.stringMatching(message) });
    }
    expect(await productsChecksum(fixture.handle.db)).toEqual(before);
  });

  it('an undo that meets a changed row names it; "undo the rest" reverts the others and offers its own undo', async () => {
    const ids = [];
    for (const title of ['Okra', 'Chard', 'Kale']) ids.push((await repository.create({ title, price: '4.00' })).value.id);
    const bulk = await repository.bulkChangePrice({ ids }, { setPrice: '1.00' });
    await repository.update({ id: ids[1]!, title: 'Chard (changed)', price: '9.00' });

    const refused = await undoChange(idle, form({ actionId: String(bulk.actionId), mode: 'all' }));
    expect(refused).toMatchObject({
      status: 'undo-conflict',
      conflictCount: 1,
      undoableCount: 2,
      conflicts: [{ productId: ids[1], leftAs: 'Chard · $1.00', now: 'Chard (changed) · $9.00' }],
    });
    expect(refused.status === 'undo-conflict' && refused.message).toBe('1 product changed since “Set the price to 1.00”, so nothing was undone. Undo the other 2 products, or keep everything as it is.');

    const rest = await undoChange(refused, form({ actionId: String(bulk.actionId), mode: 'rest' }));
    expect(rest).toMatchObject({
      status: 'saved',
      message: 'Undid “Set the price to 1.00”: 2 products back as before. 1 product changed since was left as it is.',
      undo: { label: 'Undo this undo' },
    });
    const again = await undoChange(rest, form({ actionId: String(bulk.actionId), mode: 'all' }));
    expect(again).toMatchObject({ status: 'failed', message: expect.stringMatching(/already undone/) });
  });
});
