/**
 * One worker's share of the freshness run: concurrent readers (product rows
 * and list pages, through the real data layer) and writers (updates), each
 * operation recorded on the shared clock with the versions it wrote or saw.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Product } from '../../db/schema';
import type { ProductRepository } from '../../lib/products/repository';
import { type ListQuery, listQuery } from '../../lib/validation/list-query';
import type { Clock } from './clock';
import type { ReadRecord, WriteRecord } from './freshness-check';
import type { FreshnessResult, FreshnessTask } from './protocol';

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

  async function writer() {
    while (readsRemain()) {
      const id = pick(task.hotIds);
      const cents = 100 + Math.floor(Math.random() * 9900);
      const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const { value, invalidation } = await repository.update({ id, title: `${HOT_TITLE} ${id}`, price });
      const ackAt = clock();
      // A write whose invalidation is still pending was reported as "saved, pages may lag":
      // it carries no freshness promise, so it is counted, not checked.
      if (invalidation === 'done') writes.push({ item: id, version: value.version, ackAt });
      else pendingInvalidations += 1;
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
    observations,
    pendingInvalidations,
    cacheFailures: deps.cacheFailures(),
    loads: deps.loads(),
  };
}
