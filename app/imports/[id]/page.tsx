import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { BadRows } from '@/components/imports/BadRows';
import { RunButtons } from '@/components/imports/RunButtons';
import { lineList } from '@/components/imports/line-list';
import { startImportRun } from '@/lib/actions/imports';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { formatCount, plural } from '@/lib/forms/plural';
import { formatBytes } from '@/lib/http/byte-size';
import { uploadPreview } from '@/lib/imports/preview';
import { refusalMessage } from '@/lib/imports/runner';
import { parseProductId } from '@/lib/validation/product-id';

export const metadata = { title: 'Import preview · Product catalog' };

const OTHER_REFUSALS: Record<string, string> = {
  unavailable: 'The database is not answering, so the import did not start. Nothing was changed. Try again in a moment.',
  'bad-mode': 'That form asked for neither a dry run nor an apply (it was altered). Nothing was changed.',
};
const refusalText = (code: string) => (Object.hasOwn(OTHER_REFUSALS, code) ? OTHER_REFUSALS[code] : refusalMessage(code));


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
        {formatBytes(upload.byteCount)}, uploaded by {upload.editorName} at {formatUtcDateTime(upload.createdAt)}. Nothing has been written yet.{' '}
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
          {preview.alreadyApplied > 0 && (
            <p role="status" className="page-status page-status--warning" data-testid="preview-already-applied">
              These rows were imported before{earlier.run ? ` by ${earlier.run.editorName} (run #${earlier.run.id})` : ''}: {plural(preview.alreadyApplied, 'row')} in{' '}
              {plural(earlier.batchNumbers.size, 'batch', 'batches')} already applied {earlier.batchNumbers.size === 1 ? 'is' : 'are'} not counted above and will not be
              written again.{' '}
              {preview.creates + preview.updates === 0 ? 'Nothing is left to apply.' : 'Applying writes only the rest.'}
            </p>
          )}
          {earlier.undoneByActionId !== null && (
            <p role="alert" className="page-status page-status--warning" data-testid="preview-undone">
              That import was undone (<Link href={`/changes/${earlier.undoneByActionId}`}>change #{earlier.undoneByActionId}</Link>). Applying this file again does not bring
              it back, because each batch of a file is applied once. To bring its changes back, undo that undo on{' '}
              <Link href={`/changes/${earlier.undoneByActionId}`}>its page</Link>.
            </p>
          )}
          {preview.titlesInCatalog.length > 0 && (
            <p role="status" className="page-status page-status--warning" data-testid="preview-titles-in-catalog">
              {plural(preview.titlesInCatalog.length, 'row to create has', 'rows to create have')} the title of a product already in the catalog (line
              {preview.titlesInCatalog.length === 1 ? '' : 's'} {lineList(preview.titlesInCatalog)}): applying makes a second product with each. If they are the same products,
              give those rows their id (an export has it) to update them instead.
            </p>
          )}
          {applying && (
            <p role="status" className="page-status page-status--warning">
              This file is being imported now by {applying.editorName}: <Link href={`/imports/runs/${applying.id}`}>see run #{applying.id}</Link>.
            </p>
          )}
          <form action={startImportRun} className="bulk-bar" aria-label="Run the import">
            <input type="hidden" name="uploadId" value={upload.id} />
            <RunButtons creates={preview.creates} updates={preview.updates} />
          </form>
          <BadRows errors={preview.errors} />
        </>
      )}
    </main>
  );
}
