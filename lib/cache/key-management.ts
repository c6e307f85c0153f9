/**
 * The rest of Django's low-level API (has_key, delete_many, incr_version,
 * decr_version), and two reads django-redis adds for looking around: ttl and
 * keys. Same failure policy as low-level.ts (see types.ts): reads fail soft,
 * version changes throw like incr.
 */
import { CacheKeyMissingError } from './errors';
import { dataKey, ownedKeysPrefix } from './keys';
import type { LowLevelContext } from './low-level';
import type { Cache, VersionOption } from './types';

export type KeyManagementApi = Pick<Cache, 'hasKey' | 'deleteMany' | 'incrVersion' | 'decrVersion' | 'ttl' | 'keys'>;

export function createKeyManagementApi(context: LowLevelContext): KeyManagementApi {
  const { store, prefix, events, call } = context;
  const versionOf = (options?: VersionOption) => options?.version ?? context.version;
  const storedKeyOf = (key: string, options?: VersionOption) => dataKey(prefix, versionOf(options), key);

  async function hasKey(key: string, options?: VersionOption): Promise<boolean> {
    const storedKey = storedKeyOf(key, options);
    const startedAt = performance.now();
    try {
      const exists = (await call('hasKey', { key, storedKey }, () => store.remainingTtl(storedKey))) !== undefined;
      events.emit({ op: 'hasKey', key, storedKey, startedAt, result: exists ? 'hit' : 'miss' });
      return exists;
    } catch {
      return false;
    }
  }

  async function deleteMany(keys: readonly string[], options?: VersionOption): Promise<number> {
    const label = keys.join(' ');
    const startedAt = performance.now();
    try {
      const removed = await call('deleteMany', { key: label }, () => store.delete(keys.map((key) => storedKeyOf(key, options))));
      events.emit({ op: 'deleteMany', key: label, startedAt, result: removed > 0 ? 'hit' : 'miss' });
      return removed;
    } catch {
      return 0;
    }
  }

  /**
   * Django's incr_version: moves the value to version + delta and returns that
   * version. Unlike Django's, the value keeps its remaining TTL. Throws
   * CacheKeyMissingError when the key is absent, CacheStoreError when the store fails.
   */
  async function moveVersion(op: 'incrVersion' | 'decrVersion', key: string, delta: number, options?: VersionOption): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new TypeError(`cache ${op} delta must be an integer, got ${delta}`);
    const from = versionOf(options);
    const to = op === 'incrVersion' ? from + delta : from - delta;
    const storedKey = storedKeyOf(key, options);
    const movedKey = dataKey(prefix, to, key);
    const startedAt = performance.now();
    const moved = await call(op, { key, storedKey }, async () => {
      const [text, ttlMs] = await Promise.all([store.get(storedKey), store.remainingTtl(storedKey)]);
      if (text === null || ttlMs === undefined) return false;
      await store.set(movedKey, text, ttlMs);
      await store.delete([storedKey]);
      return true;
    });
    events.emit({ op, key, storedKey, startedAt, result: moved ? 'ok' : 'miss' });
    if (!moved) throw new CacheKeyMissingError(key);
    return to;
  }

  async function ttl(key: string, options?: VersionOption): Promise<number | null | undefined> {
    const storedKey = storedKeyOf(key, options);
    const startedAt = performance.now();
    try {
      const ms = await call('ttl', { key, storedKey }, () => store.remainingTtl(storedKey));
      events.emit({ op: 'ttl', key, storedKey, startedAt, result: ms === undefined ? 'miss' : 'hit' });
      return ms === undefined || ms === null ? ms : ms / 1000;
    } catch {
      return undefined;
    }
  }

  async function keys(options: { limit?: number } = {}): Promise<string[]> {
    const owned = ownedKeysPrefix(prefix);
    const startedAt = performance.now();
    try {
      const found = await call('keys', { key: `${owned}*` }, () => store.keysWithPrefix(owned, options.limit ?? 1000));
      events.emit({ op: 'keys', key: `${owned}*`, startedAt, result: 'ok' });
      return found.sort();
    } catch {
      return [];
    }
  }

  return {
    hasKey,
    deleteMany,
    incrVersion: (key, delta = 1, options) => moveVersion('incrVersion', key, delta, options),
    decrVersion: (key, delta = 1, options) => moveVersion('decrVersion', key, delta, options),
    ttl,
    keys,
  };
}
