/**
 * npm run cache against the real Redis, as a developer runs it: a child
 * process with the app's environment (REDIS_URL and a prefix of its own).
 * keys and clear must stay inside the prefix: a key planted beside it survives.
 * The README's own examples are run too, in order, through npm, on a fresh prefix.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
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

async function run(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', ...env },
    });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr.trim() };
  }
}

const cli = (args: string[], env: Record<string, string> = { REDIS_URL: TEST_REDIS_URL, CACHE_PREFIX: prefix }) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/cache-cli.ts', ...args], env);

/** The README's terminal examples (section "Dev overlay"): each command line, and what it says it prints. */
function readmeExamples(): { line: string; prints?: string }[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Dev overlay'), readme.indexOf('\n## ', readme.indexOf('## Dev overlay') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('npm run -s cache -- '))
    .map((line) => {
      const [command, comment = ''] = line.split(/\s+# /);
      // "# prints 11 — a note": what the shell prints, then (after a dash) what it means.
      const prints = /^prints (.+?)(?: — .*)?$/.exec(comment)?.[1];
      return { line: command!.trim(), prints };
    });
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
    expect(await cli(['touch', 'my_key', 'none'])).toMatchObject({ code: 0, stdout: 'True' });
    expect(await cli(['ttl', 'my_key'])).toMatchObject({ stdout: 'None' });
    expect(await cli(['get', 'absent', 'has expired'])).toMatchObject({ code: 0, stdout: "'has expired'" });
    expect(await cli(['has-key', 'absent'])).toMatchObject({ stdout: 'False' });
    // What the app would read: the same stored key, in the same encoding.
    expect(await redis.get(`${prefix}:1:my_key`)).toContain('hello, world!');
  }, 60_000);

  it("touch takes Django's TIMEOUT (touch KEY 5), not only --ttl", async () => {
    await cli(['set', 'short', 'lived', '120']);
    expect(await cli(['touch', 'short', '5'])).toMatchObject({ code: 0, stdout: 'True' });
    const ttl = Number((await cli(['ttl', 'short'])).stdout);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5);
    expect(await cli(['touch', 'short', 'soon'])).toMatchObject({ code: 2, stderr: expect.stringContaining('touch: TIMEOUT must be a number of seconds or "none", got soon') });
    expect(await cli(['touch', 'short', '5', '--ttl', '9'])).toMatchObject({ code: 2, stderr: expect.stringContaining('give the timeout once') });
  }, 60_000);

  it('incr and decr count; a missing key is an error with exit status 1 that says what to do, a bad DELTA is refused', async () => {
    await cli(['set', 'num', '1']);
    expect(await cli(['incr', 'num'])).toMatchObject({ code: 0, stdout: '2' });
    expect(await cli(['incr', 'num', '10'])).toMatchObject({ stdout: '12' });
    expect(await cli(['decr', 'num', '5'])).toMatchObject({ stdout: '7' });
    const missing = await cli(['incr', 'nope', '10']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr.split('\n')).toEqual(["ValueError: Key 'nope' not found", "incr changes an existing integer, as Django's does; set it first: npm run -s cache -- set nope 0"]);
    expect(await cli(['incr', 'num', 'ten'])).toMatchObject({ code: 2, stderr: expect.stringContaining('incr: DELTA must be a whole number, got ten') });
    expect(await cli(['get', 'num'])).toMatchObject({ stdout: '7' });
  }, 60_000);

  it('refuses an argument a command does not take instead of ignoring it', async () => {
    expect(await cli(['get', 'num', 'default', 'extra'])).toMatchObject({ code: 2, stderr: expect.stringContaining('get takes KEY [DEFAULT], got 3 arguments') });
    expect(await cli(['set', 'k', 'hello', 'world'])).toMatchObject({ code: 2, stderr: expect.stringContaining('set: TIMEOUT must be a number') });
    expect(await cli(['keys', 'k'])).toMatchObject({ code: 2, stderr: expect.stringContaining('keys takes no arguments') });
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
    expect(await cli(['set', 'only-a-key'])).toMatchObject({ code: 2, stderr: expect.stringContaining('set takes KEY VALUE [TIMEOUT]') });
    expect(await cli(['set', 'k', 'v', '--ttl', 'soon'])).toMatchObject({ code: 2, stderr: expect.stringContaining('set: TIMEOUT must be a number') });
    expect(await cli(['get', 'k'], { CACHE_PREFIX: prefix })).toMatchObject({ code: 1, stderr: expect.stringContaining('No Redis configured') });
    expect(await cli(['get', 'k'], { REDIS_URL: 'redis://127.0.0.1:1', CACHE_PREFIX: prefix })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Cannot reach the cache store (redis)'),
    });
  }, 60_000);

  it("the README's examples run in order on a fresh cache, through npm with no banner, and print what they say", async () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const fresh = `${prefix}-readme`;
    for (const { line, prints } of examples) {
      const result = await run('sh', ['-c', line], { REDIS_URL: TEST_REDIS_URL, CACHE_PREFIX: fresh });
      expect(result, line).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout, line).not.toMatch(/^> /m); // npm's banner: "> trusted-cache-catalog@0.1.0 cache"
      if (prints !== undefined) expect(result.stdout, line).toBe(prints);
    }
    // The last example clears the prefix: nothing of the run is left.
    expect(await redis.keys(`${fresh}:*`)).toEqual([]);
  }, 180_000);
});
