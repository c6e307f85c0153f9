'use client';
import { useCallback, useState } from 'react';
import type { ActionState } from '@/lib/forms/action-state';
import { useHydrated } from '@/components/forms/useHydrated';
import { BulkBar } from './BulkBar';
import { ProductRow } from './ProductRow';
import type { ProductView } from './view-model';

interface ProductsTableProps {
  rows: ProductView[];
  total: number;
  search: string;
  editingId: number | null;
  /** False for visitors: no checkboxes, bulk bar or row actions (the actions refuse them anyway). */
  canEdit: boolean;
  listHref: string;
  /** Per-row links for the no-JavaScript edit and delete flows. */
  rowLinks: Record<number, { edit: string; delete: string }>;
  /** The bulk bar's one-time token and initial state; null for visitors. */
  bulk: { idempotencyKey: string; initialState?: ActionState } | null;
  /** Rows ticked when the page opens (a cancelled bulk delete without JavaScript). */
  initiallySelected?: number[];
  /** A flash for one row's editor (its save was posted without JavaScript). */
  editorFlash?: { id: number; state: ActionState } | null;
}

export function ProductsTable({ rows, total, search, editingId, canEdit, listHref, rowLinks, bulk, initiallySelected = [], editorFlash }: ProductsTableProps) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set(initiallySelected));
  const hydrated = useHydrated();
  const visibleSelected = rows.filter((row) => selected.has(row.id)).map((row) => row.id);
  const allSelected = rows.length > 0 && visibleSelected.length === rows.length;
  const columnCount = canEdit ? 7 : 5;

  const setRowSelected = (id: number, isSelected: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (isSelected) next.add(id);
      else next.delete(id);
      return next;
    });
  const setAllSelected = (isSelected: boolean) => setSelected(isSelected ? new Set(rows.map((row) => row.id)) : new Set());
  const clearSelection = useCallback(() => setSelected(new Set()), []);
  const restoreSelection = useCallback((ids: number[]) => setSelected(new Set(ids)), []);

  return (
    <>
      {canEdit && bulk && (
        <BulkBar
          selectedIds={visibleSelected}
          search={search}
          matchingCount={total}
          idempotencyKey={bulk.idempotencyKey}
          listHref={listHref}
          initialState={bulk.initialState}
          onDone={clearSelection}
          onRestoreSelection={restoreSelection}
        />
      )}
      <table className="products">
        <caption className="visually-hidden">Products, newest first</caption>
        <thead>
          <tr>
            {canEdit && (
              <th scope="col">
                <input
                  type="checkbox"
                  checked={allSelected}
                  onChange={(event) => setAllSelected(event.target.checked)}
                  aria-label="Select all on this page"
                />
              </th>
            )}
            <th scope="col" className="numeric">ID</th>
            <th scope="col">Title</th>
            <th scope="col" className="numeric">Price</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            {canEdit && <th scope="col"><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <ProductRow
              key={row.id}
              product={row}
              selected={selected.has(row.id)}
              onSelectedChange={(isSelected) => setRowSelected(row.id, isSelected)}
              checkboxInBulkForm={!hydrated}
              openedForEditing={editingId === row.id}
              editorState={editorFlash?.id === row.id ? editorFlash.state : undefined}
              canEdit={canEdit}
              columnCount={columnCount}
              listHref={listHref}
              editHref={rowLinks[row.id]?.edit ?? listHref}
              deleteHref={rowLinks[row.id]?.delete ?? listHref}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}
