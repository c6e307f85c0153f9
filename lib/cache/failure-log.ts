/**
 * Warns about store failures without flooding the log: when Redis is down,
 * every request fails, and one line per request would bury everything else.
 *
 * The first failure of a burst is logged at once. Failures within the next
 * window are counted, and a summary ("N failures in last 10s") is logged when
 * the window closes. A window with no failure ends the burst silently.
 */

export interface CacheLogger {
  warn(message: string): void;
}

export interface FailureLog {
  record(description: string): void;
  close(): void;
}

export function createFailureLog(logger: CacheLogger, storeKind: string, windowMs = 10_000): FailureLog {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failuresInWindow = 0;
  let latest = '';

  const safeWarn = (message: string) => {
    try {
      logger.warn(message);
    } catch {
      // a broken logger must not break the cache either
    }
  };

  const closeWindow = () => {
    timer = undefined;
    if (failuresInWindow === 0) return;
    safeWarn(
      `cache unavailable (${storeKind}): ${failuresInWindow} failures in last ${windowMs / 1000}s (latest: ${latest}); serving from the source`,
    );
    failuresInWindow = 0;
    openWindow();
  };

  const openWindow = () => {
    timer = setTimeout(closeWindow, windowMs);
    // Logging must never keep a process (or a test run) alive.
    timer.unref?.();
  };

  return {
    record(description) {
      latest = description;
      if (timer === undefined) {
        safeWarn(`cache unavailable (${storeKind}): ${description}; serving from the source`);
        openWindow();
      } else {
        failuresInWindow += 1;
      }
    },
    close() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
