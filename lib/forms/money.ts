const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/**
 * Formats an exact decimal string as dollars. Intl formats a numeric *string*
 * as an exact decimal, so "0.29" never passes through a float.
 */
export function formatMoney(price: string): string {
  return usd.format(price as unknown as number);
}
