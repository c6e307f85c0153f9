'use client';
import type { EditableRowCells, RowCells } from './row-cells';
import { productRowsHtml, type RowsVariant } from './rows-html';

/** A body of table rows from their cells, inserted as HTML (see rows-html.ts). */
export function RowsBody({ rows, variant }: { rows: ReadonlyArray<RowCells | EditableRowCells>; variant: RowsVariant }) {
  return <tbody dangerouslySetInnerHTML={{ __html: productRowsHtml(rows, variant) }} />;
}
