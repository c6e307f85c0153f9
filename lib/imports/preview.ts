/**
 * An import's preview, before anything is written: how many products the
 * file would create and update (matched by id against the live catalog),
 * how many rows already hold their values, and every bad row with its line
 * and reason: the forms' rules (lib/csv/product-import.ts) and, read from
 * the database here, an id that names no product in the catalog.
 */
import { and, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { products } from '@/db/schema';
import { parseProductCsv, type ImportRow, type ImportRowError } from '@/lib/csv/product-import';
import { sameDecimal } from '@/lib/products/decimal';
import { live } from '@/lib/products/queries';
import { planBatches } from './plan';
import { appliedBefore, applyingNow, uploadBytes, uploadById, type AppliedBefore, type RunView, type UploadView } from './store';

export interface ImportPreview {
  rowCount: number;
  creates: number;
  updates: number;
  unchanged: number;
  /** Every bad row, in line order. */
  errors: ImportRowError[];
  /** Lines of rows to create whose title a live product already has: applying makes a second one. */
  titlesInCatalog: number[];
  /** Valid rows in batches an earlier import of this content applied: not counted above, never written again. */
  alreadyApplied: number;
}

/** Ids looked up per query. */
const LOOKUP_CHUNK = 5000;

/** Which of `titles` live products have, exactly. */
async function liveTitlesAmong(db: Database, titles: readonly string[]): Promise<Set<string>> {
  const distinct = [...new Set(titles)];
  const taken = new Set<string>();
  for (let start = 0; start < distinct.length; start += LOOKUP_CHUNK) {
    const found = await db
      .selectDistinct({ title: products.title })
      .from(products)
      .where(and(live, inArray(products.title, distinct.slice(start, start + LOOKUP_CHUNK))));
    for (const row of found) taken.add(row.title);
  }
  return taken;
}

/** The preview of `rows` and `errors` (a parsed file) against the catalog as it is now. */
export async function previewImport(db: Database, rows: readonly ImportRow[], errors: readonly ImportRowError[]): Promise<ImportPreview> {
  const ids = rows.flatMap((row) => (row.id === null ? [] : [row.id]));
  const stored = new Map<number, { title: string; price: string }>();
  for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
    const found = await db
      .select({ id: products.id, title: products.title, price: products.price })
      .from(products)
      .where(and(live, inArray(products.id, ids.slice(start, start + LOOKUP_CHUNK))));
    for (const row of found) stored.set(row.id, row);
  }
  const preview: ImportPreview = { rowCount: rows.length + errors.length, creates: 0, updates: 0, unchanged: 0, errors: [...errors], titlesInCatalog: [], alreadyApplied: 0 };
  const creates = rows.filter((row) => row.id === null);
  const takenTitles = await liveTitlesAmong(db, creates.map((row) => row.title));
  preview.titlesInCatalog = creates.filter((row) => takenTitles.has(row.title)).map((row) => row.line);
  for (const row of rows) {
    if (row.id === null) {
      preview.creates += 1;
      continue;
    }
    const current = stored.get(row.id);
    if (!current) preview.errors.push({ line: row.line, reason: `no product has id ${row.id} (it may have been deleted, or be in the trash): leave the id empty to create it.` });
    else if (current.title === row.title && sameDecimal(current.price, row.price)) preview.unchanged += 1;
    else preview.updates += 1;
  }
  preview.errors.sort((a, b) => a.line - b.line);
  return preview;
}

/** What an upload's preview page shows. `preview` null: the file was refused (upload.refusal) or its bytes are no longer kept. */
export interface UploadPreview {
  upload: UploadView;
  /** Counted over the batches not yet applied: what an apply now would do. */
  preview: ImportPreview | null;
  /** What earlier imports of this content applied (those batches are never applied again), and whether that was undone. */
  earlier: AppliedBefore;
  /** An apply of this file going on now, if any. */
  applying: RunView | null;
}

/** The preview page's data for upload `id`, or null when there is no such upload. */
export async function uploadPreview(db: Database, id: number): Promise<UploadPreview | null> {
  const upload = await uploadById(db, id);
  if (!upload) return null;
  const bytes = upload.refusal === null ? await uploadBytes(db, id) : null;
  const parsed = bytes ? parseProductCsv(bytes) : null;
  const earlier = await appliedBefore(db, upload.fileDigest);
  let preview: ImportPreview | null = null;
  if (parsed?.ok) {
    const pending = planBatches(upload.fileDigest, parsed.rows).filter((batch) => !earlier.batchNumbers.has(batch.number));
    const pendingRows = pending.flatMap((batch) => batch.rows);
    preview = { ...(await previewImport(db, pendingRows, parsed.errors)), rowCount: parsed.rows.length + parsed.errors.length, alreadyApplied: parsed.rows.length - pendingRows.length };
  }
  return { upload, preview, earlier, applying: await applyingNow(db, upload.fileDigest) };
}
