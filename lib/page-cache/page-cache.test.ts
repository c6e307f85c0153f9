/**
 * The page cache in front of a stand-in render, through a real HTTP server:
 * what it stores, what it never stores, fresh nonces, and the freshness
 * guarantee under a write that lands mid-render (with the broken variant
 * shown failing the same scenario).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCache, createMemoryStore, type Cache, type CacheEvent } from '@/lib/cache';
import { deferred, type Deferred } from '@/lib/cache/testing/deferred';
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { contentSecurityPolicy } from '@/lib/http/content-security-policy';
import { createPageCache, type PageCache, type PageCacheOptions, type StoredPage } from './page-cache';
import { createRepresentations, type Representations } from './representations';

const NAMESPACE = 'products';

/** The "database" the stand-in render reads, and how the render answers. */
interface Site {
  version: number;
  renders: number;
  /** When set, each render waits for it after reading the version (a slow render). */
  hold?: { started: Deferred<void>; release: Deferred<void> };
  respond?: (response: ServerResponse) => void;
}

function render(site: Site) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    site.renders += 1;
    const version = site.version;
    if (site.hold) {
      site.hold.started.resolve();
      await site.hold.release.promise;
    }
    const nonce = `nonce${site.renders}xxxxxxxxxxxxxx`;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('content-security-policy', contentSecurityPolicy(nonce));
    // As Next sends its preloads: with the nonce.
    response.setHeader('link', `</_next/static/app.css>; rel=preload; as="style"; nonce="${nonce}"`);
    site.respond?.(response);
    // As Next writes it: the nonce on its scripts and again inside its payload; an injected script has none.
    response.end(
      `<!doctype html><script src="/_next/static/app.js" nonce="${nonce}" async=""></script><script nonce="${nonce}">boot({"nonce":"${nonce}"})</script>` +
        `<script>injected()</script><p>version ${version}</p><p>${request.url}</p>`,
    );
  };
}

