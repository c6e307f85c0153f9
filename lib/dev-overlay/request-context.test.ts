import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runAsBackground } from './background';
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

  it('tells work outside any request, and work marked as background, apart from a request without an id', async () => {
    const outside = () => {
      throw new Error('headers() was called outside a request scope');
    };
    const seen: string[] = [];
    const record = (id: string) => seen.push(id);
    withRequestId(record, outside, () => seen.push('background: outside'));
    // A timer started during a request carries its context; marked as background, it is not the request's.
    await runWithRequestId('request-1', () =>
      runAsBackground(async () => {
        await sleep(1);
        withRequestId(record, headersWith('request-1'), () => seen.push('background: marked'));
        expect(currentRequestId(headersWith('request-1'))).toBeNull();
      }),
    );
    // The overlay's own API carries no id: neither a request's nor background.
    withRequestId(record, headersWith(null), () => seen.push('background: wrong'));
    await sleep(0);
    expect(seen).toEqual(['background: outside', 'background: marked']);
  });
});
