/** The CLI's flags and traps, through runCli with captured output and the real go. */
import { afterAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, Exit } from '../src/cli/run.js';
import { VERSION } from '../src/version.js';
import { text } from '../src/report/escape.js';
import { cleanupTemp, makeRepo, manualClock } from './helpers/fixtures.js';

afterAll(cleanupTemp);

/** The go on PATH, as the CLI's first line names it. */
const goVersion = (): string => execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, '');

async function cli(argv: string[], terminal: { columns: number } | null = null, extraEnv: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, GOPROXY: 'off', GOFLAGS: '', NO_COLOR: undefined, ...extraEnv };
  const status = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, packageRoot: join(import.meta.dirname, '..'), terminal });
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

  test('progress on stderr: one line per module as it finishes, ✓ or ✗ with its kinds; go commands only with --verbose', async () => {
    const r = await cli(['--demo', '--format', 'json', '--no-lookups']);
    expect(r.status).toBe(Exit.Findings);
    const lines = r.stderr.split('\n');
    const progress = lines.filter((l) => /^[✓✗!] /.test(l));
    expect(progress).toHaveLength(2);
    expect(progress).toEqual(expect.arrayContaining([expect.stringMatching(/^✓ module [12]\/2: tools$/), expect.stringMatching(/^✗ module [12]\/2: app — untidy, checksum-mismatch$/)]));
    expect(r.stderr).not.toContain('$ go ');
    const verbose = await cli(['--demo', '--format', 'json', '--no-lookups', '--verbose']);
    expect(verbose.stderr).toMatch(/^── module [12]\/2: app$/m);
    expect(verbose.stderr).toContain('   $ go mod download -json');
    expect(verbose.stderr).toMatch(/^ {3}untidy: /m);
  });

  test('while a module runs: on a terminal a status line redrawn in place and cleared before the next finished module; into a pipe or a CI log none', async () => {
    const clock = manualClock();
    let stderr = '';
    const env = { ...process.env, GOPROXY: 'off', GOFLAGS: '', NO_COLOR: undefined, GITHUB_ACTIONS: undefined };
    const run = runCli(['--demo', '--format', 'json', '--no-lookups', '--concurrency', '1'], {
      stdout: () => {},
      stderr: (s) => (stderr += s),
      env,
      packageRoot: join(import.meta.dirname, '..'),
      stderrTerminal: { columns: 80 },
      clock
    });
    // One module at a time: once the first has finished the second is running; two seconds pass on the clock.
    while (!stderr.includes('module 1/2')) await new Promise((r) => setTimeout(r, 5));
    await clock.advance(2000);
    expect(await run).toBe(Exit.Findings);
    expect(stderr).toBe(
      [
        `go ${goVersion()}; 2 module(s) to check, 0 skipped\n`,
        '✗ module 1/2: app — untidy, checksum-mismatch\n',
        '… 1/2 done, checking: tools (1 s)',
        '\r\x1b[K… 1/2 done, checking: tools (2 s)',
        '\r\x1b[K✓ module 2/2: tools\n'
      ].join('')
    );

    // Not a terminal: the same lines, no status line, nothing that moves the cursor.
    const piped = await cli(['--demo', '--format', 'json', '--no-lookups', '--concurrency', '1'], null, { GITHUB_ACTIONS: '' });
    const lines = `go ${goVersion()}; 2 module(s) to check, 0 skipped\n✗ module 1/2: app — untidy, checksum-mismatch\n✓ module 2/2: tools\n`;
    expect(piped.stderr).toBe(lines);
    // In a workflow step only a module running a minute adds a line (see progress.unit.test.ts).
    expect((await cli(['--demo', '--format', 'json', '--no-lookups', '--concurrency', '1'], null, { GITHUB_ACTIONS: 'true' })).stderr).toBe(lines);
  });

  test('a directory without go.mod: its own exit status, not the one for findings', async () => {
    const dir = makeRepo({ 'README.md': 'no Go here\n' });
    const r = await cli([dir, '--quiet']);
    expect(r.status).toBe(Exit.NoModules);
    // The headline is markdown text: its punctuation escaped, as GitHub renders it back.
    expect(r.stdout).toContain(`⚠️ ${text(`No go.mod found under ${dir}.`)}`);
  });

  test('on a terminal the human format is the default, in colour unless NO_COLOR; into a pipe, markdown', async () => {
    const tty = await cli(['--demo', '--quiet'], { columns: 100 });
    expect(tty.status).toBe(Exit.Findings);
    expect(tty.stdout.split('\n')[0]).toBe('go-mod-hygiene: \u001b[31m\u001b[1m✗ 1 of 2 failing\u001b[0m\u001b[0m');
    const noColor = await cli(['--demo', '--quiet'], { columns: 100 }, { NO_COLOR: '1' });
    expect(noColor.stdout.split('\n').slice(0, 5)).toEqual([
      'go-mod-hygiene: ✗ 1 of 2 failing',
      '',
      '✗ app  checksum mismatch, untidy',
      '    fix: put the authoritative hashes in go.sum (diff below), then run go -C app mod tidy',
      '✓ 1 module clean'
    ]);
    const pipe = await cli(['--demo', '--quiet']);
    expect(pipe.stdout.split('\n')[0]).toBe('### go-mod-hygiene');
  }, 60_000);

  test('`example` is a directory like any other; the bundled demo is --demo', async () => {
    const repo = makeRepo({ 'example/go.mod': 'module example.com/ex\n\ngo 1.21\n' });
    const cwd = process.cwd();
    try {
      process.chdir(repo);
      const res = await cli(['example', '--quiet', '--format', 'json', '--no-lookups']);
      expect(res.status).toBe(Exit.Ok);
      expect((JSON.parse(res.stdout) as { root: string }).root).toBe(join(repo, 'example'));
      const missing = await cli(['nope-example']);
      expect(missing.status).toBe(Exit.Usage);
      process.chdir(join(repo, 'example'));
      const old = await cli(['example']);
      expect(old.stderr).toBe('go-mod-hygiene: example: no such directory (the bundled example is --demo). Give the directory holding go.mod, or a parent of several modules (default .).\n');
    } finally {
      process.chdir(cwd);
    }
    expect((await cli(['--demo', 'x'])).status).toBe(Exit.Usage);
  });

  test('the usage text documents every exit status', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(Exit.Ok);
    expect(r.stdout).toContain(
      'exit status: 0 clean or nothing failing, 1 findings that fail by policy, 2 usage or run error\n             (a bad argument, dir not a directory, go not runnable), 3 no go.mod found under dir\n             (nothing was checked).'
    );
    expect(r.stdout).toContain('--version');
  });
});
