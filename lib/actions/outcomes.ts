/**
 * Turns validation results, data-layer results and failures into what a form
 * shows. Every problem gets a place on the page: a field the person can see
 * gets its message beside it; a hidden or unknown field (an id, a version, a
 * token, a forged choice) becomes a form-level message that names it.
 */
import { z } from 'zod';
import type { Product } from '@/lib/products/types';
import type { ActionState, FieldErrors } from '@/lib/forms/action-state';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { formatMoney } from '@/lib/forms/money';
import { DatabaseUnavailableError, IdempotencyKeyReusedError, PriceOutOfRangeError, ProductConflictError, ProductNotFoundError } from '@/lib/products';
import type { InvalidationOutcome } from '@/lib/products/invalidation-outbox';

const CORRECT_FIELDS = 'Please correct the highlighted fields; nothing was saved.';

/**
 * The invalid state for `error`. Errors of `visibleFields` stay beside their
 * inputs; every other error is named in the form-level message.
 */
export function invalid(error: z.ZodError, values: Record<string, string>, visibleFields: readonly string[]): ActionState {
  const flattened = z.flattenError(error);
  const all = flattened.fieldErrors as FieldErrors;
  const fieldErrors: FieldErrors = {};
  const formLevel = [...flattened.formErrors];
  for (const [field, messages] of Object.entries(all)) {
    if (!messages?.length) continue;
    if (visibleFields.includes(field)) fieldErrors[field] = messages;
    else formLevel.push(messages[0]!);
  }
  const unique = [...new Set(formLevel)];
  const message = unique.length === 0 ? CORRECT_FIELDS : `${unique.join(' ')} Nothing was saved.`;
  return { status: 'invalid', message, fieldErrors, values };
}

const KNOWN_FAILURES = [ProductNotFoundError, PriceOutOfRangeError, DatabaseUnavailableError, IdempotencyKeyReusedError];

export function failed(error: unknown, values: Record<string, string>): ActionState {
  if (error instanceof ProductConflictError) return conflict(error.current, values);
  if (error instanceof ProductNotFoundError) return { status: 'failed', message: error.message, values, gone: true };
  if (KNOWN_FAILURES.some((type) => error instanceof type)) {
    return { status: 'failed', message: (error as Error).message, values };
  }
  // Unexpected: log it for the developer, tell the user only what they need.
  console.error('product action failed', error);
  return { status: 'failed', message: 'Something went wrong, so nothing was saved. Please try again.', values };
}

export function conflict(current: Product, values: Record<string, string>): ActionState {
  return {
    status: 'conflict',
    message: 'Someone else saved this product after you opened it, so nothing was saved.',
    values,
    current: {
      id: current.id,
      title: current.title,
      price: current.price,
      priceLabel: formatMoney(current.price),
      version: current.version,
      updatedLabel: formatUtcDateTime(current.updatedAt),
    },
  };
}

const REPLAYED = 'This form had already been submitted, so nothing was changed again.';

/**
 * A success. With the write's history action (`actionId`), it offers Undo
 * (`undoLabel`: "Undo", or "Undo this undo" after an undo).
 */
export function saved(message: string, outcome: { invalidation: InvalidationOutcome; replayed?: boolean; actionId?: number | null }, undoLabel = 'Undo'): ActionState {
  const warning = outcome.replayed
    ? REPLAYED
    : outcome.invalidation === 'pending-retry'
      ? 'Saved. The cache could not be refreshed right away; it will be within about a second of answering again, and until then this server shows pages from the database.'
      : undefined;
  const undo = outcome.actionId ? { actionId: outcome.actionId, label: undoLabel } : undefined;
  return { status: 'saved', message, at: Date.now(), warning, replayed: outcome.replayed || undefined, undo };
}
