/**
 * npm run test:stress — the cross-process freshness and stampede checks
 * against real Redis (through the REST bridge) and real PostgreSQL.
 *
 *   --scenario all|forced-race|freshness|stampede|lease-death|pages|failover|replica   (default all)
 *   --variant both|real|broken                      (default both)
 *   --reads N        freshness reads for the real design (default 100000)
 *   --broken-reads N freshness reads for the broken variant (default 10000)
 *   --processes N    worker processes (default 2)
 *   --page-reads N   page views through the page cache, real design (default 100000)
 *   --broken-page-reads N   page views, broken variant (default 5000)
 *   --failover-reads N      page views per Redis topology across forced failovers, real design (default 100000)
 *   --failovers N           forced failovers per topology and variant (default 3)
 *   --replica-reads N       page views through a PostgreSQL read replica, real design (default 100000)
 *
 * Exits 1 when the real design shows a violation, a forced check does not
 * catch the broken variant, or the stampede costs more than one load. (The
 * broken variant's random count is reported, not required.)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { postgresReachable, redisReachable } from '../lib/local-services';
import { runFailover } from './failover-scenario';
import { runReplicaScenario } from './replica-scenario';
import { runPages } from './pages-scenario';
import { printFailover, printForcedRace, printFreshness, printLeaseDeath, printPages, printReplica, printStampede } from './report';
import { runForcedRace, runFreshness, runLeaseDeath, runStampede } from './scenarios';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    variant: { type: 'string', default: 'both' },
    reads: { type: 'string', default: '100000' },
    'broken-reads': { type: 'string', default: '10000' },
    processes: { type: 'string', default: '2' },
    'page-reads': { type: 'string', default: '100000' },
    'broken-page-reads': { type: 'string', default: '5000' },
    'failover-reads': { type: 'string', default: '100000' },
    failovers: { type: 'string', default: '3' },
    'replica-reads': { type: 'string', default: '100000' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  // The usage lives in this file's header comment; print it rather than keep two copies.
  const header = /\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(new URL(import.meta.url), 'utf8'))?.[1] ?? '';
  console.log(header.replace(/^ \* ?/gm, '').trim());
  process.exit(0);
}
const processes = Number(values.processes);
const wants = (scenario: string) => values.scenario === 'all' || values.scenario === scenario;
const variants = values.variant === 'both' ? (['broken', 'real'] as const) : ([values.variant] as ['real' | 'broken']);

if (!(await redisReachable()) || !(await postgresReachable())) {
  console.error('The stress suite needs the real Redis and PostgreSQL (see README); nothing was run.');
  process.exit(1);
}

const problems: string[] = [];
const started = performance.now();

if (wants('forced-race')) {
  for (const variant of variants) {
    const report = await runForcedRace(variant);
    printForcedRace(report);
    if (variant === 'real' && report.stale) problems.push('forced race: the real design served a stale read');
    if (variant === 'broken' && !report.stale) problems.push('forced race: the checker missed the broken variant');
  }
}
if (wants('freshness')) {
  for (const variant of variants) {
    const reads = Number(variant === 'real' ? values.reads : values['broken-reads']);
    const report = await runFreshness({ variant, processes, reads });
    printFreshness(report);
    if (variant === 'real' && report.violations.length > 0) problems.push(`real design: ${report.violations.length} violations`);
  }
}
if (wants('stampede')) {
  console.log('');
  for (const variant of variants) {
    const report = await runStampede({ variant, processes, reads: 200, loaderMs: 100 });
    printStampede(report);
    if (variant === 'real' && report.loads !== 1) problems.push(`stampede: ${report.loads} loads with protection`);
  }
}
if (wants('lease-death')) {
  const report = await runLeaseDeath({ reads: 100, leaseTtlMs: 1000, leaseWaitMs: 5000 });
  printLeaseDeath(report);
  if (!report.allAnswered) problems.push('lease death: some reads did not recover');
}

if (wants('pages')) {
  for (const variant of variants) {
    const reads = Number(variant === 'real' ? values['page-reads'] : values['broken-page-reads']);
    const report = await runPages({ variant, reads });
    printPages(report);
    const forcedStale = report.forced.filter((check) => check.stale).length;
    if (variant === 'real' && (forcedStale > 0 || report.violations.length > 0)) problems.push(`pages: ${forcedStale} forced and ${report.violations.length} random stale views`);
    if (variant === 'broken' && forcedStale === 0) problems.push('pages: the forced check missed the broken page cache');
  }
}

if (wants('failover')) {
  const failovers = Number(values.failovers);
  for (const topology of ['sentinel', 'cluster'] as const) {
    for (const variant of variants) {
      const report = await runFailover({ topology, variant, reads: variant === 'real' ? Number(values['failover-reads']) : 3_000, failovers });
      printFailover(report);
      const forcedStale = report.forced.filter((check) => check.stale).length;
      if (variant === 'real' && (forcedStale > 0 || report.violations.length > 0)) problems.push(`failover (${topology}): ${forcedStale} forced and ${report.violations.length} random stale views`);
      if (variant === 'broken' && forcedStale < report.forced.length) problems.push(`failover (${topology}): ${report.forced.length - forcedStale} forced failovers missed the broken variant`);
    }
  }
}

if (wants('replica')) {
  for (const variant of variants) {
    const report = await runReplicaScenario({ variant, reads: variant === 'real' ? Number(values['replica-reads']) : 3_000, rounds: 3 });
    printReplica(report);
    const forcedStale = report.forced.filter((round) => round.stale).length;
    if (variant === 'real' && (forcedStale > 0 || report.violations.length > 0)) problems.push(`replica: ${forcedStale} forced and ${report.violations.length} random stale views`);
    if (variant === 'broken' && forcedStale < report.forced.length) problems.push(`replica: ${report.forced.length - forcedStale} forced rounds missed the broken variant`);
  }
}

console.log(`\nstress suite took ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const problem of problems) console.error(`FAILED: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);
