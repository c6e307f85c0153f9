/** Small helpers shared by the benchmarks: medians and timing loops. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
}

/** Operations per second of `operation`, as the median of `rounds` rounds of `perRound` calls. */
export async function opsPerSecond(operation: () => Promise<unknown>, rounds: number, perRound: number): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    for (let call = 0; call < perRound; call += 1) await operation();
    rates.push(perRound / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
