/**
 * A tab closed while a request with a body is still being answered: Next's own
 * body handling (the copy it makes for proxy.ts) leaves the request without an
 * 'error' listener, so the client's going away used to surface as
 * `uncaughtException: Error: aborted`. With the guard it is nobody's error.
 * (Vitest fails the run on an uncaught exception, so the test needs no clock.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getCloneableBody } from 'next/dist/server/body-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ignoreClientAborts } from './client-aborts';

describe('a client that goes away', () => {
  let server: http.Server;
  let answering: Promise<{ request: http.IncomingMessage; response: http.ServerResponse }>;
  let started!: (value: { request: http.IncomingMessage; response: http.ServerResponse }) => void;

  beforeAll(async () => {
    ignoreClientAborts();
    answering = new Promise((resolve) => (started = resolve));
    server = http.createServer(async (request, response) => {
      // What next dev does with a POST: proxy.ts reads a copy of the body, then the copy replaces the request's stream.
      const body = getCloneableBody(request);
      body.cloneBodyStream().resume();
      await body.finalize();
      started({ request, response }); // ...and the answer is not ready yet (a page compiles)
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is not an uncaught exception when it closes the connection before the answer', async () => {
    const { port } = server.address() as AddressInfo;
    const client = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/', headers: { 'content-type': 'application/json' } });
    client.on('error', () => {}); // the client's own side of the reset
    client.end('{"command": "cache.keys()"}');
    const { request, response } = await answering;
    const closed = new Promise((resolve) => response.once('close', resolve));
    client.destroy(); // the tab is closed
    await closed;
    // Node reports the request's abort on the next tick: let it happen, then look.
    await new Promise((resolve) => setImmediate(resolve));
    expect(request.destroyed).toBe(true);
    expect(request.listenerCount('error')).toBeGreaterThan(0);
  });
});
