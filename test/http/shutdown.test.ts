/**
 * Graceful shutdown of the production build, as `npm start` runs it: on
 * SIGTERM a request in flight finishes, then each worker closes its database
 * pool (its connections leave pg_stat_activity), its Redis client (it leaves
 * CLIENT LIST) and its background work, and the server exits 0. Before, the
 * shutdown looked for the services under a global name nothing wrote any
 * more: the pool and the client were never closed, and the log said they were.
 * And a worker that dies is replaced.
 *
 * The request is held in flight deterministically: the test locks the
 * products table, and releases it only once SIGTERM has been sent.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { products } from '@/db/schema';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { eventually } from '../faults/fault-rig';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the shutdown suite');
const skip = !servicesUp || !built;
const DATABASE = 'catalog_shutdown';

/** The worker processes below `pid` (the primary), from /proc. */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
}

describe.skipIf(skip)('shutting the production build down', () => {
  const servers: NextServer[] = [];
  const redis = new Redis(TEST_REDIS_URL);
  let admin: postgres.Sql;
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    redis.disconnect();
    await admin?.end({ timeout: 5 });
  });

  async function start(workers: number) {
    const databaseUrl = await ensureOwnDatabase(DATABASE);
    const direct = await openDatabase({ url: databaseUrl, maxConnections: 1 });
    await direct.db.execute(sql`truncate table products, cache_invalidations restart identity`);
    await direct.db.insert(products).values([{ title: 'Shutdown Sorrel', price: '1.00' }]);
    await direct.close();
    admin ??= postgres(databaseUrl, { max: 2, onnotice: () => {} });
    const prefix = `shutdown-${randomUUID().slice(0, 8)}`;
    const server = await startNextServer(undefined, { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, CACHE_PREFIX: prefix, WEB_CONCURRENCY: String(workers) });
    servers.push(server);
    return { server, prefix };
  }

  const appConnections = async () =>
    Number((await admin`select count(*) as count from pg_stat_activity where datname = ${DATABASE} and application_name = 'catalog'`)[0]!.count);
  const redisClients = async (prefix: string) =>
    ((await redis.client('LIST')) as string).split('\n').filter((line) => line.includes(`name=catalog:${prefix} `)).length;

  it('lets a request in flight finish, then closes the pool, the Redis client and the sweep, and exits 0', async () => {
    const { server, prefix } = await start(2);
    expect((await fetch(server.url)).status).toBe(200);
    expect(await appConnections()).toBeGreaterThan(0);
    expect(await redisClients(prefix)).toBeGreaterThan(0);

    // Hold a page that needs the database: the table is locked until SIGTERM has been sent.
    let release!: () => void;
    const unlocked = new Promise<void>((resolve) => (release = resolve));
    const locking = admin.begin(async (tx) => {
      await tx`lock table products in access exclusive mode`;
      await unlocked;
    });
    const slow = fetch(`${server.url}/?q=sorrel`).then(async (response) => ({ status: response.status, body: await response.text() }));
    // The request is in flight once its query waits on the lock.
    expect(
      await eventually(async () => Number((await admin`select count(*) as count from pg_stat_activity where datname = ${DATABASE} and application_name = 'catalog' and wait_event_type = 'Lock'`)[0]!.count) > 0),
    ).toBe(true);

    process.kill(-server.pid, 'SIGTERM');
    await sleep(300); // let SIGTERM reach the workers; the request must still be waiting
    release();
    await locking;
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Shutdown Sorrel');

    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('Closed the HTTP server, the background work, the database pool and the cache client.');
    expect(await eventually(async () => (await appConnections()) === 0)).toBe(true);
    expect(await redisClients(prefix)).toBe(0);
  }, 90_000);

  it('replaces a worker that dies', async () => {
    const { server } = await start(2);
    const [first] = childrenOf(server.pid);
    expect(first).toBeDefined();
    process.kill(first!, 'SIGKILL');
    expect(await eventually(async () => childrenOf(server.pid).length === 2 && !childrenOf(server.pid).includes(first!), 30_000)).toBe(true);
    expect(server.output()).toMatch(/worker \d+ died \(SIGKILL\); starting another/);
    expect((await fetch(server.url)).status).toBe(200);
  }, 90_000);
});
