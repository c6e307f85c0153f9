/**
 * A product repository on a test database, fresh for every test: the
 * database opens once per suite and its tables are emptied before each test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { createCache, createMemoryStore } from '@/lib/cache';
import { createProductRepository, type ProductRepository } from '@/lib/products/repository';
import type { TestDatabase } from './databases';

export interface RepositoryFixture {
  handle: DatabaseHandle;
  repository: ProductRepository;
}

export function useProductRepository(database: TestDatabase): RepositoryFixture {
  const fixture = {} as RepositoryFixture;
  beforeAll(async () => {
    fixture.handle = await database.open();
  });
  afterAll(() => fixture.handle.close());
  beforeEach(async () => {
    await fixture.handle.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts, change_actions, product_changes, import_uploads, import_runs, import_run_batches restart identity`);
    fixture.repository = createProductRepository({ db: fixture.handle.db, cache: createCache({ store: createMemoryStore() }), ttlSeconds: 300 });
  });
  return fixture;
}
