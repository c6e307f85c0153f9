'use client';
import { useEditing } from './editing-context';
import { ProductEditor } from './ProductEditor';
import type { EditableRowCells } from './row-cells';
import { RowsBody } from './RowsBody';
import type { RowsVariant } from './rows-html';
import type { ProductView } from './view-model';

/** The editor's view of a row, from the cells the table already has. */
function viewOf([id, title, priceLabel, created, updated, price, version]: EditableRowCells): ProductView {
  return { id, title, price, priceLabel, version, createdAt: '', createdLabel: created, updatedAt: '', updatedLabel: updated };
}

/**
 * An admin's body of rows. When the browser opens one of its rows' editor
 * (TableController), the body splits around it and the editor takes the
 * row's place in the same render as the click: no round trip, and no code
 * to load first (the editor is imported here, not on demand), so what is
 * typed right after pressing Edit lands in the editor. Visitors never load
 * this module: their rows are RowsBody.
 */
export function AdminRowsBody({ rows, variant }: { rows: readonly EditableRowCells[]; variant: RowsVariant }) {
  const editing = useEditing();
  const at = editing?.id == null ? -1 : rows.findIndex((row) => row[0] === editing.id);
  if (!editing || at < 0) return <RowsBody rows={rows} variant={variant} />;
  const edited = rows[at]!;
  const before = rows.slice(0, at);
  const after = rows.slice(at + 1);
  return (
    <>
      {before.length > 0 && <RowsBody rows={before} variant={variant} />}
      <tbody className="island">
        <ProductEditor
          key={edited[0]}
          product={viewOf(edited)}
          columnCount={7}
          listHref={editing.listHref}
          neighbours={{ previous: rows[at - 1]?.[0] ?? null, next: rows[at + 1]?.[0] ?? null }}
        />
      </tbody>
      {after.length > 0 && <RowsBody rows={after} variant={variant} />}
    </>
  );
}
