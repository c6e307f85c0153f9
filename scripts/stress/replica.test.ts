/**
 * The freshness check with a PostgreSQL read replica, at CI size, through the
 * production build (the build scripts/test-all.ts makes first): three worker
 * processes reading through a streaming replica of the test's own, a writer
 * on the primary, forced rounds with the replica's replay paused, and the
 * replica stopped and started again (replica-scenario.ts).
 *
 * Nothing here can fail by chance: every forced round makes the replica lack
 * the write for as long as the workers read; the broken variant (the servers
 * reading the replica as their database) must be caught by every round, and
 * the real design must show no stale read at all, whatever the timing.
 */
import { describe, expect, it } from 'vitest';
import { postgresReachable, servicesRequired } from '../lib/local-services';
import { buildExists } from '../lib/next-server';
import { postgresLabAvailable } from '../lib/postgres-lab';
import { printReplica } from './report';
import { runReplicaScenario } from './replica-scenario';

const built = buildExists();
const redisAndPostgres = await postgresReachable();
const ready = built && postgresLabAvailable && redisAndPostgres;
if (!ready && servicesRequired) throw new Error('the replica checks need a production build, the PostgreSQL server binaries and the local services');
if (!ready) console.warn('\n!!! SKIPPING the replica stress checks: they need a production build and the PostgreSQL server binaries. !!!\n');

const CI_READS = 100_000;
const ROUNDS = 2;

describe.skipIf(!ready)('freshness with a streaming read replica, 3 production processes', () => {
  it('the broken variant (servers reading the replica as their database) is caught by every forced round', async () => {
    const report = await runReplicaScenario({ variant: 'broken', reads: 3_000, rounds: ROUNDS, deadlineMs: 240_000 });
    printReplica(report);
    expect(report.forced).toHaveLength(ROUNDS);
    expect(report.forced.every((round) => round.stale)).toBe(true);
    expect(report.violations.length).toBeGreaterThan(0);
  }, 300_000);

  it(`the real design: no stale read in ${CI_READS.toLocaleString('en-US')} views, every forced round fresh, every view answered with the replica stopped, reads back on it after`, async () => {
    const report = await runReplicaScenario({ variant: 'real', reads: CI_READS, rounds: ROUNDS, deadlineMs: 540_000 });
    printReplica(report);
    expect(report.forced.map((round) => round.stale)).toEqual([false, false]);
    expect(Object.keys(report.servedBy)).toHaveLength(3);
    expect(report.reads).toBeGreaterThanOrEqual(CI_READS);
    expect(report.violations).toEqual([]);
    expect(report.replicaStopped.requests).toBeGreaterThan(0);
    expect(report.replicaStopped.ok).toBe(report.replicaStopped.requests);
    expect(report.backOnReplicaMs).not.toBeNull();
    expect(report.routed['replica/caught-up']).toBeGreaterThan(0);
    expect(report.routed['primary/behind']).toBeGreaterThan(0);
    // Health names the stopped replica and stays 200 ("degraded": its reads went to the primary), then "ok".
    expect(report.health.whileStopped).toMatchObject({ httpStatus: 200, status: 'degraded', replica: { answered: false } });
    expect(report.health.after).toMatchObject({ httpStatus: 200, status: 'ok', replica: { answered: true } });
  }, 600_000);
});
