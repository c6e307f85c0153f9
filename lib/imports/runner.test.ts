/**
 * CSV import end to end below the pages, on PGlite and on PostgreSQL: the
 * preview's counts, a dry run that writes nothing, an apply in batches that
 * is one undoable action, a second upload of the same file writing nothing,
 * a failed batch leaving nothing of itself (and a later apply doing only the
 * rest), an undo or a shutdown while a run is between batches.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { count, eq, isNull, sql } from 'drizzle-orm';
import { changeActions, importRuns, products } from '@/db/schema';
import { parseProductCsv } from '@/lib/csv/product-import';
import { DatabaseUnavailableError } from '@/lib/products/errors';
import type { ProductRepository } from '@/lib/products/repository';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { productsChecksum } from '@/test/support/table-checksum';
import { IMPORT_BATCH_ROWS } from './plan';
import { previewImport, uploadPreview } from './preview';
import { createImportRunner, ImportRefusedError, type ImportRunnerDeps } from './runner';
import { lockApplyStarts, openApplyRun, openRun, runReport, storeUpload, uploadById } from './store';
import { receiveUpload } from './upload';

const databases = await testDatabases();
const alice = { id: null, name: 'alice' };

/** A barrier: wait() blocks until release(). */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { wait: () => opened, release };
}

