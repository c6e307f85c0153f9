/**
 * A throwaway redis-server on its own port, in its own process group, for
 * tests that flush, kill or restart Redis. The machine's Redis is never touched.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface ThrowawayRedis {
  url: string;
  start(): Promise<void>;
  /** SIGKILL: a crash, no goodbye. Nothing persists (--save '', no AOF). */
  kill(): Promise<void>;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

export function throwawayRedis(port: number): ThrowawayRedis {
  let child: ChildProcess | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        detached: true,
        stdio: 'ignore',
      });
      for (let attempt = 0; attempt < 100; attempt += 1) {
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
