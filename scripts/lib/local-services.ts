/**
 * Where the local PostgreSQL and Redis are (TEST_DATABASE_URL, TEST_REDIS_URL), and
 * whether they answer: for the tests, the stress checker and the benchmarks.
 *
 * Suites that need them run against them when they answer. When they do not,
 * the suites fall back to PGlite / the in-memory store and say so loudly;
 * with REQUIRE_SERVICES=1 (set by .ci/run) an unreachable service is an error,
 * so a green CI run always means the real services were exercised.
 */
import net from 'node:net';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export const servicesRequired = process.env.REQUIRE_SERVICES === '1';

function hostAndPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port) || defaultPort };
}

function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const announced = new Set<string>();

async function detect(name: string, url: string, defaultPort: number, fallback: string): Promise<boolean> {
  const { host, port } = hostAndPort(url, defaultPort);
  const reachable = await canConnect(host, port);
  if (!reachable) {
    const message = `${name} is not reachable at ${host}:${port}`;
    if (servicesRequired) throw new Error(`${message}, and REQUIRE_SERVICES=1 forbids skipping it.`);
    if (!announced.has(name)) {
      announced.add(name);
      console.warn(`\n!!! ${message}: SKIPPING the ${name} runs; only ${fallback} is tested. !!!\n`);
    }
  }
  return reachable;
}

/** True when real PostgreSQL answers; throws under REQUIRE_SERVICES=1 when it does not. */
export function postgresReachable(): Promise<boolean> {
  return detect('PostgreSQL', TEST_DATABASE_URL, 5432, 'PGlite');
}

/** True when real Redis answers; throws under REQUIRE_SERVICES=1 when it does not. */
export function redisReachable(): Promise<boolean> {
  return detect('Redis', TEST_REDIS_URL, 6379, 'the in-memory store');
}
