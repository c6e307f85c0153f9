/**
 * HTTP as the production build answers it (`npm start`'s entry, real
 * PostgreSQL and Redis), for requests browsers rarely send but anyone can:
 * - methods an address does not serve get 405 with Allow, OPTIONS gets 204,
 *   and nothing a client sends makes the server log a stack trace;
 * - the body limit holds however the body is sent: a chunked body (no
 *   Content-Length) over it gets the same 413 page as a declared one, and a
 *   chunked body within it still works;
 * - the page cache keeps one entry per page content: a page past the end is
 *   a 404 and never stored, and case variants of a search are one entry; a
 *   render carries the ETag its hits will.
 * Each of these failed before: PUT rendered the catalog, TRACE logged a stack
 * and answered 500, a chunked body over the limit got a plain 500 (or 409),
 * and every address was stored for the full TTL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { products } from '@/db/schema';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { freePort } from '../../scripts/lib/free-port';
import { hiddenFields } from '../support/html-forms';
import { requestFrom } from '../support/other-client';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the HTTP suite');
const skip = !servicesUp || !built;
if (skip) console.warn('\n!!! SKIPPING the strict HTTP suite: it needs a production build, Redis and PostgreSQL. !!!\n');

const PASSWORD = 'strict-http-password';
const OVER_LIMIT = Buffer.alloc(400 * 1024, 'a'); // the limit is 256 KB (lib/http/request-limits.json)
const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

describe.skipIf(skip)('strict HTTP on the production build', () => {
  let direct: DatabaseHandle;
  let server: NextServer;

  beforeAll(async () => {
    const databaseUrl = await ensureOwnDatabase('catalog_http');
    direct = await openDatabase({ url: databaseUrl, maxConnections: 2 });
    await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts restart identity`);
    await direct.db.insert(products).values(Array.from({ length: 30 }, (_, index) => ({ title: `Smoked Paprika ${index + 1}`, price: '2.00' })));
    server = await startNextServer(await freePort(), {
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      CACHE_PREFIX: `http-${randomUUID().slice(0, 8)}`,
      ADMIN_PASSWORD: PASSWORD,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      WEB_CONCURRENCY: '1',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await direct?.close();
  });

  const at = (path: string) => `${server.url}${path}`;

  it('answers methods a page does not serve with 405 and Allow, OPTIONS with 204, and logs no stack', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'TRACE']) {
      const response = await requestFrom('127.0.0.1', at('/'), { method });
      expect([method, response.status, response.headers.allow]).toEqual([method, 405, 'GET, HEAD, POST, OPTIONS']);
      expect(response.body).not.toContain('Products');
    }
    const options = await requestFrom('127.0.0.1', at('/'), { method: 'OPTIONS' });
    expect([options.status, options.headers.allow, options.body]).toEqual([204, 'GET, HEAD, POST, OPTIONS', '']);
    const health = await requestFrom('127.0.0.1', at('/api/health'), { method: 'POST' });
    expect([health.status, health.headers.allow]).toEqual([405, 'GET, HEAD, OPTIONS']);
    expect((await requestFrom('127.0.0.1', at('/'), { method: 'HEAD' })).status).toBe(200);
    expect(server.output()).not.toMatch(STACK_FRAME);
  });

  it('refuses a chunked body over the limit with the same 413 page as a declared one; a chunked body within it works', async () => {
    const html = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin };
    const declared = await requestFrom('127.0.0.1', at('/'), { body: OVER_LIMIT, headers: { ...html, 'content-length': String(OVER_LIMIT.length) } });
    const chunked = await requestFrom('127.0.0.1', at('/'), { body: OVER_LIMIT, headers: html, chunkBytes: 16 * 1024 });
    const forgedAction = await requestFrom('127.0.0.1', at('/'), { body: OVER_LIMIT, headers: { ...html, 'next-action': 'f'.repeat(40) }, chunkBytes: 16 * 1024 });
    expect(declared.status).toBe(413);
    expect(chunked.status).toBe(413);
    expect(chunked.body).toContain('Too much to send');
    expect(chunked.body).toBe(declared.body);
    expect(forgedAction.status).toBe(413);

    // Within the limit, chunked: a real create through the page's own form goes through.
    const signIn = await requestFrom('127.0.0.1', at('/login'));
    const signedIn = await requestFrom('127.0.0.1', at('/login'), {
      fields: [...hiddenFields(signIn.body, 'sign-in-heading'), ['name', 'admin'], ['password', PASSWORD]],
      headers: { origin: new URL(server.url).origin },
    });
    const session = signedIn.headers['set-cookie']?.find((cookie) => cookie.startsWith('catalog_session='))?.split(';')[0];
    expect(session).toBeDefined();
    const page = await requestFrom('127.0.0.1', at('/'), { headers: { cookie: session! } });
    const title = `Chunked ${randomUUID().slice(0, 8)}`;
    const created = await requestFrom('127.0.0.1', at('/'), {
      fields: [...hiddenFields(page.body, 'create-heading'), ['title', title], ['price', '4.50']],
      headers: { origin: new URL(server.url).origin, cookie: session! },
      chunkBytes: 100,
    });
    expect(created.status).toBe(303);
    expect(await direct.db.select().from(products).where(sql`title = ${title}`)).toHaveLength(1);
    expect(server.output()).not.toMatch(STACK_FRAME);
  });

  it('never stores a page past the end (a 404), and stores one entry for every spelling of a search', async () => {
    for (let view = 0; view < 3; view += 1) {
      const past = await fetch(at('/?page=999'));
      expect([past.status, past.headers.get('x-page-cache')]).toEqual([404, 'miss']);
      expect(await past.text()).toContain('past the end of the list');
    }
    const first = await fetch(at('/?q=Smoked%20PAPRIKA'));
    const second = await fetch(at('/?q=smoked%20paprika'));
    const third = await fetch(at('/?q=SMOKED%20Paprika'));
    expect([first.status, first.headers.get('x-page-cache')]).toEqual([200, 'miss']);
    expect([second.headers.get('x-page-cache'), third.headers.get('x-page-cache')]).toEqual(['hit', 'hit']);
    const body = await third.text();
    expect(body).toContain('value="smoked paprika"');
    // The render is answered as its hits are: the same bytes, the same ETag, a 404 with none.
    expect(first.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    // (fetch accepts gzip: once made, hits carry the gzip coding's tag, "<tag>-gzip".)
    expect([second.headers.get('etag')!.replace(/-gzip"$/, '"'), await first.text()]).toEqual([first.headers.get('etag'), body]);
    expect((await fetch(at('/?page=999'))).headers.get('etag')).toBeNull();
    expect((await fetch(at('/?q=smoked%20paprika'), { headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
  });
});
