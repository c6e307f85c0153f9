/**
 * A cached value as the overlay shows it: a one-line preview that stops
 * walking once it has enough characters (a 1000-row list costs no more than
 * a short one), and the whole value as indented JSON when expanded. Dates
 * print as ISO strings, BigInts as digits, anything else JSON cannot say
 * (undefined, functions) as its JavaScript name.
 */

/** The preview of `value`, at most `maxChars` characters, ending in "…" when cut. */
export function previewValue(value: unknown, maxChars = 160): string {
  let out = '';
  const full = () => out.length >= maxChars;
  const write = (text: string) => {
    if (!full()) out += text;
  };
  const walk = (item: unknown, depth: number) => {
    if (full()) return;
    if (item === null) return write('null');
    if (item === undefined) return write('undefined');
    if (typeof item === 'string') return write(JSON.stringify(item.length > maxChars ? `${item.slice(0, maxChars)}` : item));
    if (typeof item === 'number' || typeof item === 'boolean') return write(String(item));
    if (typeof item === 'bigint') return write(`${item}n`);
    if (item instanceof Date) return write(JSON.stringify(item.toISOString()));
    if (typeof item !== 'object') return write(typeof item);
    if (depth > 6) return write('…');
    if (Array.isArray(item)) {
      write('[');
      item.forEach((element, index) => {
        if (index > 0) write(', ');
        walk(element, depth + 1);
      });
      return write(']');
    }
    write('{');
    Object.entries(item).forEach(([key, element], index) => {
      if (index > 0) write(', ');
      write(`${JSON.stringify(key)}: `);
      walk(element, depth + 1);
    });
    write('}');
  };
  walk(value, 0);
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

/** The whole value as indented JSON; cut (and saying so) past maxChars. */
export function fullValueText(value: unknown, maxChars = 1_000_000): string {
  const text =
    JSON.stringify(
      value,
      function replace(this: Record<string, unknown>, key, item: unknown) {
        const original = this[key];
        if (original instanceof Date) return original.toISOString();
        if (typeof item === 'bigint') return `${item}n`;
        if (item === undefined && key !== '') return 'undefined';
        return item;
      },
      2,
    ) ?? String(value);
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n… (${text.length - maxChars} more characters not shown)` : text;
}
