import Link from 'next/link';
import { formatUtcDateTime } from '@/lib/forms/dates';
import type { RunView } from '@/lib/imports/store';

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
            <td>
              <Link href={`/imports/runs/${run.id}`}>#{run.id}</Link>
            </td>
            <td>{run.fileName}</td>
            <td>{run.dryRun ? 'Dry run' : 'Apply'}</td>
            <td>
              {STATUS[run.status]} ({run.batchesDone} of {run.batchCount} batches)
            </td>
            <td>{run.editorName}</td>
            <td>{formatUtcDateTime(run.startedAt, { zone: false })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
