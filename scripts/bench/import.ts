/**
 * What a CSV import costs (issue 24), through the production server as a
 * browser without JavaScript drives it: a file of 100,000 rows (half of them
 * updates of products the export listed, half new products, 50 bad rows
 * scattered through it) is uploaded, previewed, applied; then the database
 * and the list page are checked, and the same file is uploaded and applied
 * again, which must change nothing.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { startServer } from './server';

export interface ImportFigures {
  rows: number;
  megabytes: number;
  uploadSeconds: number;
  previewSeconds: number;
  preview: { creates: string; updates: string; unchanged: string; errors: string; firstErrorLines: number[] };
  /** From the run's started_at to finished_at, as PostgreSQL recorded them. */
  applySeconds: number;
  batches: number;
  liveBefore: number;
  liveAfter: number;
  renamed: number;
  listStatus: string;
  second: { applySeconds: number; written: string; earlier: string; unchanged: boolean };
}

/** The 50 bad rows, by kind: each is refused with its line and reason, and the rest of the file goes in. */
const BAD_ROWS = [',,1.00', ',Negative price,-1.00', '999999999,Unknown id,1.00', ',Too,many,fields', `,${'x'.repeat(201)},1.00`];

/** The file: `count` rows alternating updates of `ids` and creates, a bad row every count/50 rows. */
export function importFile(ids: readonly number[], count = 100_000): { text: string; badLines: number[] } {
  const lines = ['id,title,price'];
  const badLines: number[] = [];
  const every = Math.floor(count / 50);
  let next = 0;
  for (let index = 0; index < count; index += 1) {
    if (index % every === every / 2) {
      badLines.push(lines.length + 1);
      lines.push(BAD_ROWS[badLines.length % BAD_ROWS.length]!);
    } else if (index % 2 === 0 && next < ids.length) {
      lines.push(`${ids[next++]},"Imported, renamed ${index}",${(index % 97) + 1}.50`);
    } else {
      lines.push(`,"Imported new ${index}",${(index % 89) + 1}.25`);
    }
  }
  return { text: `${lines.join('\r\n')}\r\n`, badLines };
}

const count = async (db: Database, where: ReturnType<typeof sql>) =>
  Number(((await db.execute(sql`select count(*)::int as n from products where ${where}`)) as unknown as Array<{ n: number }>)[0]!.n);

const checksum = async (db: Database) =>
  ((await db.execute(sql`select md5(string_agg(id || ':' || title || ':' || price || ':' || version || ':' || coalesce(deleted_at::text, ''), '|' order by id)) as md5 from products`)) as unknown as Array<{ md5: string }>)[0]!.md5;

const testId = (html: string, id: string) => new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '?';

/** The hidden fields and the pressed button of the preview's "Run the import" form, as a browser without JavaScript posts them. */
function runForm(html: string, mode: 'apply' | 'dry-run'): FormData {
  const form = /<form[^>]*aria-label="Run the import"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (!form) throw new Error('the preview has no "Run the import" form');
  const fields = new FormData();
  for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields.append(name.replace(/&amp;/g, '&'), (/value="([^"]*)"/.exec(input[0])?.[1] ?? '').replace(/&amp;/g, '&'));
  }
  fields.append('mode', mode);
  return fields;
}

async function uploadAndApply(url: string, db: Database, bytes: Uint8Array<ArrayBuffer>) {
  const body = new FormData();
  body.append('file', new Blob([bytes], { type: 'text/csv' }), 'products.csv');
  let started = performance.now();
  const uploaded = await fetch(`${url}/imports/upload`, { method: 'POST', body, headers: { accept: 'application/json' } });
  if (!uploaded.ok) throw new Error(`upload answered ${uploaded.status}: ${await uploaded.text()}`);
  const { location } = (await uploaded.json()) as { location: string };
  const uploadSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const previewHtml = await (await fetch(`${url}${location}`)).text();
  const previewSeconds = (performance.now() - started) / 1000;
  const applied = await fetch(`${url}${location}`, { method: 'POST', body: runForm(previewHtml, 'apply'), redirect: 'manual', headers: { origin: url } });
  const runPath = applied.headers.get('location');
  if (applied.status !== 303 || !runPath) throw new Error(`apply answered ${applied.status}`);
  const runId = Number(/\/imports\/runs\/(\d+)/.exec(runPath)![1]);
  for (;;) {
    const [run] = (await db.execute(sql`select status, batch_count, extract(epoch from finished_at - started_at)::float as seconds from import_runs where id = ${runId}`)) as unknown as Array<{ status: string; batch_count: number; seconds: number | null }>;
    if (run && run.status !== 'running') {
      if (run.status !== 'done') throw new Error(`import run ${runId} ended ${run.status}`);
      const report = await (await fetch(`${url}${runPath}`)).text();
      return { uploadSeconds, previewSeconds, previewHtml, applySeconds: run.seconds!, batches: run.batch_count, report };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs the import flow on a fresh one-worker server over the catalog already in `db`. */
export async function measureImport(port: number, env: Record<string, string>, db: Database): Promise<ImportFigures> {
  const server = await startServer(port, { ...env, AUTH_REQUIRED: '0', WEB_CONCURRENCY: '1' });
  try {
    const exported = await (await fetch(`${server.url}/products.csv`)).text();
    const ids = exported
      .split('\r\n')
      .slice(1)
      .map((line) => Number(line.split(',')[0]))
      .filter((id) => id > 0);
    const { text } = importFile(ids);
    const bytes = new TextEncoder().encode(text);
    const liveBefore = await count(db, sql`deleted_at is null`);
    const first = await uploadAndApply(server.url, db, bytes);
    const liveAfter = await count(db, sql`deleted_at is null`);
    const renamed = await count(db, sql`deleted_at is null and title like 'Imported, renamed %'`);
    const list = await (await fetch(`${server.url}/?q=${encodeURIComponent('imported, renamed')}`)).text();
    const listStatus = /Showing [^<]*/.exec(list)?.[0] ?? '?';
    const before = await checksum(db);
    const second = await uploadAndApply(server.url, db, bytes);
    const errorLines = [...first.previewHtml.matchAll(/<tr><td>(\d+)<\/td><td>/g)].map((match) => Number(match[1]));
    return {
      rows: 100_000,
      megabytes: bytes.length / 1e6,
      uploadSeconds: first.uploadSeconds,
      previewSeconds: first.previewSeconds,
      preview: {
        creates: testId(first.previewHtml, 'preview-creates'),
        updates: testId(first.previewHtml, 'preview-updates'),
        unchanged: testId(first.previewHtml, 'preview-unchanged'),
        errors: testId(first.previewHtml, 'preview-errors'),
        firstErrorLines: errorLines.slice(0, 5),
      },
      applySeconds: first.applySeconds,
      batches: first.batches,
      liveBefore,
      liveAfter,
      renamed,
      listStatus,
      second: { applySeconds: second.applySeconds, written: testId(second.report, 'report-applied'), earlier: testId(second.report, 'report-earlier'), unchanged: (await checksum(db)) === before },
    };
  } finally {
    await server.stop();
  }
}
