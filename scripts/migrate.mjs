/**
 * npm run db:migrate — applies the committed migrations in db/migrations.
 *
 * Plain JavaScript using production dependencies only, so it runs at deploy
 * time (and in the Docker image) where tsx and other dev tools are absent.
 * It reads the same variables as the app: DATABASE_URL, or PGLITE_DATA_DIR
 * for the embedded database (refused in production unless ALLOW_EMBEDDED=1).
 */
import fs from 'node:fs';
import path from 'node:path';
import nextEnv from '@next/env';

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production');
const blank = (value) => value === undefined || value.trim() === '';
const migrationsFolder = path.resolve(process.env.MIGRATIONS_DIR || 'db/migrations');
const databaseUrl = process.env.DATABASE_URL;

async function migratePostgres(url) {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
  return `postgres://${new URL(url).host}${new URL(url).pathname}`;
}

async function migratePglite(dataDir) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.close();
  }
  return `PGlite at ${dataDir}`;
}

try {
  let target;
  if (!blank(databaseUrl)) {
    target = await migratePostgres(databaseUrl);
  } else if (process.env.NODE_ENV === 'production' && process.env.ALLOW_EMBEDDED !== '1') {
    throw new Error('DATABASE_URL is not set. Production needs PostgreSQL (or ALLOW_EMBEDDED=1 to use PGlite).');
  } else {
    target = await migratePglite(path.resolve(blank(process.env.PGLITE_DATA_DIR) ? '.data/pglite' : process.env.PGLITE_DATA_DIR));
  }
  console.log(`Migrations applied to ${target}`);
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
