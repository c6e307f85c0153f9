/**
 * This process's copies of decoded read-through entries, so that a hit costs
 * one small generation read instead of fetching and decoding the whole value.
 *
 * Nothing here decides freshness. A copy is filed under its entry key, which
 * contains the namespace generation it was read or filled under, and
 * read-through.ts asks for exactly `entryKey(generation just read from the
 * store)`: a copy of an older generation is never asked for again. Dropping
 * old generations (observeGeneration, forgetNamespace) only frees memory early.
 *
 * Memory is bounded by the serialized size of the values (the size the store
 * holds, which the events report), least recently used first (lru-cache). The decoded
 * objects take a few times that on the heap; the bound is a budget, not a
 * measurement. Copies also expire on the cache's clock, no later than their
 * entry in the store does.
 */
import { LRUCache } from 'lru-cache';
import { deepFreeze } from './deep-freeze';

export interface LocalCopy {
  /** Deep-frozen: shared by every caller this copy is served to. */
  readonly value: unknown;
  /** Serialized size in bytes, as stored. */
  readonly bytes: number;
  /** When the copy expires, on the cache's clock (ms); null = with its entry's generation only. */
  readonly expiresAt: number | null;
}

/** A value about to be filed: decoded only once it is known to fit the budget. */
export interface CopyToKeep {
  bytes: number;
  /** Must return an object nobody else holds yet: it is frozen in place. */
  decode(): unknown;
}

export interface LocalCopies {
  /** False when the budget is 0: nothing is kept, and cached() skips the generation read. */
  readonly enabled: boolean;
  /** The copy filed under entryKey, unless it expired; marks it recently used. */
  get(entryKey: string): LocalCopy | undefined;
  /**
   * Files a copy (expiresAt in ms on the cache's clock; null = never) and
   * returns it frozen. Undefined, and nothing decoded, when it exceeds the budget.
   */
  remember(namespace: string, generation: string, entryKey: string, copy: CopyToKeep, expiresAt: number | null): LocalCopy | undefined;
  /** The store said the namespace is at `generation`: copies of any other one are garbage. */
  observeGeneration(namespace: string, generation: string): void;
  forgetNamespace(namespace: string): void;
  clear(): void;
  /** What is held right now (for tests and diagnostics). */
  usage(): { entries: number; bytes: number };
}

interface Slot extends LocalCopy {
  namespace: string;
}

export function createLocalCopies(maxBytes: number, now: () => number): LocalCopies {
  if (!(maxBytes >= 0) || !Number.isFinite(maxBytes)) throw new RangeError(`cache option localCopyMaxBytes must be a number >= 0, got ${maxBytes}`);
  const namespaces = new Map<string, { generation: string; entryKeys: Set<string> }>();
  // lru-cache keeps the byte budget, the recency order and the expiry (on the cache's clock).
  const slots =
    maxBytes > 0
      ? new LRUCache<string, Slot>({
          maxSize: maxBytes,
          sizeCalculation: (slot) => Math.max(1, slot.bytes),
          perf: { now },
          // Check the clock on every read: a copy must never outlive its entry, not even by a tick.
          ttlResolution: 0,
          dispose: (slot, entryKey) => {
            const copies = namespaces.get(slot.namespace);
            copies?.entryKeys.delete(entryKey);
            if (copies?.entryKeys.size === 0) namespaces.delete(slot.namespace);
          },
        })
      : null;

  const forgetNamespace = (namespace: string) => {
    for (const entryKey of [...(namespaces.get(namespace)?.entryKeys ?? [])]) slots?.delete(entryKey);
  };

  // Generations are random, so their order is unknown here: a late fill of an
  // older generation may displace the newer one's copies. That costs a lookup,
  // never freshness, and the next generation read puts it right.
  const observeGeneration = (namespace: string, generation: string) => {
    const copies = namespaces.get(namespace);
    if (copies && copies.generation !== generation) forgetNamespace(namespace);
  };

  return {
    enabled: slots !== null,

    get(entryKey) {
      const slot = slots?.get(entryKey);
      // lru-cache's expiry is "older than ttl"; a copy must go at its deadline exactly, as its entry does.
      if (slot && slot.expiresAt !== null && slot.expiresAt <= now()) {
        slots!.delete(entryKey);
        return undefined;
      }
      return slot;
    },

    remember(namespace, generation, entryKey, copy, expiresAt) {
      if (!slots || copy.bytes > maxBytes) return undefined;
      const ttl = expiresAt === null ? undefined : expiresAt - now();
      if (ttl !== undefined && ttl <= 0) return undefined;
      observeGeneration(namespace, generation);
      slots.delete(entryKey);
      const slot: Slot = { value: deepFreeze(copy.decode()), bytes: copy.bytes, namespace, expiresAt };
      const copies = namespaces.get(namespace) ?? { generation, entryKeys: new Set<string>() };
      namespaces.set(namespace, copies);
      copies.entryKeys.add(entryKey);
      slots.set(entryKey, slot, { ttl });
      return slot;
    },

    observeGeneration,
    forgetNamespace,

    clear() {
      slots?.clear();
      namespaces.clear();
    },

    usage: () => ({ entries: slots?.size ?? 0, bytes: slots?.calculatedSize ?? 0 }),
  };
}
