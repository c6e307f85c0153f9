/**
 * CSV import end to end below the pages, on PGlite and on PostgreSQL: the
 * preview's counts, a dry run that writes nothing, an apply in batches that
 * is one undoable action, a second upload of the same file writing nothing,
 * a failed batch leaving nothing of itself (and a later apply doing only the
 * rest), an undo or a shutdown while a run is between batches.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { count, eq, isNull, sql } from 'drizzle-orm';
import { changeActions, products } from '@/db/schema';
import { parseProductCsv } from '@/lib/csv/product-import';
import { DatabaseUnavailableError } from '@/lib/products/errors';
import type { ProductRepository } from '@/lib/products/repository';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { productsChecksum } from '@/test/support/table-checksum';
import { fileDigest, IMPORT_BATCH_ROWS } from './plan';
import { previewImport } from './preview';
import { createImportRunner, ImportRefusedError, type ImportRunnerDeps } from './runner';
import { runReport, storeUpload } from './store';

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
    const uploadId = await storeUpload(db(), { fileName: 'products.csv', bytes, fileDigest: fileDigest(bytes), refusal: null, by: alice });
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
    expect(action).toMatchObject({ kind: 'import', editorName: 'alice', productCount: 2 * IMPORT_BATCH_ROWS + 3, summary: 'Imported “products.csv”' });
    expect((await db().select().from(products).where(eq(products.title, 'Quote " inside'))).length).toBe(1);

    // The same bytes uploaded again: every batch is found applied, nothing is written.
    const afterApply = await productsChecksum(db());
    const again = await storeUpload(db(), { fileName: 'copy.csv', bytes, fileDigest: fileDigest(bytes), refusal: null, by: alice });
    const second = await runner().start(again, { dryRun: false, by: alice });
    await second.finished;
    expect((await runReport(db(), second.runId))!.batches.map((batch) => batch.outcome)).toEqual(['already-applied', 'already-applied', 'already-applied']);
    expect(await productsChecksum(db())).toEqual(afterApply);

    // Undone as one action: the created products go to the trash, the renamed come back.
    await repository.undo(report.run.actionId!, 'all', { by: alice });
    expect(await liveCount()).toBe(10);
    expect((await db().select().from(products).where(eq(products.id, 1)))[0]).toMatchObject({ title: 'Stock 1', price: '1.00' });
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
