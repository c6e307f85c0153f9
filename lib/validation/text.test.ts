/**
 * The text rule (text.ts), its use in the title and search fields, and its
 * twin in the database: the CHECK of migration 0001 must reject exactly the
 * same whole classes, on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIDI_CONTROL_CLASS_SQL, CONTROL_CLASS_SQL, VISIBLE_CLASS_SQL } from '@/db/title-rule';
import type { DatabaseHandle } from '@/db/client';
import { products } from '@/db/schema';
import { testDatabases } from '@/test/support/databases';
import { searchField, titleField } from './fields';
import { codePointRanges, INVISIBLE_CHARACTER, textProblem } from './text';

const databases = await testDatabases();

const hex = (codePoint: number) =>
  codePoint > 0xffff ? `\\U${codePoint.toString(16).padStart(8, '0')}` : `\\u${codePoint.toString(16).padStart(4, '0')}`;
/** A PostgreSQL bracket expression for ranges; NUL is left out (text cannot hold it). */
const sqlClass = (ranges: Array<[number, number]>, negated = false) =>
  `[${negated ? '^' : ''}${ranges
    .map(([first, last]) => [Math.max(first, 1), last] as const)
    .map(([first, last]) => (first === last ? hex(first) : `${hex(first)}-${hex(last)}`))
    .join('')}]`;
const single = (pattern: RegExp) => new RegExp(`^${pattern.source}$`, 'u');

// One of each kind the issue named, and a few of their neighbours in the same classes.
const INVISIBLE_ONLY = ['\u200b', '\u200b\u200b\u200b', ' \u00a0\u3000', '\u2060', '\ufeff', '\u00ad', '\u115f', '\u3164', '\u180e', '\u{e0041}'];
const CONTROLS = ['a\u0000b', 'tab\there', 'line\nbreak', 'bell\u0007', 'c1\u0085x', 'del\u007f', 'ls\u2028x'];
const BIDI = ['abc\u202eevil', 'x\u202ay', 'x\u2066y\u2069', 'rlm\u200f', 'alm\u061c'];

describe('the text rule', () => {
  it.each(INVISIBLE_ONLY)('finds no visible character in %j', (title) => {
    expect(textProblem(title, { requireVisible: true })).toBe('invisible');
  });
  it.each(CONTROLS)('rejects the control character in %j', (text) => expect(textProblem(text)).toBe('control'));
  it.each(BIDI)('rejects the direction control in %j', (text) => expect(textProblem(text)).toBe('bidi'));
  it.each(['Kohlrabi', 'Crème brûlée', '日本茶', 'שלום', '🍆', 'a\u200bb', 'e\u0301', '⠀x'])('accepts %j', (text) => {
    expect(textProblem(text, { requireVisible: true })).toBeNull();
  });

  it('is what titles and searches are checked with, in words a person can act on', () => {
    expect(titleField.safeParse('\u200b\u200b').error?.issues[0]?.message).toBe('Title must contain at least one visible character.');
    expect(titleField.safeParse('evil\u202etxt.exe').error?.issues[0]?.message).toMatch(/text-direction controls/);
    expect(titleField.safeParse('  Leek  ').data).toBe('Leek');
    expect(titleField.safeParse('Cafe\u0301').data).toBe('Café');
    expect(searchField.safeParse('\u0000').error?.issues[0]?.message).toMatch(/^Search cannot contain control characters/);
    expect(searchField.safeParse('x'.repeat(201)).error?.issues[0]?.message).toBe('Search is limited to 200 characters.');
  });
});

describe('the database CHECK agrees with the rule', () => {
  it('spells out exactly the JavaScript classes (regenerate db/title-rule.ts if this fails)', () => {
    const control = /[\p{Cc}\p{Zl}\p{Zp}]/u;
    expect(CONTROL_CLASS_SQL).toBe(sqlClass(codePointRanges((character) => single(control).test(character))));
    expect(BIDI_CONTROL_CLASS_SQL).toBe(sqlClass(codePointRanges((character) => /^\p{Bidi_Control}$/u.test(character))));
    expect(VISIBLE_CLASS_SQL).toBe(sqlClass(codePointRanges((character) => single(INVISIBLE_CHARACTER).test(character)), true));
  });

  describe.each(databases)('on $name', (database) => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await database.open();
    });
    afterAll(() => handle.close());

    const insert = (title: string) => handle.db.insert(products).values({ title, price: '1.00' });
    const storable = (text: string) => !text.includes('\u0000');

    it('rejects titles the rule rejects', async () => {
      for (const title of [...INVISIBLE_ONLY, ...CONTROLS.filter(storable), ...BIDI]) {
        await expect(insert(title), JSON.stringify(title)).rejects.toThrow();
      }
    });

    it('accepts titles the rule accepts', async () => {
      await insert('Crème brûlée 🍆 a\u200bb');
      await insert('⠀x');
    });
  });
});
