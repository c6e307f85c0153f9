/**
 * The same-origin rule for return paths, table-driven: what it must refuse
 * (each is a way browsers or servers have been tricked into leaving the site)
 * and what it must keep.
 */
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

const ORIGIN = 'https://shop.example';

const refused: Array<[string, unknown]> = [
  ['scheme-relative', '//evil.example'],
  ['backslash after slash (browsers read /\\ as //)', '/\\evil.example'],
  ['two backslashes', '/\\\\evil.example'],
  ['encoded backslash', '/%5Cevil.example'],
  ['encoded backslash, lower case', '/%5cevil.example'],
  ['tab the URL parser strips', '/\t/evil.example'],
  ['newline the URL parser strips', '/\n/evil.example'],
  ['carriage return', '/\r/evil.example'],
  ['encoded tab', '/%09/evil.example'],
  ['encoded NUL', '/%00'],
  ['raw NUL', '/\u0000'],
  ['C1 control', '/\u0085x'],
  ['DEL', '/\u007fx'],
  ['absolute URL elsewhere', 'https://evil.example/'],
  ['absolute URL of this very origin', 'https://shop.example/'],
  ['javascript: URL', 'javascript:alert(1)'],
  ['data: URL', 'data:text/html,hi'],
  ['no leading slash', 'evil.example'],
  ['relative path', '../admin'],
  ['empty', ''],
  ['not a string', 42],
  ['an array', ['/']],
  ['undefined', undefined],
  ['longer than 2 KB', `/${'a'.repeat(2048)}`],
  ['three slashes', '///evil.example'],
  ['slash, backslash, slash', '/\\/evil.example'],
];

const kept: Array<[string, string, string]> = [
  ['the root', '/', '/'],
  ['a list page', '/?page=2&size=20', '/?page=2&size=20'],
  ['a search with an encoded space', '/?q=baby%20leek', '/?q=baby%20leek'],
  ['the sign-in page', '/login', '/login'],
  ['a fragment', '/#edit-12-title', '/#edit-12-title'],
  ['dot segments, normalized', '/a/../b', '/b'],
  ['a percent sign in a search', '/?q=100%25', '/?q=100%25'],
  ['non-ASCII text, encoded by the parser', '/?q=crème', '/?q=cr%C3%A8me'],
];

describe('safeReturnPath', () => {
  it.each(refused)('refuses %s', (_label, value) => {
    expect(safeReturnPath(value, ORIGIN)).toBe('/');
    expect(safeReturnPath(value, ORIGIN, '/login')).toBe('/login');
  });

  it.each(kept)('keeps %s', (_label, value, expected) => {
    expect(safeReturnPath(value, ORIGIN)).toBe(expected);
  });

  it('always answers a path a browser resolves to this origin', () => {
    for (const [, value] of refused) {
      const answer = safeReturnPath(value, ORIGIN);
      expect(new URL(answer, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});
