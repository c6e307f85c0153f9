import { describe, expect, it } from 'vitest';
import { CacheStoreError } from '@/lib/cache';
import { failureCode } from './error-code';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('failureCode', () => {
  it.each([
    [withCode('ECONNREFUSED'), 'connection-refused'],
    [new Error('fetch failed', { cause: withCode('ECONNREFUSED') }), 'connection-refused'],
    [new CacheStoreError('ping', false, new Error('fetch failed', { cause: withCode('ECONNRESET') })), 'connection-reset'],
    [new CacheStoreError('ping', true, new Error('no answer')), 'timeout'],
    [new CacheStoreError('ping', false, new Error('circuit open'), true), 'circuit-open'],
    [withCode('ENOTFOUND'), 'dns-failed'],
    [withCode('28P01'), 'auth-failed'],
    [new Error('Unauthorized (401)'), 'auth-failed'],
    [new Error('write CONNECT_TIMEOUT 127.0.0.1:5432'), 'timeout'],
    [new TypeError('gA is not a function'), 'unavailable'],
    ['a string', 'unavailable'],
  ])('%s -> %s', (error, code) => expect(failureCode(error)).toBe(code));
});
