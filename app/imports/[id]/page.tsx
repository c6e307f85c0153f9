import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { BadRows } from '@/components/imports/BadRows';
import { startImportRun } from '@/lib/actions/imports';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { formatCount, plural } from '@/lib/forms/plural';
import { uploadPreview } from '@/lib/imports/preview';
import { refusalMessage } from '@/lib/imports/runner';
import { parseProductId } from '@/lib/validation/product-id';

export const metadata = { title: 'Import preview · Product catalog' };

const OTHER_REFUSALS: Record<string, string> = {
  unavailable: 'The database is not answering, so the import did not start. Nothing was changed. Try again in a moment.',
  'bad-mode': 'That form asked for neither a dry run nor an apply (it was altered). Nothing was changed.',
};
const refusalText = (code: string) => (Object.hasOwn(OTHER_REFUSALS, code) ? OTHER_REFUSALS[code] : refusalMessage(code));

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** An upload's preview: what applying it would create and update, every bad row, then Dry run or Apply. */
export default async function ImportPreviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = parseProductId((await params).id);
  if (id === null) notFound();
  const here = `/imports/${id}`;
  const refused = (await searchParams).refused;
  if ((await editorForPage(here)) === 'unknown') return <DatabaseUnavailable retryHref={here} />;
  const data = await readForPage((db) => uploadPreview(db, id));
  if (data === 'unavailable') return <DatabaseUnavailable retryHref={here} />;
  if (!data) notFound();
  const { upload, preview, earlier, applying } = data;
  const refusal = typeof refused === 'string' ? refusalText(refused) : undefined;
  return (
    <main>
      <EditorPageHeader title={`Import “${upload.fileName}”`} current="other" />
      <p className="muted">
        {megabytes(upload.byteCount)}, uploaded by {upload.editorName} at {formatUtcDateTime(upload.createdAt)}. Nothing has been written yet.{' '}
        <Link href="/imports">Upload another file</Link>
      </p>
      {refusal && (
        <p role="alert" className="page-status page-status--error">
          {refusal}
        </p>
      )}
      {upload.refusal !== null && (
        <p role="alert" className="page-status page-status--error">
          This file cannot be imported: {upload.refusal} Nothing was written.
        </p>
      )}
      {upload.refusal === null && !preview && (
        <p role="alert" className="page-status page-status--error">
          This upload is more than a day old and no longer kept: upload the file again.
        </p>
      )}
      {preview && (
        <>
          <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">Preview</h2>
            <dl className="change-facts">
              <div>
                <dt>To create (no id)</dt>
                <dd data-testid="preview-creates">{formatCount(preview.creates)}</dd>
              </div>
              <div>
                <dt>To update (matched by id)</dt>
                <dd data-testid="preview-updates">{formatCount(preview.updates)}</dd>
              </div>
              <div>
                <dt>Already as in the file</dt>
                <dd data-testid="preview-unchanged">{formatCount(preview.unchanged)}</dd>
              </div>
              <div>
                <dt>Rows with problems</dt>
                <dd data-testid="preview-errors">{formatCount(preview.errors.length)}</dd>
              </div>
            </dl>
          </section>
          {earlier.batches > 0 && (
            <p role="status" className="page-status page-status--warning">
              A file with exactly these contents was imported before
              {earlier.run ? ` by ${earlier.run.editorName} (run #${earlier.run.id})` : ''}: its {plural(earlier.batches, 'batch', 'batches')} already applied will not
              be applied again, so applying it writes only what they did not.
            </p>
          )}
          {applying && (
            <p role="status" className="page-status page-status--warning">
              This file is being imported now by {applying.editorName}: <Link href={`/imports/runs/${applying.id}`}>see run #{applying.id}</Link>.
            </p>
          )}
          <form action={startImportRun} className="bulk-bar" aria-label="Run the import">
            <input type="hidden" name="uploadId" value={upload.id} />
            <button type="submit" name="mode" value="dry-run" className="secondary">
              Dry run (writes nothing)
            </button>
            <button type="submit" name="mode" value="apply" disabled={preview.creates + preview.updates === 0}>
              Apply: create {formatCount(preview.creates)}, update {formatCount(preview.updates)}
            </button>
          </form>
          <BadRows errors={preview.errors} />
        </>
      )}
    </main>
  );
}
