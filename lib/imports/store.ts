/**
 * Where imports are kept (db/schema.ts import_uploads, import_runs,
 * import_run_batches): the uploaded files, each run's progress, and what
 * each batch did. Always the primary: an editor watching a run must see
 * every batch the moment it commits.
 */
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database, Transaction } from '@/db/client';
import { changeActions, importRunBatches, importRuns, importUploads } from '@/db/schema';
import type { Actor } from '@/lib/products/history';
import type { ImportBatchLines } from '@/lib/products/import-batches';

/** How long an upload's bytes are kept for its preview and apply, in hours; its runs' reports stay. */
export const UPLOAD_BYTES_KEPT_HOURS = 24;
/** A running run whose heartbeat is older than this, in seconds, was stopped with its process. */
export const RUN_HEARTBEAT_STALE_SECONDS = 60;

export interface UploadView {
  id: number;
  fileName: string;
  fileDigest: string;
  byteCount: number;
  refusal: string | null;
  editorName: string;
  createdAt: Date;
  /** False once the bytes have been dropped (UPLOAD_BYTES_KEPT_HOURS). */
  kept: boolean;
}

export type RunStatus = 'running' | 'done' | 'failed' | 'stopped';

export interface RunView {
  id: number;
  uploadId: number;
  fileName: string;
  dryRun: boolean;
  /** 'stopped' too for a run whose process stopped mid-way (its heartbeat went stale). */
  status: RunStatus;
  batchCount: number;
  batchesDone: number;
  actionId: number | null;
  message: string | null;
  editorName: string;
  startedAt: Date;
  finishedAt: Date | null;
}

export type BatchOutcome = 'applied' | 'already-applied' | 'would-apply' | 'failed';

export interface BatchView {
  batchNumber: number;
  outcome: BatchOutcome;
  firstLine: number;
  lastLine: number;
  lines: ImportBatchLines;
  message: string | null;
}

/** Keeps an uploaded file (or only its refusal: then no bytes); drops the bytes of uploads older than a day. Returns its id. */
export async function storeUpload(
  db: Database,
  upload: { fileName: string; bytes: Uint8Array; fileDigest: string; refusal: string | null; by: Actor },
): Promise<number> {
  await db
    .update(importUploads)
    .set({ bytes: new Uint8Array(0) })
    .where(and(lt(importUploads.createdAt, sql`now() - make_interval(hours => ${UPLOAD_BYTES_KEPT_HOURS})`), gt(importUploads.byteCount, 0), sql`octet_length(${importUploads.bytes}) > 0`));
  const [row] = await db
    .insert(importUploads)
    .values({
      fileName: upload.fileName,
      fileDigest: upload.fileDigest,
      byteCount: upload.bytes.length,
      bytes: upload.refusal === null ? upload.bytes : new Uint8Array(0),
      refusal: upload.refusal,
      editorId: upload.by.id,
      editorName: upload.by.name,
    })
    .returning({ id: importUploads.id });
  return row!.id;
}

const uploadColumns = {
  id: importUploads.id,
  fileName: importUploads.fileName,
  fileDigest: importUploads.fileDigest,
  byteCount: importUploads.byteCount,
  refusal: importUploads.refusal,
  editorName: importUploads.editorName,
  createdAt: importUploads.createdAt,
  kept: sql<boolean>`octet_length(${importUploads.bytes}) > 0 or ${importUploads.byteCount} = 0`,
};

/** The upload `id` without its bytes, or null. */
export async function uploadById(db: Database, id: number): Promise<UploadView | null> {
  const [row] = await db.select(uploadColumns).from(importUploads).where(eq(importUploads.id, id));
  return row ?? null;
}

/** The bytes of upload `id`: null when it does not exist or they have been dropped. */
export async function uploadBytes(db: Database, id: number): Promise<Uint8Array | null> {
  const [row] = await db.select({ bytes: importUploads.bytes }).from(importUploads).where(eq(importUploads.id, id));
  return row && row.bytes.length > 0 ? new Uint8Array(row.bytes) : null;
}

/** Opens a run of upload `uploadId`; returns its id. */
export async function openRun(db: Database | Transaction, run: { uploadId: number; dryRun: boolean; batchCount: number; by: Actor }): Promise<number> {
  const [row] = await db
    .insert(importRuns)
    .values({ uploadId: run.uploadId, dryRun: run.dryRun, batchCount: run.batchCount, editorName: run.by.name })
    .returning({ id: importRuns.id });
  return row!.id;
}

/** After a batch: how many are done, the run's action, and a fresh heartbeat. */
export async function recordProgress(db: Database, runId: number, batchesDone: number, actionId: number | null): Promise<void> {
  await db.update(importRuns).set({ batchesDone, actionId, heartbeatAt: sql`now()` }).where(eq(importRuns.id, runId));
}

/** Keeps what a batch that was not applied did ('already-applied', 'would-apply' or 'failed'); an applied batch's row is its own transaction's. */
export async function recordBatch(db: Database, runId: number, batch: { number: number; firstLine: number; lastLine: number; fileDigest: string }, outcome: Exclude<BatchOutcome, 'applied'>, lines: ImportBatchLines, message: string | null = null): Promise<void> {
  await db
    .insert(importRunBatches)
    .values({ runId, batchNumber: batch.number, fileDigest: batch.fileDigest, outcome, firstLine: batch.firstLine, lastLine: batch.lastLine, lines, message })
    .onConflictDoNothing();
}

