import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { RunsTable } from '@/components/imports/RunsTable';
import { UploadForm } from '@/components/imports/UploadForm';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { tooLargeFileMessage } from '@/lib/http/byte-size';
import { recentRuns } from '@/lib/imports/store';

export const metadata = { title: 'Import CSV · Product catalog' };

const PROBLEMS: Record<string, string> = {
  'no-file': 'Choose a CSV file first: nothing was uploaded.',
  unreadable: 'The upload could not be read (it was cut short or is not a form upload). Nothing was changed. Try again.',
  'no-upload': 'That import form names no upload (it was altered). Nothing was changed.',
  'too-large': tooLargeFileMessage(null, 'nothing was read'),
};

/** Upload a CSV to preview it; the recent import runs below. */
export default async function ImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const problem = (await searchParams).problem;
  if ((await editorForPage('/imports')) === 'unknown') return <DatabaseUnavailable retryHref="/imports" />;
  const runs = await readForPage((db) => recentRuns(db, 20));
  if (runs === 'unavailable') return <DatabaseUnavailable retryHref="/imports" />;
  const message = typeof problem === 'string' ? PROBLEMS[problem] : undefined;
  return (
    <main>
      <EditorPageHeader title="Import CSV" current="imports" />
      <p className="muted">
        Upload a CSV with a header row: id, title and price, as an export writes them. A row with an id updates that product; a row without one creates a product.
        You see a preview first, and nothing is written until you apply it.
      </p>
      {message && (
        <p role="alert" className="page-status page-status--error">
          {message}
        </p>
      )}
      <UploadForm />
      <h2>Recent imports</h2>
      <RunsTable runs={runs} />
    </main>
  );
}
