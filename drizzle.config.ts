import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL here; migrations are applied by scripts/migrate.ts,
// which works for both PostgreSQL and the embedded PGlite.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
