/**
 * A circuit breaker for store calls (Nygard, "Release It!"): after
 * `failureThreshold` consecutive real failures it opens, and calls fail at
 * once instead of each waiting out the timeout; after `openMs` one call is let
 * through as a probe (half-open): its success closes the circuit, its failure
 * opens it again. A dead Redis then costs one wait per probe interval, not one
 * per request.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 3. */
  failureThreshold?: number;
  /** How long it stays open before a probe, in ms. Default 2000. */
  openMs?: number;
  /** Monotonic milliseconds. Default performance.now. */
  now?: () => number;
  onChange?(state: CircuitState): void;
}

export interface CircuitBreaker {
  /** 'call' or 'probe' (the half-open trial): go ahead, then report; 'reject': fail at once. */
  admit(): 'call' | 'probe' | 'reject';
  succeeded(): void;
  failed(): void;
  state(): CircuitState;
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? 3;
  const openMs = options.openMs ?? 2000;
  const now = options.now ?? (() => performance.now());
  let state: CircuitState = 'closed';
  let consecutiveFailures = 0;
  let openedAt = 0;
  let probeInFlight = false;

  const moveTo = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    options.onChange?.(next);
  };
  const open = () => {
    openedAt = now();
    probeInFlight = false;
    moveTo('open');
  };

  return {
    admit() {
      if (state === 'closed') return 'call';
      if (state === 'open' && now() - openedAt < openMs) return 'reject';
      if (probeInFlight) return 'reject';
      probeInFlight = true;
      moveTo('half-open');
      return 'probe';
    },
    succeeded() {
      consecutiveFailures = 0;
      probeInFlight = false;
      moveTo('closed');
    },
    failed() {
      consecutiveFailures += 1;
      if (state === 'half-open' || consecutiveFailures >= failureThreshold) open();
    },
    state: () => state,
  };
}
