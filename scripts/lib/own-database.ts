/**
 * A PostgreSQL database of its own for a suite that must not share `test`
 * (the stress checker, the fault tests): same server as TEST_DATABASE_URL,
 * another name, created when missing and migrated. Its rows are the suite's
 * to truncate.
 */
import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { TEST_DATABASE_URL } from './local-services';

/** TEST_DATABASE_URL with another database name. */
export function siblingDatabaseUrl(name: string, base = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates (if missing) and migrates database `name`; returns its URL. */
export async function ensureOwnDatabase(name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as found from pg_database where datname = ${name}`;
    if (!row) {
      // Two suites may race to create it; losing that race is fine.
      await admin.unsafe(`create database ${name}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = siblingDatabaseUrl(name);
  const handle = await openDatabase({ url, maxConnections: 1 });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  return url;
}
