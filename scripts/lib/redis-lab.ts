/**
 * Redis topologies of the tests' and checkers' own, on free ports: a primary
 * with a replica behind three sentinels, and a cluster of three primaries
 * with a replica each. Every redis-server runs in its own process group and
 * is stopped by its id; the machine's Redis is never touched. Nothing is
 * persisted (no RDB, no AOF), so a killed node comes back empty, as a
 * crashed cache does.
 *
 * The faults a test needs, made deterministic: pause() holds a node (SIGSTOP,
 * so a replica receives nothing until resume()), kill() is a crash (SIGKILL).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { ownProcessGroup } from './owned-process-groups';

export interface RedisNode {
  readonly port: number;
  /** "127.0.0.1:<port>" */
  readonly address: string;
  readonly url: string;
  running(): boolean;
  /** Starts (or restarts, on the same port and folder) with `args` added to the node's own. */
  start(args?: string[]): Promise<void>;
  /** SIGSTOP: it holds its sockets and answers nothing (a replica then receives nothing). */
  pause(): void;
  resume(): void;
  /** SIGKILL: a crash, no goodbye. */
  kill(): Promise<void>;
  /** One command on a short-lived connection; rejects when the node does not answer within 2 s. */
  command(...args: Array<string | number>): Promise<unknown>;
}

const pollUntil = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`redis lab: timed out waiting for ${what}`);
    await sleep(50);
  }
};

/** One command on a short-lived connection to 127.0.0.1:`port`. */
async function commandAt(port: number, args: Array<string | number>): Promise<unknown> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, connectTimeout: 2000, commandTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(String(args[0]), ...args.slice(1).map(String));
  } finally {
    client.disconnect();
  }
}

/**
 * One redis-server (or sentinel) in `directory`, started with `args(port)`,
 * on `port` or a free one picked now, kept across restarts.
 */
export async function redisNode(directory: string, args: (port: number) => string[], port?: number): Promise<RedisNode> {
  port ??= await freePort();
  return nodeOn(directory, args, port);
}

/** A port for a cluster node: free, and so is its cluster bus port (port + 10000, so below 55536). */
async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) return port;
  }
  throw new Error('redis lab: no free port pair for a cluster node');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function nodeOn(directory: string, args: (port: number) => string[], port: number): RedisNode {
  const own = port;
  let child: ChildProcess | null = null;
  const node: RedisNode = {
    port,
    address: `127.0.0.1:${port}`,
    url: `redis://127.0.0.1:${port}`,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    async start(extra = []) {
      const started = spawn('redis-server', [...args(own), ...extra], { cwd: directory, detached: true, stdio: 'ignore' });
      child = started;
      started.once('exit', ownProcessGroup(started.pid!, 'SIGKILL'));
      await pollUntil(`redis-server on ${port}`, async () => {
        // Another process may have taken the port: only our own server counts.
        if (started.exitCode !== null) throw new Error(`redis-server could not listen on ${port} (taken by another process?)`);
        return (await node.command('PING')) === 'PONG';
      });
    },
    pause() {
      if (child?.pid) process.kill(-child.pid, 'SIGSTOP');
    },
    resume() {
      if (child?.pid) process.kill(-child.pid, 'SIGCONT');
    },
    async kill() {
      const running = child;
      child = null;
      if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(-running.pid, 'SIGKILL');
      await exited;
    },
    command: (...commandArgs) => commandAt(own, commandArgs),
  };
  return node;
}

const dataArgs = (port: number) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];

/** Waits until `replica` is linked to its primary and has caught up. */
async function waitForLink(replica: RedisNode): Promise<void> {
  await pollUntil(`${replica.address} to sync with its primary`, async () => /master_link_status:up/.test(String(await replica.command('INFO', 'replication'))));
}

