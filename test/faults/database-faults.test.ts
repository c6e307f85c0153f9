/**
 * PostgreSQL unreachable, at the data layer: postgres.js talks through a TCP
 * proxy that refuses. Writes must report "not saved" and leave nothing half
 * written; the same pool recovers by itself once the proxy forwards again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { products } from '@/db/schema';
import { failed } from '@/lib/actions/outcomes';
import { DatabaseUnavailableError } from '@/lib/products/errors';
import { postgresReachable, redisReachable } from '../../scripts/lib/local-services';
import { eventually, startFaultRig, type FaultRig } from './fault-rig';
import { listQuery } from '@/lib/validation/list-query';

const servicesUp = (await redisReachable()) && (await postgresReachable());
if (!servicesUp) console.warn('\n!!! SKIPPING the database fault tests: they need the real Redis and PostgreSQL. !!!\n');

describe.skipIf(!servicesUp)('PostgreSQL unreachable (postgres.js -> proxy -> PostgreSQL)', () => {
  let rig: FaultRig;
  beforeAll(async () => {
    rig = await startFaultRig();
  });
  afterAll(() => rig?.close());

  it('writes report that nothing was saved, nothing is half-written, and the pool recovers by itself', async () => {
    const { value: before } = await rig.repository.create({ title: 'Before the outage', price: '5.00' });
    const others = (await rig.repository.create({ title: 'Bystander', price: '6.00' })).value;

    await rig.databaseProxy.setMode('refuse');
    const update = rig.repository.update({ id: before.id, title: 'During the outage', price: '9.99' });
    await expect(update).rejects.toBeInstanceOf(DatabaseUnavailableError);
    const bulk = rig.repository.bulkChangePrice({ ids: [before.id, others.id] }, { adjustPercent: '10' });
    await expect(bulk).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(rig.repository.create({ title: 'Never saved', price: '1.00' })).rejects.toBeInstanceOf(DatabaseUnavailableError);
    // A cold read has nothing cached to fall back on: it fails with the same clear error.
    await expect(rig.repository.listPage(listQuery({ page: 7, size: 10, q: 'cold' }))).rejects.toBeInstanceOf(DatabaseUnavailableError);

    const outcome = failed(await update.catch((error: unknown) => error), { title: 'During the outage', price: '9.99' });
    expect(outcome).toMatchObject({ status: 'failed', message: expect.stringContaining('nothing was saved') });
    expect(outcome).toMatchObject({ values: { title: 'During the outage' } }); // the form keeps what was typed

    // Looked at directly (not through the proxy): every row exactly as before.
    const rows = await rig.direct.db.select().from(products).orderBy(products.id);
    expect(rows.map((row) => [row.title, row.price, row.version])).toEqual([
      ['Before the outage', '5.00', 1],
      ['Bystander', '6.00', 1],
    ]);

    await rig.databaseProxy.setMode('forward');
    expect(await eventually(async () => (await rig.repository.update({ id: before.id, title: 'After', price: '7.00' })).value.version === 2)).toBe(true);
    const [row] = await rig.direct.db.select().from(products).where(eq(products.id, before.id));
    expect([row?.title, row?.version]).toEqual(['After', 2]);
  });
});
