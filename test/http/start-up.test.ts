/**
 * What an operator meets when starting and restarting the production build
 * (`npm start`): settings that fail stop the server once, with their message,
 * instead of a worker crash loop; a database that does not exist is the 503
 * page, not "something went wrong"; and a changed admin password ends the
 * sessions made under the old one.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { ensureOwnDatabase, siblingDatabaseUrl } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { freePort } from '../../scripts/lib/free-port';
import { hiddenFields } from '../support/html-forms';
import { requestFrom } from '../support/other-client';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the start-up suite');
const skip = !servicesUp || !built;
if (skip) console.warn('\n!!! SKIPPING the start-up suite: it needs a production build, Redis and PostgreSQL. !!!\n');

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `npm start`'s entry to its end (or kills its group after limitMs); its exit code and output. */
function runToExit(env: Record<string, string>, limitMs: number): Promise<{ code: number | null; output: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', HOSTNAME: '127.0.0.1', ...env },
    });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      killed = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, killed });
    });
  });
}

describe.skipIf(skip)('starting the production build', () => {
  const servers: NextServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('stops once, non-zero, with the settings message, when a required setting is missing (two workers)', async () => {
    const run = await runToExit(
      { DATABASE_URL: siblingDatabaseUrl('catalog_http'), REDIS_URL: TEST_REDIS_URL, PORT: String(await freePort()), WEB_CONCURRENCY: '2' },
      60_000,
    );
    expect(run.killed).toBe(false); // before: workers were replaced forever and the primary never exited
    expect(run.code).not.toBe(0);
    expect(run.output.match(/Invalid environment configuration/g)).toHaveLength(1);
    expect(run.output).toContain('ADMIN_PASSWORD');
    expect(run.output).toContain('SESSION_SECRET');
    expect(run.output).not.toMatch(/starting another/);
  });

  it('answers 503 "unavailable" when the database it names does not exist', async () => {
    const server = await startNextServer(await freePort(), {
      DATABASE_URL: siblingDatabaseUrl(`missing_${randomUUID().slice(0, 8).replace(/-/g, '')}`),
      REDIS_URL: TEST_REDIS_URL,
      CACHE_PREFIX: `startup-${randomUUID().slice(0, 8)}`,
      WEB_CONCURRENCY: '1',
    });
    servers.push(server);
    const page = await fetch(server.url);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Products are unavailable right now');
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'down', checks: { database: { error: 'database-missing' } } });
  });

  it('ends the sessions made under an admin password once the password is changed, and only then', async () => {
    const databaseUrl = await ensureOwnDatabase('catalog_http');
    const direct = await openDatabase({ url: databaseUrl, maxConnections: 1 });
    await direct.db.execute(sql`truncate table admin_sessions, sign_in_attempts`);
    await direct.close();
    const port = await freePort();
    const secret = randomBytes(32).toString('hex');
    const start = (password: string) =>
      startNextServer(port, { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, CACHE_PREFIX: `sessions-${randomUUID().slice(0, 8)}`, ADMIN_PASSWORD: password, SESSION_SECRET: secret, WEB_CONCURRENCY: '1' });
    const signedInAs = async (server: NextServer, cookie: string) => /Sign out/.test((await requestFrom('127.0.0.1', server.url, { headers: { cookie } })).body);

    let server = await start('first-password');
    const form = await requestFrom('127.0.0.1', `${server.url}/login`);
    const signedIn = await requestFrom('127.0.0.1', `${server.url}/login`, {
      fields: [...hiddenFields(form.body, 'sign-in-heading'), ['name', 'admin'], ['password', 'first-password']],
      headers: { origin: new URL(server.url).origin },
    });
    const cookie = signedIn.headers['set-cookie']!.find((value) => value.startsWith('catalog_session='))!.split(';')[0]!;
    expect(await signedInAs(server, cookie)).toBe(true);

    // A restart with the same password keeps the session (the control) …
    await server.stop();
    server = await start('first-password');
    expect(await signedInAs(server, cookie)).toBe(true);
    // … a restart with a new one ends it.
    await server.stop();
    server = await start('second-password');
    servers.push(server);
    expect(await signedInAs(server, cookie)).toBe(false);
    const page = await requestFrom('127.0.0.1', server.url, { headers: { cookie } });
    expect(page.body).toContain('Sign in');
  }, 120_000);
});
