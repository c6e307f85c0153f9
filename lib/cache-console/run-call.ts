/**
 * Runs one Django-shell cache call against our Cache, with Django's names,
 * arguments and return values, and prints the result as the shell would:
 * Python's repr, or nothing for a call that returns None. Errors print as the
 * shell's last traceback line ("ValueError: Key 'num' not found").
 *
 * Used by the dev overlay's cache console and by `npm run cache`. close()
 * closes the connection as Django's does; the next call reconnects.
 */
import { CacheKeyMissingError, CacheValueError, type Cache } from '@/lib/cache';
import { CallSyntaxError, parseCall, type ParsedCall } from './parse-call';
import { pythonRepr } from './python-repr';
import { describeError } from '@/lib/describe-error';

export interface CallOutcome {
  /** What the shell prints after the call: '' for None. */
  output: string;
  /** Set when the call raised: the traceback's last line. */
  error?: string;
  /** The method that ran and what it returned, for a caller that adds to the output (the overlay marks dead generations in keys()). */
  ran?: { method: string; value: unknown };
}

class PythonError extends Error {
  constructor(readonly kind: 'TypeError' | 'ValueError', message: string) {
    super(message);
  }
}

type Arguments = Record<string, unknown>;
interface Method {
  /** Parameter names in order; a trailing '?' marks an optional one. */
  params: string[];
  run(cache: Cache, args: Arguments): Promise<unknown>;
}

const NONE = Symbol('None');

function key(args: Arguments, name = 'key'): string {
  const value = args[name];
  if (typeof value !== 'string') throw new PythonError('TypeError', `${name} must be a string, not ${pythonRepr(value)}`);
  return value;
}

function keyList(args: Arguments, name: string): string[] {
  const value = args[name];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new PythonError('TypeError', `${name} must be a list of strings`);
  return value as string[];
}

function integer(args: Arguments, name: string, fallback: number): number {
  const value = args[name] ?? fallback;
  if (!Number.isSafeInteger(value)) throw new PythonError('TypeError', `${name} must be an integer, not ${pythonRepr(value)}`);
  return value as number;
}

/** Django's version argument: None (or absent) is the cache's own. */
const version = (args: Arguments) => (args.version === undefined || args.version === null ? {} : { version: integer(args, 'version', 0) });

/** Django's timeout: absent = the default, None = forever, <= 0 = expire now; seconds otherwise. */
function ttl(args: Arguments): { ttl?: number | null } {
  const value = args.timeout;
  if (value === undefined) return {};
  if (value === null) return { ttl: null };
  if (typeof value !== 'number') throw new PythonError('TypeError', `timeout must be a number or None, not ${pythonRepr(value)}`);
  return { ttl: value };
}

/** Django raises ValueError where our API throws CacheKeyMissingError. */
async function djangoErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CacheKeyMissingError) throw new PythonError('ValueError', `Key '${error.key}' not found`);
    throw error;
  }
}

