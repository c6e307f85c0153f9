/**
 * The input schemas of the product actions. Actions pick the fields they know
 * from FormData themselves, so forged extra fields never reach the data layer.
 * Every message is the product's own words; none is the library's default.
 */
import { z } from 'zod';
import { idempotencyKeyField, idField, percentField, priceField, searchField, titleField, versionField } from './fields';
import { MAX_BULK_IDS } from './limits';
import { positiveIdField } from './product-id';

export const productInput = z.object({ title: titleField, price: priceField });
export type ProductInput = z.infer<typeof productInput>;

/** Create: the fields plus the form's one-time token. */
export const productCreateInput = productInput.extend({ idempotencyKey: idempotencyKeyField });
export type ProductCreateInput = z.infer<typeof productCreateInput>;

/** Update: matched on id and the version the form was rendered from. */
export const productUpdateInput = productInput.extend({ id: idField, version: versionField });
export type ProductUpdateInput = z.infer<typeof productUpdateInput>;

export const productDeleteInput = z.object({ id: idField, version: versionField });
export type ProductDeleteInput = z.infer<typeof productDeleteInput>;

const selectedId = positiveIdField('The selection contains something that is not a product.');

const idList = z
  .array(selectedId, { error: 'Select at least one product.' })
  .min(1, 'Select at least one product.')
  .max(MAX_BULK_IDS, `Select at most ${MAX_BULK_IDS} products at a time.`)
  .transform((ids) => [...new Set(ids)]);

/** Which rows a bulk action touches: the ticked ones, or every product matching the search. */
const bulkScope = z.discriminatedUnion(
  'scope',
  [
    z.object({ scope: z.literal('selected'), ids: idList }),
    z.object({ scope: z.literal('matching'), search: searchField }),
  ],
  { error: 'Choose which products to change: the selected rows or all matching products.' },
);

const bulkOperation = z.discriminatedUnion(
  'operation',
  [
    z.object({ operation: z.literal('set-price'), price: priceField }),
    z.object({ operation: z.literal('adjust-percent'), percent: percentField }),
    z.object({ operation: z.literal('delete') }),
  ],
  { error: 'Unknown action. Choose one from the Action menu.' },
);

export const bulkInput = z.intersection(bulkScope, bulkOperation).and(z.object({ idempotencyKey: idempotencyKeyField }));
export type BulkInput = z.infer<typeof bulkInput>;
