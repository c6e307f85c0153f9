import Link from 'next/link';
import { ActionUndoCell } from '@/components/history/ActionUndoCell';
import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { PageLinks } from '@/components/history/PageLinks';
import { UndoControl } from '@/components/history/UndoControl';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { plural } from '@/lib/forms/plural';
import { readFlash } from '@/lib/forms/respond';
import { editorNames, recentActions } from '@/lib/products/history-reads';
import { ACTION_KINDS, changesUrl, kindLabel, parseChangesQuery } from '@/lib/validation/changes-query';

export const metadata = { title: 'Recent changes · Product catalog' };

const PAGE_SIZE = 50;

/**
 * Recent changes (Django admin's "Recent actions", with filters): every
 * change to the catalog, newest first, by editor, kind and UTC day, with
 * its Undo. The filter is a GET form, so it works without JavaScript.
 */
export default async function RecentChangesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { filter, page, rejected } = parseChangesQuery(await searchParams);
  const here = changesUrl(filter, page);
  if ((await editorForPage(here)) === 'unknown') return <DatabaseUnavailable retryHref={here} />;
  const data = await readForPage((db) => Promise.all([recentActions(db, filter, page, PAGE_SIZE), editorNames(db)]));
  if (data === 'unavailable') return <DatabaseUnavailable retryHref={here} />;
  const [actions, names] = data;
  const flash = await readFlash();
  return (
    <main>
      <EditorPageHeader title="Recent changes" current="changes" />
      {flash?.form === 'undo' && <UndoControl initialState={flash.state} returnTo={here} />}
      <form method="get" action="/changes" className="filters" aria-label="Filter changes">
        <label>
          Editor{' '}
          <select name="editor" defaultValue={filter.editor ?? ''}>
            <option value="">Everyone</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select name="kind" defaultValue={filter.kind ?? ''}>
            <option value="">Every kind</option>
            {ACTION_KINDS.map(({ kind, label }) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC) <input type="date" name="from" defaultValue={filter.from ?? ''} />
        </label>
        <label>
          To (UTC) <input type="date" name="to" defaultValue={filter.to ?? ''} />
        </label>
        <button type="submit">Filter</button>
        <Link href="/changes" className="button secondary">
          Clear filters
        </Link>
      </form>
      {rejected.length > 0 && (
        <p role="alert" className="form-message form-message--error">
          Some filters were ignored: {rejected.join('; ')}.
        </p>
      )}
      <p className="muted">{plural(actions.total, 'change')}</p>
      {actions.rows.length === 0 ? (
        <p>No changes match these filters.</p>
      ) : (
        <table className="history-table">
          <caption className="visually-hidden">Recent changes, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Editor</th>
              <th scope="col">Kind</th>
              <th scope="col">Change</th>
              <th scope="col">Products</th>
              <th scope="col">Undo</th>
            </tr>
          </thead>
          <tbody>
            {actions.rows.map((action) => (
              <tr key={action.id}>
                <td data-label="When (UTC)">{formatUtcDateTime(action.createdAt, { zone: false })}</td>
                <td data-label="Editor">{action.editorName}</td>
                <td data-label="Kind">{kindLabel(action.kind)}</td>
                <th scope="row">
                  <Link href={`/changes/${action.id}`}>{action.summary}</Link>
                </th>
                <td data-label="Products">{plural(action.productCount, 'product')}</td>
                <td>
                  <ActionUndoCell action={action} returnTo={here} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PageLinks page={page} total={actions.total} size={PAGE_SIZE} href={(target) => changesUrl(filter, target)} label="Pages of changes" />
    </main>
  );
}
