/**
 * Which stored keys belong to dead generations, for the console's keys():
 * read-through entries and leases are filed under their namespace's
 * generation (prefix:rt:{namespace}:<generation>:key), and once a write has
 * retired that generation nothing reads them again; they stay until their TTL.
 * Live is the generation this process last read (generation-story.ts).
 */
import { shortGeneration } from './story-text';

export interface GenerationKey {
  key: string;
  namespace: string;
  generation: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The entries and leases among `keys`, with their namespace and generation (generation keys themselves left out). */
export function generationKeys(keys: readonly string[], prefix: string): GenerationKey[] {
  // Generations are UUIDs: no ':' or '!', so the first of either ends them.
  const pattern = new RegExp(`^${escape(prefix)}:rt:\\{([^}]*)\\}:([^:!]+)(?::|!lease:)`);
  return keys.flatMap((key) => {
    const match = pattern.exec(key);
    return match ? [{ key, namespace: match[1]!, generation: match[2]! }] : [];
  });
}

/**
 * A few lines saying, per namespace, which generation is live and which of
 * `keys` are under dead ones; undefined when there are no read-through keys.
 */
export function deadGenerationNote(keys: readonly string[], prefix: string, currentGeneration: (namespace: string) => string | null | undefined): string | undefined {
  const byNamespace = new Map<string, GenerationKey[]>();
  for (const found of generationKeys(keys, prefix)) byNamespace.set(found.namespace, [...(byNamespace.get(found.namespace) ?? []), found]);
  if (byNamespace.size === 0) return undefined;
  const lines: string[] = [];
  for (const [namespace, found] of byNamespace) {
    const live = currentGeneration(namespace);
    if (live === undefined) {
      lines.push(`{${namespace}}: ${found.length} ${found.length === 1 ? 'key' : 'keys'}; this process has not read the namespace yet, so which generation is live is unknown`);
      continue;
    }
    const dead = found.filter((entry) => entry.generation !== live);
    const head = live === null ? `{${namespace}}: no live generation (retired, not read since)` : `{${namespace}}: live generation ${shortGeneration(live)}`;
    lines.push(`${head}; ${dead.length} of ${found.length} keys belong to dead generations (nothing reads them again; they expire by their TTL)${dead.length ? ':' : ''}`);
    for (const entry of dead) lines.push(`  dead: ${entry.key}`);
  }
  return lines.join('\n');
}
