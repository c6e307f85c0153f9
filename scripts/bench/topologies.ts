/**
 * What each Redis topology costs (issue 22), in process, side by side in one
 * run: a warm read through cached() (one round trip: local copies off) and an
 * invalidation's acknowledgement time, without and with waiting for one
 * replica (Redis WAIT on the store's own connection). The Sentinel and Cluster
 * topologies are started here on free ports (scripts/lib/redis-lab.ts) and
 * stopped before this returns.
 */
import { randomBytes } from 'node:crypto';
import { createCache, createRedisStore, type RedisStoreOptions } from '../../lib/cache';
import { startClusterLab, startSentinelLab } from '../lib/redis-lab';
import { median } from './stats';

export interface TopologyRow {
  topology: string;
  /** Warm reads per second, one at a time. */
  warmReadOps: number;
  /** Median invalidate() acknowledgement, in ms, without a replica wait. */
  writeAckMs: number;
  /** The same with replication: { replicas: 1 }; null where there is no replica. */
  replicatedWriteAckMs: number | null;
  /** Share of the replicated invalidations the replica acknowledged within the wait. */
  replicatedShare: number | null;
}

const VALUE = { id: 1, title: 'Heirloom Tomatillo', price: '9.03' };
const WAIT_MS = 100;

async function timedMs(operation: () => Promise<unknown>, count: number): Promise<number> {
  const samples: number[] = [];
  for (let call = 0; call < count; call += 1) {
    const started = performance.now();
    await operation();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function measureTopology(topology: string, store: RedisStoreOptions, withReplica: boolean, rounds: number): Promise<TopologyRow> {
  const prefix = `bench-topology-${randomBytes(4).toString('hex')}`;
  const plain = createCache({ store: createRedisStore(store), prefix, localCopyMaxBytes: 0, timeoutMs: 2000 });
  const replicated = withReplica
    ? createCache({ store: createRedisStore(store), prefix, localCopyMaxBytes: 0, timeoutMs: 2000, replication: { replicas: 1, waitMs: WAIT_MS } })
    : null;
  try {
    const load = async () => VALUE;
    await plain.cached('warm', load, { namespace: 'bench' });
    const perRound = 200;
    const readMs = await timedMs(() => plain.cached('warm', load, { namespace: 'bench' }), rounds * perRound);
    const writeAckMs = await timedMs(() => plain.invalidate('bench'), rounds * 40);
    let acknowledged = 0;
    let asked = 0;
    const replicatedWriteAckMs = replicated
      ? await timedMs(async () => {
          const receipt = await replicated.invalidate('bench');
          asked += 1;
          if (receipt.replicated) acknowledged += 1;
        }, rounds * 40)
      : null;
    return { topology, warmReadOps: 1000 / readMs, writeAckMs, replicatedWriteAckMs, replicatedShare: replicated ? acknowledged / asked : null };
  } finally {
    await plain.clear();
    await plain.close();
    await replicated?.close();
  }
}

/** One server (the machine's Redis), then Sentinel and Cluster labs, each measured and stopped in turn. */
export async function measureTopologies(redisUrl: string, rounds: number): Promise<TopologyRow[]> {
  const rows = [await measureTopology('one server', { url: redisUrl }, false, rounds)];
  const sentinel = await startSentinelLab();
  try {
    const sentinels = sentinel.sentinels.map((node) => ({ host: '127.0.0.1', port: node.port }));
    rows.push(await measureTopology('Sentinel (primary, replica, 3 sentinels)', { sentinels, masterName: sentinel.masterName }, true, rounds));
  } finally {
    await sentinel.stop();
  }
  const cluster = await startClusterLab();
  try {
    rows.push(await measureTopology('Cluster (3 primaries, a replica each)', { clusterNodes: cluster.nodes.map((node) => node.url) }, true, rounds));
  } finally {
    await cluster.stop();
  }
  return rows;
}
