/**
 * Generation reads shared by the callers that ask for one before it is sent
 * (issue 25: a page-cache hit costs one generation read, and under load most
 * of a hit's CPU was writing those small reads to Redis).
 *
 * The freshness rule needs a generation read that starts after the caller
 * began (docs/cache-design.md): a write acknowledged before the caller began
 * then shows in it. A read that is not sent yet starts later than every
 * caller waiting for it, so they may all share it. A read already sent may
 * have left before a caller began, so that caller never joins it: it queues
 * the next one. The queue is emptied in one step with the send, so "joined"
 * and "sent" cannot interleave.
 *
 * Reads wait for the end of the event loop's current I/O phase (setImmediate):
 * the requests that arrived together in that phase share one round trip.
 */
export interface GenerationReads {
  /**
   * The value stored at `storedKey` (a namespace generation), read after this
   * call began; rejects as the store's call does. `report` is told the
   * failure of the read this caller got, once: the sender's inside the call
   * itself (so its event comes before the circuit breaker's), every other
   * caller's in its own async context (its own request's overlay).
   */
  read(storedKey: string, report?: FailureReport): Promise<string | null>;
}

/** Told a shared read's failure on behalf of one caller. */
export type FailureReport = (failure: unknown) => void;

const ignore: FailureReport = () => undefined;

/**
 * `send` makes the one store call of a read, calling `reportSender` with its
 * failure before it rejects; `defer` runs the queued send (setImmediate;
 * tests may hold it).
 */
export function createGenerationReads(
  send: (storedKey: string, reportSender: FailureReport) => Promise<string | null>,
  defer: (send: () => void) => void = setImmediate,
): GenerationReads {
  const unsent = new Map<string, Promise<string | null>>();
  return {
    read(storedKey, report = ignore) {
      const queued = unsent.get(storedKey);
      if (queued) {
        if (report === ignore) return queued;
        return queued.catch((failure: unknown) => {
          report(failure);
          throw failure;
        });
      }
      const read = new Promise<string | null>((resolve, reject) => {
        defer(() => {
          // Whoever asks from here on gets a read of their own: this one is on its way.
          unsent.delete(storedKey);
          send(storedKey, report).then(resolve, reject);
        });
      });
      unsent.set(storedKey, read);
      return read;
    },
  };
}
