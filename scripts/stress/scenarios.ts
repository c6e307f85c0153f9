/**
 * The three stress scenarios, run from the coordinator process: each starts
 * the environment, forks its workers, hands them one task, collects and
 * checks the results, and always cleans up (children killed, keys removed).
 */
import { findViolations, type Violation } from './freshness-check';
import { startEnvironment, type StressEnvironment } from './environment';
import type { FreshnessResult, FreshnessTask, HeldReadResult, StampedeResult, Variant, WriteOnceResult, WriterKind } from './protocol';
import { startWorker, type Worker } from './workers';

export interface FreshnessOptions {
  variant: Variant;
  processes: number;
  reads: number;
  readersPerProcess?: number;
  writersPerProcess?: number;
  hotProducts?: number;
  loaderDelayMaxMs?: number;
  writePauseMaxMs?: number;
  deadlineMs?: number;
}

export interface FreshnessReport {
  variant: Variant;
  processes: number;
  operations: number;
  reads: number;
  observations: number;
  writes: number;
  /** The acknowledged writes by kind: edits, undos, deletes to the trash, restores, import batches. */
  writesByKind: Record<WriterKind, number>;
  pendingInvalidations: number;
  loads: number;
  cacheFailures: number;
  violations: Violation[];
  elapsedMs: number;
}

async function withWorkers<T>(
  hotProducts: number,
  count: number,
  variant: Variant,
  cache: Parameters<StressEnvironment['setupFor']>[2],
  body: (environment: StressEnvironment, workers: Worker[]) => Promise<T>,
  answerWithinMs: number,
): Promise<T> {
  const environment = await startEnvironment(hotProducts);
  const workers: Worker[] = [];
  try {
    for (let index = 0; index < count; index += 1) workers.push(startWorker(environment.setupFor(index, variant, cache), answerWithinMs));
    await Promise.all(workers.map((worker) => worker.ready));
    return await body(environment, workers);
  } finally {
    for (const worker of workers) worker.kill();
    await environment.close();
  }
}

function sumByKind(counts: ReadonlyArray<Record<WriterKind, number>>): Record<WriterKind, number> {
  const total: Record<WriterKind, number> = { edit: 0, undo: 0, delete: 0, restore: 0, import: 0 };
  for (const count of counts) for (const kind of Object.keys(total) as WriterKind[]) total[kind] += count[kind];
  return total;
}

export async function runFreshness(options: FreshnessOptions): Promise<FreshnessReport> {
  const deadlineMs = options.deadlineMs ?? 15 * 60_000;
  return withWorkers(options.hotProducts ?? 4, options.processes, options.variant, undefined, async (environment, workers) => {
    const started = performance.now();
    const task = (index: number): FreshnessTask => ({
      kind: 'freshness',
      // Split the reads evenly; the first processes take the remainder.
      reads: Math.floor(options.reads / workers.length) + (index < options.reads % workers.length ? 1 : 0),
      readers: options.readersPerProcess ?? 12,
      writers: options.writersPerProcess ?? 2,
      hotIds: environment.hotIds,
      loaderDelayMaxMs: options.loaderDelayMaxMs ?? 3,
      writePauseMaxMs: options.writePauseMaxMs ?? 30,
      deadlineMs,
    });
    const results = (await Promise.all(workers.map((worker, index) => worker.run(task(index))))) as FreshnessResult[];
    const elapsedMs = performance.now() - started;
    const writes = results.flatMap((result) => result.writes);
    const observations = results.flatMap((result) => result.observations);
    const reads = results.reduce((sum, result) => sum + result.reads, 0);
    const pendingInvalidations = results.reduce((sum, result) => sum + result.pendingInvalidations, 0);
    return {
      variant: options.variant,
      processes: workers.length,
      operations: reads + writes.length + pendingInvalidations,
      reads,
      observations: observations.length,
      writes: writes.length,
      writesByKind: sumByKind(results.map((result) => result.writesByKind)),
      pendingInvalidations,
      loads: results.reduce((sum, result) => sum + result.loads, 0),
      cacheFailures: results.reduce((sum, result) => sum + result.cacheFailures, 0),
      violations: findViolations(writes, observations),
      elapsedMs,
    };
  }, deadlineMs + 60_000);
}

export interface StampedeOptions {
  variant: Variant;
  processes: number;
  reads: number;
  loaderMs: number;
}

