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
import { installDevOverlay } from '@/lib/dev-overlay/install';
import { env } from '@/lib/env';

interface Services {
  database: Promise<DatabaseHandle>;
  cache: Cache | null;
  /** Stops background work (timers) that uses them; scripts/start.mjs runs these before closing both. */
  stoppers: Array<() => void>;
}

const holder = globalThis as typeof globalThis & { __catalogServices?: Services };

function openServices(): Services {
  const config = env();
  const database = openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { pgliteDir: config.PGLITE_DATA_DIR });
  // Development only (the cache comes back untouched otherwise): record cache events and queries per request.
  const cache = installDevOverlay(createAppCache(config), database);
  return { database, cache, stoppers: [] };
}

export function services(): Services {
  holder.__catalogServices ??= openServices();
  return holder.__catalogServices;
}
