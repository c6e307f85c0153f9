/** What kind of request Next is serving, and how the overlay names it. */
import { describe, expect, it } from 'vitest';
import { describeRequest, requestTitle } from './request-label';

const headers = (entries: Record<string, string>) => ({ get: (name: string) => entries[name] ?? null, has: (name: string) => name in entries });

describe('request labels', () => {
  it('an action with JavaScript (Next-Action) and a form posted before JavaScript loaded are both actions', () => {
    expect(describeRequest('POST', '/', headers({ 'next-action': 'abc' })).label).toBe('action');
    expect(describeRequest('POST', '/?edit=3', headers({ 'content-type': 'multipart/form-data' })).label).toBe('action');
    expect(describeRequest('POST', '/api/dev/cache', headers({})).label).toBe('api');
  });

  it('tells pages, navigations and prefetches apart, and titles them', () => {
    expect(describeRequest('GET', '/', headers({})).label).toBe('page');
    expect(describeRequest('GET', '/', headers({ rsc: '1' })).label).toBe('rsc');
    expect(describeRequest('GET', '/', headers({ rsc: '1', 'next-router-prefetch': '1' })).label).toBe('prefetch');
    expect(requestTitle({ method: 'POST', path: '/', label: 'action' })).toBe('POST / (action)');
    expect(requestTitle({ method: 'GET', path: '/?q=okra', label: 'page' })).toBe('GET /?q=okra');
  });
});
