/**
 * The dev overlay does not exist in production. Runs against the production
 * build that scripts/test-all.ts makes before Playwright (`next build`, then
 * `next start` through e2e/support/serve.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// The one string only the overlay's client code contains (components/dev-overlay/DevOverlay.tsx).
const MARKER = 'catalog-dev-overlay-v1';
const BUILD_DIR = path.resolve('.next');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const containing = (files: string[], needle: string) => files.filter((file) => fs.readFileSync(file, 'latin1').includes(needle));

test.describe('production safety of the dev overlay', () => {
  test('the marker is real: the overlay source carries it', () => {
    expect(fs.readFileSync('components/dev-overlay/DevOverlay.tsx', 'utf8')).toContain(`'${MARKER}'`);
  });

  test('no client JavaScript under .next/static contains the overlay', () => {
    const files = filesUnder(path.join(BUILD_DIR, 'static'));
    const scripts = files.filter((file) => file.endsWith('.js'));
    expect(scripts.length, 'the production build has client chunks to search').toBeGreaterThan(0);
    console.log(`[production-safety] searched ${files.length} files (${scripts.length} .js) under .next/static for "${MARKER}": ${containing(files, MARKER).length} found`);
    expect(containing(files, MARKER)).toEqual([]);
  });

  test('no built file at all contains the overlay’s client code', () => {
    // .next/dev belongs to `next dev` (which shares the folder), not to the production build.
    const notProduction = [`${path.sep}cache${path.sep}`, `${BUILD_DIR}${path.sep}dev${path.sep}`];
    const files = filesUnder(BUILD_DIR).filter(
      (file) => !notProduction.some((part) => file.includes(part)) && /\.(js|mjs|cjs|json|html|rsc|txt)$/.test(file),
    );
    expect(containing(files, MARKER)).toEqual([]);
  });

  test('no server file carries the overlay’s server code either (its imports sit behind a literal NODE_ENV check)', () => {
    // A phrase from each server module of the overlay; each must really be in its source, or the search proves nothing.
    const phrases: Array<[string, string]> = [
      ['lib/dev-overlay/summary.ts', 'duplicate quer'],
      ['lib/dev-overlay/query-call-sites.ts', 'catalog.query-frames'],
      ['lib/dev-overlay/explain.ts', 'EXPLAIN (ANALYZE, BUFFERS)'],
      ['lib/dev-overlay/api.ts', 'was evicted: only the last'],
    ];
    const notProduction = [`${path.sep}cache${path.sep}`, `${BUILD_DIR}${path.sep}dev${path.sep}`];
    const serverFiles = [path.join(BUILD_DIR, 'server'), path.join(BUILD_DIR, 'standalone', '.next', 'server')]
      .filter((dir) => fs.existsSync(dir))
      .flatMap(filesUnder)
      .filter((file) => !notProduction.some((part) => file.includes(part)) && /\.(js|mjs|cjs|json)$/.test(file));
    console.log(`[production-safety] searched ${serverFiles.length} server files for ${phrases.length} phrases of the overlay's server code`);
    expect(serverFiles.length).toBeGreaterThan(10);
    for (const [source, phrase] of phrases) {
      expect(fs.readFileSync(source, 'utf8'), source).toContain(phrase);
      expect(containing(serverFiles, phrase), phrase).toEqual([]);
    }
  });

  test('no client JavaScript carries the overlay’s tools (the cache console and its tour)', () => {
    const scripts = filesUnder(path.join(BUILD_DIR, 'static')).filter((file) => file.endsWith('.js'));
    for (const text of ['Tutorial steps', "hello, world!", 'Plan with timings']) expect(containing(scripts, text), text).toEqual([]);
  });

  test('/api/dev answers 404, its tools included', async ({ request }) => {
    for (const url of ['/api/dev/requests', '/api/dev/requests/some-id', '/api/dev', '/api/dev/requests/some-id/cache/0']) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(404);
      expect(await response.text(), url).not.toContain('"requests"');
    }
    for (const [url, data] of [
      ['/api/dev/explain', { requestId: 'x', index: 0, mode: 'analyze' }],
      ['/api/dev/cache', { command: "cache.get('my_key')" }],
    ] as const) {
      const response = await request.post(url, { data });
      expect(response.status(), url).toBe(404);
      expect(await response.text(), url).not.toMatch(/output|plan/);
    }
  });

  test('pages and actions carry no request id or overlay timing', async ({ page, request }) => {
    const response = await request.get('/');
    expect(response.status()).toBe(200);
    expect(response.headers()['x-request-id']).toBeUndefined();
    expect(response.headers()['server-timing'] ?? '').not.toMatch(/devreq|cache;dur|sql;dur/);
    const html = await response.text();
    expect(html).not.toContain(MARKER);
    expect(html).not.toContain('dev-overlay');

    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible();
    await expect(page.getByTestId('dev-overlay-pill')).toHaveCount(0);
    await expect(page.locator('[data-dev-overlay-host]')).toHaveCount(0);
  });
});
