/**
 * Test-only: one store under test, with a key prefix unique to it, a way to
 * let time pass, and cleanup of everything written under that prefix.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { CacheStore } from '../store';
import { createMemoryStore } from '../stores/memory-store';
import { createManualClock } from './manual-clock';

export interface StoreHarness {
  /** 'memory', 'upstash' or 'redis', for test names and output. */
  readonly name: string;
  readonly store: CacheStore;
  /** Unique to this harness; every key a test writes starts with it. */
  readonly prefix: string;
  /** Lets ms of store time pass: a manual clock moves, or a real Redis is waited on. */
  elapse(ms: number): Promise<void>;
  /** The store's clock, for a cache's local copies (createCache's `now`), so both expire together. */
  now(): number;
  cleanup(): Promise<void>;
}

/**
 * Store-call timeout for suites that use a working store: generous, so a busy
 * machine cannot push a test into fail-open paths it is not about.
 */
export const WORKING_STORE_TIMEOUT_MS = 2000;

export function uniquePrefix(): string {
  return `cachetest-${randomUUID().slice(0, 8)}`;
}

/** The memory store on a manual clock: TTL tests without sleeping. */
export function manualClockMemoryHarness(): StoreHarness {
  const clock = createManualClock();
  return {
    name: 'memory',
    store: createMemoryStore({ now: clock.now }),
    prefix: uniquePrefix(),
    async elapse(ms) {
      clock.advance(ms);
    },
    now: clock.now,
    async cleanup() {},
  };
}

/** The memory store on the real clock: for lease expiry racing real timers (poll, leaseWaitMs). */
export function realClockMemoryHarness(): StoreHarness {
  return {
    name: 'memory',
    store: createMemoryStore(),
    prefix: uniquePrefix(),
    elapse: (ms) => sleep(ms),
    now: Date.now,
    async cleanup() {},
  };
}
