/** Turns data-layer results and failures into what a form shows. */
import { z } from 'zod';
import type { ActionState } from './action-state';
import { DatabaseUnavailableError, PriceOutOfRangeError, ProductNotFoundError } from '@/lib/products/errors';
import type { InvalidationOutcome } from '@/lib/products/invalidation';

export function invalid(error: z.ZodError, values: Record<string, string>): ActionState {
  const fieldErrors = z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
  return { status: 'invalid', message: 'Please correct the highlighted fields; nothing was saved.', fieldErrors, values };
}

const KNOWN_FAILURES = [ProductNotFoundError, PriceOutOfRangeError, DatabaseUnavailableError];

export function failed(error: unknown, values: Record<string, string>): ActionState {
  if (KNOWN_FAILURES.some((type) => error instanceof type)) {
    return { status: 'failed', message: (error as Error).message, values };
  }
  // Unexpected: log it for the developer, tell the user only what they need.
  console.error('product action failed', error);
  return { status: 'failed', message: 'Something went wrong, so nothing was saved. Please try again.', values };
}

export function saved(message: string, invalidation: InvalidationOutcome): ActionState {
  const warning =
    invalidation === 'pending-retry'
      ? 'Saved, but the cache could not be refreshed yet: some pages may show the old values for a few minutes.'
      : undefined;
  return { status: 'saved', message, at: Date.now(), warning };
}
