/**
 * The one collector of the process. On globalThis because Next bundles the
 * proxy, route handlers and pages separately (and hot reload re-evaluates
 * modules), yet they must all see the same requests.
 */
import { env } from '@/lib/env';
import { processSingleton } from '@/lib/process-singleton';
import { createCollector, type Collector } from './collector';
import { resolveFrames } from './source-frames';


export function devCollector(): Collector {
  return processSingleton('dev-collector', () =>
    createCollector({
    capacity: 50,
    slowQueryMs: env().DEV_OVERLAY_SLOW_QUERY_MS,
      resolveFrames,
    }),
  );
}
