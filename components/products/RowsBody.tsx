'use client';
import type { RowCells } from './row-cells';
import { productRowsHtml, type RowsVariant } from './rows-html';

/** A body of table rows from their cells, inserted as HTML (see rows-html.ts). */
export function RowsBody({ rows, variant }: { rows: RowCells[]; variant: RowsVariant }) {
  return <tbody dangerouslySetInnerHTML={{ __html: productRowsHtml(rows, variant) }} />;
}
