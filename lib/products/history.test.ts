/**
 * History, undo and the trash through the data layer, on PGlite and on the
 * real PostgreSQL: every write records who changed which product from what
 * to what, in its own transaction; undo reverts exactly one action and never
 * a row changed since; the trash keeps deleted products until restored or
 * purged.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { eq, isNull, sql } from 'drizzle-orm';
import { changeActions, productChanges, products } from '@/db/schema';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { actionDetail, productHistory, recentActions, trashPage, trashSummary } from './history-reads';
import { ProductConflictError } from './errors';
import type { ProductRepository } from './repository';
import { UndoConflictError, UndoRefusedError } from './undo';

const databases = await testDatabases();
const alice = { id: null, name: 'alice' };
const bob = { id: null, name: 'bob' };

describe.each(databases)('history, undo and trash on $name', (database) => {
  const fixture = useProductRepository(database);
  let repository: ProductRepository;
  beforeEach(() => {
    repository = fixture.repository;
  });
  const db = () => fixture.handle.db;
  const stored = async (id: number) => (await db().select().from(products).where(eq(products.id, id)))[0];
  const liveTitles = async () => (await db().select({ title: products.title }).from(products).where(isNull(products.deletedAt)).orderBy(products.id)).map((row) => row.title);
  const seed = async (count: number) => {
    const ids: number[] = [];
    for (let index = 0; index < count; index += 1) ids.push((await repository.create({ title: `Item ${index}`, price: '10.00' }, { by: alice })).value.id);
    return ids;
  };

  it('records who changed which product, from what to what, for create, edit, bulk change and delete', async () => {
    const { value: created, actionId: createdBy } = await repository.create({ title: 'Leek', price: '2.00' }, { by: alice });
    const edited = await repository.update({ id: created.id, version: 1, title: 'Leek, washed', price: '2.50' }, { by: bob });
    const bulk = await repository.bulkChangePrice({ ids: [created.id] }, { adjustPercent: '-50' }, { by: alice });
    const removed = await repository.remove({ id: created.id, version: 3 }, { by: bob });
    expect([createdBy, edited.actionId, bulk.actionId, removed.actionId].every((id) => typeof id === 'number')).toBe(true);

    const history = await productHistory(db(), created.id, 1, 50);
    expect(history.total).toBe(4);
    expect(history.rows.map((row) => [row.action.kind, row.action.editorName, row.before, row.after])).toEqual([
      ['delete', 'bob', { title: 'Leek, washed', price: '1.25', deleted: false }, { title: 'Leek, washed', price: '1.25', deleted: true }],
      ['bulk-price', 'alice', { title: 'Leek, washed', price: '2.50', deleted: false }, { title: 'Leek, washed', price: '1.25', deleted: false }],
      ['edit', 'bob', { title: 'Leek', price: '2.00', deleted: false }, { title: 'Leek, washed', price: '2.50', deleted: false }],
      ['create', 'alice', null, { title: 'Leek', price: '2.00', deleted: false }],
    ]);
    expect(history.rows[0]!.action.summary).toBe('Moved “Leek, washed” to the trash');
    const recent = await recentActions(db(), { editor: 'BOB' }, 1, 50);
    expect(recent.rows.map((row) => row.kind)).toEqual(['delete', 'edit']);
    expect((await recentActions(db(), { kind: 'bulk-price' }, 1, 50)).rows).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    expect((await recentActions(db(), { from: today, to: today }, 1, 50)).total).toBe(4);
    expect((await recentActions(db(), { from: '2000-01-01', to: '2000-01-02' }, 1, 50)).total).toBe(0);
  });

  it('a write that fails writes no history; a repeated save that changes nothing records nothing', async () => {
    const { value } = await repository.create({ title: 'Okra', price: '1.00' });
    await repository.update({ id: value.id, version: 1, title: 'Okra!', price: '1.00' });
    await expect(repository.update({ id: value.id, version: 1, title: 'Other', price: '1.00' })).rejects.toBeInstanceOf(ProductConflictError);
    const again = await repository.update({ id: value.id, version: 1, title: 'Okra!', price: '1.00' });
    expect(again.actionId).toBeNull();
    expect((await recentActions(db(), {}, 1, 50)).total).toBe(2);
    expect((await db().select().from(productChanges)).length).toBe(2);
  });

  it('undoes a bulk change of 1,000 rows in one action, and the undo can itself be undone', async () => {
    const ids = await seed(5);
    await db().execute(sql`insert into products (title, price) select 'Bulk ' || n, 10.00 from generate_series(1, 995) n`);
    const changed = await repository.bulkChangePrice({ search: '' }, { adjustPercent: '-50' }, { by: alice });
    expect(changed.value).toBe(1000);
    const undone = await repository.undo(changed.actionId!, 'all', { by: bob });
    expect(undone.value).toMatchObject({ reverted: 1000, skipped: 0 });
    expect(new Set((await db().select({ price: products.price }).from(products)).map((row) => row.price))).toEqual(new Set(['10.00']));
    await expect(repository.undo(changed.actionId!, 'all')).rejects.toBeInstanceOf(UndoRefusedError);
    // Undo the undo (a redo): the prices halve again, and the original change becomes undoable again.
    const redone = await repository.undo(undone.actionId!, 'all', { by: alice });
    expect(redone.value.reverted).toBe(1000);
    expect((await stored(ids[0]!))!.price).toBe('5.00');
    const [original] = await db().select().from(changeActions).where(eq(changeActions.id, changed.actionId!));
    expect(original!.undoneByActionId).toBeNull();
    expect((await repository.undo(changed.actionId!, 'all')).value.reverted).toBe(1000);
  });

  it('an undo never overwrites a row changed since: all-or-nothing shows the rows, "the rest" undoes the others', async () => {
    const ids = await seed(3);
    const bulk = await repository.bulkChangePrice({ ids }, { setPrice: '1.00' }, { by: alice });
    const [first] = await db().select().from(products).where(eq(products.id, ids[1]!));
    await repository.update({ id: ids[1]!, version: first!.version, title: 'Item 1 (bob)', price: '7.00' }, { by: bob });

    const refused = await repository.undo(bulk.actionId!, 'all', { by: alice }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UndoConflictError);
    const conflict = refused as UndoConflictError;
    expect(conflict).toMatchObject({ conflictCount: 1, undoableCount: 2 });
    expect(conflict.conflicts).toEqual([{ productId: ids[1], expected: { title: 'Item 1', price: '1.00', deleted: false }, current: { title: 'Item 1 (bob)', price: '7.00', deleted: false } }]);
    expect((await stored(ids[0]!))!.price).toBe('1.00'); // nothing was undone

    const rest = await repository.undo(bulk.actionId!, 'rest', { by: alice });
    expect(rest.value).toMatchObject({ reverted: 2, skipped: 1 });
    expect((await stored(ids[0]!))!.price).toBe('10.00');
    expect(await stored(ids[1]!)).toMatchObject({ title: 'Item 1 (bob)', price: '7.00' });
  });

  it('delete moves to the trash; undo and restore bring products back with their history; empty trash purges only what was counted', async () => {
    const ids = await seed(4);
    const deleted = await repository.bulkDelete(ids.slice(0, 3), { by: alice });
    expect(deleted.value).toBe(3);
    expect(await liveTitles()).toEqual(['Item 3']);
    expect((await trashPage(db(), 1, 50)).total).toBe(3);

    const undone = await repository.undo(deleted.actionId!, 'all', { by: bob });
    expect(undone.value.reverted).toBe(3);
    expect(await liveTitles()).toEqual(['Item 0', 'Item 1', 'Item 2', 'Item 3']);

    await repository.remove({ id: ids[0]!, version: (await stored(ids[0]!))!.version }, { by: bob });
    const restored = await repository.restore([ids[0]!, ids[3]!], { by: alice }); // ids[3] is not in the trash
    expect(restored.value).toBe(1);
    expect((await productHistory(db(), ids[0]!, 1, 50)).rows.map((row) => row.action.kind)).toEqual(['restore', 'delete', 'undo', 'delete', 'create']);

    await repository.bulkDelete([ids[1]!], { by: alice });
    const { count, newestDeletedAt } = await trashSummary(db());
    expect(count).toBe(1);
    await repository.bulkDelete([ids[2]!], { by: alice }); // deleted after the editor saw the count
    const purged = await repository.emptyTrash(newestDeletedAt!, { by: alice });
    expect(purged.value).toBe(1);
    expect(await stored(ids[1]!)).toBeUndefined();
    expect((await stored(ids[2]!))!.deletedAt).not.toBeNull();
    await expect(repository.undo(purged.actionId!, 'all')).rejects.toBeInstanceOf(UndoRefusedError);
    // Undoing an older change of a purged product reports it as gone, never recreates it.
    const history = await productHistory(db(), ids[1]!, 1, 50);
    const createdAction = history.rows.at(-1)!.action.id;
    const gone = (await repository.undo(createdAction, 'all').catch((error: unknown) => error)) as UndoConflictError;
    expect(gone.conflicts).toEqual([{ productId: ids[1], expected: { title: 'Item 1', price: '10.00', deleted: false }, current: null }]);
    expect((await actionDetail(db(), purged.actionId!, 1, 50))!.changes.rows).toEqual([{ productId: ids[1], before: { title: 'Item 1', price: '10.00', deleted: true }, after: null }]);
  });

  it('undo of a create moves the product to the trash; purge after the retention purges only expired products', async () => {
    const created = await repository.create({ title: 'Fennel', price: '3.00' }, { by: alice });
    await repository.undo(created.actionId!, 'all', { by: alice });
    expect(await liveTitles()).toEqual([]);
    expect((await trashPage(db(), 1, 50)).rows.map((row) => row.title)).toEqual(['Fennel']);
    expect((await repository.purgeExpired(30)).value).toBe(0);
    await db().execute(sql`update products set deleted_at = now() - interval '31 days'`);
    expect((await repository.purgeExpired(30)).value).toBe(1);
    expect((await trashSummary(db())).count).toBe(0);
  });

  it('two undos of one action at once: one undoes, the other is refused', async () => {
    const ids = await seed(2);
    const bulk = await repository.bulkChangePrice({ ids }, { setPrice: '2.00' });
    const outcomes = await Promise.allSettled([repository.undo(bulk.actionId!, 'all'), repository.undo(bulk.actionId!, 'all')]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(UndoRefusedError);
    expect((await stored(ids[0]!))!.price).toBe('10.00');
  });
});
