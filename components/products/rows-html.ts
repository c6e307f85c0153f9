/**
 * The table's rows as one HTML string, from their formatted cells. It runs
 * where the rows body renders (the server for the page's HTML, the browser
 * when React hydrates or re-renders it): a page of rows costs a few string
 * concatenations instead of thousands of React elements, and travels in the
 * RSC payload as compact cells rather than markup (whose "<" and ">" the
 * payload escapes to six bytes each).
 *
 * Every text from the database goes through escapeHtml(). End tags of cells
 * and rows are left out, as HTML allows (the next cell or row implies them).
 */
import { escapeHtml } from '@/lib/http/escape-html';
import type { EditableRowCells, RowCells } from './row-cells';


export interface RowsVariant {
  /** Admin rows carry a selection checkbox and Edit and Delete links. */
  canEdit: boolean;
  /** The current list address with "?" or "&" appended, ready for "edit=12". */
  linkBase: string;
  /** Rows ticked in the markup itself (a bulk question or its Cancel, opened without JavaScript). */
  checkedIds?: readonly number[];
}

function rowHtml([id, rawTitle, price, created, updated]: RowCells | EditableRowCells, variant: RowsVariant, link: string, checked: ReadonlySet<number>): string {
  const title = escapeHtml(rawTitle);
  const cells = `<td>${id}<th scope=row>${title}<td>${escapeHtml(price)}<td>${created}<td>${updated}`;
  if (!variant.canEdit) return `<tr>${cells}`;
  return (
    `<tr><td><input type=checkbox name=ids value=${id} form=bulk-form${checked.has(id) ? ' checked' : ''} aria-label="Select ${title}">${cells}` +
    `<td><a href="${link}edit=${id}#editing" aria-label="Edit ${title}">Edit</a> ` +
    `<a href="${link}delete=${id}#delete-confirmation" aria-label="Delete ${title}">Delete</a> ` +
    `<a href="/products/${id}/history" aria-label="History of ${title}">History</a>`
  );
}

export function productRowsHtml(rows: ReadonlyArray<RowCells | EditableRowCells>, variant: RowsVariant): string {
  const link = escapeHtml(variant.linkBase);
  const checked = new Set(variant.checkedIds);
  let html = '';
  for (const row of rows) html += rowHtml(row, variant, link, checked);
  return html;
}
