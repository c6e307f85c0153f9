/**
 * Runs commands on ioredis and returns raw replies, keeping Redis's own
 * errors (which belong to the caller) apart from failures to reach Redis
 * (which the server turns into 503).
 */
import type Redis from 'ioredis';
import { ReplyError } from 'ioredis';
import type { RedisCommand } from './protocol';
import { describeError } from '../../lib/describe-error';

/** Redis could not be asked (down, reconnecting, connection lost). */
export class RedisUnavailableError extends Error {}

/** Redis discarded a whole MULTI block (EXECABORT): nothing in it ran. */
export class TransactionAbortedError extends Error {}

/** ioredis declares ReplyError as `any`, so `instanceof` alone narrows nothing. */
function isReplyError(error: unknown): error is Error & { previousErrors?: Error[] } {
  return error instanceof ReplyError;
}


/** One command's outcome, as Upstash reports it inside arrays. */
export type Outcome = { result: unknown } | { error: string };

/**
 * Only ReplyError is Redis answering "no" (WRONGTYPE, Lua errors, syntax);
 * everything else ioredis throws means the command never got an answer.
 */
function classify(error: unknown): Outcome {
  if (isReplyError(error)) return { error: error.message };
  throw new RedisUnavailableError(`Redis is unavailable: ${describeError(error)}`);
}

/**
 * `callBuffer` is the generic path: no per-command reply transformers and
 * bulk strings come back as Buffers, so binary values survive untouched.
 */
export async function runCommand(redis: Redis, [name, ...args]: RedisCommand): Promise<Outcome> {
  try {
    return { result: await redis.callBuffer(name, ...args) };
  } catch (error) {
    return classify(error);
  }
}

/**
 * `/pipeline`: not atomic, one outcome per command. An ioredis pipeline is
 * written to the socket in one go, so replies stay in order and other
 * requests' commands cannot slip in between.
 */
export async function runPipeline(redis: Redis, commands: RedisCommand[]): Promise<Outcome[]> {
  const pipeline = redis.pipeline();
  for (const [name, ...args] of commands) pipeline.callBuffer(name, ...args);
  let results: [Error | null, unknown][] | null;
  try {
    results = await pipeline.exec();
  } catch (error) {
    throw new RedisUnavailableError(`Redis is unavailable: ${describeError(error)}`);
  }
  if (!results) throw new RedisUnavailableError('Redis is unavailable: the pipeline returned no replies');
  return results.map(([error, result]) => (error ? classify(error) : { result }));
}

/**
 * `/multi-exec`: MULTI ... EXEC. A command Redis refuses while queueing
 * (unknown command, wrong arity) aborts the whole transaction with
 * EXECABORT; that is thrown as TransactionAbortedError so the caller answers
 * 400 for the request as a whole, since no command ran. Errors at run time (WRONGTYPE)
 * do not abort: the other commands still apply, as in Redis.
 */
export async function runTransaction(redis: Redis, commands: RedisCommand[]): Promise<Outcome[]> {
  const transaction = redis.multi();
  for (const [name, ...args] of commands) transaction.callBuffer(name, ...args);
  let results: [Error | null, unknown][] | null;
  try {
    results = await transaction.exec();
  } catch (error) {
    if (isReplyError(error)) {
      // ioredis collects the queueing errors that caused the abort; they say what was wrong.
      const reasons = (error.previousErrors ?? []).map((e) => e.message).join('; ');
      throw new TransactionAbortedError(reasons ? `${error.message} (${reasons})` : error.message);
    }
    throw new RedisUnavailableError(`Redis is unavailable: ${describeError(error)}`);
  }
  if (!results) throw new RedisUnavailableError('Redis is unavailable: the transaction returned no replies');
  return results.map(([error, result]) => (error ? classify(error) : { result }));
}
