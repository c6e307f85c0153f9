/**
 * Starts the PRODUCTION build through `npm start`'s entry (scripts/start.mjs) for fault tests, in its own
 * process group so the whole group (next-server child included) is stopped
 * by its id. The build comes from scripts/test-all.ts, which builds first.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const buildExists = () => fs.existsSync(path.join(ROOT, '.next/BUILD_ID'));

export interface NextServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startNextServer(port: number, env: Record<string, string>): Promise<NextServer> {
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
    },
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const server: NextServer = {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
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
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    const up = await fetch(`${url}/api/health`).then(() => true, () => false);
    if (up) return server;
    await sleep(200);
  }
  await server.stop();
  throw new Error(`npm start did not answer within 30 s:\n${output}`);
}
