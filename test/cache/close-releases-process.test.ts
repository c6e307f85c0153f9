/**
 * close() releases what the native Redis store holds, so a process whose caches
 * are closed can exit by itself, even when the circuit breaker is open because
 * Redis is down (ioredis would otherwise reconnect forever). A closed cache
 * still works when used again, as Django's caches do after close().
 *
 * The child gets a generous deadline: it is a watchdog for a process that
 * never exits, not a measurement.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniquePrefix } from '@/lib/cache/testing';
import { redisReachable, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { freePort } from '../../scripts/lib/free-port';

const reachable = await redisReachable();
const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(import.meta.dirname, 'fixtures/use-close-and-exit.ts');
const WATCHDOG_MS = 40_000;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  killedByWatchdog: boolean;
}

function runToExit(args: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedByWatchdog = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const watchdog = setTimeout(() => {
      killedByWatchdog = true;
      child.kill('SIGKILL');
    }, WATCHDOG_MS);
    child.on('exit', (code) => {
      clearTimeout(watchdog);
      resolve({ code, stdout, stderr, killedByWatchdog });
    });
  });
}

describe.skipIf(!reachable)('close() on the native Redis store', () => {
  it('lets the process exit by itself once its caches are closed, the circuit open or not; a closed cache still works', async () => {
    const downUrl = `redis://127.0.0.1:${await freePort()}`;
    const exit = await runToExit([TEST_REDIS_URL, downUrl, uniquePrefix()]);
    expect({ killedByWatchdog: exit.killedByWatchdog, code: exit.code, stderr: exit.stderr }).toEqual({ killedByWatchdog: false, code: 0, stderr: '' });
    expect(JSON.parse(exit.stdout)).toEqual({ readAfterClose: 'before close', cleared: 1, circuitWhenClosed: 'open' });
  }, WATCHDOG_MS + 10_000);
});
