/**
 * CSV cells as RFC 4180 writes them, made safe to open in a spreadsheet.
 *
 * A text cell that begins with =, +, -, @, a tab or a carriage return could run
 * as a formula in Excel, LibreOffice or Google Sheets (OWASP, "CSV
 * Injection"): it is prefixed with a single quote, which the spreadsheet
 * shows as text. Numbers are written as they are, so prices stay numbers.
 */

// Formula-like, or already starting with quotes before something formula-like: the import
// (product-import.ts) takes exactly one quote off such a cell, so "'=x" must be written "''=x".
const NEEDS_QUOTE_PREFIX = /^'*[=+\-@\t\r]/;

/** One text cell: neutralised, then quoted when it holds a comma, a quote or a line break. */
export function textCell(value: string): string {
  const safe = NEEDS_QUOTE_PREFIX.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One numeric cell (a price such as "12.50", an id): written unquoted, so it is a number. */
export function numberCell(value: string | number): string {
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a number for a CSV cell: ${JSON.stringify(text)}`);
  return text;
}

/** One line, CRLF-terminated as RFC 4180 says. */
export const csvLine = (cells: readonly string[]) => `${cells.join(',')}\r\n`;
