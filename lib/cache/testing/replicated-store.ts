/**
 * Test-only: a primary and its replica, in memory, with Redis's asynchronous
 * replication made controllable, so a failover can lose exactly the writes a
 * test chooses. Every call runs on the primary; its writes reach the replica
 * at once, or, while replication is held, wait in a queue that a failover
 * throws away. failover() promotes the replica (with only what it received)
 * and reports the lost connection, as ioredis does when a primary dies.
 *
 * retireGeneration's wait for replicas answers 1 when nothing is queued (the
 * replica has everything the retire saw) and 0 otherwise, at once.
 */
import type { CacheStore, RetireRequest } from '../store';
import { createMemoryStore } from '../stores/memory-store';

/** Store methods that change data: the ones replication carries. */
const WRITES = new Set<keyof CacheStore>(['set', 'setIfAbsent', 'setMany', 'delete', 'touch', 'incrBy', 'deleteByPrefix', 'lookup', 'fill', 'releaseLease', 'retireGeneration']);

export interface ReplicatedStores {
  /** What the cache under test is given: it talks to whichever node is the primary now. */
  store: CacheStore;
  /** Writes from now on stay on the primary until release (a replica that lags, or is paused). */
  holdReplication(): void;
  /** The replica catches up with every held write, in order. */
  releaseReplication(): void;
  /** The primary dies: held writes are lost, the replica becomes the primary, connections are lost. A fresh replica follows it. */
  failover(): void;
  /** Runs `work` just before the primary's next call of `method` runs (a call in flight across a failover). */
  beforeNext(method: keyof CacheStore, work: () => void | Promise<void>): void;
}

export function replicatedStores(): ReplicatedStores {
  let primary = createMemoryStore();
  let replica = createMemoryStore();
  let held = false;
  let queue: Array<() => Promise<unknown>> = [];
  const lostListeners = new Set<() => void>();
  const hooks = new Map<keyof CacheStore, () => void | Promise<void>>();

  async function run(method: keyof CacheStore, args: unknown[]): Promise<unknown> {
    const hook = hooks.get(method);
    if (hook) {
      hooks.delete(method);
      await hook();
    }
    if (method === 'retireGeneration') {
      const request = args[0] as RetireRequest;
      const result = await primary.retireGeneration({ ...request, replicas: 0 });
      replicate(method, [{ ...request, replicas: 0 }]);
      return { ...result, replicasAcknowledged: request.replicas > 0 ? (queue.length === 0 ? 1 : 0) : null };
    }
    const result = await (primary[method] as (...values: unknown[]) => Promise<unknown>)(...args);
    if (WRITES.has(method)) replicate(method, args);
    return result;
  }

  function replicate(method: keyof CacheStore, args: unknown[]) {
    const target = replica;
    const apply = () => (target[method] as (...values: unknown[]) => Promise<unknown>)(...args);
    if (held) queue.push(apply);
    else void apply();
  }

  const store = new Proxy(primary, {
    get(_target, property) {
      if (property === 'kind') return 'replicated-memory';
      if (property === 'onConnectionLost')
        return (listener: () => void) => {
          lostListeners.add(listener);
          return () => lostListeners.delete(listener);
        };
      if (property === 'topology') return () => ({ kind: 'sentinel', primaries: ['memory-primary'] });
      const member = primary[property as keyof CacheStore];
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => run(property as keyof CacheStore, args);
    },
  }) as CacheStore;

  return {
    store,
    holdReplication: () => {
      held = true;
    },
    releaseReplication: () => {
      held = false;
      const pending = queue;
      queue = [];
      for (const apply of pending) void apply();
    },
    failover: () => {
      queue = [];
      held = false;
      primary = replica;
      replica = createMemoryStore();
      for (const listener of lostListeners) listener();
    },
    beforeNext: (method, work) => {
      hooks.set(method, work);
    },
  };
}