/** Ends a run. */
export async function finishRun(db: Database, runId: number, status: Exclude<RunStatus, 'running'>, message: string | null): Promise<void> {
  await db.update(importRuns).set({ status, message, finishedAt: sql`now()`, heartbeatAt: sql`now()` }).where(eq(importRuns.id, runId));
}

const runColumns = {
  id: importRuns.id,
  uploadId: importRuns.uploadId,
  fileName: importUploads.fileName,
  dryRun: importRuns.dryRun,
  status: sql<RunStatus>`case when ${importRuns.status} = 'running' and ${importRuns.heartbeatAt} < now() - make_interval(secs => ${RUN_HEARTBEAT_STALE_SECONDS}) then 'stopped' else ${importRuns.status} end`,
  batchCount: importRuns.batchCount,
  batchesDone: importRuns.batchesDone,
  actionId: importRuns.actionId,
  message: sql<string | null>`case when ${importRuns.status} = 'running' and ${importRuns.heartbeatAt} < now() - make_interval(secs => ${RUN_HEARTBEAT_STALE_SECONDS}) then 'The server running this import stopped before it finished.' else ${importRuns.message} end`,
  editorName: importRuns.editorName,
  startedAt: importRuns.startedAt,
  finishedAt: importRuns.finishedAt,
};

/** Run `id` without its batches, or null. */
async function runById(db: Database, id: number): Promise<RunView | null> {
  const [run] = await db.select(runColumns).from(importRuns).innerJoin(importUploads, eq(importUploads.id, importRuns.uploadId)).where(eq(importRuns.id, id));
  return run ?? null;
}

/** Run `id` with its batches in order, or null. */
export async function runReport(db: Database, id: number): Promise<{ run: RunView; batches: BatchView[] } | null> {
  const run = await runById(db, id);
  if (!run) return null;
  const batches = await db
    .select({
      batchNumber: importRunBatches.batchNumber,
      outcome: sql<BatchOutcome>`${importRunBatches.outcome}`,
      firstLine: importRunBatches.firstLine,
      lastLine: importRunBatches.lastLine,
      lines: importRunBatches.lines,
      message: importRunBatches.message,
    })
    .from(importRunBatches)
    .where(eq(importRunBatches.runId, id))
    .orderBy(asc(importRunBatches.batchNumber));
  return { run, batches };
}

/** The newest runs, for the import page. */
export function recentRuns(db: Database, limit: number): Promise<RunView[]> {
  return db.select(runColumns).from(importRuns).innerJoin(importUploads, eq(importUploads.id, importRuns.uploadId)).orderBy(desc(importRuns.id)).limit(limit);
}

/** A run applying a file with this content that is still going (heartbeat fresh), or null. */
export async function applyingNow(db: Database | Transaction, fileDigest: string): Promise<RunView | null> {
  const [row] = await db
    .select(runColumns)
    .from(importRuns)
    .innerJoin(importUploads, eq(importUploads.id, importRuns.uploadId))
    .where(
      and(
        eq(importUploads.fileDigest, fileDigest),
        eq(importRuns.dryRun, false),
        eq(importRuns.status, 'running'),
        sql`${importRuns.heartbeatAt} >= now() - make_interval(secs => ${RUN_HEARTBEAT_STALE_SECONDS})`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/** What earlier runs applied of a file with this content: which batches, the newest such run, and the undo of it if it was undone. */
export interface AppliedBefore {
  /** Batch numbers applied; they are never applied again (import-batches.ts claimBatch). */
  batchNumbers: Set<number>;
  run: RunView | null;
  /** The change that undid (and has not been undone itself) an action those batches belong to, or null. */
  undoneByActionId: number | null;
}

/** What earlier runs applied of a file with this content (AppliedBefore). */
export async function appliedBefore(db: Database, fileDigest: string): Promise<AppliedBefore> {
  const applied = await db
    .select({ batchNumber: importRunBatches.batchNumber, runId: importRunBatches.runId, undoneBy: changeActions.undoneByActionId })
    .from(importRunBatches)
    .innerJoin(importRuns, eq(importRuns.id, importRunBatches.runId))
    .leftJoin(changeActions, eq(changeActions.id, importRuns.actionId))
    .where(and(eq(importRunBatches.fileDigest, fileDigest), eq(importRunBatches.outcome, 'applied')));
  if (applied.length === 0) return { batchNumbers: new Set(), run: null, undoneByActionId: null };
  const newestRunId = Math.max(...applied.map((row) => Number(row.runId)));
  const undone = applied.find((row) => row.undoneBy !== null);
  return { batchNumbers: new Set(applied.map((row) => row.batchNumber)), run: await runById(db, newestRunId), undoneByActionId: undone ? Number(undone.undoneBy) : null };
}

/** Holds, until `tx` ends, the lock every apply start of content `fileDigest` takes (openApplyRun). */
export async function lockApplyStarts(tx: Transaction, fileDigest: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`import-apply:${fileDigest}`}, 0))`);
}

/**
 * Opens an apply run of upload `uploadId` unless a file with the same
 * content is being applied now, which it returns instead. The check and the
 * insert hold a transaction-scoped advisory lock on the content digest, so
 * a double click, two workers or two hosts never start two applies.
 */
export async function openApplyRun(db: Database, fileDigest: string, run: { uploadId: number; batchCount: number; by: Actor }): Promise<{ runId: number } | { busy: RunView }> {
  return db.transaction(async (tx) => {
    await lockApplyStarts(tx, fileDigest);
    const busy = await applyingNow(tx, fileDigest);
    if (busy) return { busy };
    return { runId: await openRun(tx, { ...run, dryRun: false }) };
  });
}
