/**
 * The process's composition root (root.ts), opened once from the environment
 * and shared by every page, action and route handler of the process.
 */
import 'server-only';
import { env } from '@/lib/env';
import { forgetProcessSingleton, processSingleton } from '@/lib/process-singleton';
import { createServerRoot, type ServerRoot } from './root';

export type { ServerRoot } from './root';

/**
 * The process's root, built on first use. One per process however Next
 * bundles this module (processSingleton: pages and route handlers are
 * separate bundles). A failed start is forgotten, so the next call tries again.
 */
export function serverRoot(): Promise<ServerRoot> {
  return processSingleton('server-root', () =>
    createServerRoot(env()).catch((error: unknown) => {
      forgetProcessSingleton('server-root');
      throw error;
    }),
  );
}
