/** keys() in the console: which stored keys are under dead generations. */
import { describe, expect, it } from 'vitest';
import { deadGenerationNote, generationKeys } from './stored-keys';

const LIVE = '9b1c2d3e-0000-4000-8000-000000000002';
const DEAD = '3f2a1c0d-0000-4000-8000-000000000001';
const keys = [
  'app:1:my_key',
  'app:rt:{products}:gen',
  `app:rt:{products}:${DEAD}:list:page=1`,
  `app:rt:{products}:${DEAD}!lease:list:page=2`,
  `app:rt:{products}:${LIVE}:list:page=1`,
  `app:rt:{pages}:${DEAD}:page:/`,
];

describe('stored keys and their generations', () => {
  it('finds the entries and leases with their namespace and generation, leaving other keys out', () => {
    expect(generationKeys(keys, 'app').map(({ namespace, generation }) => `${namespace}/${generation.slice(0, 8)}`)).toEqual([
      'products/3f2a1c0d',
      'products/3f2a1c0d',
      'products/9b1c2d3e',
      'pages/3f2a1c0d',
    ]);
    expect(generationKeys(keys, 'other')).toEqual([]);
  });

  it('says which generation is live and lists the keys under dead ones; unknown when this process has not read the namespace', () => {
    const note = deadGenerationNote(keys, 'app', (namespace) => (namespace === 'products' ? LIVE : undefined));
    expect(note!.split('\n')).toEqual([
      '{products}: live generation 9b1c2d3e; 2 of 3 keys belong to dead generations (nothing reads them again; they expire by their TTL):',
      `  dead: app:rt:{products}:${DEAD}:list:page=1`,
      `  dead: app:rt:{products}:${DEAD}!lease:list:page=2`,
      '{pages}: 1 key; this process has not read the namespace yet, so which generation is live is unknown',
    ]);
    expect(deadGenerationNote(['app:1:my_key'], 'app', () => LIVE)).toBeUndefined();
    expect(deadGenerationNote(keys.slice(0, 3), 'app', () => null)!.split('\n')[0]).toBe(
      '{products}: no live generation (retired, not read since); 1 of 1 keys belong to dead generations (nothing reads them again; they expire by their TTL):',
    );
  });
});
