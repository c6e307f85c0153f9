/**
 * Which codings an Accept-Encoding accepts (RFC 9110 §12.5.3): named codings
 * by their own weight, "*" for the ones not named, x-gzip as gzip. A coding
 * refused by name stays refused whatever "*" says.
 */
import { describe, expect, it } from 'vitest';
import { acceptedCodings } from './representations';

describe('acceptedCodings', () => {
  it.each([
    ['gzip, deflate, br', { br: true, gzip: true }],
    ['br;q=0, gzip;q=0, *', { br: false, gzip: false }],
    ['gzip;q=0, *', { br: true, gzip: false }],
    ['br;q=0, *;q=0.5', { br: false, gzip: true }],
    ['*', { br: true, gzip: true }],
    ['*;q=0', { br: false, gzip: false }],
    ['x-gzip', { br: false, gzip: true }],
    ['gzip;q=0, x-gzip', { br: false, gzip: false }],
    ['identity', { br: false, gzip: false }],
    ['GZIP;Q=0.5, Br', { br: true, gzip: true }],
    ['br;q=0.0, gzip;q=0.001', { br: false, gzip: true }],
  ])('%s', (header, codings) => {
    expect(acceptedCodings(header)).toEqual(codings);
  });
});
