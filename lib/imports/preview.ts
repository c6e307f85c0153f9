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
import type { ImportRow, ImportRowError } from '@/lib/csv/product-import';
import { sameDecimal } from '@/lib/products/decimal';
import { live } from '@/lib/products/queries';

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
