/**
 * npm run cache against the real Redis, as a developer runs it: a child
 * process with the app's environment (REDIS_URL and a prefix of its own).
 * keys and clear must stay inside the prefix: a key planted beside it survives.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisReachable, TEST_REDIS_URL } from './lib/local-services';

const reachable = await redisReachable();
const ROOT = path.resolve(import.meta.dirname, '..');
const prefix = `cli-${randomUUID().slice(0, 8)}`;
const neighbour = `${prefix}-neighbour:1:my_key`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = { REDIS_URL: TEST_REDIS_URL, CACHE_PREFIX: prefix }): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/cache-cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', ...env },
    });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr.trim() };
  }
}

describe.skipIf(!reachable)('npm run cache, against real Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    await redis.set(neighbour, 'not ours');
  });
  afterAll(async () => {
    await redis.del(neighbour);
    const leftovers = await redis.keys(`${prefix}:*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    await redis.quit();
  });

  it('set, get, ttl, touch and has-key, printed as the Django shell prints', async () => {
    expect(await cli(['set', 'my_key', 'hello, world!', '--ttl', '120'])).toMatchObject({ code: 0, stdout: '' });
    expect(await cli(['get', 'my_key'])).toMatchObject({ code: 0, stdout: "'hello, world!'" });
    const ttl = Number((await cli(['ttl', 'my_key'])).stdout);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await cli(['touch', 'my_key', '--ttl', 'none'])).toMatchObject({ code: 0, stdout: 'True' });
    expect(await cli(['ttl', 'my_key'])).toMatchObject({ stdout: 'None' });
    expect(await cli(['get', 'absent', 'has expired'])).toMatchObject({ code: 0, stdout: "'has expired'" });
    expect(await cli(['has-key', 'absent'])).toMatchObject({ stdout: 'False' });
    // What the app would read: the same stored key, in the same encoding.
    expect(await redis.get(`${prefix}:1:my_key`)).toContain('hello, world!');
  }, 60_000);

  it('incr and decr count; a missing key is an error with exit status 1', async () => {
    await cli(['set', 'num', '1']);
    expect(await cli(['incr', 'num'])).toMatchObject({ code: 0, stdout: '2' });
    expect(await cli(['incr', 'num', '10'])).toMatchObject({ stdout: '12' });
    expect(await cli(['decr', 'num', '5'])).toMatchObject({ stdout: '7' });
    expect(await cli(['incr', 'nope'])).toMatchObject({ code: 1, stderr: "ValueError: Key 'nope' not found" });
  }, 60_000);

  it('get-many, delete, versions', async () => {
    await cli(['set', 'a', '1']);
    await cli(['set', 'b', "{'x': [1, 2]}"]);
    expect(await cli(['get-many', 'a', 'b', 'zzz'])).toMatchObject({ stdout: "{'a': 1, 'b': {'x': [1, 2]}}" });
    await cli(['set', 'a', 'two', '--version', '2']);
    expect(await cli(['get', 'a', '--version', '2'])).toMatchObject({ stdout: "'two'" });
    expect(await cli(['delete', 'a'])).toMatchObject({ stdout: 'True' });
    expect(await cli(['delete', 'a', 'b'])).toMatchObject({ code: 0, stdout: '' });
    expect(await cli(['get-many', 'a', 'b'])).toMatchObject({ stdout: '{}' });
  }, 60_000);

  it('keys and clear see only the app prefix', async () => {
    const keys = await cli(['keys']);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toContain(`'${prefix}:1:my_key'`);
    expect(keys.stdout).toContain(`'${prefix}:2:a'`);
    expect(keys.stdout).not.toContain('neighbour');
    expect(await cli(['clear'])).toMatchObject({ code: 0 });
    expect(await cli(['keys'])).toMatchObject({ stdout: '[]' });
    expect(await redis.get(neighbour)).toBe('not ours');
  }, 60_000);

  it('explains bad usage (exit 2) and a cache it cannot see (exit 1)', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
    expect(await cli(['set', 'only-a-key'])).toMatchObject({ code: 2, stderr: expect.stringContaining('set needs a key and a value') });
    expect(await cli(['set', 'k', 'v', '--ttl', 'soon'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--ttl must be a number') });
    expect(await cli(['get', 'k'], { CACHE_PREFIX: prefix })).toMatchObject({ code: 1, stderr: expect.stringContaining('No Redis configured') });
    expect(await cli(['get', 'k'], { REDIS_URL: 'redis://127.0.0.1:1', CACHE_PREFIX: prefix })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Cannot reach the cache store (redis)'),
    });
  }, 60_000);
});
