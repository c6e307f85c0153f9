/**
 * A list of product ids in a URL, written as sorted runs: "3-7.12.40-41".
 * A page of rows is mostly consecutive ids, so even 1,000 of them stay short.
 * Parsing is strict: anything malformed, out of range or too long is rejected.
 */
import { MAX_BULK_IDS, MAX_ID } from './limits';

export function encodeIdList(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let index = 0; index < sorted.length; ) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end += 1;
    runs.push(end === index ? String(sorted[index]) : `${sorted[index]}-${sorted[end]}`);
    index = end + 1;
  }
  return runs.join('.');
}

/** The ids in `text`, or null when it is not a well-formed list of at most MAX_BULK_IDS ids. */
export function decodeIdList(text: unknown): number[] | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 16_384 || !/^\d+(-\d+)?(\.\d+(-\d+)?)*$/.test(text)) return null;
  const ids: number[] = [];
  for (const run of text.split('.')) {
    const [first, last = first] = run.split('-').map(Number) as [number, number?];
    if (!(first >= 1 && last! <= MAX_ID && first <= last!) || last! - first + 1 + ids.length > MAX_BULK_IDS) return null;
    for (let id = first; id <= last!; id += 1) ids.push(id);
  }
  return [...new Set(ids)];
}
