/** Prints the stress results as short tables a person can paste into an issue. */
import type { FailoverReport } from './failover-scenario';
import type { PagesReport } from './pages-scenario';
import type { ReplicaReport } from './replica-scenario';
import type { ForcedRaceReport, FreshnessReport, LeaseDeathReport, StampedeReport } from './scenarios';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printFreshness(report: FreshnessReport): void {
  console.log(`\nfreshness — variant ${report.variant}, ${report.processes} processes, ${seconds(report.elapsedMs)}`);
  console.table({
    operations: report.operations,
    reads: report.reads,
    'product versions observed': report.observations,
    'writes (acknowledged)': report.writes,
    '  of which edits / undos / deletes / restores / import batches': Object.values(report.writesByKind).join(' / '),
    'writes with pending invalidation': report.pendingInvalidations,
    'database loads': report.loads,
    'cache store failures (failed open)': report.cacheFailures,
    violations: report.violations.length,
  });
  for (const violation of report.violations.slice(0, 5)) {
    const { read } = violation;
    console.log(
      `  e.g. ${read.source} read of product ${read.item} started ${violation.ackedMsBefore.toFixed(2)} ms after version ${violation.required} was acknowledged, and saw version ${read.version}`,
    );
  }
}

export function printStampede(report: StampedeReport): void {
  const label = report.variant === 'real' ? 'lease + single-flight' : 'no protection (plain get/miss/load/set)';
  console.log(
    `stampede — ${label}: ${report.reads} concurrent cold reads over ${report.processes} processes cost ${report.loads} database load(s)` +
      ` (${seconds(report.elapsedMs)}, all answered: ${report.allAnswered}, cache failures: ${report.cacheFailures})`,
  );
}

export function printLeaseDeath(report: LeaseDeathReport): void {
  console.log(
    `lease death — holder killed mid-load (${report.holderSignal}); ${report.survivorReads} reads in the other process recovered ` +
      `after ${seconds(report.recoveredAfterMs)} with ${report.survivorLoads} load(s) (lease TTL ${report.leaseTtlMs} ms, wait limit ${report.leaseWaitMs} ms, all answered: ${report.allAnswered})`,
  );
}

export function printForcedRace(report: ForcedRaceReport): void {
  const label = report.variant === 'real' ? 'generation-guarded cached()' : 'plain delete-after-write';
  console.log(
    `forced race — ${label}: held load saw v${report.heldVersion}, the write acknowledged v${report.writtenVersion}, ` +
      `the next read saw v${report.versionAfterWrite}: ${report.stale ? 'STALE' : 'fresh'}`,
  );
}

export function printPages(report: PagesReport): void {
  const label = report.variant === 'real' ? 'page cache' : 'broken page cache (keyed without the generation)';
  console.log(`\npages — ${label}, production server with ${report.workers} worker(s) answering, ${seconds(report.elapsedMs)}`);
  const forced = report.forced.map((check) => `${check.path} (${check.kind}): wrote ${check.written}, then saw ${check.seen}${check.stale ? ' (STALE)' : ''}`);
  console.log(`  forced (view, view, write, then a view or a revalidation; an editor's too): ${report.forced.filter((check) => check.stale).length} of ${report.forced.length} stale — ${forced.join('; ')}`);
  console.table({
    'page views read': report.reads,
    'product prices observed': report.observations,
    'writes (acknowledged)': report.writes,
    'writes with pending invalidation': report.pendingInvalidations,
    'x-page-cache': Object.entries(report.pageCache).map(([state, count]) => `${state} ${count}`).join(', '),
    "x-page-cache of the editor's views": Object.entries(report.editorPageCache).map(([state, count]) => `${state} ${count}`).join(', '),
    'revalidations (answered 304)': `${report.revalidations.conditional} (${report.revalidations.notModified})`,
    'revalidation with nothing written since': report.unchangedRevalidatedWith,
    'views per worker': Object.entries(report.servedBy).map(([worker, count]) => `#${worker} ${count}`).join(', '),
    violations: report.violations.length,
  });
  for (const violation of report.violations.slice(0, 3)) {
    console.log(`  e.g. a view of product ${violation.read.item} started ${violation.ackedMsBefore.toFixed(2)} ms after price #${violation.required} was acknowledged, and showed #${violation.read.version}`);
  }
}

export function printFailover(report: FailoverReport): void {
  console.log(`\nfailover — ${report.topology}, variant ${report.variant}, ${report.processes} worker processes, ${seconds(report.elapsedMs)}`);
  console.table({
    'page views checked': report.reads,
    'product prices observed': report.observations,
    'writes acknowledged': report.writes - report.writesWithPendingInvalidation,
    'writes saved with a lag warning': report.writesWithPendingInvalidation,
    'forced failovers': report.forced.length,
    'forced failovers seen stale': report.forced.filter((check) => check.stale).length,
    'stale reads (violations)': report.violations.length,
    'longest stale window': `${report.longestStaleWindowMs.toFixed(0)} ms`,
    'reads older than a warned write': report.laggingAfterWarnedWrites,
    'requests during failovers': report.duringFailover.requests,
    'answered 200 during failovers': report.duringFailover.ok,
    'slowest request during failovers': `${report.duringFailover.slowestMs.toFixed(0)} ms`,
  });
  for (const check of report.forced) console.log(`  forced: wrote ${check.written}, workers saw ${JSON.stringify(check.seen)}, promoted in ${check.promotionMs.toFixed(0)} ms${check.stale ? ' — STALE' : ''}`);
  console.log(`  served by ${JSON.stringify(report.servedBy)}; page cache ${JSON.stringify(report.pageCache)}`);
}

export function printReplica(report: ReplicaReport): void {
  console.log(`\nread replica — variant ${report.variant}, ${report.processes} worker processes, ${seconds(report.elapsedMs)}`);
  console.table({
    'page views checked': report.reads,
    'product prices observed': report.observations,
    'writes acknowledged': report.writes,
    'forced rounds (replay paused)': report.forced.length,
    'forced rounds seen stale': report.forced.filter((round) => round.stale).length,
    'stale reads (violations)': report.violations.length,
    'longest stale window': `${report.longestStaleWindowMs.toFixed(0)} ms`,
    'views with the replica stopped': report.replicaStopped.requests,
    'answered 200 with it stopped': report.replicaStopped.ok,
    'back on the replica after restart': report.backOnReplicaMs === null ? 'n/a' : `${report.backOnReplicaMs.toFixed(0)} ms`,
  });
  for (const round of report.forced) console.log(`  forced: wrote ${round.written}, workers saw ${JSON.stringify(round.seen)}${round.stale ? ' — STALE' : ''}`);
  if (report.health.whileStopped) console.log(`  health with the replica stopped ${JSON.stringify(report.health.whileStopped)}, after ${JSON.stringify(report.health.after)}`);
  console.log(`  reads routed ${JSON.stringify(report.routed)}; served by ${JSON.stringify(report.servedBy)}; page cache ${JSON.stringify(report.pageCache)}`);
}
