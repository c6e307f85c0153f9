/**
 * The freshness check across Redis failovers, at CI size, through the
 * production build (the build scripts/test-all.ts makes first): for Sentinel
 * and for a Cluster, a server with three worker processes on Redis servers of
 * the test's own, readers on every worker, a writer, and two forced failovers
 * each (the primary SIGKILLed right after acknowledging an invalidation its
 * held-back replica never received). `npm run test:stress -- --scenario
 * failover` runs the same with more reads.
 *
 * Nothing here can fail by chance: the race is forced every time, the broken
 * variant (the outbox record deleted as soon as the primary answered) must be
 * caught by every forced failover, and the real design must show no stale
 * read at all, whatever the timing.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { postgresReachable, servicesRequired } from '../lib/local-services';
import { buildExists } from '../lib/next-server';
import { runFailover, type Topology } from './failover-scenario';
import { printFailover } from './report';

const built = buildExists();
const tools = ['redis-server', 'redis-cli'].every((tool) => spawnSync('which', [tool]).status === 0);
const database = await postgresReachable();
if ((!built || !tools || !database) && servicesRequired) throw new Error('the failover checks need a production build, redis-server and PostgreSQL');
if (!built || !tools || !database) console.warn('\n!!! SKIPPING the failover stress checks: they need a production build, redis-server and PostgreSQL. !!!\n');

/** Views of the real design per topology. */
const CI_READS = 60_000;
const FAILOVERS = 2;

describe.skipIf(!built || !tools || !database).each(['sentinel', 'cluster'] as Topology[])('freshness across %s failovers, 3 production processes', (topology) => {
  it('the broken variant (record deleted once the primary answered) is caught by every forced failover', async () => {
    const report = await runFailover({ topology, variant: 'broken', reads: 3_000, failovers: FAILOVERS, deadlineMs: 240_000 });
    printFailover(report);
    expect(report.forced).toHaveLength(FAILOVERS);
    expect(report.forced.every((check) => check.stale)).toBe(true);
    expect(report.violations.length).toBeGreaterThan(0);
  }, 300_000);

  it(`the real design: no stale read in ${CI_READS.toLocaleString('en-US')} views, every forced failover fresh on every worker, every request answered`, async () => {
    const report = await runFailover({ topology, variant: 'real', reads: CI_READS, failovers: FAILOVERS, deadlineMs: 480_000 });
    printFailover(report);
    expect(report.forced).toHaveLength(FAILOVERS);
    expect(report.forced.map((check) => check.stale)).toEqual([false, false]);
    expect(Object.keys(report.servedBy)).toHaveLength(3);
    expect(report.reads).toBeGreaterThanOrEqual(CI_READS);
    expect(report.writes).toBeGreaterThan(20);
    expect(report.violations).toEqual([]);
    expect(report.duringFailover.ok).toBe(report.duringFailover.requests);
  }, 600_000);
});
