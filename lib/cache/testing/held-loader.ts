import { deferred } from './deferred';

/**
 * Test-only: a loader that reads the "database" as it starts, then waits to be
 * released, so a test can slip a write in between a load and its fill.
 */
export function heldLoader<T>(readDatabase: () => T) {
  const started = deferred();
  const released = deferred();
  return {
    load: async (): Promise<T> => {
      const snapshot = readDatabase();
      started.resolve();
      await released.promise;
      return snapshot;
    },
    /** Resolves once the loader has taken its snapshot. */
    started: started.promise,
    release: () => released.resolve(),
  };
}
