const count = new Intl.NumberFormat('en-US');

/** "1 product", "1,000 products": the count with its noun in the right number. */
export function plural(amount: number, noun: string, nouns = `${noun}s`): string {
  return `${count.format(amount)} ${amount === 1 ? noun : nouns}`;
}

export function formatCount(amount: number): string {
  return count.format(amount);
}
