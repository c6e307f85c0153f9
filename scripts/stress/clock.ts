/**
 * The one clock every stress process records on.
 *
 * process.hrtime reads CLOCK_MONOTONIC, which on Linux is one system-wide
 * clock shared by every process on the machine (unlike performance.now(),
 * whose origin is per process, or Date.now(), which can step). The
 * coordinator picks an epoch and hands it to each worker, so times are small
 * floats in milliseconds, comparable across processes.
 */
export type Clock = () => number;

export function newEpoch(): string {
  return process.hrtime.bigint().toString();
}

export function clockFrom(epoch: string): Clock {
  const origin = BigInt(epoch);
  return () => Number(process.hrtime.bigint() - origin) / 1e6;
}
