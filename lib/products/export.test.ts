/**
 * The export reads every page of the list, in the list's order, in batches
 * (keyset): the same rows as the pages, none twice, none missed, whatever the
 * sort, its direction, a search, ties and timestamps finer than JavaScript's
 * milliseconds.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { products } from '@/db/schema';
import { listQuery, SORT_COLUMNS, type ListQuery } from '@/lib/validation/list-query';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';

const databases = await testDatabases();

describe.each(databases)('exporting every page on $name', (database) => {
  const fixture = useProductRepository(database);

  it('yields exactly the rows of all the pages, in their order, for every sort, direction and a search', async () => {
    const { db } = fixture.handle;
    // 57 products: prices and titles that tie, timestamps a microsecond apart.
    await db.insert(products).values(
      Array.from({ length: 57 }, (_, index) => ({ title: index % 3 === 0 ? 'Okra' : `Leek ${index % 5}`, price: `${(index % 4) + 1}.00` })),
    );
    await db.execute(sql`update products set created_at = '2026-01-01'::timestamptz + id * interval '1 microsecond', updated_at = '2026-01-01'::timestamptz + (id % 7) * interval '1 microsecond'`);
    for (const sort of SORT_COLUMNS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const q of ['', 'leek']) {
          const pages: number[] = [];
          for (let page = 1; ; page += 1) {
            const query: ListQuery = listQuery({ page, size: 10, q, sort, dir });
            const { rows } = await fixture.repository.listPage(query);
            pages.push(...rows.map((row) => row.id));
            if (rows.length < 10) break;
          }
          const exported: number[] = [];
          for await (const row of fixture.repository.exportRows({ q, sort, dir }, 4)) exported.push(row.id);
          expect(exported, `${sort} ${dir} "${q}"`).toEqual(pages);
          expect(new Set(exported).size).toBe(exported.length);
        }
      }
    }
  });
});
