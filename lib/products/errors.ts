/**
 * Failures the data layer reports in words a person can act on.
 *
 * `instanceof` goes by the error's name: Next bundles route handlers and
 * pages separately, so one process can hold two copies of this module while
 * sharing one repository (lib/products/index.ts), and a class check would
 * then miss errors thrown by the other copy.
 */
import type { Product } from '@/db/schema';

const byName = (name: string) => (value: unknown) => value instanceof Error && value.name === name;

export class ProductNotFoundError extends Error {
  static override [Symbol.hasInstance] = byName('ProductNotFoundError');
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
  static override [Symbol.hasInstance] = byName('ProductConflictError');
  override name = 'ProductConflictError';
  constructor(readonly current: Product) {
    super('Someone else changed this product after you opened it, so nothing was saved.');
  }
}

export class PriceOutOfRangeError extends Error {
  static override [Symbol.hasInstance] = byName('PriceOutOfRangeError');
  override name = 'PriceOutOfRangeError';
  constructor() {
    super('That change would take a price above $99,999,999.99, so nothing was changed.');
  }
}

export class DatabaseUnavailableError extends Error {
  static override [Symbol.hasInstance] = byName('DatabaseUnavailableError');
  override name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super('The database is not reachable right now, so nothing was saved. Please try again.', { cause });
  }
}
