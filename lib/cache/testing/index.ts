/**
 * The cache library's testing entry: what a project needs to check its own
 * store against the library's contract, and the helpers the library's suites
 * are written with (held loads, manual clocks, failing stores).
 *
 *   import { runCacheContract } from '@/lib/cache/testing';
 *   runCacheContract('my store', () => ({ name, store, prefix, elapse, now, cleanup }));
 */
export { registerStoreBackends, startBackends, type Backend, type BackendSource, type Backends } from './backends';
export { runCacheContract } from './contract';
export { deferred, type Deferred } from './deferred';
export { rejectingStore, hangingStore } from './failing-stores';
export { heldLoader } from './held-loader';
export { manualClockMemoryHarness, realClockMemoryHarness, uniquePrefix, WORKING_STORE_TIMEOUT_MS, type StoreHarness } from './store-harness';