export interface SentinelLab {
  readonly masterName: string;
  /** The data nodes: the first primary, then its replica (roles change with failovers). */
  readonly nodes: RedisNode[];
  readonly sentinels: RedisNode[];
  /** "host:port,host:port,host:port": REDIS_SENTINELS. */
  readonly sentinelAddresses: string;
  /** The node the sentinels name as primary now. */
  primary(): Promise<RedisNode>;
  /** The data node that is not `node`. */
  other(node: RedisNode): RedisNode;
  /** Waits until the sentinels name a primary other than `former`, and it answers as one. */
  awaitFailover(former: RedisNode): Promise<RedisNode>;
  /** Restarts a killed node as a replica of the current primary, and waits until it has synced. */
  rejoin(node: RedisNode): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A primary, one replica and three sentinels (quorum 2), failing over about
 * 1 s after the primary stops answering.
 */
export async function startSentinelLab(masterName = 'catalog'): Promise<SentinelLab> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-sentinel-lab-'));
  const nodes = [await redisNode(directory, dataArgs), await redisNode(directory, dataArgs)];
  const [first, second] = nodes as [RedisNode, RedisNode];
  const sentinels: RedisNode[] = [];
  const lab: SentinelLab = {
    masterName,
    nodes,
    sentinels,
    get sentinelAddresses() {
      return sentinels.map((sentinel) => sentinel.address).join(',');
    },
    async primary() {
      const [host, port] = (await pollUntil('a sentinel to name the primary', async () => {
        for (const sentinel of sentinels) {
          const reply = await sentinel.command('SENTINEL', 'get-master-addr-by-name', masterName).catch(() => null);
          if (Array.isArray(reply)) return reply as [string, string];
        }
        return null;
      })) as [string, string];
      const found = nodes.find((node) => node.port === Number(port) && host === '127.0.0.1');
      if (!found) throw new Error(`redis lab: the sentinels name ${host}:${port}, which is not one of the lab's nodes`);
      return found;
    },
    other: (node) => (node === first ? second : first),
    async awaitFailover(former) {
      return pollUntil(
        `the sentinels to promote a replica of ${former.address}`,
        async () => {
          const named = await lab.primary();
          if (named === former) return null;
          const role = (await named.command('ROLE')) as [string];
          return role[0] === 'master' ? named : null;
        },
        60_000,
      );
    },
    async rejoin(node) {
      const primary = await lab.primary();
      await node.start(['--replicaof', '127.0.0.1', String(primary.port)]);
      await waitForLink(node);
    },
    async stop() {
      for (const node of [...sentinels, ...nodes]) {
        node.resume();
        await node.kill();
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
  try {
    await first.start();
    await second.start(['--replicaof', '127.0.0.1', String(first.port)]);
    await waitForLink(second);
    for (let index = 0; index < 3; index += 1) {
      const sentinelPort = await freePort();
      const configFile = path.join(directory, `sentinel-${sentinelPort}.conf`);
      // Sentinels rewrite their own file, so each has one.
      fs.writeFileSync(
        configFile,
        [
          `port ${sentinelPort}`,
          'bind 127.0.0.1',
          `dir ${directory}`,
          `sentinel monitor ${masterName} 127.0.0.1 ${first.port} 2`,
          `sentinel down-after-milliseconds ${masterName} 1000`,
          `sentinel failover-timeout ${masterName} 4000`,
          `sentinel parallel-syncs ${masterName} 1`,
          '',
        ].join('\n'),
      );
      const sentinel = await redisNode(directory, () => [configFile, '--sentinel'], sentinelPort);
      await sentinel.start();
      sentinels.push(sentinel);
    }
    // Each sentinel has found the replica and the other sentinels.
    await pollUntil('the sentinels to know the replica and each other', async () => {
      for (const sentinel of sentinels) {
        const [master] = (await sentinel.command('SENTINEL', 'masters')) as string[][];
        const fields = new Map<string, string>();
        for (let at = 0; at + 1 < (master ?? []).length; at += 2) fields.set(master![at]!, master![at + 1]!);
        if (fields.get('num-slaves') !== '1' || fields.get('num-other-sentinels') !== '2') return false;
      }
      return true;
    });
    return lab;
  } catch (error) {
    await lab.stop();
    throw error;
  }
}


export interface ClusterShard {
  primary: RedisNode;
  replica: RedisNode;
}

export interface ClusterLab {
  readonly nodes: RedisNode[];
  /** "host:port,…" of every node: REDIS_CLUSTER_NODES. */
  readonly seedAddresses: string;
  /** The primary that owns `key`'s slot now, and its replica. */
  shardOf(key: string): Promise<ClusterShard>;
  /** Waits until `key`'s slot is served by a primary other than `former`, and every node agrees the cluster is ok. */
  awaitFailover(key: string, former: RedisNode): Promise<RedisNode>;
  /** Restarts a killed node (it rejoins from its nodes.conf, as a replica of whoever took its slots). */
  rejoin(node: RedisNode): Promise<void>;
  stop(): Promise<void>;
}

/** CLUSTER NODES of one node, parsed: id, address, flags, master id, slot ranges. */
async function clusterNodes(node: RedisNode): Promise<Array<{ id: string; port: number; flags: string[]; masterId: string; slots: string[] }>> {
  const text = String(await node.command('CLUSTER', 'NODES'));
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, masterId, , , , , ...slots] = line.split(' ');
      return { id: id!, port: Number(address!.split('@')[0]!.split(':')[1]), flags: flags!.split(','), masterId: masterId!, slots };
    });
}

