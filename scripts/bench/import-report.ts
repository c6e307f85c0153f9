/**
 * The bench's CSV import section (import.ts), as Markdown lines. Run alone
 * with `npx tsx scripts/bench/import-report.ts` against the catalog in
 * DATABASE_URL (it adds about 50,000 products to it).
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client';
import { seedProducts } from '../../db/seed';
import { TEST_REDIS_URL } from '../lib/local-services';
import { ensureOwnDatabase } from '../lib/own-database';
import { measureImport } from './import';
import { fixed } from './stats';

export async function importSection(port: number, env: Record<string, string>, db: Database): Promise<string[]> {
  const figures = await measureImport(port, env, db);
  const { preview, second } = figures;
  return [
    '## CSV import of 100,000 rows with 50 bad ones (one worker, as a browser without JavaScript posts it)',
    '',
    `File: ${figures.rows.toLocaleString('en-US')} rows, ${fixed(figures.megabytes, 2)} MB (every other row an update of a listed product, the rest new ones, a bad row every 2,000).`,
    '',
    '| Step | seconds | what it showed |',
    '|---|---|---|',
    `| upload | ${fixed(figures.uploadSeconds, 2)} | stored, 303 to the preview |`,
    `| preview page | ${fixed(figures.previewSeconds, 2)} | create ${preview.creates}, update ${preview.updates}, already as in the file ${preview.unchanged}, bad rows ${preview.errors} (first lines ${preview.firstErrorLines.join(', ')}) |`,
    `| apply (run started → finished) | ${fixed(figures.applySeconds, 2)} | ${figures.batches} batches, ${fixed(figures.rows / figures.applySeconds, 0)} rows/s |`,
    `| the same file again | ${fixed(second.applySeconds, 2)} | written ${second.written}, by the earlier import ${second.earlier}; products table ${second.unchanged ? 'unchanged (md5 equal)' : '**changed**'} |`,
    '',
    `Live products ${figures.liveBefore.toLocaleString('en-US')} → ${figures.liveAfter.toLocaleString('en-US')}; ${figures.renamed.toLocaleString('en-US')} renamed by the file. The list page searched for "imported, renamed": "${figures.listStatus}".`,
  ];
}

// Alone: a catalog of 100,000 seeded products in the bench's own database, then the import.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = await ensureOwnDatabase(process.env.BENCH_DATABASE ?? 'catalog_bench');
  const database = await openDatabase({ url, maxConnections: 4 });
  await database.db.execute(sql`truncate table products restart identity`);
  await seedProducts(database.db, 100_000);
  for (const line of await importSection(Number(process.env.BENCH_PORT ?? 3400), { DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL }, database.db)) console.log(line);
  await database.db.execute(sql`truncate table products restart identity`);
  await database.close();
}
