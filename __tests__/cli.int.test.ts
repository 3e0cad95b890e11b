/** The CLI's flags and traps, through runCli with captured output and the real go. */
import { afterAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { runCli, Exit } from '../src/cli/run.js';
import { VERSION } from '../src/version.js';
import { cleanupTemp, makeRepo } from './helpers/fixtures.js';

afterAll(cleanupTemp);

async function cli(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { ...process.env, GOPROXY: 'off', GOFLAGS: '' }, packageRoot: join(import.meta.dirname, '..') });
  return { status, stdout, stderr };
}

describe('go-mod-hygiene CLI', () => {
  test('--version prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ status: Exit.Ok, stdout: `go-mod-hygiene ${VERSION}\n`, stderr: '' });
  });

  test('several directories are refused, not silently cut to the first', async () => {
    const r = await cli(['a', 'b']);
    expect(r.status).toBe(Exit.Usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('go-mod-hygiene checks one directory (and every module under it); got 2: a b. Run it once per directory, or point it at their common parent with --modules to pick modules.\n');
  });

  test('a directory without go.mod: its own exit status, not the one for findings', async () => {
    const dir = makeRepo({ 'README.md': 'no Go here\n' });
    const r = await cli([dir, '--quiet']);
    expect(r.status).toBe(Exit.NoModules);
    expect(r.stdout).toContain(`⚠️ No go.mod found under ${dir}.`);
  });

  test('the usage text documents every exit status', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(Exit.Ok);
    expect(r.stdout).toContain('exit status: 0 clean or nothing failing, 1 findings that fail by policy, 2 usage or run error,\n             3 no go.mod found under dir (nothing was checked)');
    expect(r.stdout).toContain('--version');
  });
});
