/**
 * Bad input named for what it is (issue 19): each class with real go against an offline proxy,
 * the exact finding, the outcome, the checkout byte-identical afterwards and a wall-clock bound.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { writeProxy, serveProxy, goSumLines, moduleHashes, type ProxyServer } from './helpers/goproxy.js';
import { createGoRunner } from '../src/go/runner.js';
import { isCanonicalVersion } from '../src/engine/versions.js';
import { scrubScratchPaths } from '../src/engine/engine.js';
import { runCli } from '../src/cli/run.js';
import { parseSettings, checkWorkingDirectory, InputError } from '../src/settings.js';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { check, cleanupTemp, fakeGo, goEnv, makeRepo, running, snapshot, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, dep100, lib100, lib110, other100 } from './helpers/modules.js';
import type { Finding, Report } from '../src/report/model.js';

let proxyDir: string;
let proxy: string;

beforeAll(() => {
  proxyDir = tempDir('gmh-proxy-');
  proxy = writeProxy(proxyDir, ALL_MODULES);
});
afterAll(cleanupTemp);

/** Runs the engine on `files`, proves the checkout is untouched and the run bounded. */
async function scenario(files: Record<string, string>, boundMs = 60_000): Promise<{ report: Report; findings: Finding[] }> {
  const root = makeRepo(files);
  const before = snapshot(root);
  const started = Date.now();
  const { report } = await check(root, goEnv(proxy));
  expect(Date.now() - started).toBeLessThan(boundMs);
  expect(snapshot(root)).toEqual(before);
  return { report, findings: report.modules[0]!.findings };
}

