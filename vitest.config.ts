import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // 'server-only' throws outside React Server Components; in tests the
      // data layer runs in plain Node, which is exactly the server side.
      'server-only': path.resolve(import.meta.dirname, 'test/support/empty-module.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    // The cache suites also run on real Redis here (the library itself knows only memory).
    setupFiles: ['test/support/cache-stores/register.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.bench/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Suites share one PostgreSQL database and one Redis; files run one at a time.
    fileParallelism: false,
  },
});
