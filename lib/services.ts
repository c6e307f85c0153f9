/**
 * The process-wide database and cache, opened once from the environment.
 *
 * Kept on globalThis so that hot reload in development reuses the same pool
 * instead of opening a new one on every edit.
 */
import 'server-only';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import type { Cache } from '@/lib/cache';
import { createAppCache } from '@/lib/cache-from-env';
import { databaseTimeouts, env } from '@/lib/env';
import { processSingleton } from '@/lib/process-singleton';

/** Set by the dev overlay (lib/dev-overlay/install.ts): observes the cache and database, returns the cache to use. */
type DevOverlayInstaller = (cache: Cache | null, database: Promise<DatabaseHandle>) => Cache | null;
const DEV_OVERLAY_INSTALLER = Symbol.for('catalog.dev-overlay.installer');

interface Services {
  database: Promise<DatabaseHandle>;
  cache: Cache | null;
  /** Stops background work (timers) that uses them; scripts/start.mjs runs these before closing both. */
  stoppers: Array<() => void>;
}

function openServices(): Services {
  const config = env();
  const database = openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL, timeouts: databaseTimeouts(config) } : { pgliteDir: config.PGLITE_DATA_DIR });
  // Development only: the overlay (registered by instrumentation-node.ts behind a literal
  // NODE_ENV check, so production bundles none of it) records each request's cache events and queries.
  const overlay = (globalThis as Record<symbol, DevOverlayInstaller | undefined>)[DEV_OVERLAY_INSTALLER];
  const cache = overlay ? overlay(createAppCache(config), database) : createAppCache(config);
  return { database, cache, stoppers: [] };
}

export function services(): Services {
  return processSingleton('services', openServices);
}