interface Harness {
  url: string;
  site: Site;
  representations: Representations;
  cache: Cache;
  events: CacheEvent[];
  close(): Promise<void>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

/**
 * The test double the checkers must catch: a page cache keyed without the
 * generation, a plain get, then a set on a miss. A render that a write
 * overtook is kept, and served after the write was acknowledged.
 */
function unguardedCached(cache: Cache): PageCacheOptions['cached'] {
  return async (key, loader, { ttl }) => {
    const found = await cache.get<StoredPage>(key);
    if (found !== undefined) return found as never;
    const value = await loader();
    await cache.set(key, value, { ttl });
    return value;
  };
}

async function start(options: { cache?: Cache; site?: Site; usable?: () => boolean; maxBytes?: number; unguarded?: boolean } = {}): Promise<Harness> {
  const cache = options.cache ?? createCache({ store: createMemoryStore(), prefix: 'pagetest' });
  const site = options.site ?? { version: 1, renders: 0 };
  const events: CacheEvent[] = [];
  cache.onEvent((event) => events.push(event));
  const representations = createRepresentations();
  const pageCache: PageCache = createPageCache({
    representations,
    cached: options.unguarded ? unguardedCached(cache) : (key, loader, cachedOptions) => cache.cached(key, loader, cachedOptions),
    namespace: NAMESPACE,
    cacheUsable: async () => options.usable?.() ?? true,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    ttlSeconds: 300,
  });
  const renderPage = render(site);
  const server = http.createServer((request, response) => void pageCache.handle(request, response, () => renderPage(request, response)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const harness: Harness = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    site,
    representations,
    cache,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  harnesses.push(harness);
  return harness;
}

/** A GET through fetch(), asking for no encoding unless `init` says otherwise (fetch() would decode it unseen). */
async function get(harness: Harness, path = '/', init: RequestInit = {}) {
  const response = await fetch(harness.url + path, { ...init, headers: { 'accept-encoding': 'identity', ...(init.headers as Record<string, string> | undefined) } });
  const body = await response.text();
  const header = (name: string) => response.headers.get(name) ?? '';
  return { status: response.status, body, state: response.headers.get('x-page-cache'), policy: header('content-security-policy'), etag: header('etag'), cacheControl: header('cache-control'), vary: header('vary'), link: header('link') };
}

/** A GET with exactly these request headers, its raw (still encoded) body: fetch() would decode it. */
function rawGet(harness: Harness, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${harness.url}/`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

const versionIn = (body: string) => Number(/version (\d+)/.exec(body)?.[1]);

describe('page cache', () => {
  it('renders once, then serves the same page from the cache', async () => {
    const harness = await start();
    const first = await get(harness);
    const second = await get(harness);
    const third = await get(harness);
    expect([first.state, second.state, third.state]).toEqual(['miss', 'hit', 'hit']);
    expect(harness.site.renders).toBe(1);
    expect(versionIn(third.body)).toBe(1);
  });

  it('serves the render and every hit the same bytes: the nonce gone, only the scripts that carried it allowed, by hash', async () => {
    const harness = await start();
    const miss = await get(harness);
    // The stand-in render's nonce (render() above): its response was held and answered as its hits are.
    const nonce = 'nonce1xxxxxxxxxxxxxx';
    const [hit, again] = [await get(harness), await get(harness)];
    expect([miss.state, hit.state]).toEqual(['miss', 'hit']);
    for (const same of [miss, again]) expect([same.body, same.policy, same.etag, same.cacheControl]).toEqual([hit.body, hit.policy, hit.etag, hit.cacheControl]);
    expect(miss.body).not.toContain(nonce);
    expect(hit.body).not.toContain(nonce);
    expect([miss.link, hit.link]).toEqual(Array(2).fill('</_next/static/app.css>; rel=preload; as="style"'));
    expect(/script-src [^;]*/.exec(hit.policy)![0]).not.toMatch(/'nonce-|'unsafe-inline'|'strict-dynamic'/);
    // Next's inline script, as served (its payload's copy of the nonce gone too), and nothing else.
    expect(hit.body).toContain('<script>boot({"nonce":""})</script>');
    expect(hit.policy).toContain(`script-src 'self' 'sha256-${sha256('boot({"nonce":""})')}';`);
    expect(hit.policy).not.toContain(sha256('injected()'));
    expect([...hit.policy.matchAll(/'sha256-/g)]).toHaveLength(1);
    expect(hit.cacheControl).toBe('no-cache');
    expect(hit.vary).toBe('Accept-Encoding, Cookie');
    expect(hit.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('answers If-None-Match for the current entry with 304 and no body, and never for a page a write replaced', async () => {
    const harness = await start();
    await get(harness);
    const { etag } = await get(harness);
    const revalidated = await rawGet(harness, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    expect(revalidated.headers.etag).toBe(etag);
    expect(revalidated.headers['cache-control']).toBe('no-cache');
    expect((await rawGet(harness, { 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    expect((await rawGet(harness, { 'if-none-match': '"other"' })).status).toBe(200);

    harness.site.version = 2;
    await harness.cache.invalidate(NAMESPACE);
    const rendered = await rawGet(harness, { 'if-none-match': etag });
    expect(rendered.status).toBe(200);
    expect(versionIn(rendered.body.toString())).toBe(2);
    const hit = await rawGet(harness, { 'if-none-match': etag });
    expect([hit.status, hit.headers['x-page-cache']]).toEqual([200, 'hit']);
    expect(hit.headers.etag).not.toBe(etag);
  });

  it('sends Brotli or gzip as the request accepts, compressed once per entry, never on a hit', async () => {
    const harness = await start();
    await get(harness);
    const identity = await rawGet(harness, {});
    // A coding is made when a request first accepts it, off the request path: that hit is sent as is.
    const first = await rawGet(harness, { 'accept-encoding': 'gzip, deflate, br' });
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.body.equals(identity.body)).toBe(true);
    await harness.representations.compressionsSettled();
    const brotli = await rawGet(harness, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).equals(identity.body)).toBe(true);
    expect(brotli.headers.etag).toBe(`${identity.headers.etag!.slice(0, -1)}-br"`);
    // gzip was not made for a client that takes Brotli; the first gzip-only one starts it.
    expect((await rawGet(harness, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
    await harness.representations.compressionsSettled();
    const gzipped = await rawGet(harness, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(identity.body)).toBe(true);
    expect((await rawGet(harness, { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    expect((await rawGet(harness, { 'accept-encoding': 'br', 'if-none-match': identity.headers.etag! })).status).toBe(304);
    expect(harness.site.renders).toBe(1);
  });

  it('keeps one entry per list under its canonical address, none between different lists, and leaves other addresses to the redirect', async () => {
    const harness = await start();
    await get(harness, '/');
    expect((await get(harness, '/')).state).toBe('hit');
    // Another address of the same list is not kept: proxy.ts sends it to '/' (308), which is a hit.
    expect((await get(harness, '/?page=1&size=50')).state).toBe('none');
    expect((await get(harness, '/?q=Blue')).state).toBe('none');
    expect((await get(harness, '/?page=2')).state).toBe('miss');
    expect((await get(harness, '/?q=blue')).state).toBe('miss');
    expect(harness.site.renders).toBe(5);
  });

  it('after an invalidation, the next view renders again and shows the write', async () => {
    const harness = await start();
    await get(harness);
    harness.site.version = 2;
    await harness.cache.invalidate(NAMESPACE);
    const after = await get(harness);
    expect(after.state).toBe('miss');
    expect(versionIn(after.body)).toBe(2);
  });

  it('refuses to keep a render that a write overtook, so the next view is fresh', async () => {
    const site: Site = { version: 1, renders: 0, hold: { started: deferred(), release: deferred() } };
    const harness = await start({ site });
    const slow = get(harness);
    await site.hold!.started.promise; // the render has read version 1
    site.version = 2;
    await harness.cache.invalidate(NAMESPACE); // the write is acknowledged
    site.hold!.release.resolve();
    expect(versionIn((await slow).body)).toBe(1); // began before the write: may show it
    site.hold = undefined;
    const next = await get(harness);
    expect(next.state).toBe('miss');
    expect(versionIn(next.body)).toBe(2);
    expect(harness.events.some((event) => event.op === 'fill' && event.result === 'stale-rejected')).toBe(true);
  });

  it('the broken variant (keyed without the generation) serves the overtaken render: what the checkers catch', async () => {
    const site: Site = { version: 1, renders: 0, hold: { started: deferred(), release: deferred() } };
    const harness = await start({ site, unguarded: true });
    const slow = get(harness);
    await site.hold!.started.promise;
    site.version = 2;
    await harness.cache.invalidate(NAMESPACE);
    site.hold!.release.resolve();
    await slow;
    site.hold = undefined;
    const next = await get(harness);
    expect(next.state).toBe('hit');
    expect(versionIn(next.body)).toBe(1); // stale after an acknowledged write
  });

  it('runs one render for concurrent misses in a process, and one across processes (the lease)', async () => {
    const store = createMemoryStore();
    const site: Site = { version: 1, renders: 0, hold: { started: deferred(), release: deferred() } };
    // Two caches on one store: two server processes sharing Redis.
    const one = await start({ site, cache: createCache({ store, prefix: 'shared', pollMs: 5 }) });
    const two = await start({ site, cache: createCache({ store, prefix: 'shared', pollMs: 5 }) });
    const first = get(one);
    await site.hold!.started.promise;
    const others = [get(one), get(one), get(two), get(two)];
    // Both processes' waiters are parked: one behind the flight, the other behind the lease.
    await sleep(30);
    site.hold!.release.resolve();
    const pages = await Promise.all([first, ...others]);
    expect(site.renders).toBe(1);
    expect(pages.map((page) => versionIn(page.body))).toEqual([1, 1, 1, 1, 1]);
  });

  it('bypasses the cache while this process may have missed an invalidation', async () => {
    let usable = false;
    const harness = await start({ usable: () => usable });
    expect((await get(harness)).state).toBe('bypass');
    expect((await get(harness)).state).toBe('bypass');
    expect(harness.site.renders).toBe(2);
    usable = true;
    expect((await get(harness)).state).toBe('miss');
    expect((await get(harness)).state).toBe('hit');
  });

  it.each([
    ['a signed-in admin', { headers: { cookie: 'catalog_session=abc' } }, '/'],
    ['a flash message', { headers: { cookie: 'x=1; catalog_flash=abc' } }, '/'],
    ['a client navigation (RSC payload)', { headers: { rsc: '1' } }, '/'],
    ['a server action', { method: 'POST', headers: { 'next-action': 'x' }, body: 'a=1' }, '/'],
    ['a row editor', {}, '/?edit=5'],
    ['a delete question', {}, '/?delete=5'],
    ['another route', {}, '/login'],
    ['a refused search', {}, `/?q=${'x'.repeat(500)}`],
  ])('never shares %s', async (_name, init, path) => {
    const harness = await start();
    for (let round = 0; round < 2; round += 1) expect((await get(harness, path, init as RequestInit)).state).toBe('none');
    expect(harness.site.renders).toBe(2);
  });

  it.each([
    ['sets a cookie', (response: ServerResponse) => response.setHeader('set-cookie', 'a=1')],
    ['is not a 200', (response: ServerResponse) => (response.statusCode = 503)],
    ['is not HTML', (response: ServerResponse) => response.setHeader('content-type', 'application/json')],
  ])('does not keep a response that %s', async (_name, respond) => {
    const harness = await start({ site: { version: 1, renders: 0, respond } });
    await get(harness);
    await get(harness);
    expect(harness.site.renders).toBe(2);
    expect(harness.events.filter((event) => event.op === 'fill')).toEqual([]);
  });

  it('a client that leaves while its request waits does not leave a render hanging: the next view is answered', async () => {
    const cache = createCache({ store: createMemoryStore(), prefix: 'pagetest' });
    const site: Site = { version: 1, renders: 0 };
    const waiting = deferred<void>();
    const gate = deferred<void>();
    const gone = deferred<void>();
    let calls = 0;
    const pageCache = createPageCache({
      cached: (key, loader, cachedOptions) => cache.cached(key, loader, cachedOptions),
      namespace: NAMESPACE,
      // The first request is held here (as a lease wait would hold it) until its client has left.
      cacheUsable: async () => {
        calls += 1;
        if (calls === 1) {
          waiting.resolve();
          await gate.promise;
        }
        return true;
      },
      maxBytes: 1024 * 1024,
      ttlSeconds: 300,
    });
    const renderPage = render(site);
    const handled: Array<Promise<void>> = [];
    const server = http.createServer((request, response) => {
      response.once('close', () => gone.resolve());
      // As Next does, a render writes nothing, not even end(), to a connection that is gone.
      handled.push(pageCache.handle(request, response, async () => (response.destroyed ? undefined : renderPage(request, response))));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?page=2`;
    try {
      const leaving = new AbortController();
      const first = fetch(url, { signal: leaving.signal }).catch(() => null);
      await waiting.promise;
      leaving.abort();
      await first;
      await gone.promise; // the server saw the connection close
      gate.resolve();
      await handled[0];
      const next = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      expect(next.status).toBe(200);
      expect(versionIn(await next.text())).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('does not keep a page larger than maxBytes', async () => {
    const harness = await start({ maxBytes: 1024, site: { version: 1, renders: 0, respond: (response) => response.write('x'.repeat(2000)) } });
    await get(harness);
    expect((await get(harness)).state).toBe('miss');
    expect(harness.site.renders).toBe(2);
  });

  it('a view that joined a render whose page may not be kept (a 404) renders its own, and says it missed', async () => {
    const hold = { started: deferred<void>(), release: deferred<void>() };
    const site: Site = { version: 1, renders: 0, hold, respond: (response) => (response.statusCode = 404) };
    const harness = await start({ site });
    const first = get(harness);
    await hold.started.promise;
    const second = get(harness); // joins the first view's flight in this process
    await sleep(20);
    hold.release.resolve();
    const views = await Promise.all([first, second]);
    expect(views.map((view) => [view.status, view.state])).toEqual([
      [404, 'miss'],
      [404, 'miss'],
    ]);
    expect(site.renders).toBe(2);
  });

  it('answers a HEAD from a stored page, and does not store what a HEAD rendered', async () => {
    const harness = await start();
    const head = await fetch(harness.url, { method: 'HEAD' });
    expect(head.headers.get('x-page-cache')).toBe('miss');
    expect((await get(harness)).state).toBe('miss');
    const stored = await fetch(harness.url, { method: 'HEAD' });
    expect(stored.headers.get('x-page-cache')).toBe('hit');
    expect(Number(stored.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await stored.text()).toBe('');
  });

  it('fails open: with the store down, every view is rendered and answered', async () => {
    const store = createMemoryStore();
    const cache = createCache({ store, prefix: 'down', timeoutMs: 50 });
    const broken = new Error('connection refused');
    for (const method of ['get', 'lookup', 'fill', 'getMany'] as const) (store as unknown as Record<string, unknown>)[method] = () => Promise.reject(broken);
    const harness = await start({ cache });
    const pages = [await get(harness), await get(harness)];
    expect(pages.map((page) => page.status)).toEqual([200, 200]);
    expect(pages.map((page) => versionIn(page.body))).toEqual([1, 1]);
    expect(harness.site.renders).toBe(2);
  });
});
