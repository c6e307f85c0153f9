import { describe, expect, it } from 'vitest';
import { createCache, createMemoryStore } from '@/lib/cache';
import { hashPassword, passwordMatches } from './password';
import { createSignInLimiter, MAX_FAILED_SIGN_INS } from './rate-limit';
import { signSession, verifySession } from './session-token';

const secret = 'a'.repeat(32);

describe('session tokens', () => {
  const exp = Date.now() + 60_000;

  it('accept an authentic, unexpired token', () => {
    expect(verifySession(signSession({ sub: 'admin', exp }, secret), secret)).toEqual({ sub: 'admin', exp });
  });

  it('reject a forged, tampered, expired or foreign-key token', () => {
    const token = signSession({ sub: 'admin', exp }, secret);
    const [payload, signature] = token.split('.');
    const longerLife = Buffer.from(JSON.stringify({ sub: 'admin', exp: exp + 1e9 })).toString('base64url');
    expect(verifySession(`${longerLife}.${signature}`, secret)).toBeNull();
    expect(verifySession(`${payload}.${signature}x`, secret)).toBeNull();
    expect(verifySession(token, 'b'.repeat(32))).toBeNull();
    expect(verifySession(token, secret, exp + 1)).toBeNull();
    expect(verifySession('', secret)).toBeNull();
    expect(verifySession('garbage', secret)).toBeNull();
    expect(verifySession(undefined, secret)).toBeNull();
  });
});

describe('admin password', () => {
  it('matches a scrypt hash and a plain password, and nothing else', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt:/);
    expect(await passwordMatches('correct horse', { hash })).toBe(true);
    expect(await passwordMatches('correct horsE', { hash })).toBe(false);
    expect(await passwordMatches('correct horse', { plain: 'correct horse' })).toBe(true);
    expect(await passwordMatches('correct', { plain: 'correct horse' })).toBe(false);
    expect(await passwordMatches('anything', {})).toBe(false);
  });
});

describe('sign-in rate limit', () => {
  it(`blocks a client after ${MAX_FAILED_SIGN_INS} failures, separately per client, until reset`, async () => {
    const limiter = createSignInLimiter(createCache({ store: createMemoryStore() }));
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt += 1) {
      expect(await limiter.isBlocked('1.2.3.4')).toBe(false);
      await limiter.recordFailure('1.2.3.4');
    }
    expect(await limiter.isBlocked('1.2.3.4')).toBe(true);
    expect(await limiter.isBlocked('5.6.7.8')).toBe(false);
    await limiter.reset('1.2.3.4');
    expect(await limiter.isBlocked('1.2.3.4')).toBe(false);
  });
});