describe.each(databases)('CSV import on $name', (database) => {
  const fixture = useProductRepository(database);
  let repository: ProductRepository;
  beforeEach(() => {
    repository = fixture.repository;
  });
  const db = () => fixture.handle.db;
  const liveCount = async () => (await db().select({ total: count() }).from(products).where(isNull(products.deletedAt)))[0]!.total;

  /** 10 products already in the catalog, then a file: 2 of them renamed, 1 as it is, 1 unknown id, 3 bad rows, and `creates` new ones. */
  async function catalogAndFile(creates: number) {
    for (let index = 1; index <= 10; index += 1) await repository.create({ title: `Stock ${index}`, price: '1.00' });
    const lines = ['id,title,price', '1,Stock 1 renamed,1.50', '2,Stock 2,1.00', '3,Stock 3 renamed,2.00', '999999,Ghost,1.00', ',,1.00', ',Bad price,-1'];
    for (let index = 0; index < creates; index += 1) lines.push(`,New ${index},${(index % 90) + 1}.25`);
    lines.push(',"Quote "" inside",3.00', '1,Twice,1.00');
    const bytes = new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
    const uploadId = await receiveUpload(db(), 'products.csv', bytes, alice);
    return { bytes, uploadId };
  }

  const runner = (overrides: Partial<ImportRunnerDeps> = {}) => createImportRunner({ db: db(), repository, log: () => {}, ...overrides });

  it('previews, dry-runs without writing, applies in batches as one action, and a second upload writes nothing', async () => {
    const { bytes, uploadId } = await catalogAndFile(2 * IMPORT_BATCH_ROWS);
    const parsed = parseProductCsv(bytes);
    if (!parsed.ok) throw new Error(parsed.message);
    const preview = await previewImport(db(), parsed.rows, parsed.errors);
    expect(preview).toMatchObject({ creates: 2 * IMPORT_BATCH_ROWS + 1, updates: 2, unchanged: 1 });
    expect(preview.errors.map((error) => error.line)).toEqual([5, 6, 7, 2 * IMPORT_BATCH_ROWS + 9]);
    expect(preview.errors[0]!.reason).toContain('no product has id 999999');

    const before = await productsChecksum(db());
    const dry = await runner().start(uploadId, { dryRun: true, by: alice });
    await dry.finished;
    expect(await productsChecksum(db())).toEqual(before);
    const dryReport = (await runReport(db(), dry.runId))!;
    expect(dryReport.run).toMatchObject({ status: 'done', dryRun: true, batchCount: 3, batchesDone: 3, actionId: null });
    expect(dryReport.batches.map((batch) => batch.outcome)).toEqual(['would-apply', 'would-apply', 'would-apply']);
    expect(await db().select({ total: count() }).from(changeActions)).toEqual([{ total: 10 }]);

    const applied = await runner().start(uploadId, { dryRun: false, by: alice });
    await applied.finished;
    const report = (await runReport(db(), applied.runId))!;
    expect(report.run).toMatchObject({ status: 'done', batchCount: 3, batchesDone: 3 });
    expect(report.batches.map((batch) => batch.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(report.batches[0]!.lines).toMatchObject({ unchanged: [3], missing: [5] });
    const appliedLines = report.batches.flatMap((batch) => batch.lines.applied);
    expect(appliedLines).toHaveLength(2 * IMPORT_BATCH_ROWS + 3);
    expect(await liveCount()).toBe(10 + 2 * IMPORT_BATCH_ROWS + 1);
    const [action] = await db().select().from(changeActions).where(eq(changeActions.id, report.run.actionId!));
    expect(action).toMatchObject({ kind: 'import', editorName: 'alice', productCount: 2 * IMPORT_BATCH_ROWS + 3, summary: 'Imported products.csv' });
    expect((await db().select().from(products).where(eq(products.title, 'Quote " inside'))).length).toBe(1);

    // The same rows uploaded again, re-saved with LF line ends and no bad rows: the same
    // import, so the preview has nothing left to apply and every batch is found applied.
    const afterApply = await productsChecksum(db());
    const resaved = new TextDecoder().decode(bytes).split('\r\n').filter((line) => !/^(,,1\.00|,Bad price,-1|1,Twice,1\.00)$/.test(line)).join('\n');
    const again = await receiveUpload(db(), 'copy.csv', new TextEncoder().encode(resaved), alice);
    const againPreview = (await uploadPreview(db(), again))!;
    expect(againPreview.preview).toMatchObject({ creates: 0, updates: 0, alreadyApplied: 2 * IMPORT_BATCH_ROWS + 5 });
    expect(againPreview.earlier).toMatchObject({ undoneByActionId: null, run: { id: applied.runId } });
    const second = await runner().start(again, { dryRun: false, by: alice });
    await second.finished;
    expect((await runReport(db(), second.runId))!.batches.map((batch) => batch.outcome)).toEqual(['already-applied', 'already-applied', 'already-applied']);
    expect(await productsChecksum(db())).toEqual(afterApply);

    // Undone as one action: the created products go to the trash, the renamed come back;
    // the preview of the same rows then names that undo, whose own undo brings them back.
    const undone = await repository.undo(report.run.actionId!, 'all', { by: alice });
    expect(await liveCount()).toBe(10);
    expect((await db().select().from(products).where(eq(products.id, 1)))[0]).toMatchObject({ title: 'Stock 1', price: '1.00' });
    expect((await uploadPreview(db(), again))!.earlier.undoneByActionId).toBe(undone.actionId);
    await repository.undo(undone.actionId!, 'all', { by: alice });
    expect(await liveCount()).toBe(10 + 2 * IMPORT_BATCH_ROWS + 1);
    expect((await uploadPreview(db(), again))!.earlier.undoneByActionId).toBeNull();
  });

  it('warns of rows to create whose title the catalog already has', async () => {
    await repository.create({ title: 'Leek', price: '1.00' });
    const uploadId = await receiveUpload(db(), 'more.csv', new TextEncoder().encode('title,price\nLeek,2.00\nChard,1.00\nLeek,3.00\n'), alice);
    expect((await uploadPreview(db(), uploadId))!.preview).toMatchObject({ creates: 3, titlesInCatalog: [2, 4] });
  });

  it('two applies of the same rows at once: one runs, the other is sent to it', async () => {
    const { uploadId } = await catalogAndFile(10);
    const held = gate();
    const holding = runner({ beforeBatch: () => held.wait() });
    const [first, second] = await Promise.allSettled([holding.start(uploadId, { dryRun: false, by: alice }), holding.start(uploadId, { dryRun: false, by: alice })]);
    const started = [first, second].filter((result) => result.status === 'fulfilled');
    const refused = [first, second].filter((result) => result.status === 'rejected');
    expect(started).toHaveLength(1);
    const runId = (started[0] as PromiseFulfilledResult<{ runId: number }>).value.runId;
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'ImportRefusedError', code: 'busy', runningRunId: runId });
    held.release();
    await (started[0] as PromiseFulfilledResult<{ finished: Promise<void> }>).value.finished;
    expect(await db().select({ total: count() }).from(importRuns).where(eq(importRuns.uploadId, uploadId))).toEqual([{ total: 1 }]);
  });

  // PGlite has one connection, so no second start can wait beside the first there.
  it.skipIf(database.name === 'PGlite')('an apply start waits for one between its check and its insert, then finds it', async () => {
    const { uploadId } = await catalogAndFile(10);
    const digest = (await uploadById(db(), uploadId))!.fileDigest;
    const locked = gate();
    const insert = gate();
    const first = db().transaction(async (tx) => {
      await lockApplyStarts(tx, digest);
      locked.release();
      await insert.wait();
      await openRun(tx, { uploadId, dryRun: false, batchCount: 1, by: alice });
    });
    await locked.wait();
    const second = openApplyRun(db(), digest, { uploadId, batchCount: 1, by: alice });
    // Deterministic either way: with the lock the second start is seen waiting for it; without,
    // it finishes first (finding no run, since the first has not committed) and opens a second one.
    const waiting = (async () => {
      for (;;) {
        // Only PostgreSQL runs this, and postgres.js answers execute() with the rows themselves.
        const [row] = (await db().execute(sql`select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`)) as unknown as Array<{ waiting: number }>;
        if (Number(row!.waiting) > 0) return 'waiting' as const;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const firstToHappen = await Promise.race([waiting, second.then(() => 'finished' as const)]);
    insert.release();
    await first;
    expect(firstToHappen).toBe('waiting');
    expect(await second).toHaveProperty('busy');
  });

  it('a failed batch writes nothing of itself; a later apply of the file does only the rest', async () => {
    const { uploadId } = await catalogAndFile(2 * IMPORT_BATCH_ROWS);
    let fail = true;
    const flaky: Pick<ProductRepository, 'importBatch'> = {
      importBatch: (batch, into, options) => {
        if (fail && batch.number === 2) return Promise.reject(new DatabaseUnavailableError(new Error('connection reset'), 'not-answering'));
        return repository.importBatch(batch, into, options);
      },
    };
    const first = await runner({ repository: flaky }).start(uploadId, { dryRun: false, by: alice });
    await first.finished;
    const report = (await runReport(db(), first.runId))!;
    expect(report.run.status).toBe('failed');
    expect(report.run.message).toMatch(/^Batch 2 \(lines \d+–\d+\) failed: The database stopped answering/);
    expect(report.batches.map((batch) => batch.outcome)).toEqual(['applied', 'failed']);
    const firstBatchCreates = report.batches[0]!.lines.applied.length - 2;
    expect(await liveCount()).toBe(10 + firstBatchCreates);

    fail = false;
    const rest = await runner().start(uploadId, { dryRun: false, by: alice });
    await rest.finished;
    expect((await runReport(db(), rest.runId))!.batches.map((batch) => batch.outcome)).toEqual(['already-applied', 'applied', 'applied']);
    expect(await liveCount()).toBe(10 + 2 * IMPORT_BATCH_ROWS + 1);
  });

  it('an undo between batches stops the run; a shutdown between batches stops it after the batch in hand', async () => {
    const { uploadId } = await catalogAndFile(2 * IMPORT_BATCH_ROWS);
    const held = gate();
    const reachedSecond = gate();
    const holding = runner({ beforeBatch: async (_run, number) => (number === 2 ? (reachedSecond.release(), held.wait()) : undefined) });
    const started = await holding.start(uploadId, { dryRun: false, by: alice });
    await reachedSecond.wait();
    const actionId = (await runReport(db(), started.runId))!.run.actionId!;
    await repository.undo(actionId, 'all', { by: alice });
    held.release();
    await started.finished;
    const report = (await runReport(db(), started.runId))!;
    expect(report.run).toMatchObject({ status: 'stopped', batchesDone: 1 });
    expect(report.run.message).toContain('undone while it ran');
    expect(await liveCount()).toBe(10);

    const shutdownHeld = gate();
    const shutdownReached = gate();
    const other = await storeUpload(db(), { fileName: 'other.csv', bytes: new TextEncoder().encode('title,price\nA,1\nB,2\n'), fileDigest: 'other', refusal: null, by: alice });
    const stopping = runner({ beforeBatch: async () => (shutdownReached.release(), shutdownHeld.wait()) });
    const run = await stopping.start(other, { dryRun: false, by: alice });
    await shutdownReached.wait();
    const stopped = stopping.stop();
    await expect(stopping.start(other, { dryRun: true, by: alice })).rejects.toThrow(ImportRefusedError);
    shutdownHeld.release();
    await stopped;
    expect((await runReport(db(), run.runId))!.run).toMatchObject({ status: 'stopped', batchesDone: 0 });
    expect(await liveCount()).toBe(10);
  });

  it('refuses to start what cannot run, with the reason', async () => {
    const refused = await storeUpload(db(), { fileName: 'x.csv', bytes: new Uint8Array([0xe9]), fileDigest: 'x', refusal: 'The file is not UTF-8 text.', by: alice });
    await expect(runner().start(refused, { dryRun: false, by: alice })).rejects.toThrow('This file cannot be imported: The file is not UTF-8 text.');
    await expect(runner().start(987654, { dryRun: false, by: alice })).rejects.toThrow('There is no such upload');
    const allBad = await storeUpload(db(), { fileName: 'bad.csv', bytes: new TextEncoder().encode('title,price\n,1\n'), fileDigest: 'bad', refusal: null, by: alice });
    await expect(runner().start(allBad, { dryRun: false, by: alice })).rejects.toThrow('No row of this file can be imported');
    await db().execute(sql`update import_uploads set bytes = ''::bytea where id = ${allBad}`);
    await expect(runner().start(allBad, { dryRun: false, by: alice })).rejects.toThrow('no longer kept');
  });
});
