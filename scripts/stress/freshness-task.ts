/**
 * One worker's share of the freshness run: concurrent readers (product rows
 * and list pages, through the real data layer) and writers (edits, undos,
 * deletes to the trash and restores, import batches), each operation recorded on the shared
 * clock with the versions it wrote or saw.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Product } from '../../db/schema';
import type { ProductRepository } from '../../lib/products/repository';
import { type ListQuery, listQuery } from '../../lib/validation/list-query';
import type { Clock } from './clock';
import type { ReadRecord, WriteRecord } from './freshness-check';
import type { FreshnessResult, FreshnessTask, WriterKind } from './protocol';
import { ProductConflictError, ProductNotFoundError } from '../../lib/products/errors';
import { UndoConflictError, UndoRefusedError } from '../../lib/products/undo';

/** The two hot list pages: the newest products, and a search that matches every hot product. */
export const HOT_TITLE = 'Hot product';
const LIST_QUERIES: ListQuery[] = [
  listQuery({ page: 1, size: 10, q: '' }),
  listQuery({ page: 1, size: 10, q: 'hot' }),
];

export interface FreshnessDeps {
  repository: ProductRepository;
  clock: Clock;
  loads(): number;
  cacheFailures(): number;
  /** The version each product reached in history action `actionId` (from the primary). */
  versionsOf(actionId: number): Promise<Array<{ item: number; version: number }>>;
  /** A new import run to write a batch under (lib/imports/store.ts); returns its id. */
  openImportRun(): Promise<number>;
}

/** A price from 1.00 to 99.99. */
function randomPrice(): string {
  const cents = 100 + Math.floor(Math.random() * 9900);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function observe(rows: readonly Product[], startedAt: number, source: ReadRecord['source'], into: ReadRecord[]) {
  for (const row of rows) into.push({ item: row.id, version: row.version, startedAt, source });
}

export async function runFreshnessTask(task: FreshnessTask, deps: FreshnessDeps): Promise<FreshnessResult> {
  const { repository, clock } = deps;
  const deadline = clock() + task.deadlineMs;
  const observations: ReadRecord[] = [];
  const writes: WriteRecord[] = [];
  const writesByKind: Record<WriterKind, number> = { edit: 0, undo: 0, delete: 0, restore: 0, import: 0 };
  let readsStarted = 0;
  let readsDone = 0;
  let pendingInvalidations = 0;
  const readsRemain = () => readsStarted < task.reads && clock() < deadline;

  async function reader() {
    while (readsRemain()) {
      readsStarted += 1;
      const startedAt = clock();
      if (Math.random() < 0.5) {
        const row = await repository.product(pick(task.hotIds));
        if (row) observe([row], startedAt, 'row', observations);
      } else {
        const page = await repository.listPage(pick(LIST_QUERIES));
        observe(page.rows, startedAt, 'list', observations);
      }
      readsDone += 1;
    }
  }

  /** Records a write the data layer acknowledged: checked when its invalidation is done, else only counted. */
  function acknowledged(kind: WriterKind, versions: ReadonlyArray<{ item: number; version: number }>, invalidation: string) {
    const ackAt = clock();
    // A write whose invalidation is still pending was reported as "saved, pages may lag":
    // it carries no freshness promise, so it is counted, not checked.
    if (invalidation !== 'done') {
      pendingInvalidations += 1;
      return;
    }
    writesByKind[kind] += 1;
    for (const { item, version } of versions) writes.push({ item, version, ackAt });
  }

  /**
   * Each turn: an edit (most turns), an undo of this writer's latest edit,
   * a delete to the trash followed by its restore, or an import batch
   * updating two products in one statement, as a CSV import writes it. A row another writer
   * deleted, restored or changed meanwhile makes the turn a refusal (not
   * found, conflict, undo refused), which writes nothing and is fine.
   */
  async function writer() {
    let lastEdit: number | null = null;
    while (readsRemain()) {
      const id = pick(task.hotIds);
      const roll = Math.random();
      try {
        if (roll < 0.2 && lastEdit !== null) {
          const written = await repository.undo(lastEdit, 'all');
          lastEdit = null;
          if (written.actionId !== null) acknowledged('undo', await deps.versionsOf(written.actionId), written.invalidation);
        } else if (roll < 0.35) {
          const removed = await repository.remove({ id });
          acknowledged('delete', [{ item: id, version: removed.value.version }], removed.invalidation);
          const restored = await repository.restore([id]);
          if (restored.actionId !== null) acknowledged('restore', await deps.versionsOf(restored.actionId), restored.invalidation);
        } else if (roll < 0.45) {
          const ids = [...new Set([id, pick(task.hotIds)])];
          const rows = ids.map((item, index) => ({ line: index + 2, id: item, title: `${HOT_TITLE} ${item}`, price: randomPrice() }));
          const batch = { fileDigest: randomUUID(), number: 1, firstLine: 2, lastLine: rows.length + 1, rows };
          const written = await repository.importBatch(batch, { runId: await deps.openImportRun(), actionId: null, summary: 'Stress import' });
          if (written.value.actionId !== null) acknowledged('import', await deps.versionsOf(written.value.actionId), written.invalidation);
        } else {
          const written = await repository.update({ id, title: `${HOT_TITLE} ${id}`, price: randomPrice() });
          lastEdit = written.actionId;
          acknowledged('edit', [{ item: id, version: written.value.version }], written.invalidation);
        }
      } catch (error) {
        if (!(error instanceof ProductNotFoundError || error instanceof ProductConflictError || error instanceof UndoConflictError || error instanceof UndoRefusedError)) throw error;
      }
      await sleep(Math.random() * task.writePauseMaxMs);
    }
  }

  await Promise.all([
    ...Array.from({ length: task.readers }, reader),
    ...Array.from({ length: task.writers }, writer),
  ]);
  return {
    kind: 'freshness',
    reads: readsDone,
    writes,
    writesByKind,
    observations,
    pendingInvalidations,
    cacheFailures: deps.cacheFailures(),
    loads: deps.loads(),
  };
}
