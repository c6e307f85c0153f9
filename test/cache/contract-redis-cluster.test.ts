/**
 * The native store on a local three-node Redis Cluster (three redis-server
 * processes in cluster mode, started and stopped here in their own process
 * group): the same contract suite, so the Lua scripts' keys really share a
 * slot per namespace and the multi-key calls work across slots.
 * Skipped, loudly, when redis-server or redis-cli is not installed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { createRedisStore } from '@/lib/cache';
import { runCacheContract } from '@/lib/cache/testing';
import { realRedisHarnesses } from '../support/cache-stores/real-redis-harnesses';
import { freePort } from '../../scripts/lib/free-port';

const installed = ['redis-server', 'redis-cli'].every((tool) => spawnSync('which', [tool]).status === 0);
if (!installed) console.warn('\n!!! SKIPPING the Redis Cluster contract run: redis-server and redis-cli are not installed. !!!\n');

async function waitFor(check: () => boolean, what: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (check()) return;
    await sleep(100);
  }
  throw new Error(`the cluster did not come up: ${what}`);
}

describe.skipIf(!installed)('native Redis store on a three-node Redis Cluster', () => {
  let group: ChildProcess | undefined;
  let directory = '';
  let nodes: string[] = [];
  const harnesses = realRedisHarnesses('redis cluster', () => createRedisStore({ clusterNodes: nodes }));

  beforeAll(async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-cluster-'));
    const servers = ports
      .map((port) => `redis-server --port ${port} --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes-${port}.conf --save '' --appendonly no`)
      .join(' & ');
    // One process group for the three servers, stopped by its id in afterAll.
    group = spawn('bash', ['-c', `${servers} & wait`], { cwd: directory, detached: true, stdio: 'ignore' });
    const ping = (port: number) => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
    await waitFor(() => ports.every(ping), 'the three servers answer');
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    const state = (port: number) => spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes('cluster_state:ok');
    await waitFor(() => ports.every(state), 'cluster_state:ok on every node');
    nodes = ports.map((port) => `redis://127.0.0.1:${port}`);
  }, 60_000);

  afterAll(async () => {
    await harnesses.stop();
    if (group?.pid) process.kill(-group.pid, 'SIGKILL');
    fs.rmSync(directory, { recursive: true, force: true });
  });

  runCacheContract('redis cluster', () => harnesses.create());
});
