/**
 * Test-only: the stores a read-through suite runs on. Memory always; any
 * other store a host project registers (registerStoreBackends, from a test
 * setup file), such as real Redis when it answers. The library itself knows
 * no service: lifted out, its suites run on memory alone.
 */
import type { StoreHarness } from './store-harness';

export interface Backend {
  name: string;
  create(): StoreHarness;
}

export interface Backends {
  list: Backend[];
  stop(): Promise<void>;
}

/** Opens extra backends for one test file; stop() closes what it opened. */
export type BackendSource = () => Promise<Backends>;

const holder = globalThis as typeof globalThis & { __cacheTestBackendSources?: BackendSource[] };

/** Adds stores every backend-aware suite also runs on (call it from a vitest setup file). */
export function registerStoreBackends(source: BackendSource): void {
  (holder.__cacheTestBackendSources ??= []).push(source);
}

export async function startBackends(memory: () => StoreHarness): Promise<Backends> {
  const opened = await Promise.all((holder.__cacheTestBackendSources ?? []).map((source) => source()));
  const list: Backend[] = [{ name: 'memory', create: memory }, ...opened.flatMap((backends) => backends.list)];
  console.info(`cache suites run on: ${list.map((backend) => backend.name).join(', ')}`);
  return {
    list,
    stop: async () => {
      for (const backends of opened) await backends.stop();
    },
  };
}
