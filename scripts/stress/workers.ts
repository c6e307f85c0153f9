/**
 * Starts worker processes (node --import tsx worker.ts) and talks to them.
 * Every child is tracked so the coordinator can always kill what it started.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CoordinatorMessage, Task, TaskResult, WorkerMessage, WorkerSetup } from './protocol';

const WORKER = path.join(import.meta.dirname, 'worker.ts');
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface Worker {
  child: ChildProcess;
  /** Resolves on the worker's 'ready'. */
  ready: Promise<void>;
  /** Resolves on the next 'loading' (the lease holder): call before run(). */
  waitForLoading(): Promise<void>;
  run(task: Task): Promise<TaskResult>;
  /** Lets a held read go on (see HeldReadTask). */
  release(): void;
  kill(): void;
}

export function startWorker(setup: WorkerSetup, timeoutMs: number): Worker {
  const child = fork(WORKER, [JSON.stringify(setup)], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`worker ${setup.index} exited (${signal ?? code}) before answering`)));
  });
  exited.catch(() => undefined);
  const waitFor = <T>(pick: (message: WorkerMessage) => T | undefined): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<T>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'failed') reject(new Error(`worker ${setup.index} failed: ${message.error}`));
        const picked = pick(message);
        if (picked !== undefined) {
          child.off('message', onMessage);
          resolve(picked);
        }
      };
      child.on('message', onMessage);
      timer = setTimeout(() => reject(new Error(`worker ${setup.index} gave no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([answer, exited]).finally(() => clearTimeout(timer));
  };
  const ready = waitFor((message) => (message.type === 'ready' ? true : undefined));
  return {
    child,
    ready: ready.then(() => undefined),
    waitForLoading: () => waitFor((message) => (message.type === 'loading' ? true : undefined)).then(() => undefined),
    run(task) {
      const result = waitFor((message) => (message.type === 'done' ? message.result : undefined));
      child.send({ type: 'run', task } satisfies CoordinatorMessage);
      return result;
    },
    release() {
      child.send({ type: 'release' } satisfies CoordinatorMessage);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
