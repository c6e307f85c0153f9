/** npm run db:migrate — applies the committed migrations to DATABASE_URL (or the PGlite folder). */
import { migrateDatabase } from '../db/migrate';
import { loadEnvironment, openDatabaseFromEnv } from './lib/database-from-env';

const handle = await openDatabaseFromEnv(loadEnvironment());
try {
  await migrateDatabase(handle);
  console.log(`Migrations applied to ${handle.description}`);
} finally {
  await handle.close();
}
