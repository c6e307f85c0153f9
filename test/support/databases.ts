/**
 * The databases the data-layer suites run on: always in-memory PGlite, and
 * the real PostgreSQL when it answers (required under REQUIRE_SERVICES=1).
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { postgresReachable, TEST_DATABASE_URL } from '../../scripts/lib/local-services';

export interface TestDatabase {
  name: string;
  open(): Promise<DatabaseHandle>;
}

function testDatabase(name: string, target: DatabaseTarget): TestDatabase {
  return {
    name,
    async open() {
      const handle = await openDatabase(target);
      await migrateDatabase(handle);
      await handle.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts restart identity`);
      return handle;
    },
  };
}

export async function testDatabases(): Promise<TestDatabase[]> {
  const databases = [testDatabase('PGlite', { pgliteDir: null })];
  if (await postgresReachable()) databases.push(testDatabase('PostgreSQL', { url: TEST_DATABASE_URL, maxConnections: 5 }));
  return databases;
}
