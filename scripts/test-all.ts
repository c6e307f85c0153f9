/**
 * npm test — the whole suite: a production build first (some integration
 * tests start it), vitest (unit + integration), then the Playwright flows
 * against the build, then the dev overlay's flows against `next dev`
 * (playwright.dev.config.ts). Ends with one line "N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const RESULTS = 'test-results';
fs.mkdirSync(RESULTS, { recursive: true });

interface Totals { passed: number; failed: number; skipped: number }
const totals: Totals = { passed: 0, failed: 0, skipped: 0 };

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function runVitest() {
  const file = `${RESULTS}/vitest.json`;
  fs.rmSync(file, { force: true });
  const ok = run('unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(file);
  if (!report) {
    totals.failed += 1; // vitest died before reporting: count the run itself as a failure
    return;
  }
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function buildForProduction(): boolean {
  if (run('production build', 'npm', ['run', 'build'])) return true;
  totals.failed += 1;
  return false;
}

function runPlaywright(label: string, name: string, args: string[]) {
  const file = `${RESULTS}/${name}.json`;
  fs.rmSync(file, { force: true });
  const ok = run(label, 'npx', ['playwright', 'test', ...args], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(file);
  if (!report) {
    totals.failed += 1;
    return;
  }
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected + (ok || report.stats.unexpected > 0 ? 0 : 1);
  totals.skipped += report.stats.skipped;
}

const only = process.argv[2];
const built = buildForProduction();
if (only !== 'e2e') runVitest();
if (only !== 'unit' && built) {
  // The dev overlay's specs need `next dev`; they run in their own pass below.
  runPlaywright('end-to-end flows (Playwright, Chromium)', 'playwright', ['--grep-invert', '@dev-server']);
}
if (only !== 'unit') runPlaywright('dev overlay flows (Playwright, next dev)', 'playwright-dev', ['-c', 'playwright.dev.config.ts']);

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 ? 0 : 1);
