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

/**
 * A form's one-time token came back with another form (a create key posted
 * by the bulk bar) or with other values than its first, successful use.
 * Nothing was written; the first write's result is not this request's.
 */
export class IdempotencyKeyReusedError extends Error {
  static override [Symbol.hasInstance] = byName('IdempotencyKeyReusedError');
  override name = 'IdempotencyKeyReusedError';
  constructor(readonly reason: 'other-operation' | 'other-values') {
    super(
      reason === 'other-operation'
        ? 'This form’s one-time token was already used by another form, so nothing was changed. Reload the page and try again.'
        : 'This form was already submitted with other values, so nothing was changed this time. Reload the page to start afresh.',
    );
  }
}

/**
 * Why the database could not serve a call, in the words each case deserves:
 * - 'unreachable': it refused or could not be found (nothing was done);
 * - 'not-answering': it stopped answering, or a statement ran past its bound (nothing was done);
 * - 'outcome-unknown': it stopped answering while a write was committing, so
 *   the write may or may not have happened: saying "nothing was saved" would be a guess.
 */
export type DatabaseFailure = 'unreachable' | 'not-answering' | 'outcome-unknown';

const UNAVAILABLE_MESSAGES: Record<DatabaseFailure, string> = {
  unreachable: 'The database is not reachable right now, so nothing was saved. Please try again.',
  'not-answering': 'The database is not answering right now, so nothing was saved. Please try again.',
  'outcome-unknown': 'The database stopped answering while saving, so this change may or may not have been saved. Reload the page to check before trying again.',
};

export class DatabaseUnavailableError extends Error {
  static override [Symbol.hasInstance] = byName('DatabaseUnavailableError');
  override name = 'DatabaseUnavailableError';
  constructor(
    cause: unknown,
    readonly failure: DatabaseFailure = 'unreachable',
  ) {
    super(UNAVAILABLE_MESSAGES[failure], { cause });
  }
}
