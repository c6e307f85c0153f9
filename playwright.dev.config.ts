/**
 * Playwright against `next dev`, for the dev overlay (which exists only
 * there). The production flows use playwright.config.ts and `next start`.
 *
 * The server is `npm run dev`'s script on its own port over a fresh PGlite
 * folder with a small seeded catalog, and Redis (through the REST bridge that
 * script starts) when it answers, else the in-memory store.
 */
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import productionConfig from './playwright.config';

const port = Number(process.env.E2E_DEV_PORT) || 3200;
const dataDir = path.join(os.tmpdir(), `catalog-dev-overlay-e2e-${port}`);

/** The dev server's terminal output, as a developer would see it (the specs read it: what the overlay adds to it). */
export const devServerLog = (serverPort: number | string) => path.join(os.tmpdir(), `catalog-dev-overlay-e2e-${serverPort}.log`);
const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

// Redis when it answers (required under REQUIRE_SERVICES=1, as in the other suites).
const useRedisIfUp = [
  `if redis-cli -u ${redisUrl} ping >/dev/null 2>&1; then export REDIS_URL=${redisUrl}; echo "[dev-e2e] cache: Redis ${redisUrl}";`,
  `elif [ "$REQUIRE_SERVICES" = 1 ]; then echo "[dev-e2e] Redis unreachable and REQUIRE_SERVICES=1" >&2; exit 1;`,
  `else echo "[dev-e2e] cache: in memory"; fi`,
].join(' ');

export default defineConfig({
  testDir: './e2e',
  testMatch: /dev-overlay.*\.spec\.ts$/,
  // Its own folder: the production run cleans the default one.
  outputDir: process.env.PLAYWRIGHT_DEV_OUTPUT_DIR || 'test-results/playwright-dev',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // The first request of a dev server compiles the page: far slower than a build.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    // localhost, not 127.0.0.1: next dev serves its dev resources to localhost by default.
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // The same Debian Chromium, launched as the production e2e config does.
  projects: productionConfig.projects?.map((project) => ({ ...project, name: 'chromium-dev' })),
  webServer: {
    // Copied to devServerLog as it is printed (a server that cannot start still never answers the url below).
    command: `rm -rf '${dataDir}' && ${useRedisIfUp} && npx tsx scripts/dev.ts 2>&1 | tee '${devServerLog(port)}'`,
    // The JSON API, not a page: probing must not warm the cache the specs observe.
    url: `http://localhost:${port}/api/dev/requests`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      PGLITE_DATA_DIR: dataDir,
      DATABASE_URL: '',
      UPSTASH_REDIS_REST_URL: '',
      UPSTASH_REDIS_REST_TOKEN: '',
      SEED_COUNT: '30',
      // A cold dev server compiles while the first cache call runs; the default 250 ms
      // budget would fail that call open (correctly shown as a timeout, but not this test's subject).
      CACHE_TIMEOUT_MS: '5000',
      CACHE_PREFIX: `overlay-e2e-${process.pid}`,
      DEV_OVERLAY: '1',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
