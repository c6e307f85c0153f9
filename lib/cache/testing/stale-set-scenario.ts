/**
 * Test-only: the stale-set race, written once and run against any read-through
 * implementation (the real cache, and the deliberately broken plain
 * delete-after-write variant).
 *
 * The guarantee checked: once a write has been acknowledged (committed, then
 * invalidated), no read that STARTS afterwards returns older data, in any
 * process. Reads that were already running when the write happened may return
 * either version; the race is about what they leave behind in the cache.
 *
 * Each "process" is a separate cache instance over one shared store.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cache } from '../types';
import { deferred } from './deferred';

export type ReadThroughUnderTest = Pick<Cache, 'cached' | 'invalidate' | 'onStoreFailure'>;

export interface Processes {
  reader: ReadThroughUnderTest;
  writer: ReadThroughUnderTest;
  checker: ReadThroughUnderTest;
}

export interface RaceOutcome {
  /** What the reads that started after the write's acknowledgement returned. */
  readsAfterWrite: string[];
  stale: boolean;
}

interface Database {
  value: string;
}


/** A read as the data layer does it: the loader queries the database. */
function readFrom(process: ReadThroughUnderTest, database: Database, namespace: string, key: string): Promise<string> {
  return process.cached(key, async () => database.value, { namespace });
}

function outcome(readsAfterWrite: string[], database: Database): RaceOutcome {
  return { readsAfterWrite, stale: readsAfterWrite.some((value) => value !== database.value) };
}

/**
 * The deterministic interleaving:
 * 1. the reader misses and starts loading OLD data (its loader is held);
 * 2. the writer commits NEW data and invalidates, as after a commit;
 * 3. the reader's loader returns the OLD data and it tries to fill;
 * 4. a new read (in another process, then in the reader's) must see NEW data.
 */
export async function staleSetRace(processes: Processes, namespace: string, key: string): Promise<RaceOutcome> {
  const database: Database = { value: 'old' };
  const loading = deferred();
  const release = deferred();
  const readerRead = processes.reader.cached(
    key,
    async () => {
      const snapshot = database.value;
      loading.resolve();
      await release.promise;
      return snapshot;
    },
    { namespace },
  );
  await loading.promise;

  database.value = 'new';
  await processes.writer.invalidate(namespace);

  release.resolve();
  await readerRead;

  const readsAfterWrite = [
    await readFrom(processes.checker, database, namespace, key),
    await readFrom(processes.reader, database, namespace, key),
  ];
  return outcome(readsAfterWrite, database);
}

/**
 * One trial with a random interleaving: the reader's load takes 0-4 ms, and
 * the write lands 0-4 ms after the reader started, so it falls before the
 * reader's miss, during its load, or after its fill. Checked: reads started
 * right after the write's acknowledgement (in the reader's process, where it
 * may meet the in-flight read, and in another), and reads after all settled.
 */
export async function randomStaleSetTrial(
  processes: Processes,
  namespace: string,
  key: string,
  random: () => number,
): Promise<RaceOutcome> {
  const database: Database = { value: 'old' };
  const loadMs = Math.floor(random() * 5);
  const writeAfterMs = Math.floor(random() * 5);

  const readerRead = processes.reader.cached(
    key,
    async () => {
      const snapshot = database.value;
      await sleep(loadMs);
      return snapshot;
    },
    { namespace },
  );
  const writeThenRead = (async () => {
    await sleep(writeAfterMs);
    database.value = 'new';
    await processes.writer.invalidate(namespace);
    return Promise.all([
      readFrom(processes.reader, database, namespace, key),
      readFrom(processes.checker, database, namespace, key),
    ]);
  })();
  const [, immediateReads] = await Promise.all([readerRead, writeThenRead]);

  const settledReads = [
    await readFrom(processes.checker, database, namespace, key),
    await readFrom(processes.reader, database, namespace, key),
  ];
  return outcome([...immediateReads, ...settledReads], database);
}
