/**
 * Next's instrumentation hook, and the app's side of the server entry's
 * handshake. Next calls register() once when the server starts; the server
 * entry (scripts/server-entry.mjs) requires this module's build by its path
 * and calls serverApp() (lib/server/handshake.ts): a typed import, not a
 * lookup by name.
 */
import type { ServerApp } from './lib/server/handshake';

export async function register() {
  // Node-only start-up work lives in its own module so the Edge bundle never sees it.
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('./instrumentation-node')).startServerProcess();
}

/** For the server entry: the process's app (its composition root behind a small interface). */
export async function serverApp(): Promise<ServerApp> {
  // Replaced by the build for each runtime, so the Edge bundle leaves the Node-only app out.
  if (process.env.NEXT_RUNTIME === 'nodejs') return (await import('./lib/server/handshake')).serverApp();
  throw new Error('The server app runs on Node.js only.');
}
