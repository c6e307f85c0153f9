import { formatCount, plural } from '@/lib/forms/plural';

/** Rows listed on the page; a file with more bad rows than this is not the file meant, and the count says so. */
const LISTED = 1000;

/** Every bad row of a file (up to 1,000), with its line number and the reason, as the forms word it. */
export function BadRows({ errors }: { errors: ReadonlyArray<{ line: number; reason: string }> }) {
  if (errors.length === 0) return <p>Every row can be imported.</p>;
  return (
    <section aria-labelledby="bad-rows">
      <h2 id="bad-rows">{plural(errors.length, 'row has a problem', 'rows have problems')} and will be skipped</h2>
      <table className="history-table">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.slice(0, LISTED).map((error) => (
            <tr key={error.line}>
              <td data-label="Line">{error.line}</td>
              <td data-label="Problem">{error.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > LISTED && <p className="muted">…and {formatCount(errors.length - LISTED)} more. Check that this is the file you meant.</p>}
    </section>
  );
}
