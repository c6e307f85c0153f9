/**
 * The Upstash REST wire format, kept free of HTTP and Redis so it can be
 * tested on its own: turning request bodies/paths into commands, and raw
 * Redis replies into the JSON the `@upstash/redis` client expects.
 */

/** A Redis command as sent to Redis: name first, then the arguments. */
export type RedisCommand = [name: string, ...args: string[]];

/** What a reply becomes in JSON. Redis (RESP2) only has these shapes. */
export type JsonReply = string | number | null | JsonReply[];

/** A request the client got wrong; the server answers 400 with `message`. */
export class BadRequestError extends Error {}

/**
 * Commands that would change the state of the one connection all requests
 * share (database, subscriber mode, transactions, auth, replies), so every
 * later request would silently see a different Redis. Upstash rejects them
 * too. Blocking commands (BLPOP...) are allowed but do stall the shared
 * connection for their timeout.
 */
const CONNECTION_STATE_COMMANDS = new Set([
  'AUTH',
  'DISCARD',
  'EXEC',
  'HELLO',
  'MONITOR',
  'MULTI',
  'PSUBSCRIBE',
  'PUNSUBSCRIBE',
  'QUIT',
  'RESET',
  'SELECT',
  'SSUBSCRIBE',
  'SUBSCRIBE',
  'SUNSUBSCRIBE',
  'SYNC',
  'PSYNC',
  'UNSUBSCRIBE',
  'UNWATCH',
  'WATCH',
]);

/**
 * Validates one command from a JSON body. Numbers and booleans are accepted
 * because the client sends options such as `["SET","k","v","EX",10]` with
 * JSON numbers; Redis only knows strings, so everything is stringified here.
 * The name is upper-cased because ioredis reshapes the replies of some
 * lower-case command names (e.g. `hgetall` into an object).
 */
export function toCommand(value: unknown): RedisCommand {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequestError('ERR a command must be a non-empty JSON array such as ["GET","key"]');
  }
  const parts = value.map((part, index) => {
    if (typeof part === 'string') return part;
    if (typeof part === 'number' || typeof part === 'boolean') return String(part);
    throw new BadRequestError(
      `ERR command argument ${index} must be a string, number or boolean, got ${part === null ? 'null' : typeof part}`,
    );
  });
  const [name, ...args] = parts as [string, ...string[]];
  const upper = name.toUpperCase();
  if (upper === '') throw new BadRequestError('ERR empty command name');
  if (CONNECTION_STATE_COMMANDS.has(upper) || (upper === 'CLIENT' && args[0]?.toUpperCase() === 'REPLY')) {
    throw new BadRequestError(`ERR command '${name}' is not supported by the REST bridge (it would change the shared connection)`);
  }
  return [upper, ...args];
}

/** `/pipeline` and `/multi-exec` bodies: a non-empty array of commands. */
export function toCommandList(value: unknown): RedisCommand[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(Array.isArray)) {
    throw new BadRequestError('ERR body must be a non-empty JSON array of commands such as [["GET","a"],["GET","b"]]');
  }
  return value.map(toCommand);
}

/**
 * The Upstash URL form `/set/foo/bar`: each path segment is one argument,
 * URL-decoded. For POST, a non-empty raw body is appended as the last
 * argument, which is how Upstash lets JSON or binary values be sent without
 * escaping them into the path.
 */
export function commandFromPath(pathname: string, body?: string): RedisCommand {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    throw new BadRequestError('ERR malformed percent-encoding in the URL path');
  }
  if (body !== undefined && body !== '') decoded.push(body);
  return toCommand(decoded);
}

/**
 * Parses a JSON body, turning a syntax error into a 400 that says what went
 * wrong instead of a generic failure.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`ERR malformed JSON body: ${(error as Error).message}`);
  }
}

/**
 * Converts a raw ioredis reply (read with `callBuffer`, so bulk strings are
 * Buffers and binary data is intact) into JSON.
 *
 * With `base64`, every string becomes base64, at any depth, except a
 * top-level "OK": that matches Upstash's documented behaviour and the
 * client's decoder, which returns a top-level "OK" untouched but would
 * base64-decode an "OK" nested in an array into garbage ("8").
 * ioredis hands simple strings (+OK) and bulk strings alike as Buffers, so
 * a top-level bulk value that is literally "OK" also goes out as "OK"; the
 * client decodes both forms to the same "OK".
 *
 * Without `base64`, strings go out as UTF-8, so non-UTF-8 bytes are lossy:
 * that is why the client asks for base64 by default.
 */
export function encodeReply(reply: unknown, base64: boolean, topLevel = true): JsonReply {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'number') return reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64, false));
  let bytes: Buffer;
  if (Buffer.isBuffer(reply)) bytes = reply;
  // Errors nested in arrays (a Lua script can return them) carry their text.
  else if (reply instanceof Error) bytes = Buffer.from(reply.message, 'utf8');
  else bytes = Buffer.from(String(reply), 'utf8');
  if (!base64) return bytes.toString('utf8');
  if (topLevel && bytes.length === 2 && bytes.toString('latin1') === 'OK') return 'OK';
  return bytes.toString('base64');
}
