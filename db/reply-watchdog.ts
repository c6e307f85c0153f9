/**
 * Bounds every wait on PostgreSQL's replies, which neither postgres.js nor
 * PostgreSQL bounds by itself: when the server stops answering without
 * refusing (a network partition, a frozen VM), a query on an open connection
 * waits for the kernel's retransmission timeout, about 15 minutes
 * (porsager/postgres#1089). `statement_timeout` cannot help: it is the
 * server's, and the server is what stopped answering.
 *
 * The watchdog opens the pool's TCP connections itself (postgres.js's
 * documented `socket` option) so that it can follow their bytes. A connection
 * that has sent something and heard nothing back for `replyTimeoutMs` makes
 * it probe the server on a fresh connection (PostgreSQL's 8-byte SSLRequest,
 * which the postmaster answers with one byte before any authentication):
 * - an answer means the server is alive and the statement is merely slow:
 *   nothing is touched (statement_timeout ends it on the server's side);
 * - silence for `probeTimeoutMs` means the server is unreachable: every
 *   connection is dropped, so each query waiting on one fails at once with
 *   DatabaseNotAnsweringError (and the pool reconnects when it is asked again).
 *
 * Anyone else who waited too long (a health check, say) can ask for the same
 * probe with suspect(). Unix-socket and TLS connections are followed the same
 * way: the watch counts the raw socket's bytes, encrypted or not.
 */
import net from 'node:net';

/** The error every query on a dropped connection fails with; database-errors.ts reads its code. */
export class DatabaseNotAnsweringError extends Error {
  override name = 'DatabaseNotAnsweringError';
  readonly code = 'DATABASE_NOT_ANSWERING';
  constructor(waitedMs: number) {
    super(`PostgreSQL sent nothing for ${Math.round(waitedMs)} ms and did not answer a probe: the connection was dropped`);
  }
}

export interface ReplyWatchdogOptions {
  host: string;
  port: number;
  /** How long a connection may wait for a reply, hearing nothing, before the server is probed. */
  replyTimeoutMs: number;
  /** How long the probe waits for the server's one-byte answer. */
  probeTimeoutMs: number;
  /** Told once per drop, with the number of connections dropped. */
  log?: (message: string) => void;
}

export interface ReplyWatchdog {
  /** For postgres.js's `socket` option: a new connection to the server, followed by the watchdog. */
  openSocket(): net.Socket;
  /**
   * Probes the server now (one probe at a time; callers share it). When it
   * does not answer, every connection is dropped. Resolves to what was found.
   */
  suspect(): Promise<'alive' | 'unreachable'>;
  /** Stops following (the pool is closing). */
  close(): void;
}

interface Watched {
  socket: net.Socket;
  /** bytesRead when the watch last saw bytes arrive, and when that was (performance.now()). */
  bytesRead: number;
  lastReadAt: number;
  /** bytesWritten when bytes last arrived: anything written beyond it still awaits a reply. */
  writtenAtLastRead: number;
  /** When a tick first saw a write that is still unanswered; null when nothing waits. */
  waitingSince: number | null;
}

/** PostgreSQL's SSLRequest: length 8, code 80877103 (protocol docs, "SSL Session Encryption"). */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** A TCP connection to host:port, or to the Unix socket PostgreSQL keeps in directory `host`. */
function connectTo(host: string, port: number): net.Socket {
  return host.startsWith('/') ? net.connect({ path: `${host}/.s.PGSQL.${port}` }) : net.connect({ host, port });
}

/** True when a PostgreSQL server at host:port answers an SSLRequest within timeoutMs. */
export function probePostgres(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTo(host, port);
    const finish = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}

export function createReplyWatchdog(options: ReplyWatchdogOptions): ReplyWatchdog {
  const watched = new Set<Watched>();
  const tickMs = Math.max(50, Math.min(500, options.replyTimeoutMs / 4));
  let timer: NodeJS.Timeout | null = null;
  let probing: Promise<'alive' | 'unreachable'> | null = null;
  let closed = false;

  function dropAll(waitedMs: number) {
    const count = watched.size;
    for (const entry of watched) entry.socket.destroy(new DatabaseNotAnsweringError(waitedMs));
    watched.clear();
    if (count > 0) options.log?.(`PostgreSQL at ${options.host}:${options.port} stopped answering; dropped ${count} connection(s)`);
  }

  function suspect(waitedMs = options.replyTimeoutMs): Promise<'alive' | 'unreachable'> {
    probing ??= probePostgres(options.host, options.port, options.probeTimeoutMs)
      .then((answered) => {
        if (answered) return 'alive' as const;
        dropAll(waitedMs);
        return 'unreachable' as const;
      })
      .finally(() => {
        probing = null;
      });
    return probing;
  }

  /** A read seen now: whatever was written before it is answered, or being answered. */
  function noteRead(entry: Watched, now: number) {
    entry.bytesRead = entry.socket.bytesRead;
    entry.lastReadAt = now;
    entry.writtenAtLastRead = entry.socket.bytesWritten;
  }

  function tick() {
    const now = performance.now();
    let longestWaitMs = 0;
    for (const entry of watched) {
      const { socket } = entry;
      if (socket.destroyed) {
        watched.delete(entry);
        continue;
      }
      // Bytes the 'data' listener did not see: TLS took the socket over. Sampled here instead.
      if (socket.bytesRead !== entry.bytesRead) noteRead(entry, now);
      const awaitingReply = socket.bytesWritten > entry.writtenAtLastRead;
      entry.waitingSince = awaitingReply ? (entry.waitingSince ?? now) : null;
      if (entry.waitingSince !== null) longestWaitMs = Math.max(longestWaitMs, now - Math.max(entry.waitingSince, entry.lastReadAt));
    }
    if (watched.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
    // A tick sees a write only at its own pace, so a wait may be up to one tick longer than measured.
    if (longestWaitMs + tickMs >= options.replyTimeoutMs) void suspect(longestWaitMs + tickMs);
  }

  function follow(socket: net.Socket) {
    const entry: Watched = { socket, bytesRead: 0, lastReadAt: performance.now(), writtenAtLastRead: 0, waitingSince: null };
    watched.add(entry);
    // Exact for plain connections (postgres.js drops this listener when it upgrades to TLS; tick() samples then).
    socket.on('data', () => noteRead(entry, performance.now()));
    if (!timer && !closed) {
      timer = setInterval(tick, tickMs);
      timer.unref();
    }
  }

  return {
    openSocket() {
      const { host, port } = options;
      const socket = connectTo(host, port);
      follow(socket);
      return socket;
    },
    suspect: () => suspect(),
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      watched.clear();
    },
  };
}
