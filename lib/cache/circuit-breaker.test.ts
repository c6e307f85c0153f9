import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitState } from './circuit-breaker';
import { createManualClock } from './testing/manual-clock';

function breaker(failureThreshold = 3, openMs = 1000) {
  const clock = createManualClock(0);
  const changes: CircuitState[] = [];
  return { clock, changes, circuit: createCircuitBreaker({ failureThreshold, openMs, now: clock.now, onChange: (state) => changes.push(state) }) };
}

describe('the circuit breaker', () => {
  it('opens after N consecutive failures, and a success in between resets the count', () => {
    const { circuit, changes } = breaker(3);
    circuit.failed();
    circuit.failed();
    circuit.succeeded();
    circuit.failed();
    circuit.failed();
    expect(circuit.state()).toBe('closed');
    circuit.failed();
    expect(circuit.state()).toBe('open');
    expect(circuit.admit()).toBe('reject');
    expect(changes).toEqual(['open']);
  });

  it('lets exactly one probe through after openMs; its success closes the circuit', () => {
    const { circuit, clock, changes } = breaker(1, 1000);
    circuit.failed();
    clock.advance(999);
    expect(circuit.admit()).toBe('reject');
    clock.advance(1);
    expect(circuit.admit()).toBe('probe');
    expect(circuit.admit()).toBe('reject'); // others fail fast while the probe is out
    circuit.succeeded();
    expect(circuit.admit()).toBe('call');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe opens it again for another openMs', () => {
    const { circuit, clock } = breaker(1, 1000);
    circuit.failed();
    clock.advance(1000);
    expect(circuit.admit()).toBe('probe');
    circuit.failed();
    expect(circuit.state()).toBe('open');
    clock.advance(500);
    expect(circuit.admit()).toBe('reject');
    clock.advance(500);
    expect(circuit.admit()).toBe('probe');
  });
});