const METHODS: Record<string, Method> = {
  get: { params: ['key', 'default?', 'version?'], run: (cache, args) => cache.get(key(args), args.default ?? null, version(args)) },
  set: { params: ['key', 'value', 'timeout?', 'version?'], run: async (cache, args) => (await cache.set(key(args), args.value, { ...ttl(args), ...version(args) }), NONE) },
  add: { params: ['key', 'value', 'timeout?', 'version?'], run: (cache, args) => cache.add(key(args), args.value, { ...ttl(args), ...version(args) }) },
  get_or_set: { params: ['key', 'default', 'timeout?', 'version?'], run: (cache, args) => cache.getOrSet(key(args), args.default, { ...ttl(args), ...version(args) }) },
  get_many: { params: ['keys', 'version?'], run: (cache, args) => cache.getMany(keyList(args, 'keys'), version(args)) },
  set_many: {
    params: ['data', 'timeout?', 'version?'],
    run: (cache, args) => {
      const data = args.data;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new PythonError('TypeError', 'data must be a dict');
      return cache.setMany(data as Record<string, unknown>, { ...ttl(args), ...version(args) });
    },
  },
  delete: { params: ['key', 'version?'], run: (cache, args) => cache.delete(key(args), version(args)) },
  delete_many: { params: ['keys', 'version?'], run: async (cache, args) => (await cache.deleteMany(keyList(args, 'keys'), version(args)), NONE) },
  touch: { params: ['key', 'timeout?', 'version?'], run: (cache, args) => cache.touch(key(args), { ...ttl(args), ...version(args) }) },
  incr: { params: ['key', 'delta?', 'version?'], run: (cache, args) => djangoErrors(() => cache.incr(key(args), integer(args, 'delta', 1), version(args))) },
  decr: { params: ['key', 'delta?', 'version?'], run: (cache, args) => djangoErrors(() => cache.decr(key(args), integer(args, 'delta', 1), version(args))) },
  has_key: { params: ['key', 'version?'], run: (cache, args) => cache.hasKey(key(args), version(args)) },
  incr_version: { params: ['key', 'delta?', 'version?'], run: (cache, args) => djangoErrors(() => cache.incrVersion(key(args), integer(args, 'delta', 1), version(args))) },
  decr_version: { params: ['key', 'delta?', 'version?'], run: (cache, args) => djangoErrors(() => cache.decrVersion(key(args), integer(args, 'delta', 1), version(args))) },
  clear: { params: [], run: async (cache) => (await cache.clear(), NONE) },
  // As Django's close(): the connection goes, and the next call opens a new one.
  close: { params: [], run: async (cache) => (await cache.close(), NONE) },
  // django-redis's two reads for looking around: seconds left (0 = absent, None = never expires), and the stored keys.
  ttl: {
    params: ['key', 'version?'],
    run: async (cache, args) => {
      const seconds = await cache.ttl(key(args), version(args));
      return seconds === undefined ? 0 : seconds === null ? null : Math.round(seconds);
    },
  },
  keys: { params: [], run: (cache) => cache.keys() },
};

/** The method names the console understands, for its help text. */
export const CONSOLE_METHODS = Object.keys(METHODS);

function bind(call: ParsedCall, method: Method): Arguments {
  const names = method.params.map((param) => param.replace('?', ''));
  const signature = `${call.method}()`;
  if (call.args.length > names.length) throw new PythonError('TypeError', `${signature} takes ${names.length} arguments but ${call.args.length} were given`);
  const bound: Arguments = {};
  call.args.forEach((value, index) => (bound[names[index]!] = value));
  for (const [name, value] of Object.entries(call.kwargs)) {
    if (!names.includes(name)) throw new PythonError('TypeError', `${signature} got an unexpected keyword argument '${name}'`);
    if (name in bound) throw new PythonError('TypeError', `${signature} got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  const missing = method.params.filter((param) => !param.endsWith('?') && !(param in bound));
  if (missing.length > 0) throw new PythonError('TypeError', `${signature} missing ${missing.length} required argument(s): ${missing.map((name) => `'${name}'`).join(', ')}`);
  return bound;
}

/** Runs an already parsed call (the command line builds its own). Never throws: errors come back as `error`. */
export async function runCall(cache: Cache, call: ParsedCall): Promise<CallOutcome> {
  try {
    const method = METHODS[call.method];
    if (!method) throw new PythonError('TypeError', `cache has no method '${call.method}' (try: ${CONSOLE_METHODS.join(', ')})`);
    const result = await method.run(cache, bind(call, method));
    return { output: result === NONE ? '' : pythonRepr(result), ran: { method: call.method, value: result === NONE ? null : result } };
  } catch (error) {
    return failed(error);
  }
}

/** Parses and runs one line such as "cache.get('my_key')". Never throws: errors come back as `error`. */
export async function runCacheCall(cache: Cache, line: string): Promise<CallOutcome> {
  let call: ParsedCall;
  try {
    call = parseCall(line);
  } catch (error) {
    return failed(error);
  }
  return runCall(cache, call);
}

function failed(error: unknown): CallOutcome {
  if (error instanceof PythonError) return { output: '', error: `${error.kind}: ${error.message}` };
  // A value that cannot be stored or read back, incr of a non-integer: Django raises ValueError too.
  if (error instanceof CacheValueError) return { output: '', error: `ValueError: ${error.message}` };
  if (error instanceof CallSyntaxError) return { output: '', error: `SyntaxError: ${error.message}` };
  return { output: '', error: `Error: ${describeError(error)}` };
}
