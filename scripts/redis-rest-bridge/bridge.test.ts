/**
 * The bridge against real Redis, driven mostly through the real
 * `@upstash/redis` client with its defaults (base64 responses,
 * auto-pipelining), because matching what that client sends and expects is
 * the bridge's whole job. Raw fetch covers what the client never does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { describe, it, expect, beforeAll, afterAll, beforeEach, vi, type MockInstance } from 'vitest';
import IORedis from 'ioredis';
import { Redis } from '@upstash/redis';
import { redisReachable, TEST_REDIS_URL } from '../lib/local-services';
import { startBridge, MAX_BODY_BYTES, type Bridge } from './server';

const reachable = await redisReachable();

/** Paths and bodies of the client's requests, to check where it sends what. */
function requestsSeen(spy: MockInstance<typeof fetch>): { path: string; body: unknown }[] {
  return spy.mock.calls.map(([input, init]) => ({
    path: new URL(String(input)).pathname,
    body: JSON.parse(String((init as RequestInit).body)),
  }));
}

describe.skipIf(!reachable)('Upstash REST bridge against real Redis', () => {
  const prefix = `bridge-test:${randomUUID()}:`;
  const key = (name: string) => prefix + name;
  const token = randomBytes(16).toString('hex');
  let bridge: Bridge;
  let redis: Redis;
  let direct: IORedis;
  // Installed in beforeAll, not here, so a skipped suite leaves fetch alone.
  let fetchSpy: MockInstance<typeof fetch>;

  /** Raw request to the bridge, bypassing the client. */
  async function raw(path: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(bridge.url + path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  }

  beforeAll(async () => {
    bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token, port: 0 });
    redis = new Redis({ url: bridge.url, token });
    direct = new IORedis(TEST_REDIS_URL);
    fetchSpy = vi.spyOn(globalThis, 'fetch');
  });

  beforeEach(() => {
    fetchSpy.mockClear();
  });

  afterAll(async () => {
    fetchSpy?.mockRestore();
    if (direct) {
      const keys = await direct.keys(`${prefix}*`);
      if (keys.length) await direct.del(...keys);
      await direct.quit();
    }
    await bridge?.close();
  });

  it('binds to 127.0.0.1 on a free port', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}`);
    expect(bridge.port).toBeGreaterThan(0);
  });

  it('round-trips strings the base64 decoding used to garble, unicode and JSON', async () => {
    const exact = new Redis({ url: bridge.url, token, automaticDeserialization: false });
    const values = { digits: '1234', hello: 'hello', unicode: 'ünïcødé ✓' };
    for (const [name, value] of Object.entries(values)) {
      expect(await redis.set(key(name), value)).toBe('OK');
      expect(await exact.get(key(name))).toBe(value);
      expect(await direct.get(key(name))).toBe(value);
    }
    // The default client JSON-parses what it reads, so "1234" comes back as a number.
    expect(await redis.get(key('digits'))).toBe(1234);
    expect(await redis.get(key('unicode'))).toBe('ünïcødé ✓');

    const object = { id: 7, name: 'Ünïcode ✓', tags: ['a', 'b'], nested: { ok: true, none: null } };
    await redis.set(key('json'), object);
    expect(await redis.get(key('json'))).toEqual(object);
    expect(JSON.parse((await direct.get(key('json')))!)).toEqual(object);
  });

  it('returns null for a missing key', async () => {
    expect(await redis.get(key('missing'))).toBeNull();
  });

  it('keeps binary values intact under base64', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a]);
    await direct.set(key('binary'), bytes);
    const { status, json } = await raw('/', ['GET', key('binary')], { 'Upstash-Encoding': 'base64' });
    expect(status).toBe(200);
    expect(json).toEqual({ result: bytes.toString('base64') });
  });

  it('serves concurrent client calls through one auto-pipelined /pipeline request', async () => {
    await Promise.all([redis.set(key('p1'), 'one'), redis.set(key('p2'), 'two'), redis.set(key('p3'), 'three')]);
    fetchSpy.mockClear();
    const values = await Promise.all([redis.get(key('p1')), redis.get(key('p2')), redis.get(key('p3')), redis.get(key('nope'))]);
    expect(values).toEqual(['one', 'two', 'three', null]);
    const seen = requestsSeen(fetchSpy);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/pipeline');
    expect(seen[0]!.body).toEqual([
      ['get', key('p1')],
      ['get', key('p2')],
      ['get', key('p3')],
      ['get', key('nope')],
    ]);
  });

  it('runs an explicit pipeline', async () => {
    const results = await redis.pipeline().set(key('pl'), 'v').get(key('pl')).incr(key('pl-n')).incr(key('pl-n')).exec();
    expect(results).toEqual(['OK', 'v', 1, 2]);
    expect(requestsSeen(fetchSpy).map((r) => r.path)).toEqual(['/pipeline']);
  });

  it('runs multi() as a transaction on /multi-exec', async () => {
    const results = await redis.multi().set(key('tx'), 'a').append(key('tx'), 'b').get(key('tx')).exec();
    expect(results).toEqual(['OK', 2, 'ab']);
    expect(requestsSeen(fetchSpy).map((r) => r.path)).toEqual(['/multi-exec']);
  });

  it('reports a run-time error inside a transaction per command, and the rest still applies', async () => {
    await redis.set(key('tx-str'), 'hello');
    const results = await redis.multi().incr(key('tx-str')).set(key('tx-after'), 'applied').exec({ keepErrors: true });
    expect(results[0]!.error).toMatch(/not an integer/);
    expect(results[1]).toEqual({ error: undefined, result: 'OK' });
    expect(await direct.get(key('tx-after'))).toBe('applied');
  });

  it('answers 400 EXECABORT when Redis refuses to queue a command, and runs nothing', async () => {
    const { status, json } = await raw('/multi-exec', [
      ['SET', key('abort'), 'x'],
      ['SET', key('abort')],
    ]);
    expect(status).toBe(400);
    expect((json as { error: string }).error).toMatch(/^EXECABORT.*wrong number of arguments/);
    expect(await direct.exists(key('abort'))).toBe(0);
  });

  it('handles hset/hgetall, which ioredis would reshape if sent lower-case', async () => {
    expect(await redis.hset(key('hash'), { name: 'Ada', city: 'Zürich', n: 3 })).toBe(3);
    expect(await redis.hgetall(key('hash'))).toEqual({ name: 'Ada', city: 'Zürich', n: 3 });
    // hgetall is one of the commands the client never auto-pipelines.
    expect(requestsSeen(fetchSpy).map((r) => r.path)).toContain('/');
  });

  it('handles incr, expire/ttl and del', async () => {
    expect(await redis.incr(key('counter'))).toBe(1);
    expect(await redis.incr(key('counter'))).toBe(2);
    expect(await redis.expire(key('counter'), 100)).toBe(1);
    const ttl = await redis.ttl(key('counter'));
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await redis.ttl(key('missing'))).toBe(-2);
    expect(await redis.del(key('counter'), key('missing'))).toBe(1);
    expect(await redis.exists(key('counter'))).toBe(0);
  });

  it('scans with a match pattern', async () => {
    await Promise.all([1, 2, 3].map((i) => redis.set(key(`scan:${i}`), i)));
    await redis.set(key('other'), 'x');
    const found: string[] = [];
    let cursor: string | number = 0;
    do {
      const [next, keys]: [string | number, string[]] = await redis.scan(cursor, { match: key('scan:*'), count: 1000 });
      found.push(...keys);
      cursor = next;
    } while (String(cursor) !== '0');
    expect(found.sort()).toEqual([key('scan:1'), key('scan:2'), key('scan:3')]);
  });

  it('evaluates Lua returning nested arrays and numbers', async () => {
    await redis.set(key('lua'), 'stored');
    const script = 'return {redis.call("GET", KEYS[1]), ARGV[1], 42, {"inner", 7}}';
    expect(await redis.eval(script, [key('lua')], ['ünï'])).toEqual(['stored', 'ünï', 42, ['inner', 7]]);
    expect(await redis.eval('return tonumber(ARGV[1]) * 2', [], [21])).toBe(42);
  });

  it('surfaces Redis errors as client errors', async () => {
    await redis.set(key('not-a-number'), 'hello');
    await expect(redis.incr(key('not-a-number'))).rejects.toThrow(/not an integer/);
    await expect(redis.eval('return redis.call("NOPE")', [], [])).rejects.toThrow(/Unknown Redis command|unknown command/i);
    const { status, json } = await raw('/', ['INCR', key('not-a-number')]);
    expect(status).toBe(400);
    expect(json).toEqual({ error: 'ERR value is not an integer or out of range' });
  });

  it('returns per-command errors in a raw pipeline with status 200', async () => {
    await direct.set(key('pipe-str'), 'x');
    const { status, json } = await raw('/pipeline', [
      ['INCR', key('pipe-str')],
      ['GET', key('pipe-str')],
    ]);
    expect(status).toBe(200);
    expect(json).toEqual([{ error: 'ERR value is not an integer or out of range' }, { result: 'x' }]);
  });

  it('rejects a missing or wrong token on every path', async () => {
    const paths = ['/', '/pipeline', '/multi-exec', `/get/${key('x')}`];
    for (const path of paths) {
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token, 'Bearer ']) {
        const res = await fetch(bridge.url + path, {
          method: 'POST',
          headers: authorization === undefined ? {} : { Authorization: authorization },
          body: JSON.stringify(path === '/' ? ['GET', key('x')] : [['GET', key('x')]]),
        });
        expect(res.status, `${path} with ${authorization}`).toBe(401);
        expect(await res.json()).toEqual({ error: 'Unauthorized' });
      }
    }
  });

  it('returns plain strings without the base64 header, base64 with it', async () => {
    await direct.hset(key('plain'), 'f', 'ünï ✓');
    await direct.set(key('plain-s'), 'OK');
    const command = ['HGETALL', key('plain')];
    expect(await raw('/', command)).toEqual({ status: 200, json: { result: ['f', 'ünï ✓'] } });
    expect(await raw('/', command, { 'Upstash-Encoding': 'base64' })).toEqual({
      status: 200,
      json: { result: [Buffer.from('f').toString('base64'), Buffer.from('ünï ✓').toString('base64')] },
    });
    expect(await raw('/pipeline', [['SET', key('plain-s'), 'OK'], ['INCR', key('plain-n')], ['GET', key('nope')]], { 'Upstash-Encoding': 'base64' })).toEqual({
      status: 200,
      json: [{ result: 'OK' }, { result: 1 }, { result: null }],
    });
  });

  it('answers the URL form /set/k/v and /get/k', async () => {
    const get = (path: string) => fetch(bridge.url + path, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json());
    expect(await get(`/set/${encodeURIComponent(key('url'))}/hello%20there`)).toEqual({ result: 'OK' });
    expect(await get(`/get/${encodeURIComponent(key('url'))}`)).toEqual({ result: 'hello there' });
  });

  it('answers malformed JSON and non-commands with 400 and a reason', async () => {
    for (const path of ['/', '/pipeline', '/multi-exec']) {
      const { status, json } = await raw(path, '["GET", ');
      expect(status).toBe(400);
      expect((json as { error: string }).error).toMatch(/malformed JSON body/);
    }
    expect((await raw('/', { command: 'GET' })).status).toBe(400);
    expect((await raw('/pipeline', ['GET', 'x'])).status).toBe(400);
    expect((await raw('/', ['SELECT', '2'])).json).toEqual({
      error: "ERR command 'SELECT' is not supported by the REST bridge (it would change the shared connection)",
    });
  });

  it('rejects bodies over the size limit with 413', async () => {
    const huge = JSON.stringify(['SET', key('huge'), 'x'.repeat(MAX_BODY_BYTES)]);
    const { status, json } = await raw('/', huge);
    expect(status).toBe(413);
    expect((json as { error: string }).error).toMatch(/larger than/);
    expect(await direct.exists(key('huge'))).toBe(0);
    // The bridge still serves afterwards.
    expect((await raw('/', ['PING'])).json).toEqual({ result: 'PONG' });
  });
});

/** A port nothing listens on: bind one, then free it. */
async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Needs no Redis: it is about Redis being absent.
describe('Upstash REST bridge without Redis', () => {
  it('answers 503 quickly instead of hanging, and keeps serving', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const token = 'no-redis-token';
    const bridge = await startBridge({ redisUrl: `redis://127.0.0.1:${await unusedPort()}`, token });
    try {
      for (const [path, body] of [
        ['/', ['GET', 'k']],
        ['/pipeline', [['GET', 'k']]],
        ['/multi-exec', [['GET', 'k']]],
      ] as const) {
        const started = performance.now();
        const res = await fetch(bridge.url + path, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        const elapsed = performance.now() - started;
        expect(res.status, path).toBe(503);
        expect(((await res.json()) as { error: string }).error).toMatch(/Redis is unavailable/);
        expect(elapsed, path).toBeLessThan(5000);
      }
      // The token is still checked first.
      expect((await fetch(bridge.url, { method: 'POST', body: '["GET","k"]' })).status).toBe(401);
    } finally {
      await bridge.close();
      warn.mockRestore();
    }
  });

  it('closes promptly while a client holds a request half-sent', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bridge = await startBridge({ redisUrl: `redis://127.0.0.1:${await unusedPort()}`, token: 't' });
    // A request whose body never finishes keeps its socket busy, which
    // server.close() alone would wait on until Node's request timeout.
    const socket = net.connect(bridge.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => {});
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Length: 100\r\n\r\n["GET"');
    await sleep(50);
    const started = performance.now();
    await bridge.close();
    expect(performance.now() - started).toBeLessThan(1000);
    socket.destroy();
    warn.mockRestore();
  });
});
