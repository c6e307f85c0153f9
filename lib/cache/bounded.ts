import { CacheTimeoutError } from './errors';

/**
 * Settles like `start()`, or rejects with CacheTimeoutError after timeoutMs,
 * whichever comes first. A hanging Redis must cost a request timeoutMs, not
 * the 30 s hang the tutorial showed.
 */
export async function bounded<T>(start: () => Promise<T>, timeoutMs: number): Promise<T> {
  // Inside an async function, a store that throws synchronously rejects too.
  const operation = start();
  // The loser of the race still settles later; without this, its rejection
  // would surface as an unhandled rejection and could crash the process.
  operation.catch(() => undefined);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([operation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
