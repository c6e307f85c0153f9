/**
 * Similar and duplicate queries, as Django Debug Toolbar flags them:
 * similar = same SQL text, duplicate = same text and same parameters.
 * Duplicates usually mean a missing cache or an N+1 loop.
 */

export interface QueryShape {
  text: string;
  params: readonly unknown[];
}

export interface QueryGroups {
  /** For each query, how many queries of the list share its text (itself included). */
  similar: number[];
  /** For each query, how many share its text and parameters (itself included). */
  duplicate: number[];
  /** Queries beyond the first of each text. */
  similarExtra: number;
  /** Queries beyond the first of each text+parameters. */
  duplicateExtra: number;
}

/** Whitespace-insensitive, so a reformatted statement still counts as the same. */
export const normalizeSql = (text: string) => text.replace(/\s+/g, ' ').trim();

function paramsKey(params: readonly unknown[]): string {
  try {
    return JSON.stringify(params, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
  } catch {
    return `unencodable:${params.length}`;
  }
}

function countBy(keys: string[]): number[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return keys.map((key) => counts.get(key)!);
}

const extra = (keys: string[]) => keys.length - new Set(keys).size;

export function groupQueries(queries: readonly QueryShape[]): QueryGroups {
  const texts = queries.map((query) => normalizeSql(query.text));
  const exact = queries.map((query, index) => `${texts[index]}\u0000${paramsKey(query.params)}`);
  return { similar: countBy(texts), duplicate: countBy(exact), similarExtra: extra(texts), duplicateExtra: extra(exact) };
}
