import Link from 'next/link';
import { formatUtcDateTime } from '@/lib/forms/dates';
import type { RunView } from '@/lib/imports/store';
import { batchProgress } from './batch-progress';

const STATUS: Record<RunView['status'], string> = { running: 'Running', done: 'Finished', failed: 'Failed', stopped: 'Stopped' };

/** The newest import runs: file, dry run or apply, how far, who, when. */
export function RunsTable({ runs }: { runs: RunView[] }) {
  if (runs.length === 0) return <p className="muted">No imports yet.</p>;
  return (
    <table className="history-table">
      <caption className="visually-hidden">Recent imports</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">File</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">By</th>
          <th scope="col">Started (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td data-label="Run">
              <Link href={`/imports/runs/${run.id}`}>#{run.id}</Link>
            </td>
            <td data-label="File">{run.fileName}</td>
            <td data-label="Kind">{run.dryRun ? 'Dry run' : 'Apply'}</td>
            <td data-label="Status">
              {STATUS[run.status]} ({batchProgress(run)})
            </td>
            <td data-label="By">{run.editorName}</td>
            <td data-label="Started (UTC)">{formatUtcDateTime(run.startedAt, { zone: false })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
