/** The console prints what Django's shell prints for the tutorial's tour, step by step. */
import { describe, expect, it } from 'vitest';
import { createCache, createMemoryStore } from '@/lib/cache';
import { parseCall } from './parse-call';
import { runCacheCall } from './run-call';
import { TUTORIAL_PRESETS } from './tutorial-presets';

/** Django's shell output for each preset, in order ('' = the call returned None). */
const DJANGO_SHELL = [
  '',
  "'hello, world!'",
  "'has expired'",
  'True',
  'False',
  "'my new value'",
  '[]',
  "{'a': 1, 'b': 2, 'c': 3}",
  'True',
  '',
  'True',
  '10',
  '',
  '2',
  '12',
  '11',
  '6',
  'True',
  '',
  "'hello, world!'",
  "'hello world!'",
  '3',
  "'hello world!'",
  "['console:1:add_key', 'console:1:my_key', 'console:1:my_new_key', 'console:1:num', 'console:3:my_key']",
  '',
  '',
];

describe('cache console', () => {
  it('prints the tutorial tour as the Django shell does', async () => {
    const cache = createCache({ store: createMemoryStore(), prefix: 'console' });
    expect(TUTORIAL_PRESETS).toHaveLength(DJANGO_SHELL.length);
    const printed: string[] = [];
    for (const preset of TUTORIAL_PRESETS) {
      const outcome = await runCacheCall(cache, preset.command);
      expect(outcome.error, preset.command).toBeUndefined();
      printed.push(outcome.output);
    }
    expect(printed).toEqual(DJANGO_SHELL);
    expect(await cache.keys()).toEqual([]);
  });

  it.each([
    ["cache.incr('nope')", "ValueError: Key 'nope' not found"],
    ["cache.incr_version('nope')", "ValueError: Key 'nope' not found"],
    ["cache.get('k', colour='red')", "TypeError: get() got an unexpected keyword argument 'colour'"],
    ['cache.get()', "TypeError: get() missing 1 required argument(s): 'key'"],
    ["cache.get('a', 'b', 1, 2)", 'TypeError: get() takes 3 arguments but 4 were given'],
    ["cache.flush_all()", "TypeError: cache has no method 'flush_all'"],
    ['cache.get(42)', 'TypeError: key must be a string, not 42'],
    ["cache.set('k', 1, timeout='soon')", "TypeError: timeout must be a number or None, not 'soon'"],
    ["cache.get('unterminated)", 'SyntaxError: unterminated string'],
    ["cache.get('k') + 1", 'SyntaxError: unexpected text after the call'],
    ["__import__('os')", "TypeError: cache has no method '__import__'"],
  ])('%s → %s', async (command, error) => {
    const cache = createCache({ store: createMemoryStore(), prefix: 'console' });
    const outcome = await runCacheCall(cache, command);
    expect(outcome.output).toBe('');
    expect(outcome.error).toContain(error);
  });

  it('reads Python literals: nested lists and dicts, escapes, None/True/False, negative and float numbers, keyword arguments', () => {
    expect(parseCall(`cache.set("it's", {'a': [1, -2.5, None, True, False], 'b\\n': ('x',)}, timeout=None, version=3)`)).toEqual({
      method: 'set',
      args: ["it's", { a: [1, -2.5, null, true, false], 'b\n': ['x'] }],
      kwargs: { timeout: null, version: 3 },
    });
    expect(parseCall("get('k')")).toEqual({ method: 'get', args: ['k'], kwargs: {} });
  });

  it('incr of a value that is not a number is a ValueError, as in Django; close() then the next call reconnects', async () => {
    const cache = createCache({ store: createMemoryStore(), prefix: 'console' });
    await runCacheCall(cache, "cache.set('word', 'hello')");
    expect((await runCacheCall(cache, "cache.incr('word')")).error).toMatch(/^ValueError: .*not an integer/);
    expect((await runCacheCall(cache, 'cache.close()')).error).toBeUndefined();
    expect((await runCacheCall(cache, "cache.get('word')")).output).toBe("'hello'");
  });

  it('a timeout of None keeps the value forever, 0 expires it now', async () => {
    const cache = createCache({ store: createMemoryStore(), prefix: 'console', defaultTtlSeconds: 300 });
    await runCacheCall(cache, "cache.set('forever', 1, None)");
    expect((await runCacheCall(cache, "cache.ttl('forever')")).output).toBe('None');
    await runCacheCall(cache, "cache.set('gone', 1, 0)");
    expect((await runCacheCall(cache, "cache.has_key('gone')")).output).toBe('False');
  });
});
