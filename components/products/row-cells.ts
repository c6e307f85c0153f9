/**
 * A product as the table shows it, formatted on the server once: a small
 * tuple rather than an object, since a page can hold 1,000 of them and each
 * travels in the RSC payload. Cached rows are frozen objects shared by every
 * request of a process, so their tuples are kept beside them (a WeakMap frees
 * them with the row).
 */
import type { Product } from '@/lib/products/types';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { formatMoney } from '@/lib/forms/money';

/** [id, title, price as money, created (UTC), updated (UTC)] */
export type RowCells = [number, string, string, string, string];

/**
 * An admin's row also carries what its editor needs to open in the browser at
 * once, without asking the server: [...cells, price as stored, version].
 */
export type EditableRowCells = [...RowCells, string, number];

const cellsByRow = new WeakMap<Product, RowCells>();
const editableByRow = new WeakMap<Product, EditableRowCells>();

function cellsOf(product: Product): RowCells {
  let cells = cellsByRow.get(product);
  if (!cells) {
    cells = [
      product.id,
      product.title,
      formatMoney(product.price),
      formatUtcDateTime(product.createdAt, { zone: false }),
      formatUtcDateTime(product.updatedAt, { zone: false }),
    ];
    cellsByRow.set(product, cells);
  }
  return cells;
}

export function rowCells(rows: readonly Product[]): RowCells[] {
  return rows.map(cellsOf);
}

export function editableRowCells(rows: readonly Product[]): EditableRowCells[] {
  return rows.map((product) => {
    let cells = editableByRow.get(product);
    if (!cells) {
      cells = [...cellsOf(product), product.price, product.version];
      editableByRow.set(product, cells);
    }
    return cells;
  });
}
