/** What the coordinator and its worker processes say to each other (over the fork IPC channel). */
import type { ReadRecord, WriteRecord } from './freshness-check';

export type Variant = 'real' | 'broken';

/** Passed to each worker on its command line: how to reach the shared services. */
export interface WorkerSetup {
  index: number;
  databaseUrl: string;
  bridgeUrl: string;
  bridgeToken: string;
  prefix: string;
  variant: Variant;
  /** The shared clock's origin (see clock.ts). */
  epoch: string;
  cache: { timeoutMs: number; leaseTtlMs: number; leaseWaitMs: number };
}

export interface FreshnessTask {
  kind: 'freshness';
  reads: number;
  readers: number;
  writers: number;
  hotIds: number[];
  /** Loader delay, uniformly 0..max ms: widens the load window where the stale-set race lives. */
  loaderDelayMaxMs: number;
  /** Pause between one writer's writes, uniformly 0..max ms. */
  writePauseMaxMs: number;
  /** Give up after this long even if the reads are not done (bounded loops). */
  deadlineMs: number;
}

export interface StampedeTask {
  kind: 'stampede';
  key: string;
  productId: number;
  reads: number;
  loaderMs: number;
}

/** Takes the lease of `key` and reports 'loading'; its loader never returns (the coordinator kills it). */
export interface HoldLeaseTask {
  kind: 'hold-lease';
  key: string;
}

/**
 * The forced stale-set race, reader side: read product `productId` through
 * the data layer with its database load held (reports 'loading', waits for
 * 'release'), then, once released, read it again and report both versions.
 */
export interface HeldReadTask {
  kind: 'held-read';
  productId: number;
}

/** The forced race, writer side: update the product (commit, then invalidate) and report the version. */
export interface WriteOnceTask {
  kind: 'write-once';
  productId: number;
}

export type Task = FreshnessTask | StampedeTask | HoldLeaseTask | HeldReadTask | WriteOnceTask;

/** What a freshness writer does each turn (freshness-task.ts). */
export type WriterKind = 'edit' | 'undo' | 'delete' | 'restore' | 'import';

export interface FreshnessResult {
  kind: 'freshness';
  reads: number;
  writes: WriteRecord[];
  /** Acknowledged writes by kind: edits, undos, deletes (to the trash), restores, import batches. */
  writesByKind: Record<WriterKind, number>;
  observations: ReadRecord[];
  pendingInvalidations: number;
  cacheFailures: number;
  loads: number;
}

export interface StampedeResult {
  kind: 'stampede';
  loads: number;
  reads: number;
  /** Every read returned the product row. */
  allAnswered: boolean;
  elapsedMs: number;
  cacheFailures: number;
}

export interface HeldReadResult {
  kind: 'held-read';
  /** What the held read returned (loaded before the write). */
  heldVersion: number;
  /** What a read started after the release (so after the write was acknowledged) returned. */
  versionAfterWrite: number;
}

export interface WriteOnceResult {
  kind: 'write-once';
  version: number;
  invalidation: 'done' | 'pending-retry';
}

export type TaskResult = FreshnessResult | StampedeResult | HeldReadResult | WriteOnceResult;

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'loading' }
  | { type: 'done'; result: TaskResult }
  | { type: 'failed'; error: string };

export type CoordinatorMessage = { type: 'run'; task: Task } | { type: 'release' };
