import { formatCount } from '@/lib/forms/plural';
import type { BatchView, RunView } from '@/lib/imports/store';
import { lineList } from './line-list';

const OUTCOME: Record<BatchView['outcome'], string> = {
  applied: 'Applied',
  'already-applied': 'Already applied by an earlier import: nothing written',
  'would-apply': 'Dry run: would apply',
  failed: 'Failed: nothing of it written',
};


/** What a run did: totals by line, then each batch with its lines and outcome. */
export function RunReport({ run, batches }: { run: RunView; batches: BatchView[] }) {
  const sum = (pick: (batch: BatchView) => number[], outcomes: BatchView['outcome'][]) => batches.filter((batch) => outcomes.includes(batch.outcome)).flatMap(pick);
  const written = run.dryRun ? ['would-apply' as const] : ['applied' as const];
  const applied = sum((batch) => batch.lines.applied, written);
  const unchanged = sum((batch) => batch.lines.unchanged, written);
  const missing = sum((batch) => batch.lines.missing, written);
  const earlier = sum((batch) => batch.lines.applied, ['already-applied']);
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">Report</h2>
      <dl className="change-facts">
        <div>
          <dt>{run.dryRun ? 'Lines that would be written' : 'Lines written'}</dt>
          <dd data-testid="report-applied">{formatCount(applied.length)}</dd>
        </div>
        <div>
          <dt>Already as in the file (left alone)</dt>
          <dd data-testid="report-unchanged">{formatCount(unchanged.length)}</dd>
        </div>
        <div>
          <dt>Id not in the catalog (skipped)</dt>
          <dd data-testid="report-missing">{formatCount(missing.length)}</dd>
        </div>
        <div>
          <dt>Written by an earlier import of this file</dt>
          <dd data-testid="report-earlier">{formatCount(earlier.length)}</dd>
        </div>
      </dl>
      {unchanged.length > 0 && <p>Left alone, already as in the file: lines {lineList(unchanged)}.</p>}
      {missing.length > 0 && <p>Skipped, no product with that id: lines {lineList(missing)}.</p>}
      <table className="history-table">
        <caption className="visually-hidden">Batches</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Lines</th>
            <th scope="col">Outcome</th>
            <th scope="col">Written</th>
            <th scope="col">Left alone</th>
            <th scope="col">Not found</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => {
            // An earlier import's lines: written then, not by this run.
            const byEarlier = batch.outcome === 'already-applied';
            const cell = (lines: number[]) => (byEarlier ? '—' : formatCount(lines.length));
            return (
              <tr key={batch.batchNumber}>
                <td data-label="Batch">{batch.batchNumber}</td>
                <td data-label="Lines">
                  {batch.firstLine}–{batch.lastLine}
                </td>
                <td data-label="Outcome">
                  {OUTCOME[batch.outcome]}
                  {byEarlier ? ` (it wrote ${formatCount(batch.lines.applied.length)} of these lines then)` : ''}
                  {batch.message ? ` (${batch.message})` : ''}
                </td>
                <td data-label="Written">{byEarlier ? '0' : formatCount(batch.lines.applied.length)}</td>
                <td data-label="Left alone">{cell(batch.lines.unchanged)}</td>
                <td data-label="Not found">{cell(batch.lines.missing)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
