/**
 * The one place the environment is read and checked.
 *
 * Empty strings count as unset, so a blank line in .env never turns into a
 * half-configured service. With nothing set, the app runs on its embedded
 * defaults: PGlite in a data folder and an in-memory cache store.
 */
import { z } from 'zod';
import { parseTrustProxy } from './trust-proxy-setting';

const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
// prefault, not default: zod 4 returns a default as-is, so a 'false' default would skip the flag's transform.
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(unsetIfEmpty, schema.prefault(fallback as never));
const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

/** "host:port,host:port" (a port is required: sentinels and cluster nodes have no common default). */
const addressList = z.string().transform((value, ctx) => {
  const addresses = value.split(',').map((item) => item.trim()).filter(Boolean);
  const parsed = addresses.map((item) => /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(item));
  const bad = addresses.find((_, index) => !parsed[index] || Number(parsed[index]![2]) > 65_535);
  if (addresses.length === 0 || bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of host:port, such as 10.0.0.1:26379,10.0.0.2:26379${bad ? ` (not "${bad}")` : ''}` });
    return z.NEVER;
  }
  return parsed.map((match) => ({ host: match![1]!.replace(/^\[|\]$/g, ''), port: Number(match![2]) }));
});

const postgresUrl = z
  .string()
  .url('must be a URL such as postgres://user:password@host:5432/database')
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://');

/** "postgres://…,postgres://…": each a PostgreSQL URL. */
const postgresUrlList = z.string().transform((value, ctx) => {
  const urls = value.split(',').map((item) => item.trim()).filter(Boolean);
  const bad = urls.find((url) => !postgresUrl.safeParse(url).success);
  if (urls.length === 0 || bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of postgres:// URLs, such as postgres://app@10.0.0.32:5432/catalog${bad ? ` (not "${bad.replace(/\/\/[^@/]*@/, '//…@')}")` : ''}` });
    return z.NEVER;
  }
  return urls;
});

