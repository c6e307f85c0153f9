/**
 * The Django low-level cache tutorial's shell tour, in order, as one-click
 * presets of the dev overlay's cache console (and the console's test, which
 * checks each prints what Django's shell prints).
 */
export interface Preset {
  /** What the step shows, as the tutorial introduces it. */
  label: string;
  command: string;
}

export const TUTORIAL_PRESETS: readonly Preset[] = [
  { label: 'set a value for 30 s', command: "cache.set('my_key', 'hello, world!', 30)" },
  { label: 'get it back', command: "cache.get('my_key')" },
  { label: 'get with a default', command: "cache.get('my_new_key', 'has expired')" },
  { label: 'add (only if absent)', command: "cache.add('add_key', 'Initial value')" },
  { label: 'add again', command: "cache.add('add_key', 'New value')" },
  { label: 'get_or_set', command: "cache.get_or_set('my_new_key', 'my new value', 100)" },
  { label: 'set_many', command: "cache.set_many({'a': 1, 'b': 2, 'c': 3})" },
  { label: 'get_many', command: "cache.get_many(['a', 'b', 'c'])" },
  { label: 'delete', command: "cache.delete('a')" },
  { label: 'delete_many', command: "cache.delete_many(['a', 'b', 'c'])" },
  { label: 'touch (new timeout)', command: "cache.touch('my_key', 10)" },
  { label: 'ttl (django-redis)', command: "cache.ttl('my_key')" },
  { label: 'set a counter', command: "cache.set('num', 1)" },
  { label: 'incr', command: "cache.incr('num')" },
  { label: 'incr by 10', command: "cache.incr('num', 10)" },
  { label: 'decr', command: "cache.decr('num')" },
  { label: 'decr by 5', command: "cache.decr('num', 5)" },
  { label: 'has_key', command: "cache.has_key('num')" },
  { label: 'set version 2', command: "cache.set('my_key', 'hello world!', version=2)" },
  { label: 'get version 1', command: "cache.get('my_key', version=1)" },
  { label: 'get version 2', command: "cache.get('my_key', version=2)" },
  { label: 'incr_version', command: "cache.incr_version('my_key', version=2)" },
  { label: 'get version 3', command: "cache.get('my_key', version=3)" },
  { label: 'keys (django-redis)', command: 'cache.keys()' },
  { label: 'clear', command: 'cache.clear()' },
  { label: 'close', command: 'cache.close()' },
];
