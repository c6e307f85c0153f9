/**
 * A local stand-in for Upstash's REST endpoint: `@upstash/redis` speaks
 * HTTP, so in dev and tests it needs this bridge in front of a real Redis.
 * See /work/shared/ARCHITECTURE.md, "The Upstash REST bridge", for why the
 * npm alternatives were not good enough.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { runCommand, runPipeline, runTransaction, RedisUnavailableError, TransactionAbortedError, type Outcome } from './execute';
import {
  BadRequestError,
  commandFromPath,
  encodeReply,
  parseJsonBody,
  toCommand,
  toCommandList,
  type JsonReply,
} from './protocol';
import { describeError } from '../../lib/describe-error';

/** Larger bodies get 413: more than any cache entry here should need. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface BridgeOptions {
  redisUrl: string;
  token: string;
  /** Defaults to 127.0.0.1: the bridge is for this machine only. */
  host?: string;
  /** Defaults to 0, a free port chosen by the OS. */
  port?: number;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Hashing both sides first gives equal-length inputs, so timingSafeEqual
 * can compare them without leaking the token's length or a matching prefix.
 */
function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** Reads the body while counting, so a lying or absent Content-Length cannot get past the limit. */
function readBody(req: http.IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY_BYTES) return Promise.reject(new HttpError(413, `ERR request body larger than ${MAX_BODY_BYTES} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(new HttpError(413, `ERR request body larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function toJson(outcome: Outcome, base64: boolean): { result: JsonReply } | { error: string } {
  return 'error' in outcome ? outcome : { result: encodeReply(outcome.result, base64) };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, redis: Redis, token: string): Promise<void> {
  // Checked before anything else, on every path, so nothing leaks to an unauthenticated caller.
  if (!tokenMatches(req.headers.authorization, token)) return send(res, 401, { error: 'Unauthorized' });
  if (req.method !== 'POST' && req.method !== 'GET') return send(res, 405, { error: 'ERR only GET and POST are supported' });

  const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
  const pathname = new URL(req.url ?? '/', 'http://bridge').pathname.replace(/\/+$/, '') || '/';
  const body = req.method === 'POST' ? await readBody(req) : '';

  if (pathname === '/pipeline' || pathname === '/multi-exec') {
    if (req.method !== 'POST') return send(res, 405, { error: `ERR ${pathname} needs POST` });
    const commands = toCommandList(parseJsonBody(body));
    const outcomes = pathname === '/pipeline' ? await runPipeline(redis, commands) : await runTransaction(redis, commands);
    return send(res, 200, outcomes.map((outcome) => toJson(outcome, base64)));
  }

  const command = pathname === '/' ? toCommand(parseJsonBody(body)) : commandFromPath(pathname, body);
  const outcome = await runCommand(redis, command);
  return 'error' in outcome ? send(res, 400, outcome) : send(res, 200, toJson(outcome, base64));
}

function sendFailure(res: http.ServerResponse, error: unknown): void {
  // The client went away (or close() cut it off): nobody is left to answer.
  if (res.destroyed || res.socket?.destroyed !== false) return;
  if (res.headersSent) return void res.destroy();
  if (error instanceof HttpError) {
    // Stop reading an oversized upload once the answer is out.
    res.setHeader('Connection', 'close');
    return send(res, error.status, { error: error.message });
  }
  if (error instanceof BadRequestError || error instanceof TransactionAbortedError) return send(res, 400, { error: error.message });
  if (error instanceof RedisUnavailableError) return send(res, 503, { error: `ERR ${error.message}` });
  console.error('[redis-rest-bridge] unexpected error:', error);
  send(res, 500, { error: `ERR internal bridge error: ${describeError(error)}` });
}

/**
 * Starts the bridge. The Redis connection is made in the background, so the
 * bridge comes up even when Redis is down and answers 503 until it is back.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { redisUrl, token, host = '127.0.0.1', port = 0 } = options;
  if (!token) throw new Error('startBridge: a non-empty token is required');

  const redis = new Redis(redisUrl, {
    connectionName: 'upstash-rest-bridge',
    // Fail a request after one reconnect attempt instead of queueing it forever...
    maxRetriesPerRequest: 1,
    // ...but keep the offline queue, so requests that arrive while the first
    // connection is still opening wait for it rather than failing.
    enableOfflineQueue: true,
    connectTimeout: 1000,
    // Keep retrying in the background, never slower than once a second.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  // Without a listener ioredis prints every reconnect failure; say it once per outage.
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    console.warn(`[redis-rest-bridge] Redis connection error (${redisUrl}): ${error.message}`);
  });
  redis.on('ready', () => {
    lastError = '';
  });

  const server = http.createServer((req, res) => {
    handle(req, res, redis, token).catch((error: unknown) => sendFailure(res, error));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    redis.disconnect();
    throw error;
  }

  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    token,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() alone waits for idle keep-alive sockets (the client
      // keeps them open), which can take seconds.
      server.closeAllConnections();
      await closed;
      if (redis.status === 'ready') {
        await redis.quit().catch(() => redis.disconnect());
      } else {
        redis.disconnect();
      }
    },
  };
}
