import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, ProductConflictError, ProductNotFoundError } from './errors';

describe('data-layer errors', () => {
  it('are recognised by kind even when thrown by another copy of the module', () => {
    // What a second bundle's copy of the class would produce: same name, another constructor.
    const fromOtherCopy = Object.assign(new Error('The database is not reachable right now'), { name: 'DatabaseUnavailableError' });
    expect(fromOtherCopy instanceof DatabaseUnavailableError).toBe(true);
    expect(new DatabaseUnavailableError(null) instanceof DatabaseUnavailableError).toBe(true);
    expect(new ProductNotFoundError(1) instanceof DatabaseUnavailableError).toBe(false);
    expect(new Error('ECONNREFUSED') instanceof ProductConflictError).toBe(false);
    const nothing: unknown = null;
    expect(nothing instanceof ProductNotFoundError).toBe(false);
  });
});
