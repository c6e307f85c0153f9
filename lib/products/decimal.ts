/**
 * Equality of two exact decimal strings ("9.5" and "9.50"), without floats:
 * used to tell "someone saved exactly what you typed" from a real conflict.
 */
export function sameDecimal(a: string, b: string): boolean {
  return canonicalDecimal(a) === canonicalDecimal(b);
}

/** `decimal` without leading zeros before the point or trailing zeros after it: "09.50" → "9.5", "-0" → "0". */
export function canonicalDecimal(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole = '', fraction = ''] = decimal.replace(/^-/, '').split('.');
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '') || '0';
  const trimmedFraction = fraction.replace(/0+$/, '');
  const body = trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole;
  return negative && body !== '0' ? `-${body}` : body;
}
