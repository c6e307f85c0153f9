/**
 * Reading an uploaded product CSV (issue 24's import), before anything is
 * written: the file's own problems (not UTF-8, empty, wrong columns, broken
 * quoting, a record too long) refuse the whole file with one message; each
 * row is then checked with the forms' own rules (lib/validation/product.ts),
 * and a bad row is reported with its line number and the reason. The file
 * may be one the export wrote (lib/csv/product-csv.ts): its byte order mark,
 * CRLF line ends, created_at/updated_at columns and formula-neutralising
 * quote are understood. Parsing is csv-parse's (RFC 4180), not ours.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { productInput } from '@/lib/validation/product';
import { parseProductId } from '@/lib/validation/product-id';

/** The longest record accepted, in characters: a title is at most 200, so this is generous and still bounds memory. */
export const MAX_RECORD_CHARACTERS = 10_000;

/** A row that passed the forms' rules: `id` null creates a product, a number updates that one. */
export interface ImportRow {
  line: number;
  id: number | null;
  title: string;
  price: string;
}

export interface ImportRowError {
  line: number;
  reason: string;
}

export type ParsedImport = { ok: true; rows: ImportRow[]; errors: ImportRowError[] } | { ok: false; message: string };

const REQUIRED = ['title', 'price'] as const;
const KNOWN = new Set(['id', 'title', 'price', 'created_at', 'updated_at']);
// The export's neutralising quote (csv-cells.ts NEEDS_QUOTE_PREFIX), taken off again: one
// quote before what would have needed it, so every title survives export then import.
const NEUTRALISED = /^'(?='*[=+\-@\t\r])/;

/** The text of `bytes` when it is UTF-8 (a byte order mark dropped), else null. */
function utf8Text(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function csvProblem(error: unknown): string {
  if (!(error instanceof CsvError)) throw error;
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? `Line ${line}` : 'The file';
  if (error.code === 'CSV_MAX_RECORD_SIZE') return `${where} is longer than ${MAX_RECORD_CHARACTERS.toLocaleString('en-US')} characters: this does not look like a product list.`;
  // Reported where the input ran out: the quote was opened on or before that line.
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `A quoted field opened on or before line ${line ?? 1} never closes: check the quotes ("") in that row.`;
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE' || error.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') return `${where} has a quote inside a field that is not doubled ("").`;
  if (error.code === 'INVALID_OPENING_QUOTE') return `${where} has a quote (") inside a field that is not in quotes: put the whole field in quotes and double the quote inside it ("").`;
  return `${where} could not be read as CSV.`;
}

/**
 * Reads `bytes` as a product CSV: a header row naming at least title and
 * price (id optional; the export's date columns ignored), then one product
 * per record. Never throws for bad input: `ok: false` carries the message.
 */
export function parseProductCsv(bytes: Uint8Array): ParsedImport {
  if (bytes.length === 0) return { ok: false, message: 'The file is empty: it needs a header row (title,price or id,title,price) and a row per product.' };
  const text = utf8Text(bytes);
  if (text === null) return { ok: false, message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.' };
  let records: Array<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    records = parse(text, { info: true, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARACTERS });
  } catch (error) {
    return { ok: false, message: csvProblem(error) };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, message: 'The file has no rows: it needs a header row (title,price or id,title,price) and a row per product.' };
  const columns = header.record.map((name) => name.trim().toLowerCase());
  if (columns.length === 1 && /[;\t]/.test(columns[0]!)) {
    const separator = columns[0]!.includes(';') ? 'semicolons (;)' : 'tabs';
    return { ok: false, message: `The header row "${header.record[0]!.slice(0, 60)}" is one column: this file separates its fields with ${separator}, not commas. Save it as "CSV UTF-8 (comma delimited)" and upload it again.` };
  }
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  const unknown = columns.filter((name) => !KNOWN.has(name));
  const twice = columns.filter((name, index) => columns.indexOf(name) !== index);
  if (missing.length || unknown.length || twice.length) {
    const problems = [
      missing.length ? `no ${missing.join(' or ')} column` : '',
      unknown.length ? `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `"${name}"`).join(', ')}` : '',
      twice.length ? `"${twice[0]}" named twice` : '',
    ].filter(Boolean);
    return { ok: false, message: `The header row has ${problems.join(', ')}. Expected the columns id (optional), title and price, as an export writes them.` };
  }
  if (body.length === 0) return { ok: false, message: 'The file has a header row but no products.' };

  const at = (record: string[], name: string) => {
    const index = columns.indexOf(name);
    return index < 0 ? '' : (record[index] ?? '');
  };
  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  const lineOfId = new Map<number, number>();
  // A record's line is where it starts (a quoted field may span lines); csv-parse counts where it ends.
  let endOfPrevious = header.info;
  for (const { record, info } of body) {
    const line = endOfPrevious.lines + 1 + (info.empty_lines - endOfPrevious.empty_lines);
    endOfPrevious = info;
    if (record.length !== columns.length) {
      errors.push({ line, reason: `has ${record.length} field${record.length === 1 ? '' : 's'} where the header has ${columns.length}.` });
      continue;
    }
    const rawId = at(record, 'id').trim();
    const id = rawId === '' ? null : parseProductId(rawId);
    if (rawId !== '' && id === null) {
      errors.push({ line, reason: `id "${rawId.slice(0, 20)}" is not a product id (a whole number from 1), or leave it empty to create.` });
      continue;
    }
    if (id !== null && lineOfId.has(id)) {
      errors.push({ line, reason: `id ${id} is already on line ${lineOfId.get(id)}: each product once per file.` });
      continue;
    }
    const parsed = productInput.safeParse({ title: at(record, 'title').replace(NEUTRALISED, ''), price: at(record, 'price') });
    if (!parsed.success) {
      errors.push({ line, reason: parsed.error.issues.map((issue) => issue.message).join(' ') });
      continue;
    }
    if (id !== null) lineOfId.set(id, line);
    rows.push({ line, id, title: parsed.data.title, price: parsed.data.price });
  }
  return { ok: true, rows, errors };
}
