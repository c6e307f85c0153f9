/**
 * npm run -s cache — the low-level cache API from the command line, against
 * the store and prefix the app uses (its environment and .env files), with
 * Django's arguments, printed as the Django shell prints (-s keeps npm's own
 * banner out of the output):
 *
 *   npm run -s cache -- set my_key 'hello, world!' 120     cache.set('my_key', 'hello, world!', 120)
 *   npm run -s cache -- touch my_key 5                     cache.touch('my_key', 5)
 *   npm run -s cache -- incr num 10                        cache.incr('num', 10)
 *
 * An argument a command does not take is refused, never ignored.
 * Exit status: 0 done, 1 the call failed (a missing key for incr, no cache), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { CallSyntaxError, parseCall, type ParsedCall } from '../lib/cache-console/parse-call';
import { runCall } from '../lib/cache-console/run-call';
import { cacheStoreKind, createAppCache } from '../lib/cache-from-env';
import { loadEnvironment } from './lib/database-from-env';

const USAGE = `Usage: npm run -s cache -- <command> [arguments] [--version N]
(-s: npm prints no banner, so the output is the call's alone)

  get KEY [DEFAULT]            the value, or DEFAULT (None)
  set KEY VALUE [TIMEOUT]      store VALUE for TIMEOUT seconds (default CACHE_DEFAULT_TTL_SECONDS; none = forever)
  add KEY VALUE [TIMEOUT]      the same, only if KEY is absent
  touch KEY [TIMEOUT]          give KEY a new timeout (default CACHE_DEFAULT_TTL_SECONDS)
  incr KEY [DELTA]             add DELTA (1) to an integer; the key must exist (set it first)
  decr KEY [DELTA]
  get-many KEY...              the values found, as a dict
  delete KEY...                remove one key (or several: delete_many)
  has-key KEY
  ttl KEY                      seconds left (0 = absent, None = never expires)
  keys                         the stored keys under the app's prefix (a SCAN, never KEYS)
  clear                        delete every key under the app's prefix, and nothing else

VALUE and DEFAULT are read as Python literals when they are one (42, [1, 2], {'a': 1}, None);
anything else is a string: quote a value with spaces. --ttl SECONDS is TIMEOUT's other spelling.`;

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

/** A command-line word as a Python literal when it is one, else the word itself. */
function literal(word: string): unknown {
  try {
    return parseCall(`v(${word})`).args[0];
  } catch (error) {
    if (error instanceof CallSyntaxError) return word;
    throw error;
  }
}

/** Django's timeout from a word: seconds (fractions kept), or none for forever. */
function timeout(command: string, word: string): number | null {
  if (word.toLowerCase() === 'none') return null;
  const seconds = Number(word);
  if (word.trim() === '' || !Number.isFinite(seconds)) usage(`${command}: TIMEOUT must be a number of seconds or "none", got ${word}`);
  return seconds;
}

/** incr/decr's delta: an integer, as Django requires. */
function delta(command: string, word: string): number {
  const value = Number(word);
  if (!/^-?\d+$/.test(word) || !Number.isSafeInteger(value)) usage(`${command}: DELTA must be a whole number, got ${word}`);
  return value;
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

function versionArgument(): Record<string, unknown> {
  if (values.version === undefined) return {};
  const version = Number(values.version);
  if (!Number.isSafeInteger(version)) usage(`--version must be an integer, got ${values.version}`);
  return { version };
}

/** The timeout given positionally (Django's way) or with --ttl; both at once is a mistake. */
function timeoutArgument(command: string, word: string | undefined): Record<string, unknown> {
  if (word !== undefined && values.ttl !== undefined) usage(`${command}: give the timeout once, as TIMEOUT or as --ttl`);
  const given = word ?? values.ttl;
  return given === undefined ? {} : { timeout: timeout(command, given) };
}

/** The Django call a command stands for; refuses missing and extra arguments. */
function callFor(command: string, args: string[]): ParsedCall {
  const takes = (min: number, max: number, shape: string) => {
    if (args.length < min || args.length > max) usage(`${command} takes ${shape}, got ${args.length} argument${args.length === 1 ? '' : 's'}: ${args.join(' ')}`);
  };
  const call = (method: string, callArgs: unknown[], kwargs: Record<string, unknown> = {}) => ({ method, args: callArgs, kwargs: { ...kwargs, ...versionArgument() } });
  const [key, second, third] = args;
  switch (command) {
    case 'get':
      takes(1, 2, 'KEY [DEFAULT]');
      return call('get', second === undefined ? [key] : [key, literal(second)]);
    case 'set':
    case 'add':
      takes(2, 3, 'KEY VALUE [TIMEOUT] (quote a value with spaces)');
      return call(command, [key, literal(second!)], timeoutArgument(command, third));
    case 'touch':
      takes(1, 2, 'KEY [TIMEOUT]');
      return call('touch', [key], timeoutArgument(command, second));
    case 'incr':
    case 'decr':
      takes(1, 2, 'KEY [DELTA]');
      return call(command, second === undefined ? [key] : [key, delta(command, second)]);
    case 'get-many':
      takes(1, Infinity, 'KEY...');
      return call('get_many', [args]);
    case 'delete':
      takes(1, Infinity, 'KEY...');
      return args.length === 1 ? call('delete', [key]) : call('delete_many', [args]);
    case 'has-key':
    case 'ttl':
      takes(1, 1, 'KEY');
      return call(command === 'has-key' ? 'has_key' : 'ttl', [key]);
    case 'keys':
    case 'clear':
      takes(0, 0, 'no arguments');
      return call(command, []);
    default:
      return usage(`unknown command "${command}"`);
  }
}

/** What to add to a failed call's message, so the next step is plain. */
function hintFor(call: ParsedCall, error: string): string {
  if ((call.method === 'incr' || call.method === 'decr') && error.startsWith('ValueError: Key ')) {
    return `\n${call.method} changes an existing integer, as Django's does; set it first: npm run -s cache -- set ${String(call.args[0])} 0`;
  }
  return '';
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
    'No Redis configured (set REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES, or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, as the app has them):\n' +
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
  console.error(`${outcome.error}${hintFor(call, outcome.error)}`);
  process.exit(1);
}
if (outcome.output) console.log(outcome.output);
