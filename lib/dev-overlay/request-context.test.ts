import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { currentRequestId, runWithRequestId, withRequestId } from './request-context';

const headersWith = (id: string | null) => async () => ({ get: (name: string) => (name === 'x-request-id' ? id : null) });

describe('request context', () => {
  it('knows the id inside runWithRequestId, across awaits', async () => {
    await runWithRequestId('own-id', async () => {
      await sleep(1);
      expect(currentRequestId(headersWith('from-next'))).toBe('own-id');
    });
  });

  it('falls back to the x-request-id header of Next’s request scope', async () => {
    await expect(currentRequestId(headersWith('from-next'))).resolves.toBe('from-next');
    const seen: string[] = [];
    withRequestId((id) => seen.push(id), headersWith('from-next'));
    await sleep(0);
    expect(seen).toEqual(['from-next']);
  });

  it('records nothing outside any request', async () => {
    const outside = () => {
      throw new Error('headers() was called outside a request scope');
    };
    expect(currentRequestId(outside)).toBeNull();
    expect(currentRequestId()).toBeNull();
    const seen: string[] = [];
    withRequestId((id) => seen.push(id), headersWith(null));
    await sleep(0);
    expect(seen).toEqual([]);
  });
});
