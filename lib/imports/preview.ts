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
import { appliedBefore, applyingNow, uploadBytes, uploadById, type RunView, type UploadView } from './store';

export interface ImportPreview {
  rowCount: number;
  creates: number;
  updates: number;
  unchanged: number;
  /** Every bad row, in line order. */
  errors: ImportRowError[];
}

/** Ids looked up per query. */
const LOOKUP_CHUNK = 5000;

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
  const preview: ImportPreview = { rowCount: rows.length + errors.length, creates: 0, updates: 0, unchanged: 0, errors: [...errors] };
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
  preview: ImportPreview | null;
  /** Batches of a file with these bytes that earlier runs applied (they will not be applied again), and the newest such run. */
  earlier: { batches: number; run: RunView | null };
  /** An apply of this file going on now, if any. */
  applying: RunView | null;
}

/** The preview page's data for upload `id`, or null when there is no such upload. */
export async function uploadPreview(db: Database, id: number): Promise<UploadPreview | null> {
  const upload = await uploadById(db, id);
  if (!upload) return null;
  const bytes = upload.refusal === null ? await uploadBytes(db, id) : null;
  const parsed = bytes ? parseProductCsv(bytes) : null;
  const preview = parsed?.ok ? await previewImport(db, parsed.rows, parsed.errors) : null;
  return { upload, preview, earlier: await appliedBefore(db, upload.fileDigest), applying: await applyingNow(db, upload.fileDigest) };
}
