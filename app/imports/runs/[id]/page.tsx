import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionUndoCell } from '@/components/history/ActionUndoCell';
import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { UndoControl } from '@/components/history/UndoControl';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { RefreshWhileRunning } from '@/components/imports/RefreshWhileRunning';
import { RunReport } from '@/components/imports/RunReport';
import { batchProgress } from '@/components/imports/batch-progress';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { plural } from '@/lib/forms/plural';
import { readFlash } from '@/lib/forms/respond';
import { runReport } from '@/lib/imports/store';
import { actionDetail } from '@/lib/products/history-reads';
import { parseProductId } from '@/lib/validation/product-id';

export const metadata = { title: 'Import · Product catalog' };

/** One import run: its progress while it goes on (refreshing itself, with or without JavaScript), then its report and its Undo. */
export default async function ImportRunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = parseProductId((await params).id);
  if (id === null) notFound();
  const here = `/imports/runs/${id}`;
  if ((await editorForPage(here)) === 'unknown') return <DatabaseUnavailable retryHref={here} />;
  const data = await readForPage(async (db) => {
    const report = await runReport(db, id);
    const action = report?.run.actionId ? ((await actionDetail(db, report.run.actionId, 1, 1))?.action ?? null) : null;
    return report ? { ...report, action } : null;
  });
  if (data === 'unavailable') return <DatabaseUnavailable retryHref={here} />;
  if (!data) notFound();
  const { run, batches, action } = data;
  const flash = await readFlash();
  const secondStart = (await searchParams).already === 'running';
  const kind = run.dryRun ? 'Dry run' : 'Import';
  const percent = run.batchCount === 0 ? 100 : Math.round((run.batchesDone / run.batchCount) * 100);
  return (
    <main>
      {run.status === 'running' && (
        <>
          <RefreshWhileRunning />
          <noscript>
            <meta httpEquiv="refresh" content="2" />
          </noscript>
        </>
      )}
      <EditorPageHeader title={`${kind} of “${run.fileName}”`} current="other" />
      {secondStart && (
        <p role="status" className="page-status page-status--warning" data-testid="already-running">
          This file was already being imported (started by {run.editorName}), so no second import was started: this is that import.
        </p>
      )}
      {flash?.form === 'undo' && <UndoControl initialState={flash.state} returnTo={here} />}
      <p role="status" className={`page-status ${run.status === 'failed' || run.status === 'stopped' ? 'page-status--error' : run.status === 'done' ? 'page-status--success' : ''}`}>
        {run.status === 'running' && `Running: ${batchProgress(run)} done (${percent} %). You may leave this page: the import goes on.`}
        {run.status === 'done' && (run.dryRun ? `Dry run finished: ${plural(run.batchCount, 'batch', 'batches')} checked, nothing was written.` : `Import finished: ${plural(run.batchCount, 'batch', 'batches')}.`)}
        {(run.status === 'failed' || run.status === 'stopped') && `${kind} ${run.status} after ${batchProgress(run)}. ${run.message ?? ''}`}
      </p>
      <progress max={run.batchCount} value={run.batchesDone} aria-label={`${kind} progress`} />
      {(run.status === 'failed' || run.status === 'stopped') && !run.dryRun && (
        <p>
          The batches before stay applied; none was half applied. <Link href={`/imports/${run.uploadId}`}>Apply the same upload again</Link> to write the rest: the
          batches already applied are not applied twice.
        </p>
      )}
      {action && (
        <div className="page-undo">
          This import is <Link href={`/changes/${action.id}`}>change #{action.id}</Link> ({plural(action.productCount, 'product')}), undone as one:{' '}
          <ActionUndoCell action={action} returnTo={here} />
        </div>
      )}
      <RunReport run={run} batches={batches} />
    </main>
  );
}
