import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The layers, enforced (README: "Where things live"). Imports go downward only:
 *   app → components → lib (products, forms, auth, http, page-cache) → lib/cache → its stores
 *   db sits below the libraries that use it; scripts and test sit beside the app.
 * lib/cache is a library of its own: it imports nothing of the project, and the
 * project imports it only through its entry points (lib/cache, lib/cache/testing).
 * The dev overlay is an optional layer: only the few places that switch it on
 * (behind a NODE_ENV check) may import it.
 */
/**
 * lib's own folders, top to bottom: each may import only the folders below it
 * (and the small files at lib's top, and lib/cache). The composition root
 * sits under the code that serves requests and over everything it builds.
 */
const LIB_ORDER = [
  ['actions'],
  ['auth', 'forms'],
  ['server'],
  ['dev-overlay'],
  ['cache-console', 'page-cache', 'metrics', 'imports'],
  ['products', 'sessions'],
  ['http', 'health', 'validation', 'csv'],
];
const LIB_ORDER_TEXT = LIB_ORDER.map((level) => level.join(', ')).join(' → ');
const libOrderZones = [
  ...LIB_ORDER.slice(1).map((level, index) => ({
    target: level.map((folder) => `./lib/${folder}`),
    from: LIB_ORDER.slice(0, index + 1).flat().map((folder) => `./lib/${folder}`),
    message: `lib's folders import downward only: ${LIB_ORDER_TEXT} → lib/*.ts → lib/cache.`,
  })),
  {
    target: './lib/*.ts',
    from: LIB_ORDER.flat().map((folder) => `./lib/${folder}`),
    message: `The files at lib's top (env, settings, small helpers) are below every folder of lib: ${LIB_ORDER_TEXT} → lib/*.ts.`,
  },
];

const layers = {
  'import/no-restricted-paths': [
    'error',
    {
      zones: [
        {
          target: './lib/cache',
          from: './',
          except: ['./lib/cache', './node_modules'],
          message: 'lib/cache is a standalone library: it imports nothing of the app (its stores and tests included).',
        },
        {
          target: ['./app', './components', './db', './scripts', './test', './e2e', './lib/!(cache)/**', './lib/*.ts', './*.ts'],
          from: './lib/cache',
          except: ['./index.ts', './testing'],
          message: "Import the cache library through its entry point, '@/lib/cache' (or '@/lib/cache/testing' in tests).",
        },
        {
          target: ['./app', './components', './db/!(*.test).ts', './lib/!(cache)/**/!(*.test).ts', './lib/!(*.test).ts', './*.ts'],
          from: './lib/cache/testing',
          message: "'@/lib/cache/testing' is for tests: production code uses '@/lib/cache'.",
        },
        { target: ['./components', './lib', './db'], from: './app', message: 'Imports go downward: app is the top layer.' },
        { target: ['./lib', './db'], from: './components', message: 'Imports go downward: lib and db cannot use components.' },
        { target: './components', from: './db', message: 'Components get their data and types from lib/products, never from db/.' },
        {
          target: './db',
          from: './lib',
          except: ['./seeded-random.ts', './process-singleton.ts', './describe-error.ts'],
          message: 'db/ is below the libraries that use it: it may use only the small shared helpers at the top of lib/.',
        },
        { target: './lib/**/!(*.test).ts', from: ['./test', './scripts', './e2e'], message: 'Library code cannot depend on tests or scripts.' },
        { target: './scripts', from: ['./test', './e2e'], message: 'Scripts cannot depend on tests: shared helpers live in scripts/lib.' },
        ...libOrderZones,
      ],
    },
  ],
};

/** Who may import the dev overlay: itself, and the switches that turn it on in development. */
const overlayImporters = [
  'lib/dev-overlay/**',
  'components/dev-overlay/**',
  'app/api/dev/**',
  'app/layout.tsx',
  'proxy.ts',
  'instrumentation-node.ts',
  'lib/server/root.ts',
  'scripts/bench/overlay-overhead.ts',
  '**/*.test.ts',
  'e2e/**',
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  { files: ['**/*.{ts,tsx,mjs}'], rules: layers },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: overlayImporters,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any spelling: '@/lib/dev-overlay/x', '../dev-overlay/x', './dev-overlay'.
              group: ['**/dev-overlay', '**/dev-overlay/**', './dev-overlay', './dev-overlay/**'],
              message: 'The dev overlay is optional: only its switches (see eslint.config.mjs) may import it.',
            },
          ],
        },
      ],
    },
  },
  globalIgnores(['.bench/**', '.next/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts']),
]);
