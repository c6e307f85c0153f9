/**
 * Start-up of each server process: checks the environment before the first
 * request, so a misconfigured production server refuses to start with a clear
 * message instead of failing on every page; then opens the composition root
 * (lib/server) and starts its background work here, outside any request.
 */
import cluster from 'node:cluster';
import { redisStoreOptions } from './lib/cache-from-env';
import { env, InvalidEnvironmentError, nativeRedisConfigured, servesAlone } from './lib/env';
import { serverRoot } from './lib/server';

export async function startServerProcess(): Promise<void> {
  try {
    env();
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  // A literal NODE_ENV check: a production build folds it to false and bundles none of the overlay.
  if (process.env.NODE_ENV === 'development') (await import('./lib/dev-overlay/install')).registerDevOverlay();
  if (process.env.NEXT_PHASE !== 'phase-production-build') {
    const root = await serverRoot();
    root.startBackground();
    // npm start's primary serves the metrics port and asks each worker for its figures.
    if (root.metrics && cluster.isWorker) (await import('./lib/metrics/cluster-worker')).reportToPrimary(root.metrics);
  }
  const config = env();
  // Once per server, not per worker: the primary's first worker is the one started alone.
  if (config.NODE_ENV === 'production' && nativeRedisConfigured(config) && (!cluster.isWorker || cluster.worker?.id === 1)) {
    void (await import('./lib/redis-memory-policy')).warnAboutMemoryPolicy(redisStoreOptions(config));
  }
  // npm start's primary (scripts/start.mjs) starts the other workers only once this one is ready.
  if (cluster.isWorker) process.send?.({ type: 'catalog:ready', servesAlone: servesAlone(config) });
}