const schema = z
  .object({
    NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
    DATABASE_URL: optional(postgresUrl),
    PGLITE_DATA_DIR: withDefault(z.string(), '.data/pglite'),
    // Bounds on every wait for PostgreSQL (db/client.ts, db/reply-watchdog.ts), in ms.
    DATABASE_STATEMENT_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100).max(3_600_000), 30_000),
    DATABASE_CONNECT_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100).max(60_000), 3_000),
    DATABASE_REPLY_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100).max(600_000), 3_000),
    // PostgreSQL streaming replicas for list pages and products (lib/products/read-router.ts), how long a
    // read waits for one to replay far enough before the primary answers, and how long one that was
    // behind past that wait, or failed, is left out of rotation.
    DATABASE_REPLICA_URLS: optional(postgresUrlList),
    DATABASE_REPLICA_WAIT_MS: withDefault(z.coerce.number().int().min(0).max(10_000), 50),
    DATABASE_REPLICA_REST_MS: withDefault(z.coerce.number().int().min(100).max(600_000), 5_000),
    // /api/health answers within this, whatever is stalled.
    HEALTH_TIMEOUT_MS: withDefault(z.coerce.number().int().min(50).max(30_000), 1_000),
    UPSTASH_REDIS_REST_URL: optional(z.string().url('must be the REST URL, such as http://127.0.0.1:8079')),
    UPSTASH_REDIS_REST_TOKEN: optional(z.string()),
    // A Redis the app connects to itself (native protocol); used when no Upstash URL is set.
    REDIS_URL: optional(z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379')),
    // Redis Sentinel (a primary with replicas and automatic failover): the sentinels, and the
    // name they know the primary by. Instead of REDIS_URL.
    REDIS_SENTINELS: optional(addressList),
    REDIS_SENTINEL_MASTER: optional(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only (the name in `sentinel monitor <name> …`)')),
    REDIS_SENTINEL_PASSWORD: optional(z.string()),
    // A Redis Cluster: some of its nodes. Instead of REDIS_URL.
    REDIS_CLUSTER_NODES: optional(addressList),
    // For the primary and its replicas (or the cluster's nodes), when not in REDIS_URL.
    REDIS_USERNAME: optional(z.string()),
    REDIS_PASSWORD: optional(z.string()),
    // How many Redis replicas must hold an invalidation before its outbox record goes (Redis WAIT),
    // and how long a write waits for them (ms). Default: 1 with Sentinel or Cluster, 0 with one server.
    CACHE_INVALIDATION_REPLICAS: optional(z.coerce.number().int().min(0).max(16)),
    CACHE_INVALIDATION_REPLICA_WAIT_MS: withDefault(z.coerce.number().int().min(1).max(10_000), 100),
    // Prometheus metrics on a port of their own (off when unset), for a scraper holding METRICS_TOKEN.
    METRICS_PORT: optional(z.coerce.number().int().min(1).max(65_535)),
    METRICS_HOST: withDefault(z.string().min(1), '127.0.0.1'),
    METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters (openssl rand -hex 16)')),
    CACHE_PREFIX: withDefault(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'), 'catalog'),
    CACHE_DEFAULT_TTL_SECONDS: withDefault(z.coerce.number().int().positive(), 300),
    CACHE_TIMEOUT_MS: withDefault(z.coerce.number().int().positive().max(10_000), 250),
    CACHE_DISABLED: withDefault(flag, 'false'),
    // How often each process completes invalidations left in the outbox (see lib/products/invalidation-outbox.ts).
    CACHE_INVALIDATION_SWEEP_MS: withDefault(z.coerce.number().int().min(50).max(60_000), 1000),
    // Whole visitor pages served from the cache (lib/page-cache): on in production, off in
    // development (so code changes show at once).
    PAGE_CACHE: optional(flag),
    PAGE_CACHE_MAX_BYTES: withDefault(z.coerce.number().int().min(1024).max(64 * 1024 * 1024), 2 * 1024 * 1024),
    // What all stored pages, and all cached list results, may take in Redis (lib/cache/byte-budget.ts).
    PAGE_CACHE_BUDGET_BYTES: withDefault(z.coerce.number().int().min(64 * 1024), 64 * 1024 * 1024),
    LIST_CACHE_BUDGET_BYTES: withDefault(z.coerce.number().int().min(64 * 1024), 64 * 1024 * 1024),
    // After 3 consecutive store failures, skip the cache for this long before one probe call.
    CACHE_CIRCUIT_OPEN_MS: withDefault(z.coerce.number().int().min(100).max(600_000), 2000),
    // 0 turns the circuit breaker off (every request then waits out CACHE_TIMEOUT_MS while Redis is down).
    CACHE_CIRCUIT_BREAKER: withDefault(flag, 'true'),
    // How long deleted products stay in the trash before they are purged for good (lib/products/repository.ts).
    TRASH_RETENTION_DAYS: withDefault(z.coerce.number().int().min(1).max(3650), 30),
    SEED_COUNT: withDefault(z.coerce.number().int().min(0).max(1_000_000), 1000),
    // The development overlay (never in production builds): 0 turns it off in `next dev` too.
    DEV_OVERLAY: withDefault(flag, 'true'),
    DEV_OVERLAY_SLOW_QUERY_MS: withDefault(z.coerce.number().positive(), 100),
    ALLOW_EMBEDDED: withDefault(flag, 'false'),
    // Writes need a signed-in admin; on by default in production only.
    AUTH_REQUIRED: optional(flag),
    // The first account's name: signing in as it with ADMIN_PASSWORD(_HASH) creates it on a fresh install (lib/auth/editors.ts).
    ADMIN_NAME: withDefault(z.string().regex(/^[\p{L}\p{N}._-]{1,40}$/u, 'must be 1 to 40 letters, digits, dots, underscores or hyphens'), 'admin'),
    ADMIN_PASSWORD: optional(z.string().min(8, 'must be at least 8 characters')),
    ADMIN_PASSWORD_HASH: optional(z.string().regex(/^scrypt:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/, 'must come from `npm run auth:hash`')),
    // Signs the one-time flash cookies; shared by every process of one deployment.
    SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)')),
    SESSION_MAX_AGE_SECONDS: withDefault(z.coerce.number().int().min(60).max(30 * 24 * 3600), 8 * 3600),
    // auto: Secure cookies over HTTPS (and on localhost); 1: always Secure; 0: never (plain HTTP on a trusted network).
    COOKIE_SECURE: withDefault(z.enum(['auto', '1', '0', 'true', 'false']).transform((value) => (value === 'true' ? '1' : value === 'false' ? '0' : value)), 'auto'),
    // Only behind a reverse proxy that sets it: otherwise clients could pick their own address.
    // The proxies in front of the server: 0 (none), a number of hops, or their addresses (see lib/http/trust-proxy.ts).
    TRUST_PROXY: z.preprocess(unsetIfEmpty, z.string().optional()).transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_REQUIRED ?? env.NODE_ENV === 'production') {
      if (!env.ADMIN_PASSWORD && !env.ADMIN_PASSWORD_HASH) {
        ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'set ADMIN_PASSWORD or ADMIN_PASSWORD_HASH: writes require a signed-in admin' });
      }
      if (!env.SESSION_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required to sign the one-time flash cookies of every process alike (openssl rand -hex 32)' });
      }
    }
    if (env.DATABASE_REPLICA_URLS && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_REPLICA_URLS'], message: 'replicas need DATABASE_URL, the primary that takes the writes' });
    }
    // A production server silently running on a throwaway PGlite folder and a
    // per-process memory cache would lose data and serve stale pages: refuse.
    if (env.NODE_ENV === 'production' && !env.ALLOW_EMBEDDED) {
      if (!env.DATABASE_URL) {
        ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required in production (or set ALLOW_EMBEDDED=1 to use PGlite)' });
      }
      if (!env.UPSTASH_REDIS_REST_URL && redisTopologies(env).length === 0 && !env.CACHE_DISABLED) {
        ctx.addIssue({
          code: 'custom',
          path: ['REDIS_URL'],
          message: 'a cache is required in production: REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES or UPSTASH_REDIS_REST_URL (or CACHE_DISABLED=1, or ALLOW_EMBEDDED=1 for the in-memory cache)',
        });
      }
    }
    const topologies = redisTopologies(env);
    if (topologies.length > 1) {
      ctx.addIssue({ code: 'custom', path: [topologies[1]!], message: `set one of REDIS_URL, REDIS_SENTINELS and REDIS_CLUSTER_NODES, not ${topologies.join(' and ')}` });
    }
    if (Boolean(env.REDIS_SENTINELS) !== Boolean(env.REDIS_SENTINEL_MASTER)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.REDIS_SENTINELS ? 'REDIS_SENTINEL_MASTER' : 'REDIS_SENTINELS'],
        message: 'Sentinel needs both REDIS_SENTINELS (where the sentinels listen) and REDIS_SENTINEL_MASTER (the name they know the primary by)',
      });
    }
    if ((env.REDIS_SENTINELS || env.REDIS_CLUSTER_NODES) && env.CACHE_INVALIDATION_REPLICAS === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['CACHE_INVALIDATION_REPLICAS'],
        message: 'must be at least 1 with Sentinel or Cluster: Redis replicates asynchronously, and a failover would lose invalidations the primary acknowledged',
      });
    }
    if (env.UPSTASH_REDIS_REST_URL && (env.CACHE_INVALIDATION_REPLICAS ?? 0) > 0) {
      ctx.addIssue({ code: 'custom', path: ['CACHE_INVALIDATION_REPLICAS'], message: "the Upstash REST API has no WAIT: Upstash's replication is its own (leave it unset)" });
    }
    if (env.METRICS_PORT !== undefined && !env.METRICS_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'required with METRICS_PORT: the scraper sends it as "Authorization: Bearer <token>", and nobody else can read the metrics' });
    }
    if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.UPSTASH_REDIS_REST_URL ? 'UPSTASH_REDIS_REST_TOKEN' : 'UPSTASH_REDIS_REST_URL'],
        message: 'set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither (in-memory cache)',
      });
    }
  });

