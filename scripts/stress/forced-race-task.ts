/**
 * The two halves of the forced cross-process stale-set race (see
 * runForcedRace in scenarios.ts): a reader whose database load is held until
 * the coordinator releases it, and a writer that commits one update.
 */
import type { ProductRepository, ReadThroughCache } from '../../lib/products/repository';
import type { HeldReadResult, HeldReadTask, WriteOnceResult, WriteOnceTask } from './protocol';

/**
 * Wraps a cache so that the first load it runs waits: `onHeld` is called with
 * the load done (the old row in hand) and must resolve when the load may
 * return. Later loads run freely.
 */
export function holdFirstLoad(inner: ReadThroughCache, onHeld: () => Promise<void>): ReadThroughCache {
  let held = false;
  return {
    cached: (key, loader, options) =>
      inner.cached(
        key,
        async () => {
          const value = await loader();
          if (!held) {
            held = true;
            await onHeld();
          }
          return value;
        },
        options,
      ),
    invalidate: (namespace) => inner.invalidate(namespace),
    onStoreFailure: (listener) => inner.onStoreFailure(listener),
  };
}

export async function runHeldRead(task: HeldReadTask, repository: ProductRepository): Promise<HeldReadResult> {
  const held = await repository.product(task.productId);
  const after = await repository.product(task.productId);
  return { kind: 'held-read', heldVersion: held?.version ?? 0, versionAfterWrite: after?.version ?? 0 };
}

export async function runWriteOnce(task: WriteOnceTask, repository: ProductRepository): Promise<WriteOnceResult> {
  const { value, invalidation } = await repository.update({ id: task.productId, title: `Forced race ${task.productId}`, price: '4.20' });
  return { kind: 'write-once', version: value.version, invalidation };
}
