/** Opens the database the app would use, from the same environment (and .env files). */
import nextEnv from '@next/env';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { parseEnv, type Env } from '../../lib/env';

export function loadEnvironment(): Env {
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production');
  return parseEnv(process.env);
}

export function openDatabaseFromEnv(env: Env): Promise<DatabaseHandle> {
  return openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DATA_DIR });
}
