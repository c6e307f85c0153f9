/**
 * A Server-Timing header with a request's cache and SQL totals, so browser
 * devtools (Network > Timing) show them next to the overlay's own numbers.
 */
import type { RequestSummary } from './types';

const metric = (name: string, ms: number, description: string) => `${name};dur=${ms.toFixed(2)};desc="${description}"`;

export function serverTiming(summary: RequestSummary): string {
  const parts = [
    metric('cache', summary.cache.timeMs, `Cache ${summary.cache.calls} calls, ${summary.cache.hits} hit, ${summary.cache.misses} miss`),
    metric('sql', summary.sql.timeMs, `SQL ${summary.sql.count} queries`),
  ];
  if (summary.totalMs !== null) parts.push(metric('total', summary.totalMs, `${summary.method} ${summary.label}`));
  return parts.join(', ');
}
