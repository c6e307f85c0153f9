/**
 * Test-only: a primary and its replica, in memory, with Redis's asynchronous
 * replication made controllable, so a failover can lose exactly the writes a
 * test chooses. Every call runs on the primary; its writes reach the replica
 * at once, or, while replication is held, wait in a queue that a failover
 * throws away. failover() promotes the replica (with only what it received)
 * and reports the lost connection, as ioredis does when a primary dies.
 *
 * retireGeneration's wait for replicas answers 1 when nothing is queued (the
 * replica has everything the retire saw) and 0 otherwise, at once. After a
 * failover the new primary gets a fresh, empty replica; after a split the old
 * primary has none, and neither has the promoted one.
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
  /**
   * A split: the replica is promoted for some clients (those given the store
   * returned) while the old primary goes on serving the others (`store`),
   * without replication between them and without any lost connection: two
   * primaries, diverging.
   */
  split(): CacheStore;
}

export function replicatedStores(): ReplicatedStores {
  let primary = createMemoryStore();
  let replica = createMemoryStore();
  let held = false;
  /** False once a split took the replica away: the old primary then has none. */
  let replicaAttached = true;
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
      return { ...result, replicasAcknowledged: request.replicas > 0 ? (replicaAttached && queue.length === 0 ? 1 : 0) : null };
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

  /** A client's view: `call` runs each method on its primary. */
  const clientOf = (call: (method: keyof CacheStore, args: unknown[]) => Promise<unknown>): CacheStore =>
    new Proxy(primary, {
      get(_target, property) {
        if (property === 'kind') return 'replicated-memory';
        if (property === 'onConnectionLost')
          return (listener: () => void) => {
            lostListeners.add(listener);
            return () => lostListeners.delete(listener);
          };
        if (property === 'topology') return () => ({ kind: 'sentinel', primaries: ['memory-primary'] });
        return (...args: unknown[]) => call(property as keyof CacheStore, args);
      },
    }) as CacheStore;
  const store = clientOf(run);

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
      replicaAttached = true;
      for (const listener of lostListeners) listener();
    },
    beforeNext: (method, work) => {
      hooks.set(method, work);
    },
    split: () => {
      const promoted = replica;
      replica = createMemoryStore();
      replicaAttached = false;
      queue = [];
      held = false;
      return clientOf(async (method, args) => {
        const [request] = args as [RetireRequest];
        if (method === 'retireGeneration') return { ...(await promoted.retireGeneration({ ...request, replicas: 0 })), replicasAcknowledged: request.replicas > 0 ? 0 : null };
        return (promoted[method] as (...values: unknown[]) => Promise<unknown>)(...args);
      });
    },
  };
}
