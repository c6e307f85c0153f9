/**
 * npm start — runs the standalone production server with a graceful shutdown:
 * on SIGTERM it stops accepting connections, lets in-flight requests finish,
 * then closes the database pool and the cache client before exiting.
 *
 * Plain JavaScript on purpose: it runs where dev dependencies are not installed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

process.env.NODE_ENV = 'production';
// We take over SIGTERM/SIGINT so the pool and cache close after the last request.
process.env.NEXT_MANUAL_SIG_HANDLE = 'true';

// One record per request (lib/http/server-entry.ts): what the socket says about the
// client (peer address, TLS), which the app cannot see through Next and no client can
// forge, and the status a render asks for (Next lets a page choose only 404/403/401,
// but "database unavailable" is a 503).
const entryRecords = new AsyncLocalStorage();
globalThis[Symbol.for('catalog.server-entry')] = entryRecords;

/** Runs each request inside its own record; a requested status is applied when the head is written. */
function withEntryRecord(listener) {
  return function handleWithRecord(request, response) {
    const record = { remoteAddress: request.socket.remoteAddress, encrypted: Boolean(request.socket.encrypted) };
    const writeHead = response.writeHead;
    response.writeHead = function writeHeadWithRecord(statusCode, ...rest) {
      const status = record.status && (statusCode === 200 || statusCode === 500) ? record.status : statusCode;
      return writeHead.call(this, status, ...rest);
    };
    return entryRecords.run(record, () => listener.call(this, request, response));
  };
}

const servers = [];
const originalCreateServer = http.createServer;
http.createServer = function createServerAndRemember(...args) {
  const listenerIndex = args.findIndex((arg) => typeof arg === 'function');
  if (listenerIndex >= 0) args[listenerIndex] = withEntryRecord(args[listenerIndex]);
  const server = originalCreateServer.apply(this, args);
  servers.push(server);
  return server;
};

// The standalone server changes directory to its own folder; keep a relative
// PGlite folder (ALLOW_EMBEDDED) pointing where the user meant.
if (process.env.PGLITE_DATA_DIR) process.env.PGLITE_DATA_DIR = path.resolve(process.env.PGLITE_DATA_DIR);

const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS) || 10_000;
let shuttingDown = false;

async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal} received: finishing in-flight requests (up to ${GRACE_MS / 1000}s)`);
  const force = setTimeout(() => {
    console.error('Shutdown grace period over; exiting with requests still open.');
    process.exit(1);
  }, GRACE_MS);
  force.unref();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve()))));
  // lib/services.ts keeps the open database and cache on globalThis.
  const opened = globalThis.__catalogServices;
  if (opened) {
    await Promise.allSettled([opened.database.then((handle) => handle.close()), opened.cache?.close()]);
  }
  console.log('Closed the HTTP server, database pool and cache client.');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

const standaloneDir = process.env.STANDALONE_DIR || path.resolve(import.meta.dirname, '../.next/standalone');
const standaloneServer = path.join(standaloneDir, 'server.js');
await import(pathToFileURL(standaloneServer).href);
