/**
 * Prints a value the way the Django shell does (Python's repr): 'strings' in
 * single quotes, True/False/None, [lists], {'dicts': 1}. Dates print as
 * datetime.datetime(…) in UTC. A value with no Python counterpart prints as
 * its JSON.
 */

function reprString(value: string): string {
  // Python prefers single quotes, and switches to double quotes when only single quotes occur.
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

function reprNumber(value: number): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
  return String(value);
}

function reprDate(value: Date): string {
  const parts = [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate(), value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()];
  const micro = value.getUTCMilliseconds() * 1000;
  return `datetime.datetime(${[...parts, ...(micro ? [micro] : [])].join(', ')}, tzinfo=datetime.timezone.utc)`;
}

/** Python's repr of `value`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return reprString(value);
  if (typeof value === 'number') return reprNumber(value);
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Date) return reprDate(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`).join(', ')}}`;
  if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map(pythonRepr).join(', ')}}`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${reprString(key)}: ${pythonRepr(item)}`).join(', ')}}`;
  return JSON.stringify(value) ?? String(value);
}
