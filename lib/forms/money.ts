const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/**
 * Formats an exact decimal string as dollars. Intl formats a numeric *string*
 * as an exact decimal, so "0.29" never passes through a float.
 */
export function formatMoney(price: string): string {
  return usd.format(price as unknown as number);
}

/** What someone typed as a price, shown back as dollars when it is a plain number, else as typed. */
export function formatMoneyInput(typed: string): string {
  const plain = typed.trim().replace(/^\$/, '').replace(/,/g, '');
  return /^\d+(\.\d+)?$/.test(plain) ? formatMoney(plain) : typed;
}
