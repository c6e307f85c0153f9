import { describe, expect, it } from 'vitest';
import { csvLine, numberCell, textCell } from './csv-cells';

describe('CSV cells', () => {
  it('neutralises every cell that a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+SUM(A1:A2)', '-2+3', '@SUM(1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")']) {
      const cell = textCell(formula);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(textCell('Tomatillo')).toBe('Tomatillo');
    expect(textCell('a = b')).toBe('a = b');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 does', () => {
    expect(textCell('Okra, fresh')).toBe('"Okra, fresh"');
    expect(textCell('The "best" okra')).toBe('"The ""best"" okra"');
    expect(textCell('two\nlines')).toBe('"two\nlines"');
    expect(textCell('=1,2')).toBe('"\'=1,2"');
    expect(textCell('Äpfel 🍎')).toBe('Äpfel 🍎');
  });

  it('writes numbers unquoted, and refuses what is not one', () => {
    expect(numberCell('12.50')).toBe('12.50');
    expect(numberCell(42)).toBe('42');
    expect(() => numberCell('=1')).toThrow(/not a number/);
    expect(csvLine(['1', 'a'])).toBe('1,a\r\n');
  });
});
