/** Failures the data layer reports in words a person can act on. */

export class ProductNotFoundError extends Error {
  override name = 'ProductNotFoundError';
  constructor(readonly id: number) {
    super(`Product #${id} does not exist (it may have been deleted).`);
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
