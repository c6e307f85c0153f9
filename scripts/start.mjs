/**
 * npm start — the standalone production server behind the server entry
 * (scripts/server-entry.mjs), in WEB_CONCURRENCY worker processes (default:
 * one per core) sharing the port through node:cluster.
 *
 * Graceful shutdown: on SIGTERM or SIGINT the primary asks every worker to
 * stop; each stops accepting connections, lets in-flight requests finish (up
 * to SHUTDOWN_GRACE_MS), closes its database pool and cache client, and
 * exits; the primary exits when they all have. A worker that dies otherwise
 * is replaced.
 *
 * Plain JavaScript on purpose: it runs where dev dependencies are not installed.
 */
import cluster from 'node:cluster';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installServerEntry } from './server-entry.mjs';
import { metricsSettings, startMetricsServer } from './server-entry/metrics-server.mjs';

process.env.NODE_ENV = 'production';
// We take over SIGTERM/SIGINT so the pool and cache close after the last request.
process.env.NEXT_MANUAL_SIG_HANDLE = 'true';
// The standalone server changes directory to its own folder; keep a relative
// PGlite folder (ALLOW_EMBEDDED) pointing where the user meant.
if (process.env.PGLITE_DATA_DIR) process.env.PGLITE_DATA_DIR = path.resolve(process.env.PGLITE_DATA_DIR);

const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS) || 10_000;

/**
 * How many workers: WEB_CONCURRENCY, else the cores. The first worker says
 * whether its data or cache lives inside it (PGlite, the in-memory cache),
 * which cannot be shared: then it stays the only one (lib/env.ts decides).
 */
function workerCount() {
  const wanted = Number(process.env.WEB_CONCURRENCY) || os.availableParallelism();
  return Math.max(1, Math.min(wanted, 64));
}

/** What a worker sends once its settings are checked and it can serve (instrumentation-node.ts). */
const READY_MESSAGE = 'catalog:ready';

/** The metrics port, when set, once the first worker has checked the settings: the workers' figures summed (prom-client). */
async function serveClusterMetrics() {
  const settings = metricsSettings();
  if (!settings) return null;
  const { AggregatorRegistry } = await import('prom-client');
  const workers = new AggregatorRegistry();
  const server = await startMetricsServer({ ...settings, scrape: async () => ({ contentType: workers.contentType, body: await workers.clusterMetrics() }) });
  console.log(`Metrics: http://${settings.host}:${settings.port}/metrics (Authorization: Bearer METRICS_TOKEN)`);
  return server;
}

async function runPrimary(count) {
  // Flash cookies must verify in any worker even without SESSION_SECRET (sign-in off).
  process.env.CATALOG_PROCESS_SECRET ??= randomBytes(32).toString('hex');
  let stopping = false;
  let exitCode = 0;
  let forked = 0;
  let metricsServer = null;
  const ready = new Set();
  const fork = () => {
    forked += 1;
    const worker = cluster.fork();
    worker.on('message', (message) => {
      if (message?.type !== READY_MESSAGE || ready.has(worker.id)) return;
      ready.add(worker.id);
      if (ready.size === 1) {
        metricsServer = serveClusterMetrics().catch((error) => {
          console.error(`The metrics port could not be opened: ${error.message}`);
          exitCode = 1;
          stop('metrics port');
        });
      }
      if (message.servesAlone && forked < count) {
        console.log('One worker: PGlite or the in-memory cache cannot be shared between processes.');
        forked = count;
      }
      // The first worker starts alone: a bad setting then fails once, with one message, not once per core.
      while (forked < count && !stopping) fork();
    });
  };
  fork();
  const stop = (reason) => {
    if (stopping) return;
    stopping = true;
    void Promise.resolve(metricsServer).then((server) => server?.close());
    const running = Object.keys(cluster.workers ?? {}).length;
    console.log(running > 0 ? `${reason}: stopping ${running} worker(s)` : `${reason}: stopping`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(exitCode || 1), GRACE_MS + 2000).unref();
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    // Dying before it was ready is a start-up failure (bad settings, port taken):
    // replacing it would only repeat it forever.
    if (!ready.has(worker.id)) {
      exitCode = 1;
      stop(`worker ${worker.id} failed to start (${signal ?? `exit code ${code}`})`);
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    console.error(`worker ${worker.id} died (${signal ?? code}); starting another`);
    fork();
  });
  process.on('SIGTERM', () => stop('SIGTERM received'));
  process.on('SIGINT', () => stop('SIGINT received'));
}

async function runServer() {
  const standaloneDir = process.env.STANDALONE_DIR || path.resolve(import.meta.dirname, '../.next/standalone');
  // The app's side of the handshake: the built instrumentation module, required by its path, is
  // the very module Next loads (Node keeps one copy per path), so both see one composition root.
  const require = createRequire(import.meta.url);
  const { servers, closeApp, scrapeMetrics } = installServerEntry({ loadApp: () => require(path.join(standaloneDir, '.next/server/instrumentation.js')).serverApp() });
  // Under workers the primary serves the metrics port (serveClusterMetrics); alone, this process does.
  const metrics = cluster.isPrimary ? metricsSettings() : null;
  const metricsServer = metrics ? await startMetricsServer({ ...metrics, scrape: scrapeMetrics }) : null;
  if (metrics) console.log(`Metrics: http://${metrics.host}:${metrics.port}/metrics (Authorization: Bearer METRICS_TOKEN)`);
  let shuttingDown = false;
  const shutdown = async (signal) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`${signal} received: finishing in-flight requests (up to ${GRACE_MS / 1000}s)`);
    const force = setTimeout(() => {
      console.error('Shutdown grace period over; exiting with requests still open.');
      process.exit(1);
    }, GRACE_MS);
    force.unref();
    // No new connections; keep-alive connections close as soon as they are idle, in-flight requests finish.
    const idle = setInterval(() => servers.forEach((server) => server.closeIdleConnections()), 100);
    await Promise.all([...servers, ...(metricsServer ? [metricsServer] : [])].map((server) => new Promise((resolve) => server.close(() => resolve()))));
    clearInterval(idle);
    await closeApp();
    console.log('Closed the HTTP server, the background work, the database pool and the cache client.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await import(pathToFileURL(path.join(standaloneDir, 'server.js')).href);
}

const count = cluster.isPrimary ? workerCount() : 1;
if (cluster.isPrimary && count > 1) await runPrimary(count);
else await runServer();
