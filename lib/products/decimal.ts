/**
 * Equality of two exact decimal strings ("9.5" and "9.50"), without floats:
 * used to tell "someone saved exactly what you typed" from a real conflict.
 */
export function sameDecimal(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole = '', fraction = ''] = decimal.replace(/^-/, '').split('.');
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '') || '0';
  const trimmedFraction = fraction.replace(/0+$/, '');
  const body = trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole;
  return negative && body !== '0' ? `-${body}` : body;
}
