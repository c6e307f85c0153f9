/**
 * The server entry: what runs around Next's request handler, in production
 * (scripts/start.mjs) and under `npm run dev` (loaded with --import by
 * scripts/dev-entry-hook.mjs). It wraps the listener of every HTTP server the
 * process creates:
 * - HTTP rules Next does not keep: methods an address does not serve get 405
 *   (server-entry/allowed-methods.mjs), and a chunked body is held to the
 *   same limit as a declared one (server-entry/counted-body.mjs);
 * - one record per request: the socket's peer and whether it is TLS, which
 *   the app cannot see through Next and no client can forge, and the status a
 *   render asks for (Next lets a page choose only 404/403/401; "database
 *   unavailable" is a 503);
 * - the app's own handling: the page cache answers hits without entering Next.
 *
 * It meets the app through one handshake: `loadApp()` (given by the caller)
 * requires the built instrumentation module by its path and calls its
 * serverApp() (lib/server/handshake.ts), which runs each request as its record
 * says, serves it, and closes the app at shutdown.
 *
 * Plain JavaScript on purpose: it runs before, and outside, Next's build, where
 * dev dependencies are not installed.
 *
 * @typedef {import('../lib/server/handshake').ServerApp} ServerApp
 */
import cluster from 'node:cluster';
import http from 'node:http';
import requestLimits from '../lib/http/request-limits.json' with { type: 'json' };
import { answerMethodItself } from './server-entry/allowed-methods.mjs';
import { countBodyThen, hasUndeclaredBody } from './server-entry/counted-body.mjs';

const RUN_TOKEN = process.env.CATALOG_RUN_TOKEN;

/** The body limit of a POST, as proxy.ts applies it (lib/http/request-limits.ts bodyLimitFor). */
const bodyLimitOf = (request) =>
  (request.url ?? '').split('?')[0] === requestLimits.importUploadPath ? requestLimits.maxImportBodyBytes : requestLimits.maxActionBodyBytes;

/**
 * Each response's record, kept beside the response rather than on it: a
 * writeHead of its own on every response made each one an object of another
 * shape, which cost a page-cache hit about a tenth of its time (issue 25).
 */
const recordOf = new WeakMap();
const STATUS_APPLIED = Symbol.for('catalog.server-entry.status-applied');

/** Once per process: writeHead puts in the status the response's record asks for (a 503 for "database unavailable"). */
function applyRecordedStatus() {
  const { prototype } = http.ServerResponse;
  if (prototype.writeHead[STATUS_APPLIED]) return;
  const writeHead = prototype.writeHead;
  function writeHeadWithRecord(statusCode, ...rest) {
    const status = recordOf.get(this)?.status;
    return writeHead.call(this, status && (statusCode === 200 || statusCode === 500) ? status : statusCode, ...rest);
  }
  writeHeadWithRecord[STATUS_APPLIED] = true;
  prototype.writeHead = writeHeadWithRecord;
}

/** Serves each request through the app (its record, its page cache), or straight to Next when there is none. */
function wrapListener(listener, app) {
  return function handleRequest(request, response) {
    const record = { remoteAddress: request.socket.remoteAddress, encrypted: Boolean(request.socket.encrypted) };
    recordOf.set(response, record);
    // Which worker answered: lets a test see that another process served a page.
    if (cluster.isWorker) response.setHeader('x-worker', String(cluster.worker.id));
    // Which run started this server (scripts/lib/next-server.ts): a checker talks only to its own.
    if (RUN_TOKEN) response.setHeader('x-catalog-run', RUN_TOKEN);
    if (answerMethodItself(request, response)) return;
    const render = () => listener.call(this, request, response);
    const serve = (served) => {
      if (!served) return render();
      return served.runRequest(record, () =>
        served.handle(request, response, render).catch((error) => {
          console.error('the app failed to serve a request; it was rendered instead', error);
          if (!response.headersSent) return render();
          response.destroy(error);
        }),
      );
    };
    // Once loaded, the app serves at once: no promise to wait for on every request (a hit's cost, issue 25).
    const dispatch = () => (app.loaded ? serve(app.loaded) : app.get().then(serve));
    if (request.method === 'POST' && hasUndeclaredBody(request)) return countBodyThen(request, bodyLimitOf(request), dispatch);
    return dispatch();
  };
}

/** The app behind loadApp, loaded once when first needed; null (requests go to Next alone) when it cannot be. */
function lazyApp(loadApp) {
  let loading = null;
  const app = {
    /** @type {ServerApp | null} the app once it has loaded */
    loaded: null,
    /** @returns {Promise<ServerApp | null>} */
    get() {
      loading ??= Promise.resolve()
        .then(loadApp)
        .then((served) => (app.loaded = served))
        .catch((error) => {
          console.error('server entry: the app could not be loaded, so requests go to Next without it', error);
          loading = null;
          return null;
        });
      return loading;
    },
  };
  return app;
}

/**
 * Wraps every HTTP server created from now on.
 * @param {{ loadApp: () => Promise<ServerApp> }} options
 * @returns {{ servers: http.Server[], closeApp: () => Promise<void>, scrapeMetrics: () => Promise<{ contentType: string, body: string }> }}
 *   the servers (for a graceful shutdown), how to close the app (its pool, its cache client, its
 *   background work), and this process's metrics (for the metrics port)
 */
export function installServerEntry({ loadApp }) {
  applyRecordedStatus();
  const app = lazyApp(loadApp);
  const servers = [];
  const originalCreateServer = http.createServer;
  http.createServer = function createServerWithEntry(...args) {
    const listenerIndex = args.findIndex((arg) => typeof arg === 'function');
    if (listenerIndex >= 0) args[listenerIndex] = wrapListener(args[listenerIndex], app);
    const server = originalCreateServer.apply(this, args);
    servers.push(server);
    return server;
  };
  return {
    servers,
    closeApp: async () => (await app.get())?.close(),
    async scrapeMetrics() {
      const scrape = (await app.get())?.scrapeMetrics;
      if (!scrape) throw new Error('the app did not start, or METRICS_PORT is unset');
      return scrape();
    },
  };
}