describe('bad input in go.mod and go.sum', () => {
  test.each([
    ['empty', '', 'go.mod is empty: go needs a "module <path>" line'],
    ['without a module line', 'go 1.21\n\nrequire example.com/lib v1.0.0\n', 'go.mod has no module directive: go needs a "module <path>" line']
  ])('go.mod %s: malformed, naming the file, no scratch path', async (_name, gomod, message) => {
    const { report, findings } = await scenario({ 'go.mod': gomod, 'main.go': 'package main\n' });
    expect(findings).toEqual([{ kind: 'malformed', file: 'go.mod', message, detail: 'go: error reading go.mod: missing module declaration' }]);
    expect(report.outcome).toBe('findings');
    expect(report.failed).toBe(true);
    expect(JSON.stringify(report)).not.toMatch(/go-mod-hygiene-|\/m0\//);
  });

  test('go.sum line with a hash that is not h1: malformed with its line, not a checksum mismatch', async () => {
    const files = appFiles();
    const h = moduleHashes(other100).zip.slice(3);
    files['go.sum'] = goSumLines([dep100, lib100, other100]).replace(`example.com/other v1.0.0 h1:${h}`, `example.com/other v1.0.0 h9:${h}`);
    const line = files['go.sum'].split('\n').findIndex((l) => l.includes('h9:')) + 1;
    const { report, findings } = await scenario(files);
    expect(findings.filter((f) => f.kind !== 'untidy')).toEqual([
      { kind: 'malformed', file: 'go.sum', line, message: `go.sum:${line}: unknown hash algorithm "h9:" (go.sum lines hold h1: hashes)`, detail: `example.com/other v1.0.0 h9:${h}` }
    ]);
    expect(report.counts['checksum-mismatch']).toBe(0);
    expect(report.failed).toBe(true);
  });

  test.each([
    ['non-ASCII', 'example.com/lïb', `malformed module path "example.com/lïb": invalid char 'ï'`],
    ['uppercase in the host', 'Example.com/lib', `malformed module path "Example.com/lib": invalid char 'E' in first path element`]
  ])('require with an invalid module path (%s): go refuses it as invalid, not "does not exist"', async (_name, path, goSays) => {
    const files = appFiles();
    files['go.mod'] = files['go.mod']!.replace('require example.com/lib v1.0.0 // indirect\n', `require example.com/lib v1.0.0 // indirect\n\nrequire ${path} v1.0.0\n`);
    const { report, findings } = await scenario(files);
    const dl = findings.filter((f) => f.kind === 'download-error');
    expect(dl).toEqual([
      expect.objectContaining({ kind: 'download-error', reason: 'invalid', message: `${path}@v1.0.0: go refuses the module path or version as invalid: ${goSays}` })
    ]);
    expect(JSON.stringify(report)).not.toContain('does not exist on the proxy');
    expect(report.failed).toBe(true);
  });
});

test('scratch paths in anything shown become the module\'s own file, or <scratch>', () => {
  const root = '/tmp/rt/go-mod-hygiene-AbC123';
  const finding = { kind: 'tidy-error', message: `go: errors parsing ${root}/m3/download/go.mod:5: unknown directive`, output: `${root}/m3/tidy-again/go.sum: x; see ${root}/m3/empty` };
  expect(scrubScratchPaths(finding, root, 'svc/a')).toEqual({
    kind: 'tidy-error',
    message: 'go: errors parsing svc/a/go.mod:5: unknown directive',
    output: 'svc/a/go.sum: x; see <scratch>/m3/empty'
  });
  expect(scrubScratchPaths(finding, root, '.').message).toBe('go: errors parsing go.mod:5: unknown directive');
  const clean = { message: 'nothing to scrub' };
  expect(scrubScratchPaths(clean, root, '.')).toBe(clean);
});

describe('a require whose version is not canonical', () => {
  test('canonical: releases, pre-releases, pseudo-versions, +incompatible; not: short forms, build metadata, queries', () => {
    for (const v of ['v1.2.3', 'v0.0.0-20240102030405-abcdef123456', 'v1.2.4-0.20240102030405-abcdef123456', 'v2.0.0+incompatible', 'v1.0.0-rc.1']) expect([v, isCanonicalVersion(v)]).toEqual([v, true]);
    for (const v of ['v1', 'v1.1', 'v1.0.0+meta', 'master', 'latest', '1.2.3', 'v01.2.3']) expect([v, isCanonicalVersion(v)]).toEqual([v, false]);
  });

  test.each([
    ['v1.1', 'v1.1.0'],
    ['v1', 'v1.1.0']
  ])('%s passes go mod tidy -diff but is reported with what go resolves it to', async (version, resolved) => {
    const files = {
      'go.mod': `module example.com/app\n\ngo 1.21\n\nrequire example.com/lib ${version}\n`,
      'go.sum': goSumLines([lib110]),
      'main.go': 'package main\n\nimport "example.com/lib"\n\nfunc main() { println(lib.Hello()) }\n'
    };
    const { report, findings } = await scenario(files);
    expect(findings).toEqual([
      {
        kind: 'malformed',
        file: 'go.mod',
        line: 5,
        message: `go.mod:5: require example.com/lib ${version}: not a canonical version (like v1.2.3); go resolves it to ${resolved}, and go mod tidy would write ${resolved} (go mod tidy -diff does not show this)`,
        detail: `example.com/lib ${version}`
      }
    ]);
    expect(report.failed).toBe(true);
  });
});

describe('GOTOOLCHAIN=auto', () => {
  test('a go line the proxy cannot serve a toolchain for: a go-version finding, the other modules checked', async () => {
    const files = { ...appFiles(), ...appFiles('newer', 'example.com/newer') };
    files['newer/go.mod'] = files['newer/go.mod']!.replace('go 1.21', 'go 1.99');
    const root = makeRepo(files);
    const before = snapshot(root);
    const started = Date.now();
    const { report } = await check(root, goEnv(proxy), { goEnv: { GOTOOLCHAIN: 'auto' } });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(snapshot(root)).toEqual(before);
    expect(report.modules.find((m) => m.dir === '.')!.findings).toEqual([]);
    const running = report.go.version;
    expect(report.modules.find((m) => m.dir === 'newer')!.findings).toEqual([
      {
        kind: 'go-version',
        file: 'newer/go.mod',
        message: `go.mod requires go >= 1.99, but the go on this runner is ${running} and GOTOOLCHAIN=auto could not get go1.99.0: toolchain not available`,
        required: '1.99',
        running
      }
    ]);
    expect(report.outcome).toBe('findings');
  });
});

describe('a faulty module proxy, in bounded time', () => {
  let server: ProxyServer;
  beforeEach(async () => {
    server = await serveProxy(proxyDir);
  });
  afterEach(async () => {
    await server.close();
  });
  const zip = /\/example\.com\/lib\/@v\/v1\.0\.0\.zip$/;

  test.each([
    ['429 with Retry-After', (p: ProxyServer) => p.fail(429, 1, zip, { 'retry-after': '1' })],
    ['a reset in the middle of the zip', (p: ProxyServer) => p.truncate(1, zip)],
    ['502', (p: ProxyServer) => p.fail(502, 1, zip)]
  ])('%s once: retried, clean', async (_name, inject) => {
    inject(server);
    const root = makeRepo(appFiles());
    const before = snapshot(root);
    const started = Date.now();
    const { report } = await check(root, goEnv(server.url));
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(snapshot(root)).toEqual(before);
    expect(report.modules[0]!.findings).toEqual([]);
    expect(report.outcome).toBe('clean');
    expect(server.requests.filter((r) => zip.test(r)).length).toBeGreaterThanOrEqual(2);
  });

  test('a proxy that accepts and never answers: past the deadline a download-error naming the host, the other module checked', async () => {
    server.stall(1000, zip);
    const files = { ...appFiles(), 'solo/go.mod': 'module example.com/solo\n\ngo 1.21\n\nrequire example.com/other v1.0.0\n', 'solo/go.sum': goSumLines([other100]), 'solo/solo.go': 'package solo\n\nimport _ "example.com/other"\n' };
    const root = makeRepo(files);
    const before = snapshot(root);
    const started = Date.now();
    const env = goEnv(server.url);
    const { report } = await check(root, env, {}, () => createGoRunner({ goBinary: 'go', env, timeoutMs: 4000 }));
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(snapshot(root)).toEqual(before);
    const said = `go mod download did not finish within 4 s (input command-timeout): no answer from the module proxy (${new URL(server.url).host})`;
    expect(report.modules.find((m) => m.dir === '.')!.findings.map((f) => [f.kind, f.message])).toEqual([
      ['download-error', `example.com/lib@v1.0.0: ${said}`],
      ['download-error', `the module graph: ${said}`]
    ]);
    expect(report.modules.find((m) => m.dir === 'solo')!.findings).toEqual([]);
    expect(report.failed).toBe(true);
  });
});

describe('past command-timeout, nothing go started holds the run', () => {
  const said = '\ngo mod download did not finish within 1 s (input command-timeout): no answer from the module proxy (proxy.example)';
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', GOPROXY: 'https://proxy.example' };

  test('a process under go that hangs on: killed with go, the result right after the deadline', async () => {
    const { go, dir } = fakeGo(`echo started\nsleep 300 &\necho $! > "$(dirname "$0")/pid"\nwait`);
    const started = Date.now();
    const r = await createGoRunner({ goBinary: go, env, timeoutMs: 1000 }).run(['mod', 'download', '-json'], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(4000);
    expect([r.exitCode, r.timedOut, r.stdout, r.stderr]).toEqual([124, true, 'started\n', said]);
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    for (let i = 0; i < 50 && running(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(running(pid)).toBe(false);
  });

  test('go done before the deadline, a process it left holding its output: its result within a second, not at the deadline', async () => {
    const { go, dir } = fakeGo(`echo done\n( sleep 300 & echo $! > "$(dirname "$0")/pid" )\nexit 3`);
    try {
      const started = Date.now();
      const r = await createGoRunner({ goBinary: go, env, timeoutMs: 60_000 }).run(['mod', 'download', '-json'], { cwd: dir });
      expect(Date.now() - started).toBeLessThan(5000);
      expect([r.exitCode, r.timedOut, r.stdout, r.stderr]).toEqual([3, false, 'done\n', '']);
    } finally {
      process.kill(Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGKILL');
    }
  });

  test('a process that left go before the deadline and keeps its output open: the result comes all the same', async () => {
    // The subshell starts sleep and exits: sleep belongs to no one any more, but holds stdout and stderr.
    const { go, dir } = fakeGo(`echo started\n( sleep 300 & echo $! > "$(dirname "$0")/pid" )\nsleep 300`);
    try {
      const started = Date.now();
      const r = await createGoRunner({ goBinary: go, env, timeoutMs: 1000 }).run(['mod', 'download', '-json'], { cwd: dir });
      expect(Date.now() - started).toBeLessThan(5000);
      expect([r.exitCode, r.timedOut, r.stdout, r.stderr]).toEqual([124, true, 'started\n', said]);
    } finally {
      process.kill(Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGKILL');
    }
  });
});

describe('CLI: bad input named, report-path trouble never loses the report', () => {
  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
    let stdout = '';
    let stderr = '';
    const started = Date.now();
    const code = await runCli(args, { stdout: (x) => void (stdout += x), stderr: (x) => void (stderr += x), env: goEnv(proxy), packageRoot: join(import.meta.dirname, '..') });
    return { code, stdout, stderr, ms: Date.now() - started };
  }

  test('a file instead of a directory, and a directory that does not exist: exit 2 naming the input and what is accepted', async () => {
    const root = makeRepo(appFiles());
    const before = snapshot(root);
    const file = await cli([join(root, 'go.mod'), '--quiet']);
    expect(file).toMatchObject({ code: 2, stdout: '', stderr: `go-mod-hygiene: ${join(root, 'go.mod')}: is a file, not a directory. Give the directory holding go.mod, or a parent of several modules (default .).\n` });
    const missing = await cli([join(root, 'nope'), '--quiet']);
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: `go-mod-hygiene: ${join(root, 'nope')}: no such directory. Give the directory holding go.mod, or a parent of several modules (default .).\n` });
    expect(await cli([root, '--command-timeout', '5'])).toMatchObject({ code: 2, stderr: `go-mod-hygiene: Invalid input '--command-timeout': "5". Accepted: a whole number from 30 to 7200.\n` });
    expect(snapshot(root)).toEqual(before);
  });

  test.each([
    ['under /proc', () => '/proc/go-mod-hygiene/report.json', 'ENOENT'],
    ['a directory', () => tempDir('gmh-report-dir-'), 'EISDIR'],
    ['below a file', () => join(makeRepo({ f: 'x' }), 'f', 'report.json'), 'is not a directory']
  ])('--report %s: the report is still printed, the error names --report and the path, the status follows the findings', async (_name, target, why) => {
    const root = makeRepo(appFiles());
    const before = snapshot(root);
    const path = target();
    const r = await cli([root, '--quiet', '--format', 'json', '--report', path]);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).outcome).toBe('clean');
    expect(r.stderr).toMatch(new RegExp(`^go-mod-hygiene: --report: the JSON report could not be written to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${why}`));
    expect(snapshot(root)).toEqual(before);
  });
});

describe('working-directory', () => {
  const env = { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/rt' };
  const reader = (wd: string) => (name: string) => (name === 'working-directory' ? wd : '');
  test.each(['../other', '/etc', '/ws/../etc'])('%s, outside the workspace: an InputError naming the input and what is accepted', (wd) => {
    expect(() => parseSettings(reader(wd), env)).toThrow(new InputError('working-directory', wd, 'a directory inside the workspace (/ws), relative to it or absolute'));
  });
  test.each(['sub', '/ws/sub', './sub/../sub', '.'])('%s, inside: accepted', (wd) => {
    expect(parseSettings(reader(wd), env).workingDirectory).toBe(wd === '.' ? '/ws' : '/ws/sub');
  });
  test('missing, or a file: an InputError naming the path', () => {
    const ws = makeRepo({ 'go.mod': 'module x\n' });
    const settings = (wd: string) => parseSettings(reader(wd), { GITHUB_WORKSPACE: ws });
    expect(() => checkWorkingDirectory(settings('nope'), reader('nope'))).toThrow(`Invalid input 'working-directory': "nope". Accepted: an existing directory inside the workspace (${join(ws, 'nope')} does not exist).`);
    expect(() => checkWorkingDirectory(settings('go.mod'), reader('go.mod'))).toThrow(
      `Invalid input 'working-directory': "go.mod". Accepted: a directory inside the workspace, holding go.mod or modules below it (${join(ws, 'go.mod')} is a file).`
    );
    expect(() => checkWorkingDirectory(settings(''), reader(''))).not.toThrow();
  });
});

test('command-timeout: seconds, 30–7200, default 600; anything else names the input', () => {
  const env = { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/rt' };
  const reader = (v: string) => (name: string) => (name === 'command-timeout' ? v : '');
  expect(parseSettings(reader(''), env).commandTimeoutMs).toBe(600_000);
  expect(parseSettings(reader('45'), env).commandTimeoutMs).toBe(45_000);
  expect(() => parseSettings(reader('5'), env)).toThrow(`Invalid input 'command-timeout': "5". Accepted: a whole number from 30 to 7200.`);
});
