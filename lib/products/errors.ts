/** Failures the data layer reports in words a person can act on. */
import type { Product } from '@/db/schema';

export class ProductNotFoundError extends Error {
  override name = 'ProductNotFoundError';
  constructor(readonly id: number) {
    super('That product no longer exists (someone may have deleted it).');
  }
}

/**
 * A single-row write named a version that is no longer current: someone else
 * saved the row in between (optimistic concurrency). Nothing was written;
 * `current` is the row as it is stored now.
 */
export class ProductConflictError extends Error {
  override name = 'ProductConflictError';
  constructor(readonly current: Product) {
    super('Someone else changed this product after you opened it, so nothing was saved.');
  }
}

export class PriceOutOfRangeError extends Error {
  override name = 'PriceOutOfRangeError';
  constructor() {
    super('That change would take a price above $99,999,999.99, so nothing was changed.');
  }
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super('The database is not reachable right now, so nothing was saved. Please try again.', { cause });
  }
}
