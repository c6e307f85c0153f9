/**
 * The offline freshness checker. The guarantee: a read that STARTS after a
 * write was acknowledged never returns data older than that write.
 *
 * For every observation (one product as one read saw it), it finds the
 * highest version of that product among the writes acknowledged strictly
 * before the read started; a lower version seen is a violation. Reads that
 * overlap a write may see either version, so they never count.
 */
export interface WriteRecord {
  item: number;
  version: number;
  /** When the data layer returned (commit + invalidation done), on the shared clock. */
  ackAt: number;
}

export interface ReadRecord {
  item: number;
  version: number;
  startedAt: number;
  /** 'row' (one product) or 'list' (a list page containing it). */
  source: 'row' | 'list';
}

export interface Violation {
  read: ReadRecord;
  /** The version the read should have seen at least. */
  required: number;
  /** How long before the read started that newer write had been acknowledged. */
  ackedMsBefore: number;
}

interface AckedHistory {
  ackAt: number[];
  /** Highest version acknowledged up to and including index i. */
  highest: number[];
}

function histories(writes: readonly WriteRecord[]): Map<number, AckedHistory> {
  const byItem = new Map<number, WriteRecord[]>();
  for (const write of writes) byItem.set(write.item, [...(byItem.get(write.item) ?? []), write]);
  const result = new Map<number, AckedHistory>();
  for (const [item, list] of byItem) {
    list.sort((a, b) => a.ackAt - b.ackAt);
    let highest = 0;
    result.set(item, {
      ackAt: list.map((write) => write.ackAt),
      highest: list.map((write) => (highest = Math.max(highest, write.version))),
    });
  }
  return result;
}

/** Index of the last ack strictly before `time`, or -1. */
function lastBefore(ackAt: readonly number[], time: number): number {
  let low = 0;
  let high = ackAt.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (ackAt[middle]! < time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

export function findViolations(writes: readonly WriteRecord[], reads: readonly ReadRecord[]): Violation[] {
  const byItem = histories(writes);
  const violations: Violation[] = [];
  for (const read of reads) {
    const history = byItem.get(read.item);
    if (!history) continue;
    const index = lastBefore(history.ackAt, read.startedAt);
    if (index < 0) continue;
    const required = history.highest[index]!;
    if (read.version < required) violations.push({ read, required, ackedMsBefore: read.startedAt - history.ackAt[index]! });
  }
  return violations;
}
