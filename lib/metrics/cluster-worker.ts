/**
 * Under `npm start`'s workers (node:cluster), the primary serves the metrics
 * port and asks each worker for its registry over the cluster's IPC channel
 * (prom-client's AggregatorRegistry); this is the worker's side. prom-client
 * is a server-external package (next.config.mjs), so the worker has one copy
 * of it, and one answer per request.
 */
import 'server-only';
import { AggregatorRegistry } from 'prom-client';
import type { CatalogMetrics } from './catalog-metrics';

/** Answers the primary's metrics requests with `metrics`' registry. */
export function reportToPrimary(metrics: CatalogMetrics): void {
  // The constructor adds the worker's IPC listener (once, however often it is called).
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}
