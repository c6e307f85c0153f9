/**
 * Checks the environment before the first request, so a misconfigured
 * production server refuses to start with a clear message instead of failing
 * on every page.
 */
import { env, InvalidEnvironmentError } from './lib/env';

try {
  env();
} catch (error) {
  if (!(error instanceof InvalidEnvironmentError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
