import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/**
 * The products table as a count of the rows the catalog shows (not in the
 * trash) and an md5 over every row, trashed ones and their deleted_at
 * included: equal before and after means nothing changed.
 */
export async function productsChecksum(db: Database): Promise<{ rows: number; md5: string }> {
  const result = await db.execute<{ rows: number | string; md5: string | null }>(
    sql`select count(*) filter (where deleted_at is null) as rows, md5(coalesce(string_agg(id || ':' || title || ':' || price || ':' || version || ':' || updated_at || ':' || coalesce(deleted_at::text, ''), '|' order by id), '')) as md5 from products`,
  );
  const rowsOf = (result as unknown as { rows?: Array<{ rows: number | string; md5: string | null }> }).rows ?? (result as unknown as Array<{ rows: number | string; md5: string | null }>);
  const [row] = rowsOf;
  return { rows: Number(row?.rows ?? 0), md5: row?.md5 ?? '' };
}
