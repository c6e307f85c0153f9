/**
 * Test-only: what every contract suite needs per test, a fresh harness and a
 * cache over its store, set up once for all of them (contract.ts calls the
 * suites within one describe, so each test starts from an empty prefix).
 */
import { afterEach, beforeEach } from 'vitest';
import { createCache } from '../cache';
import type { Cache, CacheOptions } from '../types';
import { WORKING_STORE_TIMEOUT_MS, type StoreHarness } from './store-harness';

export interface ContractContext {
  /** This test's store, prefix and clock. */
  readonly harness: StoreHarness;
  /** A cache over the harness's store with the suite's defaults. */
  readonly cache: Cache;
  /** Another cache over the same store and prefix (another process, another VERSION...). */
  cacheOn(options?: Partial<CacheOptions>): Cache;
}

const quietLogger = { warn: () => {} };

/** Registers beforeEach/afterEach in the calling describe; read the fields inside tests only. */
export function useContractContext(makeHarness: () => StoreHarness): ContractContext {
  let harness: StoreHarness | undefined;
  let cache: Cache | undefined;
  const cacheOn = (options: Partial<CacheOptions> = {}) =>
    createCache({ store: context.harness.store, prefix: context.harness.prefix, logger: quietLogger, timeoutMs: WORKING_STORE_TIMEOUT_MS, now: context.harness.now, ...options });
  const context: ContractContext = {
    get harness() {
      if (!harness) throw new Error('the contract context is only set inside a test');
      return harness;
    },
    get cache() {
      if (!cache) throw new Error('the contract context is only set inside a test');
      return cache;
    },
    cacheOn,
  };

  beforeEach(() => {
    harness = makeHarness();
    cache = cacheOn();
  });
  afterEach(async () => {
    await cache?.close();
    await harness?.cleanup();
  });
  return context;
}
