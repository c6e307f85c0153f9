/**
 * One batch of a CSV import (issue 24), as the data layer writes it: rows
 * without an id are created, rows with one update that live product's title
 * and price in one set-based UPDATE … FROM (VALUES …), each product's before
 * and after recorded by the action's recorder (history.ts). A row that
 * already holds its values is left alone (no new version, no history line).
 *
 * The batch's row in import_run_batches is written in the same transaction
 * and is unique per file content and batch number while applied: the claim
 * that makes a second upload of the same file write nothing.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from '@/db/client';
import { importRunBatches, productChanges, products } from '@/db/schema';
import { BUMP_VERSION_SET, type ActionRecorder } from './history';
import { live } from './queries';

/** A row of the file that passed the forms' rules (lib/csv/product-import.ts): id null creates. */
export interface ImportRowInput {
  line: number;
  id: number | null;
  title: string;
  price: string;
}

/** A batch: the rows of lines firstLine…lastLine that passed, numbered from 1 in file order. */
export interface ImportBatch {
  fileDigest: string;
  number: number;
  firstLine: number;
  lastLine: number;
  rows: readonly ImportRowInput[];
}

/** What a batch did, by line of the file: written, already holding their values, or naming no live product. */
export interface ImportBatchLines {
  applied: number[];
  unchanged: number[];
  missing: number[];
}

export type ImportBatchOutcome = 'applied' | 'already-applied' | 'would-apply';

/** Thrown inside the batch's transaction when another run applied this batch of this file first. */
export class BatchAlreadyApplied extends Error {
  override name = 'BatchAlreadyApplied';
}

/** The lines of this batch of this file as an earlier run applied them, or null when none has. */
export async function appliedLines(db: Database, fileDigest: string, number: number): Promise<ImportBatchLines | null> {
  const [row] = await db
    .select({ lines: importRunBatches.lines })
    .from(importRunBatches)
    .where(and(eq(importRunBatches.fileDigest, fileDigest), eq(importRunBatches.batchNumber, number), eq(importRunBatches.outcome, 'applied')));
  return row?.lines ?? null;
}

/** Claims the batch for run `runId`; throws BatchAlreadyApplied when another run holds it. */
export async function claimBatch(tx: Transaction, runId: number, batch: ImportBatch): Promise<void> {
  const claimed = await tx
    .insert(importRunBatches)
    .values({ runId, batchNumber: batch.number, fileDigest: batch.fileDigest, outcome: 'applied', firstLine: batch.firstLine, lastLine: batch.lastLine, lines: { applied: [], unchanged: [], missing: [] } })
    .onConflictDoNothing()
    .returning({ runId: importRunBatches.runId });
  if (claimed.length === 0) throw new BatchAlreadyApplied(`batch ${batch.number} of ${batch.fileDigest} is already applied`);
}

/** Stores what the claimed batch did. */
export async function recordBatchLines(tx: Transaction, runId: number, number: number, lines: ImportBatchLines): Promise<void> {
  await tx.update(importRunBatches).set({ lines }).where(and(eq(importRunBatches.runId, runId), eq(importRunBatches.batchNumber, number)));
}

/** Writes the batch's rows through `history` (begun or resumed) and says what happened to each line. */
export async function applyImportRows(tx: Transaction, history: ActionRecorder, rows: readonly ImportRowInput[]): Promise<ImportBatchLines> {
  const creates = rows.filter((row) => row.id === null);
  const updates = rows.filter((row): row is ImportRowInput & { id: number } => row.id !== null);
  const created = creates.length ? await tx.insert(products).values(creates.map(({ title, price }) => ({ title, price }))).returning() : [];
  await history.recordCreated(created);
  if (updates.length === 0) return { applied: creates.map((row) => row.line), unchanged: [], missing: [] };

  const values = sql.join(
    updates.map((row) => sql`(${row.id}::int, ${row.title}::text, ${row.price}::numeric)`),
    sql`, `,
  );
  await history.updateRows(
    sql`select p.id as old_id, p.title as old_title, p.price as old_price, p.deleted_at as old_deleted_at, i.title as new_title, i.price as new_price
        from products p join (values ${values}) as i(id, title, price) on p.id = i.id
        where p.deleted_at is null and (p.title <> i.title or p.price <> i.price)
        order by p.id
        for update of p`,
    sql`title = old.new_title, price = old.new_price, ${BUMP_VERSION_SET}`,
  );
  const ids = updates.map((row) => row.id);
  const changed = await tx
    .select({ id: productChanges.productId })
    .from(productChanges)
    .where(and(eq(productChanges.actionId, history.actionId), inArray(productChanges.productId, ids)));
  const present = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(live, inArray(products.id, ids)));
  const changedIds = new Set(changed.map((row) => row.id));
  const liveIds = new Set(present.map((row) => row.id));
  const lines: ImportBatchLines = { applied: creates.map((row) => row.line), unchanged: [], missing: [] };
  for (const row of updates) {
    if (changedIds.has(row.id)) lines.applied.push(row.line);
    else if (liveIds.has(row.id)) lines.unchanged.push(row.line);
    else lines.missing.push(row.line);
  }
  lines.applied.sort((a, b) => a - b);
  return lines;
}
