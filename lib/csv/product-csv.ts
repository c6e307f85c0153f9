/**
 * The catalog as a CSV file a spreadsheet opens cleanly: UTF-8 with a byte
 * order mark (Excel reads UTF-8 only with it), a header row, CRLF line ends,
 * prices and ids as numbers, dates in ISO 8601 (UTC), and every text cell
 * neutralised against formula injection (csv-cells.ts).
 */
import type { Product } from '@/db/schema';
import { csvLine, numberCell, textCell } from './csv-cells';

export const PRODUCT_CSV_COLUMNS = ['id', 'title', 'price', 'created_at', 'updated_at'] as const;

const BYTE_ORDER_MARK = '\uFEFF';

export function productCsvLine(product: Pick<Product, 'id' | 'title' | 'price' | 'createdAt' | 'updatedAt'>): string {
  return csvLine([numberCell(product.id), textCell(product.title), numberCell(product.price), product.createdAt.toISOString(), product.updatedAt.toISOString()]);
}

/**
 * A byte stream of the file: the header, then one line per product as
 * `rows` yields them, pulled as the client reads (backpressure), so the
 * server holds one batch at a time. A failure mid-way errors the stream:
 * the client sees a cut download, never a file that looks complete.
 */
export function productCsvStream(rows: AsyncIterable<Product>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BYTE_ORDER_MARK + csvLine([...PRODUCT_CSV_COLUMNS])));
    },
    async pull(controller) {
      let text = '';
      // About 64 KB per chunk: few enough writes, small enough to keep memory flat.
      while (text.length < 65_536) {
        const next = await iterator.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += productCsvLine(next.value);
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}
