/**
 * The cost and the gain of a PostgreSQL read replica (issue 23), side by side
 * in one run on 100,000 products: uncached search and deep-page throughput
 * with the primary alone and with one replica taking the reads, and a warm
 * page (the page cache) in both. The primary and replica are started here on
 * free ports (scripts/lib/postgres-lab.ts) and stopped before this returns.
 *
 * On one machine the replica shares its cores with the primary and the app,
 * so this measures what the gate costs (a primary round trip and a
 * transaction per routed read), not the capacity a replica on its own host adds.
 */
import { openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { seedProducts } from '../../db/seed';
import { startPostgresLab } from '../lib/postgres-lab';
import { measurePages, type PageCell, type PagesSetup } from './pages';

export interface ReplicaRow {
  path: string;
  configuration: 'uncached' | 'warm page';
  primaryAlone: PageCell;
  withReplica: PageCell;
}

const UNCACHED = ['/?q=smoked', '/?page=2000'];
const WARM = ['/'];

export async function measureReplicas(setup: Omit<PagesSetup, 'env'> & { cacheEnv: Record<string, string> }, workers: number): Promise<ReplicaRow[]> {
  const lab = await startPostgresLab();
  try {
    await lab.createDatabase('catalog');
    const primary = await openDatabase({ url: lab.primary.url('catalog'), maxConnections: 4 });
    try {
      await migrateDatabase(primary);
      await seedProducts(primary.db, 100_000);
    } finally {
      await primary.close();
    }
    await lab.awaitCaughtUp();
    const topologies = {
      primaryAlone: { DATABASE_URL: lab.primary.url('catalog') },
      withReplica: { DATABASE_URL: lab.primary.url('catalog'), DATABASE_REPLICA_URLS: lab.replica.url('catalog') },
    };
    const measured: Record<keyof typeof topologies, PageCell[]> = { primaryAlone: [], withReplica: [] };
    for (const [name, env] of Object.entries(topologies) as Array<[keyof typeof topologies, Record<string, string>]>) {
      const pages: PagesSetup = { ...setup, env: { ...setup.cacheEnv, ...env } };
      measured[name].push(...(await measurePages(pages, UNCACHED, ['off'], workers)), ...(await measurePages(pages, WARM, ['page'], workers)));
    }
    return [...UNCACHED, ...WARM].map((path) => ({
      path,
      configuration: UNCACHED.includes(path) ? 'uncached' : 'warm page',
      primaryAlone: measured.primaryAlone.find((cell) => cell.path === path)!,
      withReplica: measured.withReplica.find((cell) => cell.path === path)!,
    }));
  } finally {
    await lab.stop();
  }
}
