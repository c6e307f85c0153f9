/**
 * The overlay sees the page cache: each request through the server entry gets
 * its record first, so a hit that never reaches Next still shows up, with its
 * page events (miss and stored, then hit; stale-rejected when a write overtook).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createCache, createMemoryStore } from '@/lib/cache';
import { createPageCache } from '@/lib/page-cache/page-cache';
import { REQUEST_ID_HEADER } from './constants';
import { recordedForOverlay } from './entry-hook';
import { devCollector } from './registry';
import { withRequestId } from './request-context';

const cache = createCache({ store: createMemoryStore(), prefix: 'overlay-page' });
// As install.ts subscribes the overlay in development.
cache.onEvent((event) => withRequestId((id) => devCollector().recordCache(id, event)));
let version = 1;
let writeDuringRender = false;
const pageCache = recordedForOverlay(
  createPageCache({
    cached: (key, loader, options) => cache.cached(key, loader, options),
    namespace: 'products',
    cacheUsable: async () => true,
    maxBytes: 1024 * 1024,
    ttlSeconds: 60,
  }),
);
const server = http.createServer((request, response) => {
  void pageCache.handle(request, response, async () => {
    const shown = version;
    if (writeDuringRender) {
      writeDuringRender = false;
      version += 1;
      await cache.invalidate('products');
    }
    response.setHeader('content-type', 'text/html');
    response.end(`<p>version ${shown}</p>`);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** One view; the page events the overlay recorded for it, as "op result". */
async function viewAndEvents(headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  await response.text();
  const id = response.headers.get(REQUEST_ID_HEADER)!;
  const found = devCollector().lookup(id);
  if (!('found' in found)) throw new Error(`the overlay has no record of request ${id}`);
  return {
    id,
    path: found.found.summary.path,
    events: found.found.cache.filter((entry) => entry.key.startsWith('page:')).map((entry) => `${entry.op} ${entry.result}`),
  };
}

describe('the overlay records the page cache', () => {
  it('a miss that stores, then a hit that never reached Next', async () => {
    const first = await viewAndEvents();
    expect(first.path).toBe('/');
    expect(first.events).toEqual(['lookup miss', 'fill stored']);
    const second = await viewAndEvents();
    expect(second.events).toEqual(['lookup hit']);
    expect(second.id).not.toBe(first.id);
  });

  it('a render overtaken by a write: stale-rejected', async () => {
    version += 1;
    await cache.invalidate('products');
    writeDuringRender = true;
    const overtaken = await viewAndEvents();
    expect(overtaken.events).toEqual(['lookup miss', 'fill stale-rejected']);
  });

  it('names each request itself: an id sent by the client is replaced', async () => {
    const view = await viewAndEvents({ [REQUEST_ID_HEADER]: 'forged-id' });
    expect(view.id).not.toBe('forged-id');
    expect('found' in devCollector().lookup('forged-id')).toBe(false);
  });
});
