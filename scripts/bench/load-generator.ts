/**
 * One load run against a URL: wrk when it is installed (`apt-get install wrk`;
 * written in C, it leaves the two cores to the server), else autocannon (in
 * this Node process, which on a 2-core machine takes much of one core at high
 * request rates). BENCH_LOAD_GENERATOR=autocannon forces the latter.
 */
import { execFileSync, spawn } from 'node:child_process';
import autocannon from 'autocannon';

export interface RunResult {
  requestsPerSecond: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
  non2xx: number;
}

function wrkInstalled(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version prints its banner and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export const loadGenerator: 'wrk' | 'autocannon' = process.env.BENCH_LOAD_GENERATOR === 'autocannon' || !wrkInstalled() ? 'autocannon' : 'wrk';

/** wrk's durations: "812.00us", "1.23ms", "2.01s" → ms. */
function wrkMs(text: string): number {
  const match = /([\d.]+)(us|ms|s|m)/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 'ms' ? value : match[2] === 's' ? value * 1000 : value * 60_000;
}

function runWrk(url: string, connections: number, seconds: number, headers: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // One thread: enough for tens of thousands of requests a second, and one less competitor for the cores.
    const headerArguments = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headerArguments, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
      if (code !== 0 || !rate) return reject(new Error(`wrk failed (exit ${code}):\n${output}`));
      resolve({
        requestsPerSecond: Number(rate[1]),
        p50: wrkMs(/\s50%\s+(\S+)/.exec(output)?.[1] ?? ''),
        p99: wrkMs(/\s99%\s+(\S+)/.exec(output)?.[1] ?? ''),
        non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
      });
    });
  });
}

async function runAutocannon(url: string, connections: number, seconds: number, headers: Record<string, string>): Promise<RunResult> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}

/** Loads `url` with `connections` concurrent connections for `seconds`, each request with `headers`. */
export function loadOnce(url: string, connections: number, seconds: number, headers: Record<string, string> = {}): Promise<RunResult> {
  return loadGenerator === 'wrk' ? runWrk(url, connections, seconds, headers) : runAutocannon(url, connections, seconds, headers);
}
