/**
 * bounded(): the store-call timeout must measure the store, not a busy event
 * loop. The interleavings are forced (a reply already waiting in the socket,
 * the loop blocked on purpose), so nothing depends on the machine's speed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bounded } from './bounded';
import { CacheTimeoutError } from './errors';

/** Blocks the event loop, as a long synchronous render does. */
function blockEventLoop(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

/**
 * A socket with `reply` waiting in the kernel, unread: the receiving end is
 * created paused (pauseOnConnect), so Node reads nothing until it resumes.
 */
async function socketWithReplyWaiting(reply: string): Promise<{ client: net.Socket; close(): void }> {
  let received!: net.Socket;
  const server = net.createServer({ pauseOnConnect: true });
  const accepted = new Promise<void>((resolve) => {
    server.once('connection', (socket) => {
      received = socket;
      resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const sender = net.connect(port, '127.0.0.1', () => sender.write(reply));
  await accepted;
  // Let the bytes cross loopback into the receiver's kernel buffer.
  await sleep(20);
  return { client: received, close: () => (sender.destroy(), received.destroy(), server.close()) };
}

/**
 * Starts `call` and blocks the loop from inside the check phase (setImmediate),
 * so that when the loop comes back, timers run before the poll phase reads the
 * socket: exactly what happens to a request behind a long render.
 */
function startThenBlock<T>(call: () => Promise<T>, blockMs: number): Promise<{ call: Promise<T> }> {
  return new Promise((resolve) =>
    setImmediate(() => {
      const started = call();
      started.catch(() => undefined);
      blockEventLoop(blockMs);
      resolve({ call: started });
    }),
  );
}

const readOnce = (client: net.Socket) => () =>
  new Promise<string>((resolve) => {
    client.once('data', (chunk) => resolve(String(chunk)));
    client.resume();
  });

/**
 * The test double: the timeout before bounded(), a plain race against a wall-clock timer. It
 * gives up when the timer fires, though a reply may sit unread in the socket.
 */
function wallClockBounded<T>(start: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheTimeoutError(timeoutMs)), timeoutMs);
  });
  const operation = Promise.resolve().then(start);
  operation.catch(() => undefined);
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}

describe('bounded(): timeouts that measure the store', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('uses a reply that arrived while the event loop was busy, though the timer is overdue', async () => {
    const { client, close } = await socketWithReplyWaiting('PONG');
    cleanup = close;
    // The timer is 150 ms overdue when the loop comes back.
    const { call } = await startThenBlock(() => bounded(readOnce(client), 50), 200);
    await expect(call).resolves.toBe('PONG');
  });

  it('the broken variant (a wall-clock race, the design before) abandons that same reply', async () => {
    const { client, close } = await socketWithReplyWaiting('PONG');
    cleanup = close;
    const { call } = await startThenBlock(() => wallClockBounded(readOnce(client), 50), 200);
    await expect(call).rejects.toBeInstanceOf(CacheTimeoutError);
  });

  it('still times out a store that never answers, with the loop idle', async () => {
    await expect(bounded(() => new Promise<never>(() => {}), 30)).rejects.toBeInstanceOf(CacheTimeoutError);
  });

  it('gives back the time a blocked loop took, but no more than maxExtensionMs', async () => {
    // 130 ms late: only 40 ms are granted, then it gives up.
    const { call } = await startThenBlock(() => bounded(() => new Promise<never>(() => {}), 20, { maxExtensionMs: 40 }), 150);
    await expect(call).rejects.toBeInstanceOf(CacheTimeoutError);
  });

  it('passes a rejection through, and a synchronous throw too', async () => {
    const failure = new Error('ECONNREFUSED');
    await expect(bounded(() => Promise.reject(failure), 50)).rejects.toBe(failure);
    await expect(
      bounded(() => {
        throw failure;
      }, 50),
    ).rejects.toBe(failure);
  });
});
