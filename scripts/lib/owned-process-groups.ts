/**
 * Process groups this process started and must never leave behind: each one
 * still registered is signalled when this process exits, however it exits (a
 * checker's process.exit, a run cut short with Ctrl-C or SIGTERM). A server
 * left over once answered in place of a checker's own and failed a run for
 * nothing; servers left by a cut-short run also kept both cores busy.
 */
const groups = new Map<number, NodeJS.Signals>();
let installed = false;

function signalAll(): void {
  for (const [pgid, signal] of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  }
  groups.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', signalAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Only where the signal would have ended the process anyway: a runner's own handling stays.
    if (process.listenerCount(signal) === 0) {
      process.once(signal, () => {
        signalAll();
        process.kill(process.pid, signal);
      });
    }
  }
}

/**
 * Registers process group `pgid` (a child spawned with detached: true) to get
 * `signal` if this process exits while it is registered. Returns the function
 * that unregisters it, for once the group has been stopped properly.
 */
export function ownProcessGroup(pgid: number, signal: NodeJS.Signals): () => void {
  install();
  groups.set(pgid, signal);
  return () => {
    groups.delete(pgid);
  };
}
