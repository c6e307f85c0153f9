/**
 * The broken variant the page checker must catch, as a test double outside
 * the product: a caching HTTP proxy in front of a server whose own page
 * cache is off, keeping each page by its address alone (no generation), for
 * the page cache's TTL. A view after an acknowledged write is served the page
 * stored before it: stale, every time the forced check runs. It also
 * answers a conditional GET naming the copy it keeps with 304, as a CDN
 * validating against its own copy would, so a revalidation after the write
 * is told the old page is current: stale too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface NaivePageCache {
  url: string;
  close(): Promise<void>;
}

interface Kept {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  expiresAt: number;
}

/** Starts the proxy in front of `upstream` (http://host:port); pages are kept ttlSeconds. */
export async function startNaivePageCache(upstream: string, ttlSeconds = 300): Promise<NaivePageCache> {
  const kept = new Map<string, Kept>();
  const target = new URL(upstream);
  const server = http.createServer((request, response) => {
    const key = request.url ?? '/';
    const found = request.method === 'GET' ? kept.get(key) : undefined;
    if (found && found.expiresAt > Date.now()) {
      if (request.headers['if-none-match'] === found.headers.etag) {
        response.writeHead(304, { etag: found.headers.etag, 'x-page-cache': 'hit' });
        response.end();
        return;
      }
      response.writeHead(found.status, { ...found.headers, 'x-page-cache': 'hit' });
      response.end(found.body);
      return;
    }
    const forwarded = http.request({ host: target.hostname, port: target.port, path: key, method: request.method, headers: request.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers = { ...answer.headers };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        headers.etag ??= `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
        if (request.method === 'GET' && answer.statusCode === 200) kept.set(key, { status: 200, headers, body, expiresAt: Date.now() + ttlSeconds * 1000 });
        response.writeHead(answer.statusCode ?? 502, { ...headers, 'x-page-cache': 'miss' });
        response.end(body);
      });
    });
    forwarded.on('error', () => response.writeHead(502).end());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
