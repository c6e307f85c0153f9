/**
 * The server entry: what runs around Next's request handler, in production
 * (scripts/start.mjs) and under `npm run dev` (loaded with --import by
 * scripts/dev-entry-hook.mjs). It wraps the listener of every HTTP server the
 * process creates:
 * - one record per request (lib/http/server-entry.ts): the socket's peer and
 *   whether it is TLS, which the app cannot see through Next and no client
 *   can forge, and the status a render asks for (Next lets a page choose only
 *   404/403/401; "database unavailable" is a 503);
 * - the page cache, when the app has registered one (lib/page-cache/register.ts):
 *   it answers hits without entering Next at all;
 * - HTTP rules Next does not keep: methods an address does not serve get 405
 *   (server-entry/allowed-methods.mjs), and a chunked body is held to the
 *   same limit as a declared one (server-entry/counted-body.mjs).
 *
 * Plain JavaScript on purpose: it runs where dev dependencies are not installed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import cluster from 'node:cluster';
import http from 'node:http';
import requestLimits from '../lib/forms/request-limits.json' with { type: 'json' };
import { answerMethodItself } from './server-entry/allowed-methods.mjs';
import { countBodyThen, hasUndeclaredBody } from './server-entry/counted-body.mjs';

const RECORDS = Symbol.for('catalog.server-entry');
const PAGE_CACHE = Symbol.for('catalog.page-cache');

/** Runs each request inside its own record and through the page cache, if there is one. */
function wrapListener(listener, records) {
  return function handleRequest(request, response) {
    const record = { remoteAddress: request.socket.remoteAddress, encrypted: Boolean(request.socket.encrypted) };
    const writeHead = response.writeHead;
    response.writeHead = function writeHeadWithRecord(statusCode, ...rest) {
      const status = record.status && (statusCode === 200 || statusCode === 500) ? record.status : statusCode;
      return writeHead.call(this, status, ...rest);
    };
    // Which worker answered: lets a test see that another process served a page.
    if (cluster.isWorker) response.setHeader('x-worker', String(cluster.worker.id));
    if (answerMethodItself(request, response)) return;
    const render = () => listener.call(this, request, response);
    const dispatch = () =>
      records.run(record, () => {
        const pageCache = globalThis[PAGE_CACHE];
        if (!pageCache) return render();
        return pageCache.handle(request, response, render).catch((error) => {
          console.error('page cache failed; the request was rendered instead', error);
          if (!response.headersSent) return render();
          response.destroy(error);
        });
      });
    if (request.method === 'POST' && hasUndeclaredBody(request)) return countBodyThen(request, requestLimits.maxActionBodyBytes, dispatch);
    return dispatch();
  };
}

/**
 * Wraps every HTTP server created from now on; returns the list they are
 * added to (for a graceful shutdown).
 */
export function installServerEntry() {
  const records = new AsyncLocalStorage();
  globalThis[RECORDS] = records;
  const servers = [];
  const originalCreateServer = http.createServer;
  http.createServer = function createServerWithEntry(...args) {
    const listenerIndex = args.findIndex((arg) => typeof arg === 'function');
    if (listenerIndex >= 0) args[listenerIndex] = wrapListener(args[listenerIndex], records);
    const server = originalCreateServer.apply(this, args);
    servers.push(server);
    return server;
  };
  return servers;
}