const slotInRanges = (slot: number, ranges: string[]) =>
  ranges.some((range) => {
    const [low, high = low] = range.split('-').map(Number);
    return slot >= low! && slot <= high!;
  });

/**
 * Three primaries with a replica each (redis-cli --cluster create
 * --cluster-replicas 1). A replica takes over about 1 s after its primary
 * stops answering (cluster-node-timeout), whatever it missed meanwhile
 * (cluster-replica-validity-factor 0).
 */
export async function startClusterLab(): Promise<ClusterLab> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-cluster-lab-'));
  const clusterArgs = (port: number) => [
    ...dataArgs(port),
    '--cluster-enabled', 'yes',
    '--cluster-config-file', `nodes-${port}.conf`,
    '--cluster-node-timeout', '1000',
    '--cluster-replica-validity-factor', '0',
  ];
  const nodes: RedisNode[] = [];
  for (let index = 0; index < 6; index += 1) nodes.push(nodeOn(directory, clusterArgs, await freeClusterPort()));
  const byPort = (port: number) => nodes.find((node) => node.port === port);
  const clusterOk = async () => {
    for (const node of nodes) if (node.running() && !/cluster_state:ok/.test(String(await node.command('CLUSTER', 'INFO')))) return false;
    return true;
  };
  const lab: ClusterLab = {
    nodes,
    get seedAddresses() {
      return nodes.map((node) => node.address).join(',');
    },
    async shardOf(key) {
      const asker = nodes.find((node) => node.running())!;
      const slot = Number(await asker.command('CLUSTER', 'KEYSLOT', key));
      const view = await clusterNodes(asker);
      const owner = view.find((entry) => entry.flags.includes('master') && !entry.flags.includes('fail') && slotInRanges(slot, entry.slots));
      const follower = owner && view.find((entry) => entry.masterId === owner.id && !entry.flags.includes('fail'));
      const primary = owner && byPort(owner.port);
      const replica = follower && byPort(follower.port);
      if (!primary || !replica) throw new Error(`redis lab: no live primary and replica for slot ${slot}`);
      return { primary, replica };
    },
    async awaitFailover(key, former) {
      return pollUntil(
        `a replica to take over ${key}'s slot from ${former.address}`,
        async () => {
          const asker = nodes.find((node) => node.running() && node !== former)!;
          const slot = Number(await asker.command('CLUSTER', 'KEYSLOT', key));
          const owner = (await clusterNodes(asker)).find((entry) => entry.flags.includes('master') && !entry.flags.includes('fail') && slotInRanges(slot, entry.slots));
          if (!owner || owner.port === former.port || !(await clusterOk())) return null;
          return byPort(owner.port) ?? null;
        },
        60_000,
      );
    },
    async rejoin(node) {
      await node.start();
      await pollUntil(`${node.address} to rejoin as a replica`, async () => (await clusterOk()) && /master_link_status:up/.test(String(await node.command('INFO', 'replication'))));
    },
    async stop() {
      for (const node of nodes) {
        node.resume();
        await node.kill();
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
  try {
    for (const node of nodes) await node.start();
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((node) => node.address), '--cluster-replicas', '1', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    await pollUntil('cluster_state:ok on every node, each replica synced', async () => {
      if (!(await clusterOk())) return false;
      for (const node of nodes) {
        const info = String(await node.command('INFO', 'replication'));
        if (info.includes('role:slave') && !info.includes('master_link_status:up')) return false;
      }
      return true;
    });
    return lab;
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

/** Waits until `replica` has applied everything `primary` had when this was called (replication offsets). */
export async function awaitReplicaCaughtUp(primary: RedisNode, replica: RedisNode): Promise<void> {
  const offset = (info: string, field: string) => Number(new RegExp(`${field}:(\\d+)`).exec(info)?.[1] ?? -1);
  const target = offset(String(await primary.command('INFO', 'replication')), 'master_repl_offset');
  await pollUntil(`${replica.address} to reach offset ${target}`, async () => offset(String(await replica.command('INFO', 'replication')), 'slave_repl_offset') >= target);
}

/**
 * Holds `replica` back so that nothing `primary` writes from now on reaches
 * it: the replica is paused (SIGSTOP) and its link dropped by the primary
 * (CLIENT KILL TYPE replica). A pause alone is not enough: the primary keeps
 * sending, the kernel keeps the bytes in the paused replica's socket, and the
 * replica applies them once resumed, even after the primary died. Resume the
 * replica with `replica.resume()`; it then asks the primary to resync.
 */
export async function holdReplication(primary: RedisNode, replica: RedisNode): Promise<void> {
  replica.pause();
  await primary.command('CLIENT', 'KILL', 'TYPE', 'replica');
}
