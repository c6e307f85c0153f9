/** npm run dev's command line: a port flag is taken, an unknown flag is refused with the usage. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const dev = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PORT: '' } });

describe('npm run dev arguments', () => {
  it('refuses an unknown flag, saying how to use it', () => {
    const result = dev('--prot', '4000');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--prot'/);
    expect(result.stderr).toMatch(/--port/);
  });

  it('refuses a port that is not one', () => {
    const result = dev('--port', 'abc');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--port must be a number from 1 to 65535/);
  });

  it('prints the usage on --help', () => {
    const result = dev('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/-p, --port/);
  });
});
