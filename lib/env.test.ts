import { describe, expect, it } from 'vitest';
import { authRequired, parseEnv } from './env';

describe('environment', () => {
  it('runs on embedded defaults in development, treating empty strings as unset', () => {
    const env = parseEnv({ NODE_ENV: 'development', DATABASE_URL: '', UPSTASH_REDIS_REST_URL: ' ' });
    expect(env).toMatchObject({ DATABASE_URL: undefined, PGLITE_DATA_DIR: '.data/pglite', CACHE_DEFAULT_TTL_SECONDS: 300, CACHE_TIMEOUT_MS: 250 });
  });

  it('refuses production without a database or cache, naming each variable', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: required in production[\s\S]*REDIS_URL: REDIS_URL or UPSTASH_REDIS_REST_URL is required in production/);
  });

  it('takes either cache in production: a native REDIS_URL, or Upstash REST', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', AUTH_REQUIRED: '0' };
    expect(parseEnv({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(parseEnv({ ...base, UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' }).UPSTASH_REDIS_REST_URL).toBe('https://x.upstash.io');
    expect(() => parseEnv({ ...base, REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('allows embedded services in production only when told to', () => {
    expect(parseEnv({ NODE_ENV: 'production', ALLOW_EMBEDDED: '1', AUTH_REQUIRED: '0' }).ALLOW_EMBEDDED).toBe(true);
  });

  it('explains malformed values', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x', CACHE_TIMEOUT_MS: 'soon' })).toThrow(
      /DATABASE_URL: must start with postgres:\/\/[\s\S]*CACHE_TIMEOUT_MS/,
    );
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1' })).toThrow(/UPSTASH_REDIS_REST_TOKEN: set both/);
  });

  it('requires an admin password and a session secret when writes need sign-in', () => {
    const production = { NODE_ENV: 'production', ALLOW_EMBEDDED: '1' };
    expect(() => parseEnv(production)).toThrow(/ADMIN_PASSWORD: set ADMIN_PASSWORD[\s\S]*SESSION_SECRET: required/);
    expect(() => parseEnv({ ...production, ADMIN_PASSWORD: 'short', SESSION_SECRET: 'x'.repeat(32) })).toThrow(/at least 8 characters/);
    const ok = parseEnv({ ...production, ADMIN_PASSWORD: 'long enough', SESSION_SECRET: 'x'.repeat(32) });
    expect(authRequired(ok)).toBe(true);
    expect(authRequired(parseEnv({ NODE_ENV: 'development' }))).toBe(false);
  });

  it('reads flags as booleans, off by default', () => {
    expect(parseEnv({}).CACHE_DISABLED).toBe(false);
    expect(parseEnv({ CACHE_DISABLED: '1' }).CACHE_DISABLED).toBe(true);
    expect(parseEnv({ CACHE_DISABLED: 'false' }).CACHE_DISABLED).toBe(false);
  });
});
