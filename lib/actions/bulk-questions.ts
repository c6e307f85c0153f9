/**
 * The questions a bulk action asks before it runs, built in one place for
 * the server action (lib/actions/products.ts) and for the page that shows a
 * question opened by its address without JavaScript (app/page.tsx).
 */
import type { ActionState } from '@/lib/forms/action-state';
import { formatMoney } from '@/lib/forms/money';
import { plural } from '@/lib/forms/plural';
import type { PricePreview, ProductSummary } from '@/lib/products';

/** How many of the rows a question names. */
export const BULK_PREVIEW_SIZE = 10;

/**
 * A price change on more rows than this asks first, naming the count and
 * showing a few rows before and after: a typo of 100 for 10 on "all 100,000
 * products" should be one click away from being caught, not from being applied.
 */
export const PRICE_CHANGE_ASKS_ABOVE = 10;

/** "Delete these N products?", for the products among those ticked that still exist. */
export function deleteQuestion(found: readonly ProductSummary[], values: Record<string, string>): ActionState {
  if (found.length === 0) return { status: 'failed', message: 'None of the selected products exists any more; nothing was deleted.', values };
  return {
    status: 'confirm',
    message: `Delete ${plural(found.length, 'product')}? They go to the trash, where they can be restored.`,
    values,
    selection: { ids: found.map((product) => product.id), count: found.length, preview: found.slice(0, BULK_PREVIEW_SIZE).map(({ id, title }) => ({ id, title })) },
  };
}

/**
 * "Change the price of N products?", with the first rows' prices before and
 * after; null when the change is small enough to apply without asking.
 * `ids` are the ticked rows (empty for every product matching a search).
 */
export function priceChangeQuestion(preview: { count: number; rows: readonly PricePreview[] }, ids: readonly number[], values: Record<string, string>): ActionState | null {
  if (preview.count === 0) return { status: 'failed', message: 'No product matches, so nothing was changed.', values };
  if (preview.count <= PRICE_CHANGE_ASKS_ABOVE && values.scope !== 'matching') return null;
  return {
    status: 'confirm',
    message: `Change the price of ${plural(preview.count, 'product')}?`,
    values,
    selection: {
      ids: [...ids],
      count: preview.count,
      preview: preview.rows.map(({ id, title, before, after }) => ({ id, title, priceBefore: formatMoney(before), priceAfter: formatMoney(after) })),
    },
  };
}
