import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFailureLog } from './failure-log';

describe('failure log: one warning per burst, then a summary per window', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('warns at the first failure, summarises the rest of the window, and goes quiet after a clean window', () => {
    const warnings: string[] = [];
    const log = createFailureLog({ warn: (message) => warnings.push(message) }, 'upstash');

    for (let i = 0; i < 50; i += 1) log.record(`lookup: failure ${i}`);
    expect(warnings).toEqual(['cache unavailable (upstash): lookup: failure 0; serving from the source']);

    vi.advanceTimersByTime(10_000);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('49 failures in last 10s');
    expect(warnings[1]).toContain('lookup: failure 49');

    vi.advanceTimersByTime(10_000); // a window without failures ends the burst
    expect(warnings).toHaveLength(2);
    log.record('lookup: again');
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toContain('lookup: again');
    log.close();
  });

  it('survives a logger that throws', () => {
    const log = createFailureLog(
      {
        warn: () => {
          throw new Error('logger bug');
        },
      },
      'memory',
    );
    expect(() => log.record('get: failure')).not.toThrow();
    log.close();
  });
});
