import { describe, expect, it } from 'vitest';
import { authRequired, invalidationReplicas, nativeRedisConfigured, parseEnv } from './env';

describe('environment', () => {
  it('runs on embedded defaults in development, treating empty strings as unset', () => {
    const env = parseEnv({ NODE_ENV: 'development', DATABASE_URL: '', UPSTASH_REDIS_REST_URL: ' ' });
    expect(env).toMatchObject({ DATABASE_URL: undefined, PGLITE_DATA_DIR: '.data/pglite', CACHE_DEFAULT_TTL_SECONDS: 300, CACHE_TIMEOUT_MS: 250 });
  });

  it('refuses production without a database or cache, naming each variable', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: required in production[\s\S]*REDIS_URL: a cache is required in production: REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES or UPSTASH_REDIS_REST_URL/);
  });

  it('takes either cache in production: a native REDIS_URL, or Upstash REST', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', AUTH_REQUIRED: '0' };
    expect(parseEnv({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(parseEnv({ ...base, UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' }).UPSTASH_REDIS_REST_URL).toBe('https://x.upstash.io');
    expect(() => parseEnv({ ...base, REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('takes Redis Sentinel or a Redis Cluster, one topology at a time, and waits for a replica there by default', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', AUTH_REQUIRED: '0' };
    const sentinel = parseEnv({ ...base, REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26379,[::1]:26380', REDIS_SENTINEL_MASTER: 'catalog' });
    expect(sentinel.REDIS_SENTINELS).toEqual([
      { host: '10.0.0.1', port: 26379 },
      { host: '10.0.0.2', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    expect(invalidationReplicas(sentinel)).toBe(1);
    expect(invalidationReplicas(parseEnv({ ...base, REDIS_CLUSTER_NODES: 'a:7000,b:7001', CACHE_INVALIDATION_REPLICAS: '2' }))).toBe(2);
    expect(invalidationReplicas(parseEnv({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }))).toBe(0);
    expect(nativeRedisConfigured(sentinel)).toBe(true);
    expect(() => parseEnv({ ...base, REDIS_SENTINELS: '10.0.0.1' , REDIS_SENTINEL_MASTER: 'catalog' })).toThrow(/REDIS_SENTINELS: must be a comma-separated list of host:port[\s\S]*not "10.0.0.1"/);
    expect(() => parseEnv({ ...base, REDIS_SENTINELS: '10.0.0.1:26379' })).toThrow(/REDIS_SENTINEL_MASTER: Sentinel needs both/);
    expect(() => parseEnv({ ...base, REDIS_URL: 'redis://x:6379', REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(/set one of REDIS_URL, REDIS_SENTINELS and REDIS_CLUSTER_NODES, not REDIS_URL and REDIS_CLUSTER_NODES/);
    expect(() => parseEnv({ ...base, REDIS_CLUSTER_NODES: 'a:7000', CACHE_INVALIDATION_REPLICAS: '0' })).toThrow(/CACHE_INVALIDATION_REPLICAS: must be at least 1 with Sentinel or Cluster/);
    expect(() => parseEnv({ ...base, UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't', CACHE_INVALIDATION_REPLICAS: '1' })).toThrow(/the Upstash REST API has no WAIT/);
  });

  it('takes PostgreSQL read replicas, each a URL, only beside a primary', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', AUTH_REQUIRED: '0', REDIS_URL: 'redis://127.0.0.1:6379' };
    const env = parseEnv({ ...base, DATABASE_REPLICA_URLS: 'postgres://r1:5432/app, postgresql://u:secret@r2/app' });
    expect(env.DATABASE_REPLICA_URLS).toEqual(['postgres://r1:5432/app', 'postgresql://u:secret@r2/app']);
    expect(env).toMatchObject({ DATABASE_REPLICA_WAIT_MS: 50, DATABASE_REPLICA_REST_MS: 5000 });
    expect(parseEnv(base).DATABASE_REPLICA_URLS).toBeUndefined();
    // The message names the bad one, never its password.
    expect(() => parseEnv({ ...base, DATABASE_REPLICA_URLS: 'postgres://r1/app,mysql://u:secret@r2/app' })).toThrow(/DATABASE_REPLICA_URLS: must be a comma-separated list of postgres:\/\/ URLs.*not "mysql:\/\/…@r2\/app"/);
    expect(() => parseEnv({ ...base, DATABASE_REPLICA_URLS: 'postgres://r1/app,mysql://u:secret@r2/app' })).not.toThrow(/secret/);
    expect(() => parseEnv({ NODE_ENV: 'development', DATABASE_REPLICA_URLS: 'postgres://r1/app' })).toThrow(/DATABASE_REPLICA_URLS: replicas need DATABASE_URL/);
    expect(() => parseEnv({ ...base, DATABASE_REPLICA_URLS: 'postgres://r1/app', DATABASE_REPLICA_WAIT_MS: '-1' })).toThrow(/DATABASE_REPLICA_WAIT_MS/);
  });

  it('serves metrics only with a token', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', AUTH_REQUIRED: '0', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(() => parseEnv({ ...base, METRICS_PORT: '9464' })).toThrow(/METRICS_TOKEN: required with METRICS_PORT/);
    expect(() => parseEnv({ ...base, METRICS_PORT: '9464', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(parseEnv({ ...base, METRICS_PORT: '9464', METRICS_TOKEN: 'x'.repeat(32) })).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: '127.0.0.1' });
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
