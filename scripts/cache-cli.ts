/**
 * npm run cache — the low-level cache API from the command line, against the
 * store and prefix the app uses (its environment and .env files), printed as
 * the Django shell prints:
 *
 *   npm run cache -- get my_key
 *   npm run cache -- set my_key 'hello, world!' --ttl 120
 *   npm run cache -- get-many a b c
 *   npm run cache -- keys
 *
 * Exit status: 0 done, 1 the call failed (a missing key for incr, no cache), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { CallSyntaxError, parseCall, type ParsedCall } from '../lib/cache-console/parse-call';
import { runCall } from '../lib/cache-console/run-call';
import { cacheStoreKind, createAppCache } from '../lib/cache-from-env';
import { loadEnvironment } from './lib/database-from-env';

const USAGE = `Usage: npm run cache -- <command> [arguments] [--ttl SECONDS] [--version N]

  get KEY [DEFAULT]        the value, or DEFAULT (None)
  set KEY VALUE            store VALUE (--ttl: seconds; default CACHE_DEFAULT_TTL_SECONDS; "none" = forever)
  add KEY VALUE            store only if absent
  touch KEY                give KEY a new --ttl
  incr KEY [DELTA]         add DELTA (1) to an integer
  decr KEY [DELTA]
  get-many KEY...          the values found, as a dict
  delete KEY...            remove one key (or several: delete_many)
  has-key KEY
  ttl KEY                  seconds left (0 = absent, None = never expires)
  keys                     the stored keys under the app's prefix (a SCAN, never KEYS)
  clear                    delete every key under the app's prefix, and nothing else

VALUE and DEFAULT are read as Python literals when they are one (42, [1, 2], {'a': 1}, None);
anything else is a string.`;

/** A command-line word as a Python literal when it is one, else the word itself. */
function literal(word: string): unknown {
  try {
    return parseCall(`v(${word})`).args[0];
  } catch (error) {
    if (error instanceof CallSyntaxError) return word;
    throw error;
  }
}

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { ttl: { type: 'string' }, version: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usage((error as Error).message);
  }
})();
if (values.help || positionals.length === 0) {
  console.log(USAGE);
  process.exit(positionals.length === 0 && !values.help ? 2 : 0);
}

function ttlArgument(): Record<string, unknown> {
  if (values.ttl === undefined) return {};
  if (values.ttl.toLowerCase() === 'none') return { timeout: null };
  const seconds = Number(values.ttl);
  if (!Number.isFinite(seconds)) usage(`--ttl must be a number of seconds or "none", got ${values.ttl}`);
  return { timeout: seconds };
}

function versionArgument(): Record<string, unknown> {
  if (values.version === undefined) return {};
  const version = Number(values.version);
  if (!Number.isSafeInteger(version)) usage(`--version must be an integer, got ${values.version}`);
  return { version };
}

/** The Django call a command stands for. */
function callFor(command: string, args: string[]): ParsedCall {
  const [first, second] = args;
  const needs = (count: number, what: string) => {
    if (args.length < count) usage(`${command} needs ${what}`);
  };
  const call = (method: string, callArgs: unknown[], kwargs: Record<string, unknown> = {}) => ({ method, args: callArgs, kwargs: { ...kwargs, ...versionArgument() } });
  switch (command) {
    case 'get':
      needs(1, 'a key');
      return call('get', args.length > 1 ? [first, literal(second!)] : [first]);
    case 'set':
    case 'add':
      needs(2, 'a key and a value');
      return call(command, [first, literal(args.slice(1).join(' '))], ttlArgument());
    case 'touch':
      needs(1, 'a key');
      return call('touch', [first], ttlArgument());
    case 'incr':
    case 'decr':
      needs(1, 'a key');
      return call(command, args.length > 1 ? [first, literal(second!)] : [first]);
    case 'get-many':
      needs(1, 'at least one key');
      return call('get_many', [args]);
    case 'delete':
      needs(1, 'at least one key');
      return args.length === 1 ? call('delete', [first]) : call('delete_many', [args]);
    case 'has-key':
      needs(1, 'a key');
      return call('has_key', [first]);
    case 'ttl':
      needs(1, 'a key');
      return call('ttl', [first]);
    case 'keys':
    case 'clear':
      return call(command, []);
    default:
      return usage(`unknown command "${command}"`);
  }
}

const [command, ...args] = positionals;
const call = callFor(command!, args);
const config = loadEnvironment();
const cache = createAppCache(config);
if (!cache) {
  console.error('The cache is disabled (CACHE_DISABLED=1): there is nothing to look at.');
  process.exit(1);
}
if (cacheStoreKind(config) === 'memory') {
  console.error(
    'No Redis configured (set REDIS_URL, or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, as the app has them):\n' +
      'the in-memory cache lives inside each app process, so this command cannot see it.',
  );
  await cache.close();
  process.exit(1);
}
try {
  await cache.ping();
} catch (error) {
  console.error(`Cannot reach the cache store (${cacheStoreKind(config)}): ${(error as Error).message}`);
  await cache.close();
  process.exit(1);
}
const outcome = await runCall(cache, call);
await cache.close();
if (outcome.error) {
  console.error(outcome.error);
  process.exit(1);
}
if (outcome.output) console.log(outcome.output);
