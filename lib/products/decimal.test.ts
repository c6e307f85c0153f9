import { describe, expect, it } from 'vitest';
import { sameDecimal } from './decimal';

describe('sameDecimal', () => {
  it.each([['9.5', '9.50'], ['009.50', '9.5'], ['0', '0.00'], ['10', '10.00'], ['-0', '0']])('%s equals %s', (a, b) => expect(sameDecimal(a, b)).toBe(true));
  it.each([['9.5', '9.05'], ['10', '1.0'], ['1', '-1'], ['0.1', '0.01']])('%s differs from %s', (a, b) => expect(sameDecimal(a, b)).toBe(false));
});
