/**
 * The stress checks at CI size, against real Redis (through the bridge) and
 * real PostgreSQL, with 2 worker processes, and through the page cache of a
 * production server (the build scripts/test-all.ts makes first). The full run (100,000+ reads) is
 * `npm run test:stress`. Counts are asserted; times are only printed.
 *
 * Nothing here can fail by chance: the broken variant is caught by a forced
 * interleaving (a held load and a write in another process), and the random
 * runs assert only what must hold whatever the timing (the real design never
 * serves a stale read); the broken variant's random count is printed.
 */
import { describe, expect, it } from 'vitest';
import { buildExists } from '../lib/next-server';
import { postgresReachable, redisReachable, servicesRequired } from '../lib/local-services';
import { runPages } from './pages-scenario';
import { printForcedRace, printFreshness, printLeaseDeath, printPages, printStampede } from './report';
import { runForcedRace, runFreshness, runLeaseDeath, runStampede } from './scenarios';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built) {
  const message = 'no production build (.next/BUILD_ID) for the page cache check: run `npm run build` (npm test does)';
  if (servicesRequired) throw new Error(message);
  console.warn(`\n!!! SKIPPING the page cache stress check: ${message}. !!!\n`);
}
if (!servicesUp) console.warn('\n!!! SKIPPING the cross-process stress checks: they need the real Redis and PostgreSQL. !!!\n');

const CI_READS = 10_000;
/** The random runs stop here even if their reads are not done, so a busy machine stays inside the test timeout. */
const CI_DEADLINE_MS = 120_000;
const MIN_READS_CHECKED = 2_000;
const CI_PAGE_READS = 5_000;

describe.skipIf(!servicesUp)('across 2 processes, real Redis and PostgreSQL', () => {
  it('the forced cross-process race catches plain delete-after-write, every time', async () => {
    const report = await runForcedRace('broken');
    printForcedRace(report);
    expect(report.versionAfterWrite).toBeLessThan(report.writtenVersion);
    expect(report.stale).toBe(true);
  }, 120_000);

  it('the same forced race leaves the real design fresh', async () => {
    const report = await runForcedRace('real');
    printForcedRace(report);
    expect(report.heldVersion).toBeLessThan(report.writtenVersion);
    expect(report.versionAfterWrite).toBe(report.writtenVersion);
  }, 120_000);

  it(`the real design serves no stale read in up to ${CI_READS} random reads`, async () => {
    const report = await runFreshness({ variant: 'real', processes: 2, reads: CI_READS, deadlineMs: CI_DEADLINE_MS });
    printFreshness(report);
    expect(report.reads).toBeGreaterThanOrEqual(MIN_READS_CHECKED);
    expect(report.writes).toBeGreaterThan(10);
    // Undo, delete to the trash, restore and import batches are among the writers, not only edits.
    expect(Math.min(...Object.values(report.writesByKind))).toBeGreaterThan(0);
    expect(report.pendingInvalidations).toBe(0);
    expect(report.violations).toEqual([]);
  }, 300_000);

  it('random reads of the broken variant, counted (extra evidence, not a verdict)', async () => {
    const report = await runFreshness({ variant: 'broken', processes: 2, reads: CI_READS / 2, deadlineMs: CI_DEADLINE_MS / 2 });
    printFreshness(report);
    expect(report.reads).toBeGreaterThan(0);
  }, 300_000);

  it('200 concurrent cold reads cost one database load with protection, at least 100 without', async () => {
    const unprotected = await runStampede({ variant: 'broken', processes: 2, reads: 200, loaderMs: 100 });
    const protectedRun = await runStampede({ variant: 'real', processes: 2, reads: 200, loaderMs: 100 });
    printStampede(unprotected);
    printStampede(protectedRun);
    // Each process sends its 100 reads' GETs in one auto-pipelined request, so at least one process's worth all miss.
    expect(unprotected.loads).toBeGreaterThanOrEqual(100);
    expect(protectedRun.loads).toBe(1);
    expect(protectedRun.allAnswered && unprotected.allAnswered).toBe(true);
  }, 120_000);

  it.skipIf(!built)('through the page cache of a 2-worker production server: the broken variant is caught every time, the real design stays fresh', async () => {
    const broken = await runPages({ variant: 'broken', reads: 500, deadlineMs: CI_DEADLINE_MS / 4 });
    printPages(broken);
    expect(broken.forced.length).toBe(6);
    expect(broken.forced.every((check) => check.stale)).toBe(true);

    const real = await runPages({ variant: 'real', reads: CI_PAGE_READS, deadlineMs: CI_DEADLINE_MS });
    printPages(real);
    expect(real.forced.map((check) => check.stale)).toEqual([false, false, false, false, false, false]);
    expect(real.reads).toBeGreaterThanOrEqual(MIN_READS_CHECKED);
    expect(real.writes).toBeGreaterThan(10);
    expect(real.pageCache.hit).toBeGreaterThan(0);
    expect(real.forced.map((check) => check.kind)).toEqual(['view', 'view', 'revalidate', 'revalidate', 'editor view', 'editor view']);
    // The editor's second view of each page came from the template, so the fresh view after the write is the template's too.
    expect(real.forced.filter((check) => check.kind === 'editor view').map((check) => check.servedBefore)).toEqual(['hit', 'hit']);
    expect(real.unchangedRevalidatedWith).toBe(304);
    expect(real.workers).toBe(2);
    expect(real.violations).toEqual([]);
  }, 400_000);

  it('when the lease holder dies mid-load, the other process recovers once its lease expires', async () => {
    const report = await runLeaseDeath({ reads: 100, leaseTtlMs: 1000, leaseWaitMs: 5000 });
    printLeaseDeath(report);
    expect(report.holderSignal).toBe('SIGKILL');
    expect(report.allAnswered).toBe(true);
    expect(report.survivorReads).toBe(100);
    expect(report.survivorLoads).toBe(1);
  }, 120_000);
});
