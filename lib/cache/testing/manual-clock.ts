/** A clock tests move by hand, so TTLs expire without sleeping. */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}
