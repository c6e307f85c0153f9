/**
 * A throwaway redis-server on its own port, in its own process group, for
 * tests that flush, kill or restart Redis. The machine's Redis is never touched.
 * The port is a free one picked at the first start and kept for restarts; a
 * start fails loudly if its own server did not come up (the port taken since).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../../scripts/lib/free-port';

export interface ThrowawayRedis {
  /** redis://127.0.0.1:<port>; known once start() has run. */
  readonly url: string;
  start(): Promise<void>;
  /** SIGKILL: a crash, no goodbye. Nothing persists (--save '', no AOF). */
  kill(): Promise<void>;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

export function throwawayRedis(): ThrowawayRedis {
  let child: ChildProcess | null = null;
  let port: number | null = null;
  return {
    get url() {
      if (port === null) throw new Error('throwawayRedis: start() it before asking for its url');
      return `redis://127.0.0.1:${port}`;
    },
    async start() {
      port ??= await freePort();
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        detached: true,
        stdio: 'ignore',
      });
      child = started;
      for (let attempt = 0; attempt < 100; attempt += 1) {
        // Another process may have taken the port: only our own server counts.
        if (started.exitCode !== null) throw new Error(`throwaway redis-server could not listen on ${port} (taken by another process?)`);
        if (await answers(port)) return;
        await sleep(50);
      }
      throw new Error(`throwaway redis-server on ${port} did not start`);
    },
    async kill() {
      const running = child;
      child = null;
      if (!running?.pid || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(-running.pid, 'SIGKILL');
      await exited;
    },
  };
}