export type Env = z.infer<typeof schema>;

/** Which Redis topology settings are set (at most one may be). */
function redisTopologies(env: { REDIS_URL?: string; REDIS_SENTINELS?: unknown; REDIS_CLUSTER_NODES?: unknown }): string[] {
  return [env.REDIS_URL && 'REDIS_URL', env.REDIS_SENTINELS && 'REDIS_SENTINELS', env.REDIS_CLUSTER_NODES && 'REDIS_CLUSTER_NODES'].filter((name): name is string => Boolean(name));
}

/** Whether the cache is a Redis the app connects to itself (one server, Sentinel or Cluster). */
export function nativeRedisConfigured(config: Env): boolean {
  return !config.UPSTASH_REDIS_REST_URL && redisTopologies(config).length > 0;
}

/** CACHE_INVALIDATION_REPLICAS, or its default: 1 with Sentinel or Cluster, 0 with one server. */
export function invalidationReplicas(config: Env): number {
  return config.CACHE_INVALIDATION_REPLICAS ?? (config.REDIS_SENTINELS || config.REDIS_CLUSTER_NODES ? 1 : 0);
}

/** Whether whole pages are cached: PAGE_CACHE when set, else in production only. */
export function pageCacheEnabled(config: Env): boolean {
  return config.PAGE_CACHE ?? config.NODE_ENV === 'production';
}

/**
 * True when the data or the cache lives inside the process (PGlite, the
 * in-memory cache): other processes cannot share it, so `npm start` runs one.
 */
export function servesAlone(config: Env): boolean {
  const sharedCache = nativeRedisConfigured(config) || Boolean(config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN);
  return !config.DATABASE_URL || (!sharedCache && !config.CACHE_DISABLED);
}

/** The bounds on waits for PostgreSQL, as db/client.ts takes them. */
export function databaseTimeouts(config: Env): { statementMs: number; connectMs: number; replyMs: number } {
  return { statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS, connectMs: config.DATABASE_CONNECT_TIMEOUT_MS, replyMs: config.DATABASE_REPLY_TIMEOUT_MS };
}

/** Whether writes need a signed-in admin: AUTH_REQUIRED when set, else only in production. */
export function authRequired(config: Env): boolean {
  return config.AUTH_REQUIRED ?? config.NODE_ENV === 'production';
}

export class InvalidEnvironmentError extends Error {
  override name = 'InvalidEnvironmentError';
}

/** Parses an environment object, throwing one readable message listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new InvalidEnvironmentError(`Invalid environment configuration:\n${lines.join('\n')}\nSee .env.example.`);
}

let cached: Env | undefined;

/** The checked process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
