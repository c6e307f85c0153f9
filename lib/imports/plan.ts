/**
 * How an import is cut into batches: the rows that passed, in file order,
 * IMPORT_BATCH_ROWS at a time. The cut depends only on the file's content,
 * so batch N of a file is the same lines in every upload of it: what lets a
 * second upload find the batches the first one applied.
 */
import { createHash } from 'node:crypto';
import type { ImportRow } from '@/lib/csv/product-import';
import { canonicalDecimal } from '@/lib/products/decimal';
import type { ImportBatch } from '@/lib/products/import-batches';

/** Rows per batch: each batch is one transaction, one history step and one invalidation. */
export const IMPORT_BATCH_ROWS = 1000;

/** SHA-256 of the file's bytes, hex: the digest of a file that could not be read. */
export function fileDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * SHA-256 (hex) of what a readable file would write: its valid rows' id,
 * title and price in order, prices in canonical form. So the same rows saved
 * again with other line ends, quoting, a byte order mark, the export's date
 * columns or other bad rows are the same import, and batch N is the same
 * rows. (Titles never hold tabs or line breaks, so the joins are unambiguous.)
 */
export function rowsDigest(rows: readonly ImportRow[]): string {
  const hash = createHash('sha256').update('rows-v1\n');
  for (const row of rows) hash.update(`${row.id ?? ''}\t${row.title}\t${canonicalDecimal(row.price)}\n`);
  return hash.digest('hex');
}

/** The batches of `rows` (already validated), numbered from 1; none for no rows. */
export function planBatches(digest: string, rows: readonly ImportRow[], size = IMPORT_BATCH_ROWS): ImportBatch[] {
  const batches: ImportBatch[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const slice = rows.slice(start, start + size);
    batches.push({ fileDigest: digest, number: batches.length + 1, firstLine: slice[0]!.line, lastLine: slice.at(-1)!.line, rows: slice });
  }
  return batches;
}
