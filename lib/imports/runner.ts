/**
 * Runs an import (a dry run or an apply) outside the request that started
 * it, batch after batch, each through the data layer's importBatch (one
 * transaction with its history and invalidation record), writing the run's
 * progress after each so its page can show it. An apply's batches add to
 * one history action, undone as one. A failed batch leaves nothing of itself
 * and ends the run: the report names the batches applied before it, and an
 * apply of the same file later does only the rest.
 */
import type { Database } from '@/db/client';
import { parseProductCsv } from '@/lib/csv/product-import';
import type { Actor } from '@/lib/products/history';
import type { ProductRepository } from '@/lib/products/repository';
import { planBatches } from './plan';
import { finishRun, openApplyRun, openRun, recordBatch, recordProgress, uploadBytes, uploadById } from './store';

/** Why a run could not start: a code for the address the page is sent back to, and the editor's message. */
export type ImportRefusal = 'shutting-down' | 'unknown-upload' | 'refused-file' | 'not-kept' | 'no-rows' | 'busy';

const REFUSALS: Record<ImportRefusal, string> = {
  'shutting-down': 'The server is shutting down: start the import again in a moment.',
  'unknown-upload': 'There is no such upload: upload the file again.',
  'refused-file': 'This file cannot be imported:',
  'not-kept': 'This upload is more than a day old and no longer kept: upload the file again.',
  'no-rows': 'No row of this file can be imported: every row has a problem (see the list below).',
  busy: 'This file is being imported now: wait for that import to finish (see Recent imports).',
};

/** What the editor reads for refusal `code` (from an address, so anything): undefined for no refusal of ours. */
export const refusalMessage = (code: string): string | undefined => (Object.hasOwn(REFUSALS, code) ? REFUSALS[code as ImportRefusal] : undefined);

export class ImportRefusedError extends Error {
  override name = 'ImportRefusedError';
  constructor(
    readonly code: ImportRefusal,
    detail?: string,
    /** For 'busy': the apply going on now, where a second click is sent. */
    readonly runningRunId: number | null = null,
  ) {
    super(detail ? `${REFUSALS[code]} ${detail}` : REFUSALS[code]);
  }
}

export interface ImportRunnerDeps {
  db: Database;
  repository: Pick<ProductRepository, 'importBatch'>;
  log?: (message: string) => void;
  /** Awaited before each batch (tests hold a run between batches with it). */
  beforeBatch?: (runId: number, batchNumber: number) => Promise<void>;
}

export interface StartedRun {
  runId: number;
  /** Settles when the run has ended (done, failed or stopped); never rejects. */
  finished: Promise<void>;
}

const describeFailure = (error: unknown) =>
  error instanceof Error && error.name === 'DatabaseUnavailableError'
    ? 'The database stopped answering, so this batch was not written.'
    : 'This batch could not be written (the server log has the cause).';

export function createImportRunner(deps: ImportRunnerDeps) {
  const { db, repository } = deps;
  const running = new Set<Promise<void>>();
  let stopping = false;

  async function run(runId: number, batches: ReturnType<typeof planBatches>, summary: string, dryRun: boolean, by: Actor): Promise<void> {
    let actionId: number | null = null;
    for (const batch of batches) {
      await deps.beforeBatch?.(runId, batch.number);
      if (stopping) return finishRun(db, runId, 'stopped', `The server was shutting down: stopped before batch ${batch.number} (line ${batch.firstLine}); what came before stays applied.`);
      let written: Awaited<ReturnType<typeof repository.importBatch>>;
      try {
        written = await repository.importBatch(batch, { runId, actionId, summary }, { by, dryRun });
      } catch (error) {
        (deps.log ?? console.error)(`import run ${runId}, batch ${batch.number}: ${(error as Error).message}`);
        const message = describeFailure(error);
        await recordBatch(db, runId, batch, 'failed', { applied: [], unchanged: [], missing: [] }, message);
        return finishRun(db, runId, 'failed', `Batch ${batch.number} (lines ${batch.firstLine}–${batch.lastLine}) failed: ${message}`);
      }
      const { outcome, lines } = written.value;
      if (outcome === 'undone') return finishRun(db, runId, 'stopped', `This import was undone while it ran: stopped before batch ${batch.number} (line ${batch.firstLine}); nothing after it was written.`);
      if (outcome !== 'applied') await recordBatch(db, runId, batch, outcome, lines);
      actionId = written.value.actionId;
      await recordProgress(db, runId, batch.number, actionId);
    }
    await finishRun(db, runId, 'done', null);
  }

  /**
   * Starts a run of upload `uploadId` as `by`; returns at once with its id.
   * Throws ImportRefusedError when the upload is unknown, was refused, is no
   * longer kept, has no valid row, or (an apply) the same file is being
   * applied now; DatabaseUnavailableError when the database is down.
   */
  async function start(uploadId: number, options: { dryRun: boolean; by: Actor }): Promise<StartedRun> {
    if (stopping) throw new ImportRefusedError('shutting-down');
    const upload = await uploadById(db, uploadId);
    if (!upload) throw new ImportRefusedError('unknown-upload');
    if (upload.refusal) throw new ImportRefusedError('refused-file', upload.refusal);
    const bytes = await uploadBytes(db, uploadId);
    if (!bytes) throw new ImportRefusedError('not-kept');
    const parsed = parseProductCsv(bytes);
    if (!parsed.ok) throw new ImportRefusedError('refused-file', parsed.message);
    if (parsed.rows.length === 0) throw new ImportRefusedError('no-rows');
    const batches = planBatches(upload.fileDigest, parsed.rows);
    const opened = options.dryRun
      ? { runId: await openRun(db, { uploadId, dryRun: true, batchCount: batches.length, by: options.by }) }
      : await openApplyRun(db, upload.fileDigest, { uploadId, batchCount: batches.length, by: options.by });
    if ('busy' in opened) throw new ImportRefusedError('busy', `(Started by ${opened.busy.editorName}.)`, opened.busy.id);
    const { runId } = opened;
    const finished = run(runId, batches, `Imported ${upload.fileName}`, options.dryRun, options.by).catch((error: unknown) => {
      (deps.log ?? console.error)(`import run ${runId} could not record its end: ${(error as Error).message}`);
    });
    running.add(finished);
    void finished.finally(() => running.delete(finished));
    return { runId, finished };
  }

  /** Lets each running run finish its current batch, marks it stopped, and resolves when all have. */
  async function stop(): Promise<void> {
    stopping = true;
    await Promise.all(running);
  }

  return { start, stop };
}

export type ImportRunner = ReturnType<typeof createImportRunner>;
