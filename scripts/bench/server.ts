/**
 * Starts the standalone production server for a benchmark and loads it
 * (load-generator.ts); reports requests/s and latency percentiles, and the
 * server's CPU time and peak resident memory (VmHWM) read from /proc.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadOnce, type RunResult } from './load-generator';
import { median } from './stats';

export interface BenchServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `npm start`'s entry of the checkout at `root` (default: this one) on `port`; `env` may set the sign-in secrets (random otherwise). */
export async function startServer(port: number, env: Record<string, string>, root = process.cwd()): Promise<BenchServer> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ...env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 30_000;
  while (!(await fetch(`${url}/api/health`).then((response) => response.ok, () => false))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the server on port ${port} did not become healthy (exit code ${child.exitCode}); is the port taken?`);
    }
    await sleep(100);
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A process and every process below it (the cluster's workers, their Next servers), from /proc. */
function processTree(pid: number): number[] {
  const children = fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return [pid, ...children.flatMap(processTree)];
}

/** Peak resident set size so far (VmHWM) of a server, summed over its processes, in MB (Linux). */
export function peakRssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  let kb = 0;
  for (const member of processTree(pid)) {
    try {
      kb += Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // it exited meanwhile
    }
  }
  return kb / 1024;
}

export interface LoadResult extends RunResult {
  /** Requests answered over all runs. */
  requests: number;
}

/** Median of `runs` load runs against one URL (wrk, else autocannon: load-generator.ts). */
export async function load(url: string, options: { runs: number; seconds: number; connections: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const results: RunResult[] = [];
  for (let run = 0; run < options.runs; run += 1) results.push(await loadOnce(url, options.connections, options.seconds, options.headers));
  return {
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p50: median(results.map((result) => result.p50)),
    p99: median(results.map((result) => result.p99)),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    requests: results.reduce((sum, result) => sum + result.requestsPerSecond * options.seconds, 0),
  };
}

/** CPU time (user + system) used so far by a server's processes together, in ms (Linux /proc). */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${member}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // it exited meanwhile
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}