export interface StampedeReport {
  variant: Variant;
  processes: number;
  reads: number;
  loads: number;
  allAnswered: boolean;
  cacheFailures: number;
  elapsedMs: number;
}

export async function runStampede(options: StampedeOptions): Promise<StampedeReport> {
  return withWorkers(1, options.processes, options.variant, undefined, async (environment, workers) => {
    const productId = environment.hotIds[0]!;
    const perProcess = Math.ceil(options.reads / workers.length);
    const started = performance.now();
    // Every worker is ready and waiting: the tasks go out back to back, so the reads start together.
    const results = (await Promise.all(
      workers.map((worker) => worker.run({ kind: 'stampede', key: `product:${productId}`, productId, reads: perProcess, loaderMs: options.loaderMs })),
    )) as StampedeResult[];
    return {
      variant: options.variant,
      processes: workers.length,
      reads: results.reduce((sum, result) => sum + result.reads, 0),
      loads: results.reduce((sum, result) => sum + result.loads, 0),
      allAnswered: results.every((result) => result.allAnswered),
      cacheFailures: results.reduce((sum, result) => sum + result.cacheFailures, 0),
      elapsedMs: performance.now() - started,
    };
  }, 60_000);
}

export interface LeaseDeathReport {
  leaseTtlMs: number;
  leaseWaitMs: number;
  /** Exit signal of the killed lease holder. */
  holderSignal: string | null;
  survivorReads: number;
  survivorLoads: number;
  allAnswered: boolean;
  /** From the holder's death until every survivor read had its answer. */
  recoveredAfterMs: number;
}

/**
 * Process 0 takes the lease and is SIGKILLed mid-load; process 1 then reads
 * the same key `reads` times at once. Its waiters must recover once the dead
 * holder's lease expires (leaseTtlMs, here shorter than leaseWaitMs), with one load.
 */
export async function runLeaseDeath(options: { reads: number; leaseTtlMs: number; leaseWaitMs: number }): Promise<LeaseDeathReport> {
  const cache = { leaseTtlMs: options.leaseTtlMs, leaseWaitMs: options.leaseWaitMs };
  return withWorkers(1, 2, 'real', cache, async (environment, [holder, survivor]) => {
    const productId = environment.hotIds[0]!;
    const key = `product:${productId}`;
    const loading = holder!.waitForLoading();
    holder!.run({ kind: 'hold-lease', key }).catch(() => undefined); // it dies before answering
    await loading;
    const died = new Promise<string | null>((resolve) => holder!.child.once('exit', (_code, signal) => resolve(signal)));
    holder!.kill();
    const holderSignal = await died;
    const killedAt = performance.now();
    const result = (await survivor!.run({ kind: 'stampede', key, productId, reads: options.reads, loaderMs: 100 })) as StampedeResult;
    return {
      ...cache,
      holderSignal,
      survivorReads: result.reads,
      survivorLoads: result.loads,
      allAnswered: result.allAnswered,
      recoveredAfterMs: performance.now() - killedAt,
    };
  }, 60_000);
}

export interface ForcedRaceReport {
  variant: Variant;
  /** The version the held (pre-write) load returned. */
  heldVersion: number;
  /** The version the write committed and acknowledged. */
  writtenVersion: number;
  /** What the reader's next read, started after the acknowledgement, returned. */
  versionAfterWrite: number;
  stale: boolean;
}

/**
 * The stale-set race forced across two real processes, no timing involved:
 * process 0 misses and loads the row, and its load is held; process 1 commits
 * an update and invalidates; process 0's load is released and it fills; then
 * process 0 reads again. That read started after the write was acknowledged,
 * so it must see the write. Plain delete-after-write fails this every time.
 */
export async function runForcedRace(variant: Variant): Promise<ForcedRaceReport> {
  return withWorkers(1, 2, variant, undefined, async (environment, [reader, writer]) => {
    const productId = environment.hotIds[0]!;
    const loading = reader!.waitForLoading();
    const read = reader!.run({ kind: 'held-read', productId }) as Promise<HeldReadResult>;
    await loading;
    const written = (await writer!.run({ kind: 'write-once', productId })) as WriteOnceResult;
    reader!.release();
    const { heldVersion, versionAfterWrite } = await read;
    return { variant, heldVersion, writtenVersion: written.version, versionAfterWrite, stale: versionAfterWrite < written.version };
  }, 60_000);
}
