/**
 * Query timing at the driver boundary: every statement drizzle sends is
 * observed, inside transactions too, on PGlite and (when it answers) on the
 * real PostgreSQL; with no observer, nothing is reported.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable, TEST_DATABASE_URL } from '@/scripts/lib/local-services';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from './client';
import { setQueryObserver, type QueryObservation } from './instrumentation';

const targets: { name: string; target: DatabaseTarget }[] = [{ name: 'PGlite', target: { pgliteDir: null } }];
if (await postgresReachable()) targets.push({ name: 'PostgreSQL', target: { url: TEST_DATABASE_URL, maxConnections: 2 } });

afterEach(() => setQueryObserver(null));

describe.each(targets)('driver-level query timing on $name', ({ target }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase(target);
  });
  afterAll(() => handle.close());

  it('observes each statement with its text, params, duration and rows', async () => {
    const seen: QueryObservation[] = [];
    setQueryObserver((query) => seen.push(query));
    const result = await handle.db.execute(sql`select n from generate_series(1, ${3}::int) as n`);
    expect(Array.from(result as Iterable<unknown>).length || (result as { rows: unknown[] }).rows.length).toBe(3);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.text).toMatch(/generate_series/);
    expect(seen[0]!.params).toEqual([3]);
    expect(seen[0]!.rows).toBe(3);
    expect(seen[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(seen[0]!.driver).toBe(handle.kind);
  });

  it('sees statements inside a transaction, with its BEGIN and COMMIT', async () => {
    const seen: QueryObservation[] = [];
    setQueryObserver((query) => seen.push(query));
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 as one`);
      await tx.execute(sql`select ${'two'}::text as two`);
    });
    // postgres.js sends its own `begin` through sql.unsafe; PGlite's is reported around the body.
    expect(seen.map((query) => query.text.trim().split(/\s+/).slice(0, 2).join(' ').toUpperCase())).toEqual(['BEGIN', 'SELECT 1', 'SELECT $1::TEXT', 'COMMIT']);
  });

  it('reports a failed statement with its error, and the ROLLBACK', async () => {
    const seen: QueryObservation[] = [];
    setQueryObserver((query) => seen.push(query));
    await expect(handle.db.transaction((tx) => tx.execute(sql`select * from no_such_table_here`))).rejects.toThrow();
    const failed = seen.find((query) => query.text.includes('no_such_table_here'));
    expect(failed?.error).toMatch(/no_such_table_here/);
    expect(seen.at(-1)!.text).toBe('ROLLBACK');
  });

  it('reports nothing, and changes nothing, with no observer attached', async () => {
    const seen: QueryObservation[] = [];
    setQueryObserver(null);
    const rows = await handle.db.execute(sql`select 42 as answer`);
    expect(JSON.stringify(rows)).toContain('42');
    setQueryObserver((query) => seen.push(query));
    setQueryObserver(null);
    await handle.db.execute(sql`select 1`);
    expect(seen).toEqual([]);
  });

  it('never lets an observer’s failure fail the query', async () => {
    setQueryObserver(() => {
      throw new Error('observer broke');
    });
    await expect(handle.db.execute(sql`select 1`)).resolves.toBeDefined();
  });
});
