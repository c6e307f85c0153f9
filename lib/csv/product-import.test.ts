/**
 * Reading an uploaded product CSV: the malformed files of issue 24 each get
 * one clear message (nothing would be written), bad rows get their line and
 * reason in the forms' words, and a file the export wrote reads back.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARACTERS, parseProductCsv } from './product-import';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseProductCsv', () => {
  it.each([
    ['an empty file', new Uint8Array(), /The file is empty/],
    ['only a byte order mark', utf8('\uFEFF'), /no rows/],
    ['non-UTF-8 bytes (Latin-1 "é")', new Uint8Array([...utf8('title,price\r\nCr'), 0xe9, ...utf8('pe,1.00\r\n')]), /not UTF-8/],
    ['wrong columns', utf8('name,cost\r\nLeek,1.00\r\n'), /no title or price column, unknown columns "name", "cost"/],
    ['a column named twice', utf8('title,price,price\r\nLeek,1.00,2.00\r\n'), /"price" named twice/],
    ['a header and no products', utf8('id,title,price\r\n'), /header row but no products/],
    ['a quote that never closes', utf8('title,price\r\n"Leek,1.00\r\n'), /A quoted field opened on or before line 3 never closes/],
    ['a stray quote inside a field', utf8('title,price\r\n"Le"ek",1.00\r\n'), /Line 2 has a quote inside a field that is not doubled/],
    ['a quote inside a field that is not in quotes', utf8('title,price\r\nLe"ek,1.00\r\n'), /Line 2 has a quote \(\"\) inside a field that is not in quotes/],
    ['fields separated by semicolons', utf8('title;price\r\nLeek;1,00\r\n'), /separates its fields with semicolons \(;\), not commas/],
    ['10 MB of one line', utf8(`title,price\r\n${'x'.repeat(10 * 1024 * 1024)},1.00\r\n`), new RegExp(`Line 2 is longer than ${MAX_RECORD_CHARACTERS.toLocaleString('en-US')} characters`)],
  ])('refuses %s with one clear message', (_label, bytes, message) => {
    const parsed = parseProductCsv(bytes);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });

  it('reads what the export writes: BOM, CRLF, quotes inside fields, the date columns, neutralised formulas', () => {
    const file = utf8(
      '\uFEFFid,title,price,created_at,updated_at\r\n' +
        '12,"Chard, ""fresh""",3.50,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z\r\n' +
        `13,"'=HYPERLINK(""http://example.com"",""Leek"")",2.50,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z\r\n` +
        ',Okra,1,,\r\n',
    );
    expect(parseProductCsv(file)).toEqual({
      ok: true,
      rows: [
        { line: 2, id: 12, title: 'Chard, "fresh"', price: '3.50' },
        { line: 3, id: 13, title: '=HYPERLINK("http://example.com","Leek")', price: '2.50' },
        { line: 4, id: null, title: 'Okra', price: '1' },
      ],
      errors: [],
    });
  });

  it('gives every title back as it was exported, quotes at its start included', async () => {
    const { textCell } = await import('./csv-cells');
    const titles = ["'quoted", "'=x", "''+y", "it's", "=1+1", "-5 °C", "@home", "''a"];
    const file = utf8(`title,price\r\n${titles.map((title) => `${textCell(title)},1.00\r\n`).join('')}`);
    const parsed = parseProductCsv(file);
    expect(parsed.ok && parsed.rows.map((row) => row.title)).toEqual(titles);
  });

  it('numbers a record by the line it starts on, a quoted line break or blank lines before it included', () => {
    const parsed = parseProductCsv(utf8('title,price\n\n\n"two\nlines",x\nLeek,1\n'));
    expect(parsed.ok && parsed.errors.map((error) => error.line)).toEqual([4]);
    expect(parsed.ok && parsed.rows.map((row) => row.line)).toEqual([6]);
  });

  it('reports every bad row with its line and the forms’ reason, and keeps the good ones', () => {
    const file = utf8(
      'id,title,price\n' + // LF line ends are fine too
        '1,Leek,1.00\n' +
        '1,Leek again,2.00\n' + // duplicate id
        'abc,Kale,1.00\n' +
        ',,1.00\n' +
        ',Fennel,-3\n' +
        ',Fennel,\n' +
        ',Turnip,1.00,extra\n' +
        `,${'t'.repeat(201)},1.00\n` +
        ',Parsnip,2.25\n',
    );
    const parsed = parseProductCsv(file);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((row) => [row.line, row.id, row.title, row.price])).toEqual([
      [2, 1, 'Leek', '1.00'],
      [10, null, 'Parsnip', '2.25'],
    ]);
    expect(parsed.errors.map((error) => error.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(parsed.errors[0]!.reason).toBe('id 1 is already on line 2: each product once per file.');
    expect(parsed.errors[1]!.reason).toMatch(/id "abc" is not a product id/);
    expect(parsed.errors[5]!.reason).toBe('has 4 fields where the header has 3.');
    for (const error of parsed.errors) expect(error.reason).not.toMatch(/Invalid input|expected|received/);
  });
});
