/**
 * Starts the PRODUCTION build through `npm start`'s entry (scripts/start.mjs)
 * for tests and checkers, in its own process group so the whole group
 * (workers included) is stopped by its id, also when the caller fails. The
 * build comes from scripts/test-all.ts, which builds first.
 *
 * A checker must know it is talking to the server it started: each server
 * gets a random CATALOG_RUN_TOKEN, which the server entry echoes in an
 * `x-catalog-run` header, and is ready only once its own token comes back.
 * A leftover server on the same port answers without it, and the start fails
 * loudly instead of reading another database's pages.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port';
import { ownProcessGroup } from './owned-process-groups';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const buildExists = () => fs.existsSync(path.join(ROOT, '.next/BUILD_ID'));

export interface NextServer {
  url: string;
  /** The primary process (its process group has the same id). */
  pid: number;
  output(): string;
  /** SIGTERM to the whole group, SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
  /** Resolves with the primary's exit code (null after a signal) once it has exited. */
  exited: Promise<number | null>;
}

/** Starts the server on `port`, or on a free one when it is undefined. */
export async function startNextServer(port: number | undefined, env: Record<string, string>): Promise<NextServer> {
  port ??= await freePort();
  const runToken = randomBytes(16).toString('hex');
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ...env,
      CATALOG_RUN_TOKEN: runToken,
    },
  });
  const disown = ownProcessGroup(child.pid!, 'SIGTERM');
  child.once('exit', disown);
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: NextServer = {
    url,
    pid: child.pid!,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = performance.now() + 30_000;
  let stranger = false;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    const answeredBy = await fetch(`${url}/api/health`).then((response) => response.headers.get('x-catalog-run'), () => undefined);
    if (answeredBy === runToken) return server;
    stranger ||= answeredBy !== undefined;
    await sleep(200);
  }
  await server.stop();
  throw new Error(stranger ? `another server answers on port ${port}, not the one this run started:\n${output}` : `npm start did not answer within 30 s:\n${output}`);
}
