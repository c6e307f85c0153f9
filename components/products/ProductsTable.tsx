import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Product } from '@/lib/products/types';
import { linkBase, listUrl } from '@/lib/validation/list-url';
import type { ListQuery } from '@/lib/validation/list-query';
import { editableRowCells, rowCells } from './row-cells';
import { AdminRowsBody } from '@/components/admin-islands';
import { RowsBody } from './RowsBody';
import { SortHeader } from './SortHeader';

interface ProductsTableProps {
  rows: readonly Product[];
  query: ListQuery;
  canEdit: boolean;
  /** What replaces or follows one row: its editor (?edit=), or its delete question (?delete=). */
  island?: { id: number; kind: 'edit' | 'delete'; element: ReactNode } | null;
  /** Why there are no rows, when there are none. */
  empty?: ReactNode;
  /** Rows ticked in the markup (without JavaScript: a bulk question, or its Cancel). */
  checkedIds?: readonly number[];
}

const VISITOR_COLUMNS = 5;
const ADMIN_COLUMNS = 7;

/**
 * The catalog table, rendered on the server. Rows are HTML built from their
 * formatted cells (rows-html.ts), in as many bodies as needed to put one
 * row's editor in place of it, or its delete question right below it. Widths come from the
 * column group and stay put whatever a row shows. Sorting is the headers' links.
 */
export function ProductsTable({ rows, query, canEdit, island, empty, checkedIds }: ProductsTableProps) {
  const variant = { canEdit, linkBase: linkBase(listUrl(query)), ...(checkedIds?.length ? { checkedIds } : {}) };
  const at = island ? rows.findIndex((row) => row.id === island.id) : -1;
  // The editor replaces its row; the delete question follows it.
  const splitAfter = at < 0 ? rows.length : island!.kind === 'edit' ? at : at + 1;
  const resumeAt = at < 0 ? rows.length : at + 1;
  // Admins' rows carry what their editors need to open in the browser at once (AdminRowsBody).
  const body = (slice: readonly Product[]) =>
    canEdit ? <AdminRowsBody rows={editableRowCells(slice)} variant={variant} /> : <RowsBody rows={rowCells(slice)} variant={variant} />;
  const before = rows.slice(0, splitAfter);
  const after = rows.slice(resumeAt);
  const columns = canEdit ? ADMIN_COLUMNS : VISITOR_COLUMNS;
  const sortedBy = `sorted by ${query.sort === 'created' ? 'date created' : query.sort === 'updated' ? 'date updated' : query.sort}, ${query.dir === 'asc' ? 'ascending' : 'descending'}`;
  return (
    <table id="products" tabIndex={-1} className={`products products--${canEdit ? 'admin' : 'visitor'}`}>
      <caption className="visually-hidden">Products, {sortedBy}</caption>
      <colgroup>
        {canEdit && <col className="col-select" />}
        <col className="col-id" />
        <col className="col-title" />
        <col className="col-price" />
        <col className="col-date" />
        <col className="col-date" />
        {canEdit && <col className="col-actions" />}
      </colgroup>
      <thead>
        <tr>
          {canEdit && (
            <th scope="col">
              <input type="checkbox" data-select-all="" aria-label="Select all on this page" />
            </th>
          )}
          <th scope="col">ID</th>
          <SortHeader query={query} column="title" label="Title" />
          <SortHeader query={query} column="price" label="Price" />
          <SortHeader query={query} column="created" label="Created (UTC)" />
          <SortHeader query={query} column="updated" label="Updated (UTC)" />
          {canEdit && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      {rows.length === 0 ? (
        <tbody>
          <tr className="row--empty">
            <td colSpan={columns} className="empty-state">
              {empty}
            </td>
          </tr>
        </tbody>
      ) : (
        <>
          {before.length > 0 && body(before)}
          {at >= 0 && <tbody className="island">{island!.element}</tbody>}
          {after.length > 0 && body(after)}
        </>
      )}
    </table>
  );
}

/** What an empty table says, with the way out: clear the search, or back to the first page. */
export function EmptyTable({ query, total }: { query: ListQuery; total: number }) {
  if (total > 0) {
    return (
      <p>
        This page is past the end of the list.{' '}
        <Link href={listUrl({ ...query, page: 1 })} className="button secondary">
          Go to the first page
        </Link>
      </p>
    );
  }
  if (!query.q) return <p>There are no products yet.</p>;
  return (
    <p>
      No products match “{query.q}”.{' '}
      <Link href={listUrl({ ...query, q: '', page: 1 })} className="button secondary">
        Clear search
      </Link>
    </p>
  );
}
