/**
 * The input schemas of the product actions. Actions pick the fields they know
 * from FormData themselves, so forged extra fields never reach the data layer.
 */
import { z } from 'zod';
import { idField, percentField, priceField, titleField } from './fields';

export const MAX_BULK_IDS = 1000;

export const productInput = z.object({ title: titleField, price: priceField });
export type ProductInput = z.infer<typeof productInput>;

export const productUpdateInput = productInput.extend({ id: idField });
export type ProductUpdateInput = z.infer<typeof productUpdateInput>;

export const productIdInput = z.object({ id: idField });

const idList = z
  .array(idField, { error: 'Select at least one product.' })
  .min(1, 'Select at least one product.')
  .max(MAX_BULK_IDS, `Select at most ${MAX_BULK_IDS} products at a time.`);

/** Which rows a bulk action touches: the ticked ones, or every product matching the search. */
const bulkScope = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('selected'), ids: idList }),
  z.object({ scope: z.literal('matching'), search: z.string().trim().max(200) }),
], { error: 'Choose which products to change.' });

const bulkOperation = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('set-price'), price: priceField }),
  z.object({ operation: z.literal('adjust-percent'), percent: percentField }),
  z.object({ operation: z.literal('delete') }),
], { error: 'Choose an action.' });

export const bulkInput = z.intersection(bulkScope, bulkOperation);
export type BulkInput = z.infer<typeof bulkInput>;
