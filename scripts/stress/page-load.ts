/**
 * The load of the page checkers that run against a production server with
 * several workers: readers on connections of their own, and a writer that a
 * forced fault can pause. Shared by the failover and replica scenarios.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { view, type PriceWrite } from './page-views';

/** Views started and views that answered, across every reader of a run. */
export interface ReadCounts {
  started: number;
  done: number;
}

/** Views `url` on fresh connections until `workers` distinct processes have answered (the readers connect after, or the first would get every connection). */
export async function awaitEveryWorker(url: string, workers: number): Promise<void> {
  for (const seen = new Set<string>(); seen.size < workers; ) seen.add((await view(url, { freshConnection: true })).worker);
}

/**
 * One reader: `read` while `more()`, on connections of its own, renewed every
 * 50 views so that every worker keeps taking reads. A read that answers null
 * (an error the caller counted) is started but not done.
 */
export async function readWhile(more: () => boolean, read: (agent: http.Agent) => Promise<unknown>, counts: ReadCounts): Promise<void> {
  let agent = new http.Agent({ keepAlive: true });
  while (more()) {
    counts.started += 1;
    if (counts.started % 50 === 0) {
      agent.destroy();
      agent = new http.Agent({ keepAlive: true });
    }
    if ((await read(agent)) !== null) counts.done += 1;
  }
  agent.destroy();
}

/**
 * A writer that writes (at most 40 ms apart, at random) while `more()`, and
 * that a forced fault pauses: pause() resolves once the write in flight has
 * settled, so no write of its own lands between the fault's check and its hold.
 */
export function pausableWriter(write: () => Promise<PriceWrite>, writes: PriceWrite[]) {
  let paused = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    async run(more: () => boolean): Promise<void> {
      while (more()) {
        if (!paused) {
          const next = write();
          inFlight = next.catch(() => {});
          writes.push(await next);
        }
        await sleep(Math.random() * 40);
      }
    },
    async pause(): Promise<void> {
      paused = true;
      await inFlight;
    },
    resume(): void {
      paused = false;
    },
  };
}
