/**
 * The stress checks at CI size, against real Redis (through the bridge) and
 * real PostgreSQL, with 2 worker processes. The full run (100,000+ reads) is
 * `npm run test:stress`. Counts are asserted; times are only printed.
 */
import { describe, expect, it } from 'vitest';
import { postgresReachable, redisReachable } from '../../test/support/services';
import { printFreshness, printLeaseDeath, printStampede } from './report';
import { runFreshness, runLeaseDeath, runStampede } from './scenarios';

const servicesUp = (await redisReachable()) && (await postgresReachable());
if (!servicesUp) console.warn('\n!!! SKIPPING the cross-process stress checks: they need the real Redis and PostgreSQL. !!!\n');

const CI_READS = 10_000;

describe.skipIf(!servicesUp)('across 2 processes, real Redis and PostgreSQL', () => {
  it('the checker catches the plain delete-after-write variant serving stale data', async () => {
    const report = await runFreshness({ variant: 'broken', processes: 2, reads: CI_READS });
    printFreshness(report);
    expect(report.reads).toBe(CI_READS);
    expect(report.violations.length).toBeGreaterThan(0);
  }, 300_000);

  it(`the real design serves no stale read in ${CI_READS} reads`, async () => {
    const report = await runFreshness({ variant: 'real', processes: 2, reads: CI_READS });
    printFreshness(report);
    expect(report.reads).toBe(CI_READS);
    expect(report.writes).toBeGreaterThan(100);
    expect(report.pendingInvalidations).toBe(0);
    expect(report.violations).toEqual([]);
  }, 300_000);

  it('200 concurrent cold reads cost one database load with protection, about 200 without', async () => {
    const unprotected = await runStampede({ variant: 'broken', processes: 2, reads: 200, loaderMs: 100 });
    const protectedRun = await runStampede({ variant: 'real', processes: 2, reads: 200, loaderMs: 100 });
    printStampede(unprotected);
    printStampede(protectedRun);
    expect(unprotected.loads).toBeGreaterThanOrEqual(150);
    expect(protectedRun.loads).toBe(1);
    expect(protectedRun.allAnswered && unprotected.allAnswered).toBe(true);
  }, 120_000);

  it('when the lease holder dies mid-load, the other process recovers once its lease expires', async () => {
    const report = await runLeaseDeath({ reads: 100, leaseTtlMs: 1000, leaseWaitMs: 5000 });
    printLeaseDeath(report);
    expect(report.holderSignal).toBe('SIGKILL');
    expect(report.allAnswered).toBe(true);
    expect(report.survivorReads).toBe(100);
    expect(report.survivorLoads).toBe(1);
  }, 120_000);
});
