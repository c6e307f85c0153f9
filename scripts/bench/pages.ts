/**
 * Whole pages over HTTP from the production server, in the three cache
 * configurations side by side (issue 13):
 * - page: the page cache on (and the data cache behind it);
 * - data: the data cache only (PAGE_CACHE=0): every view is rendered;
 * - off: no cache at all (CACHE_DISABLED=1).
 * One server per configuration (fresh key prefix), every page warmed twice
 * before it is measured; servers run one at a time (2 cores).
 */
import { randomBytes } from 'node:crypto';
import { cpuMs, load, peakRssMb, startServer, type LoadResult } from './server';

export type CacheConfiguration = 'page' | 'data' | 'off';

export interface PageCell extends LoadResult {
  path: string;
  configuration: CacheConfiguration;
  workers: number;
  /** Peak resident memory of the server's processes together, MB. */
  rssMb: number;
  /** The server's CPU time per request during the measured runs, ms (all its processes). */
  cpuMsPerRequest: number;
}

export interface PagesSetup {
  port: number;
  /** Database and cache settings every server gets. */
  env: Record<string, string>;
  load: { runs: number; seconds: number; connections: number };
}

const CONFIGURATIONS: Record<CacheConfiguration, Record<string, string>> = {
  page: { PAGE_CACHE: '1', CACHE_DISABLED: '0' },
  data: { PAGE_CACHE: '0', CACHE_DISABLED: '0' },
  off: { PAGE_CACHE: '0', CACHE_DISABLED: '1' },
};

/** Measures every path in every configuration, with `workers` worker processes. */
export async function measurePages(setup: PagesSetup, paths: string[], configurations: CacheConfiguration[], workers: number): Promise<PageCell[]> {
  const cells: PageCell[] = [];
  for (const configuration of configurations) {
    const server = await startServer(setup.port, {
      ...setup.env,
      ...CONFIGURATIONS[configuration],
      WEB_CONCURRENCY: String(workers),
      // A fresh prefix per server: rows seeded straight into the table never went through invalidation.
      CACHE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    });
    try {
      for (const path of paths) {
        // Fill the caches and warm the JIT of every worker before measuring.
        await load(server.url + path, { runs: 1, seconds: 1, connections: setup.load.connections });
        const cpuBefore = cpuMs(server.process.pid);
        const result = await load(server.url + path, setup.load);
        const cpuMsPerRequest = (cpuMs(server.process.pid) - cpuBefore) / Math.max(1, result.requests);
        cells.push({ ...result, path, configuration, workers, rssMb: peakRssMb(server.process.pid), cpuMsPerRequest });
      }
    } finally {
      await server.stop();
    }
  }
  return cells;
}

/** The cell for one path and configuration (and worker count, when several were measured). */
export function cellOf(cells: PageCell[], path: string, configuration: CacheConfiguration, workers?: number): PageCell {
  const cell = cells.find((candidate) => candidate.path === path && candidate.configuration === configuration && (workers === undefined || candidate.workers === workers));
  if (!cell) throw new Error(`no measurement of ${path} (${configuration}${workers ? `, ${workers} workers` : ''})`);
  return cell;
}
