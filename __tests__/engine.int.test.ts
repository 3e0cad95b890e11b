import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync, chmodSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeProxy, serveProxy, goSumLines, moduleHashes, wrongHash, escapePath } from './helpers/goproxy.js';
import { check, cleanupTemp, goEnv, makeRepo, snapshot, tempDir, within } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, dep100, lib100, lib110, other100, tools100, upper110 } from './helpers/modules.js';
import type { FixtureModule } from './helpers/goproxy.js';

/** A dependency whose go.mod asks for a Go no runner has. */
const newgo100: FixtureModule = { path: 'example.com/newgo', version: 'v1.0.0', files: { 'go.mod': 'module example.com/newgo\n\ngo 1.99\n', 'newgo.go': 'package newgo\n' } };
import { makeZip } from './helpers/zip.js';
import { sumdbRecord, writeSumdb } from './helpers/sumdb.js';
import type { Finding, FindingKind, Report, UntidyFinding, ChecksumMismatchFinding } from '../src/report/model.js';
import type { GoRunner } from '../src/go/runner.js';

let proxyDir: string;
let proxy: string;

beforeAll(() => {
  proxyDir = tempDir('gmh-proxy-');
  proxy = writeProxy(proxyDir, [...ALL_MODULES, tools100, newgo100]);
});
afterAll(cleanupTemp);

function findings(report: Report, dir = '.', kind?: FindingKind): Finding[] {
  const m = report.modules.find((x) => x.dir === dir);
  if (!m) throw new Error(`no module ${dir} in report: ${report.modules.map((x) => x.dir).join(', ')}`);
  return kind ? m.findings.filter((f) => f.kind === kind) : m.findings;
}

/** Runs a scenario and proves the checkout is byte-identical afterwards. */
async function scenario(files: Record<string, string>, options: Parameters<typeof check>[2] = {}, env = goEnv(proxy), wrapGo?: Parameters<typeof check>[3]) {
  const root = makeRepo(files);
  const before = snapshot(root);
  const result = await check(root, env, options, wrapGo);
  expect(snapshot(root)).toEqual(before);
  return { ...result, root, env };
}

describe('engine with real go and an offline proxy', () => {
  test('clean module: no findings, outcome clean', async () => {
    const { report } = await scenario(appFiles());
    expect(findings(report)).toEqual([]);
    expect(report.outcome).toBe('clean');
    expect(report.failed).toBe(false);
    expect(report.modules[0]).toMatchObject({ dir: '.', path: 'example.com/app', goVersion: '1.21', status: 'clean', skippedSteps: [] });
  });

  test('missing require: reported as a require to add with the go.sum lines it needs', async () => {
    const files = appFiles();
    files['go.mod'] = 'module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n\nrequire example.com/lib v1.0.0 // indirect\n';
    files['go.sum'] = goSumLines([dep100, lib100]);
    const { report } = await scenario(files);
    const [f] = findings(report, '.', 'untidy') as UntidyFinding[];
    expect(f?.changes.requiresAdded).toEqual([{ path: 'example.com/other', version: 'v1.0.0', indirect: false }]);
    expect(f?.changes.requiresRemoved).toEqual([]);
    expect(f?.changes.sumAdded.sort()).toEqual(goSumLines([other100]).trim().split('\n'));
    expect(f?.file).toBe('go.mod');
    expect(f?.changes.diff).toContain('+\texample.com/other v1.0.0');
    expect(report.failed).toBe(true);
  });

  test('unused require: reported as a require to remove', async () => {
    const files = appFiles();
    files['go.mod'] = files['go.mod']!.replace('\texample.com/other v1.0.0\n', '\texample.com/other v1.0.0\n\texample.com/Upper v1.1.0\n');
    files['go.sum'] = goSumLines([dep100, lib100, other100, upper110]);
    const { report } = await scenario(files);
    const [f] = findings(report, '.', 'untidy') as UntidyFinding[];
    expect(f?.changes.requiresRemoved).toEqual([{ path: 'example.com/Upper', version: 'v1.1.0', indirect: false }]);
    expect(f?.changes.sumRemoved).toHaveLength(2);
    expect(findings(report).map((x) => x.kind)).toEqual(['untidy']);
  });

  test('wrong // indirect marker: reported as a marker flip', async () => {
    const files = appFiles();
    files['go.mod'] = 'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/lib v1.0.0\n\texample.com/other v1.0.0\n)\n';
    const { report } = await scenario(files);
    const [f] = findings(report, '.', 'untidy') as UntidyFinding[];
    expect(f?.changes.indirectChanged).toEqual([{ path: 'example.com/lib', version: 'v1.0.0', indirect: true }]);
    expect(f?.changes.requiresAdded).toEqual([]);
    expect(f?.changes.requiresRemoved).toEqual([]);
  });

  test('go.sum with missing and extra lines', async () => {
    const files = appFiles();
    const h = moduleHashes(other100);
    files['go.sum'] = goSumLines([dep100, lib100, lib110]) + `example.com/other v1.0.0/go.mod ${h.goMod}\n`;
    const { report } = await scenario(files);
    const [f] = findings(report, '.', 'untidy') as UntidyFinding[];
    expect(f?.changes.sumAdded).toEqual([`example.com/other v1.0.0 ${h.zip}`]);
    expect(f?.changes.sumRemoved.sort()).toEqual(goSumLines([lib110]).trim().split('\n'));
    expect(f?.file).toBe('go.sum');
    expect(findings(report, '.', 'checksum-mismatch')).toEqual([]);
  });

  test('three wrong hashes in one go.sum: all three reported, zip and go.mod kinds, with line numbers', async () => {
    const files = appFiles();
    const lines = files['go.sum']!.trim().split('\n');
    const bad = [0, 1, 4]; // dep zip, dep go.mod, other zip
    const wrong = bad.map((i) => wrongHash(`bad${i}`));
    bad.forEach((i, n) => {
      const [m, v] = lines[i]!.split(' ');
      lines[i] = `${m} ${v} ${wrong[n]}`;
    });
    files['go.sum'] = `${lines.join('\n')}\n`;
    const { report } = await scenario(files);
    const mismatches = findings(report, '.', 'checksum-mismatch') as ChecksumMismatchFinding[];
    expect(mismatches.map((m) => [m.line, m.module, m.version, m.hash, m.committed, m.authoritative, m.source])).toEqual([
      [1, 'example.com/dep', 'v1.0.0', 'zip', wrong[0], moduleHashes(dep100).zip, 'proxy'],
      [2, 'example.com/dep', 'v1.0.0', 'go.mod', wrong[1], moduleHashes(dep100).goMod, 'proxy'],
      [5, 'example.com/other', 'v1.0.0', 'zip', wrong[2], moduleHashes(other100).zip, 'proxy']
    ]);
    expect(mismatches[0]?.sourceName).toBe(proxy);
    // tidy still ran, against the corrected go.sum, and found nothing else
    expect(findings(report, '.', 'untidy')).toEqual([]);
    expect(findings(report).length).toBe(3);
  });

  test('tampered module cache: go mod verify findings per module', async () => {
    const env = goEnv(proxy);
    const first = await scenario(appFiles(), {}, env);
    expect(first.report.outcome).toBe('clean');
    const dir = join(env.GOMODCACHE!, 'example.com', 'lib@v1.0.0');
    chmodSync(join(dir, 'lib.go'), 0o644);
    writeFileSync(join(dir, 'lib.go'), 'package lib\n\nfunc Hello() string { return "evil" }\n');
    const { report } = await scenario(appFiles(), {}, env);
    const cache = findings(report, '.', 'cache-modified');
    expect(cache).toEqual([
      expect.objectContaining({ kind: 'cache-modified', module: 'example.com/lib', version: 'v1.0.0', problem: 'dir-modified', path: dir })
    ]);
    expect(report.failed).toBe(true);
  });

  test('tampered module cache: a modified zip, found without go mod verify, then worded by it', async () => {
    const env = goEnv(proxy);
    expect((await scenario(appFiles(), {}, env)).report.outcome).toBe('clean');
    const dl = (m: string): string => join(env.GOMODCACHE!, 'cache', 'download', 'example.com', m, '@v', 'v1.0.0');
    writeFileSync(`${dl('lib')}.zip`, makeZip([{ name: 'example.com/lib@v1.0.0/lib.go', data: Buffer.from('package lib\n') }]));
    // A removed .ziphash is written again from the zip by the download step (go's checkMod), before verify looks.
    rmSync(`${dl('other')}.ziphash`);
    const { report, calls } = await scenario(appFiles(), {}, env);
    expect(findings(report, '.', 'cache-modified')).toEqual([
      expect.objectContaining({ module: 'example.com/lib', problem: 'zip-modified', path: `${dl('lib')}.zip`, message: `example.com/lib v1.0.0: zip has been modified (${dl('lib')}.zip)` })
    ]);
    expect(existsSync(`${dl('other')}.ziphash`)).toBe(true);
    expect(calls.filter((c) => c[0] === 'mod' && c[1] === 'verify')).toHaveLength(1);
  });

  test('modules sharing dependencies: each module version of the cache is hashed once per run', async () => {
    const files = { ...appFiles('a', 'example.com/a'), ...appFiles('b', 'example.com/b'), ...appFiles('c', 'example.com/c') };
    const { report, groups, calls } = await scenario(files, { concurrency: 1 });
    expect(report.outcome).toBe('clean');
    expect(calls.some((c) => c[0] === 'mod' && c[1] === 'verify')).toBe(false);
    const cacheLines = ['a', 'b', 'c'].map((d) => groups[`module ${d}`]!.find((l) => l.startsWith('module cache: ')));
    expect(cacheLines).toEqual([
      expect.stringMatching(/^module cache: 3 module version\(s\) of the build list checked in \d+ ms$/),
      expect.stringMatching(/ \(3 already checked for another module\)$/),
      expect.stringMatching(/ \(3 already checked for another module\)$/)
    ]);
  });

  test('each module\'s log group is printed as soon as it finishes, titled with how many are done', async () => {
    // Module a's tidy is held until b's log group is printed (or 20 s): with a first in order, b's log must not wait for a.
    let bPrinted: () => void = () => {};
    const bDone = new Promise<void>((resolve) => (bPrinted = resolve));
    const hold = (real: GoRunner): GoRunner => ({
      async run(args, o) {
        if ((o?.cwd ?? '').endsWith('/a') && args[0] === 'mod' && args[1] === 'tidy') await within(bDone, 20_000);
        return real.run(args, o);
      }
    });
    const files = { ...appFiles('a', 'example.com/a'), ...appFiles('b', 'example.com/b') };
    const root = makeRepo(files);
    const { report, titles, states } = await check(root, goEnv(proxy), { concurrency: 2 }, hold, (title) => {
      if (title.endsWith(': b')) bPrinted();
    });
    expect(report.modules.map((m) => m.dir)).toEqual(['a', 'b']);
    expect(titles).toEqual(['module 1/2: b', 'module 2/2: a']);
    // What runs, for the CLI's status line: each start and each finish, after that module's group.
    expect(states).toEqual([
      { total: 2, done: 0, running: ['a'] },
      { total: 2, done: 0, running: ['a', 'b'] },
      { total: 2, done: 1, running: ['a'] },
      { total: 2, done: 2, running: [] }
    ]);
  });

  test('the module cache check starts once the download is through, without waiting for the checksum lookups', async () => {
    // The lookups (go calls without -modfile) are held until the build list is asked for, or 10 s.
    const events: string[] = [];
    let listed: () => void = () => {};
    const listing = new Promise<void>((resolve) => (listed = resolve));
    const isLookup = (args: string[]): boolean => (args[1] === 'download' || args.includes('-e')) && !args.some((a) => a.startsWith('-modfile='));
    const hold = (real: GoRunner): GoRunner => ({
      async run(args, o) {
        if (args[0] === 'list' && args.includes('all')) {
          events.push('build list asked');
          listed();
        }
        if (!isLookup(args)) return real.run(args, o);
        await within(listing, 10_000);
        const r = await real.run(args, o);
        events.push('lookup done');
        return r;
      }
    });
    const { report, groups } = await scenario(appFiles(), {}, goEnv(proxy), hold);
    expect(report.outcome).toBe('clean');
    expect(events[0]).toBe('build list asked');
    expect(events).toContain('lookup done');
    expect(groups['module .']!.filter((l) => l.startsWith('module cache: '))).toHaveLength(1);
  });

  test('a wrong hash: the early module cache check is dropped, and done again after the corrected download', async () => {
    const files = appFiles();
    files['go.sum'] = files['go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('lib'));
    const { report, groups, calls } = await scenario(files);
    expect(findings(report, '.').map((f) => f.kind)).toEqual(['checksum-mismatch']);
    const log = groups['module .']!;
    // One report line, from the check after the corrected download; its versions were not hashed twice.
    expect(log.filter((l) => l.startsWith('module cache: '))).toEqual([expect.stringMatching(/^module cache: 3 module version\(s\) of the build list checked in \d+ ms$/)]);
    const lists = calls.filter((c) => c[0] === 'list' && c.includes('all'));
    expect(lists.map((c) => c.find((a) => a.startsWith('-modfile='))!.split('/').slice(-2, -1)[0])).toEqual(expect.arrayContaining(['download-again']));
    expect(log.filter((l) => l.startsWith('$ go list -m -json -mod=mod'))).toEqual([expect.stringContaining('/download-again/go.mod')]);
  });

  test('the early tidy fails on the network once: it is run again, with retries, after the download succeeds', async () => {
    let failed = 0;
    const flaky = (real: GoRunner): GoRunner => ({
      async run(args, o) {
        if (args[0] === 'mod' && args[1] === 'tidy' && failed === 0) {
          failed++;
          const stderr = 'go: example.com/lib@v1.0.0: Get "http://127.0.0.1:9/example.com/lib/@v/v1.0.0.zip": dial tcp 127.0.0.1:9: connect: connection refused\n';
          return { args, exitCode: 1, stdout: '', stderr, timedOut: false, durationMs: 1 };
        }
        return real.run(args, o);
      }
    });
    const files = appFiles();
    files['go.mod'] = files['go.mod']!.replace('require example.com/lib v1.0.0 // indirect\n', '');
    const { report, calls } = await scenario(files, {}, goEnv(proxy), flaky);
    expect(failed).toBe(1);
    // The second tidy's finding is the report's: no network error, the missing require found.
    expect(findings(report).map((f) => f.kind)).toEqual(['untidy']);
    const tidies = calls.filter((c) => c[0] === 'mod' && c[1] === 'tidy');
    expect(tidies.map((c) => c.find((a) => a.startsWith('-modfile='))!.split('/').slice(-2, -1)[0])).toEqual(['tidy', 'tidy-again']);
    // The download went through first: the second tidy is asked only after it.
    const download = calls.findIndex((c) => c[1] === 'download' && c.some((a) => a.includes('/download/go.mod')));
    expect(download).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf(tidies[1]!)).toBeGreaterThan(download);
  });

  test('go-mod-hygiene failing inside tidy: an internal-error finding (not a tidy-error), the rest of the module still checked', async () => {
    const throwing = (real: GoRunner): GoRunner => ({
      run(args, o) {
        if (args[0] === 'mod' && args[1] === 'tidy') throw new Error('boom in tidy');
        return real.run(args, o);
      }
    });
    const files = appFiles();
    files['go.sum'] = files['go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('lib'));
    const { report, groups } = await scenario(files, {}, goEnv(proxy), throwing);
    expect(findings(report).map((f) => f.kind)).toEqual(['checksum-mismatch', 'internal-error']);
    expect(findings(report, '.', 'internal-error')).toEqual([
      { kind: 'internal-error', step: 'tidy', file: 'go.mod', message: 'go-mod-hygiene failed while running go mod tidy: boom in tidy', output: 'boom in tidy' }
    ]);
    expect(report.counts['internal-error']).toBe(1);
    expect(report.counts['tidy-error']).toBe(0);
    expect(report.failed).toBe(true);
    // The stack is in the log, for a bug report; the finding has the message only.
    expect(groups['module .']!.find((l) => l.startsWith('internal error while running go mod tidy: Error: boom in tidy\n    at '))).toBeDefined();
  });

  test("go-mod-hygiene failing on one module's check: internal-error for it, the other module checked as usual, and a go.work check likewise", async () => {
    const throwing = (real: GoRunner): GoRunner => ({
      run(args, o) {
        if (o?.cwd?.endsWith('/b') && args[0] === 'mod' && args[1] === 'download' && args.some((a) => a.startsWith('-modfile='))) throw new Error('boom in b');
        if (args[0] === 'work' && args[1] === 'edit') throw new TypeError('boom in go.work');
        return real.run(args, o);
      }
    });
    const files = { ...appFiles('a', 'example.com/a'), ...appFiles('b', 'example.com/b'), 'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n' };
    const { report, groups } = await scenario(files, {}, goEnv(proxy), throwing);
    expect(report.modules.map((m) => [m.dir, m.status])).toEqual([
      ['a', 'clean'],
      ['b', 'findings']
    ]);
    expect(report.modules[1]).toEqual({
      dir: 'b',
      path: null,
      goVersion: null,
      toolchain: null,
      status: 'findings',
      findings: [{ kind: 'internal-error', step: 'module', file: 'b/go.mod', message: 'go-mod-hygiene failed while checking this module: boom in b', output: 'boom in b' }],
      skippedSteps: [],
      durationMs: 0
    });
    expect(report.workspaces).toEqual([
      {
        file: 'go.work',
        uses: [],
        status: 'findings',
        findings: [{ kind: 'internal-error', step: 'workspace', file: 'go.work', message: 'go-mod-hygiene failed while checking this go.work: boom in go.work', output: 'boom in go.work' }],
        skippedSteps: []
      }
    ]);
    expect(report.counts['internal-error']).toBe(2);
    expect(report.failed).toBe(true);
    expect(groups['module b']![0]).toMatch(/^internal error while checking this module: Error: boom in b\n {4}at /);
    expect(groups['workspace go.work']![0]).toMatch(/^internal error while checking this go.work: TypeError: boom in go.work\n {4}at /);
  });

  test('malformed go.mod: the message names the file and line', async () => {
    const files = appFiles('svc');
    files['svc/go.mod'] = 'module example.com/app\n\ngo 1.21\nfrobnicate example.com/x\n';
    const { report } = await scenario(files);
    const [f] = findings(report, 'svc');
    expect(f).toMatchObject({ kind: 'malformed', file: 'svc/go.mod', line: 4 });
    expect(f?.message).toMatch(/^go\.mod:4: unknown directive: frobnicate/);
    expect(report.modules[0]?.skippedSteps.map((s) => s.step)).toEqual(['checksums', 'download', 'tidy', 'verify']);
  });

  test('malformed go.sum: each bad line reported, the rest still checked', async () => {
    const files = appFiles();
    files['go.sum'] = `${files['go.sum']}this line is broken\nexample.com/lib v1.0.0 nothash\n`;
    const { report } = await scenario(files);
    expect(findings(report, '.', 'malformed').map((f) => [f.file, f.line, f.message])).toEqual([
      ['go.sum', 7, 'go.sum:7: wrong number of fields 4'],
      ['go.sum', 8, 'go.sum:8: invalid hash "nothash"']
    ]);
    expect(findings(report, '.', 'untidy')).toEqual([]);
  });

  test('missing go.sum: untidy, go.sum to create', async () => {
    const files = appFiles();
    delete files['go.sum'];
    const { report } = await scenario(files);
    const [f] = findings(report, '.', 'untidy') as UntidyFinding[];
    expect(f?.message).toBe('go.sum is missing; go mod tidy would create it');
    expect(f?.changes.sumAdded.sort()).toEqual(goSumLines([dep100, lib100, other100]).trim().split('\n'));
    expect(f?.changes.diff).toMatch(/@@ -0,0 \+1,6 @@/);
  });

  test('a version that does not exist: download error, not retried', async () => {
    const files = appFiles();
    files['go.mod'] = files['go.mod']!.replace('example.com/other v1.0.0', 'example.com/other v1.9.9');
    const { report, clock } = await scenario(files);
    const [f] = findings(report, '.', 'download-error');
    expect(f).toMatchObject({ kind: 'download-error', module: 'example.com/other', version: 'v1.9.9', reason: 'not-found', attempts: 1 });
    expect(f?.message).toBe('example.com/other@v1.9.9: this version does not exist on the proxy');
    expect(clock.sleeps).toEqual([]);
    expect(report.modules[0]?.skippedSteps.map((s) => s.step)).toEqual(['tidy', 'verify', 'retractions and deprecations']);
    expect(report.failed).toBe(true);
  });

  test.each(['http', 'file'])("a %s proxy that serves a version but whose relayed checksum database has no record of it: worded as that proxy's gap, not a private module", async (scheme) => {
    // A mirror of proxy.golang.org that relays sum.golang.org under /sumdb/ with some lookups missing.
    const dir = tempDir('gmh-mirror-');
    const fileUrl = writeProxy(join(dir, 'proxy'), ALL_MODULES);
    const key = writeSumdb(join(dir, 'proxy', 'sumdb', 'sum.example.test'), 'sum.example.test', [sumdbRecord(dep100), sumdbRecord(lib100)]).split(' ')[0]!;
    writeFileSync(join(dir, 'proxy', 'sumdb', 'sum.example.test', 'supported'), '');
    const server = scheme === 'http' ? await serveProxy(join(dir, 'proxy')) : null;
    const mirror = server?.url ?? fileUrl;
    try {
      const { report } = await scenario(appFiles(), {}, goEnv(mirror, { GOSUMDB: key, GONOSUMDB: '' }));
      const fs = findings(report);
      expect(fs.map((f) => f.kind)).toEqual(['download-error']);
      expect(fs[0]).toMatchObject({ module: 'example.com/other', version: 'v1.0.0', reason: 'gone', file: 'go.sum', line: 5 });
      expect(fs[0]?.message).toBe(
        `example.com/other@v1.0.0: the proxy serves this version, but the checksum database it relays (${mirror}/sumdb/sum.example.test) has no record of it ` +
          "(a proxy or mirror with part of the database missing): this version's go.sum lines could not be checked, which is no sign that they are wrong"
      );
    } finally {
      await server?.close();
    }
  });

  test('a proxy refusing a version with 403 (not for credentials): the proxy and its answer named, not said to be wrong', async () => {
    const server = await serveProxy(proxyDir);
    // What a mirror of proxy.golang.org answers for a version it does not hold.
    server.fail(403, 1000, /^\/example\.com\/other\/@v\/v1\.0\.0\./, {}, 'This module version is not available.\n');
    try {
      const { report } = await scenario(appFiles(), {}, goEnv(server.url));
      const fs = findings(report, '.', 'download-error');
      expect(fs).toHaveLength(1);
      expect(fs[0]).toMatchObject({ module: 'example.com/other', version: 'v1.0.0', reason: 'other', file: 'go.sum', line: 5 });
      expect(fs[0]?.message).toBe(
        `example.com/other@v1.0.0: ${server.url} refuses this version (403 Forbidden: "This module version is not available."): a proxy or mirror that does not hold it or does not allow it; ` +
          "this version's go.sum lines could not be checked, which is no sign that they are wrong"
      );
    } finally {
      await server.close();
    }
  });

  test('a tidy error says the line that names the problem, not the start of go\'s import chain', async () => {
    const files = { ...appFiles(), 'main_test.go': 'package main\n\nimport _ "example.com/missing/pkg"\n' };
    const { report } = await scenario(files);
    const [f] = findings(report, '.', 'tidy-error');
    expect(f?.message).toMatch(/^example\.com\/missing\/pkg: cannot find module providing package example\.com\/missing\/pkg/);
    expect(f?.kind === 'tidy-error' && f.output).toMatch(/tested by/);
  });

  test('network failure: retried with backoff, then a clear error', async () => {
    const server = await serveProxy(proxyDir);
    try {
      server.fail(503, 1000);
      const { report, clock } = await scenario(appFiles(), { downloadAttempts: 3 }, goEnv(server.url));
      const errors = findings(report, '.', 'download-error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.kind === 'download-error' && e.reason === 'network' && e.attempts === 3)).toBe(true);
      expect(errors[0]?.message).toMatch(/network failure after 3 attempts$/);
      // Two loops retry at once (checksum lookups and the download), each backing off
      // exponentially — 1000 then 2000 with jitter fixed at the midpoint — and no more than attempts-1 times.
      expect([...clock.sleeps].sort((a, b) => a - b)).toEqual([1000, 1000, 2000, 2000]);
    } finally {
      await server.close();
    }
  });

  test('a transient failure that clears up: retried, then clean', async () => {
    const server = await serveProxy(proxyDir);
    try {
      server.fail(502, 2);
      const { report } = await scenario(appFiles(), {}, goEnv(server.url));
      // Both 502s were answered, and the run still ends clean. Which step met them depends on
      // timing: the download retries after a backoff, the early tidy is simply run again once the
      // download is through (no backoff), so the number of sleeps is not fixed.
      expect(server.faultsLeft()).toBe(0);
      expect(findings(report)).toEqual([]);
      expect(report.outcome).toBe('clean');
    } finally {
      await server.close();
    }
  });

  test('multi-module repo: testdata skipped, one module failing while the others are checked', async () => {
    const files = { ...appFiles('a', 'example.com/a'), ...appFiles('b', 'example.com/b'), ...appFiles('c/d', 'example.com/cd'), ...appFiles('b/testdata/fix', 'example.com/fix') };
    files['b/go.sum'] = files['b/go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('x'));
    files['b/testdata/fix/go.mod'] = 'this is not a go.mod\n';
    files['node_modules/x/go.mod'] = 'module x\n';
    files['.hidden/go.mod'] = 'module hidden\n';
    const { report } = await scenario(files);
    expect(report.modules.map((m) => [m.dir, m.status])).toEqual([
      ['a', 'clean'],
      ['b', 'findings'],
      ['c/d', 'clean']
    ]);
    expect(report.skipped).toEqual([{ dir: 'b/testdata/fix', reason: 'under testdata/' }]);
    expect(findings(report, 'b').map((f) => [f.kind, f.file, f.line])).toEqual([['checksum-mismatch', 'b/go.sum', 3]]);
  });

  test('modules sharing dependencies: each version is looked up once per run, every go.sum still checked line by line', async () => {
    const files = { ...appFiles('a', 'example.com/a'), ...appFiles('b', 'example.com/b'), ...appFiles('c', 'example.com/c') };
    files['a/go.sum'] = files['a/go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('a'));
    files['c/go.sum'] = files['c/go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('c'));
    const { report, calls } = await scenario(files, { concurrency: 1 });
    expect(report.modules.map((m) => [m.dir, m.status])).toEqual([
      ['a', 'findings'],
      ['b', 'clean'],
      ['c', 'findings']
    ]);
    // The same authoritative answer, compared with each module's own committed line.
    const mismatch = (dir: string) => findings(report, dir, 'checksum-mismatch') as ChecksumMismatchFinding[];
    expect(mismatch('a').map((f) => [f.file, f.committed, f.authoritative])).toEqual([['a/go.sum', wrongHash('a'), moduleHashes(lib100).zip]]);
    expect(mismatch('c').map((f) => [f.file, f.committed, f.authoritative])).toEqual([['c/go.sum', wrongHash('c'), moduleHashes(lib100).zip]]);
    // Checksum lookups are the go calls without -modfile; the three go.sum files name the same versions.
    const lookups = calls.filter((c) => (c[0] === 'mod' && c[1] === 'download' && !c.some((x) => x.startsWith('-modfile='))) || (c[0] === 'list' && c.includes('-e')));
    const asked = lookups.flatMap((c) => c.filter((x) => x.includes('@')));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((mv) => mv === `${lib100.path}@${lib100.version}`)).toHaveLength(1);
    expect(new Set(asked).size).toBe(asked.length);
  });

  test('every go.sum of the run is looked up at once: one go call for modules with different versions', async () => {
    const files = {
      ...appFiles('a', 'example.com/a'),
      'b/go.mod': 'module example.com/b\n\ngo 1.21\n\nrequire example.com/Upper v1.1.0\n',
      'b/go.sum': goSumLines([upper110]),
      'b/main.go': 'package main\n\nimport "example.com/Upper"\n\nfunc main() { println(upper.X) }\n'
    };
    const { report, calls } = await scenario(files, { concurrency: 1 });
    expect(report.modules.map((m) => [m.dir, m.status])).toEqual([
      ['a', 'clean'],
      ['b', 'clean']
    ]);
    const zipLookups = calls.filter((c) => c[0] === 'mod' && c[1] === 'download' && !c.some((x) => x.startsWith('-modfile=')));
    expect(zipLookups).toHaveLength(1);
    expect(zipLookups[0]).toEqual(expect.arrayContaining([`${lib100.path}@${lib100.version}`, `${upper110.path}@${upper110.version}`]));
  });

  test('a version one go.sum names with its zip and another only with /go.mod is looked up once', async () => {
    // b needs lib v1.0.0's go.mod only (tools, unpruned, requires it; b uses no package of lib); a needs its zip.
    const files = {
      ...appFiles('a', 'example.com/a'),
      'b/go.mod': 'module example.com/b\n\ngo 1.21\n\nrequire example.com/tools v1.0.0\n',
      'b/go.sum': goSumLines([tools100, { ...lib100, zip: false }]),
      'b/main.go': 'package main\n\nimport "example.com/tools"\n\nfunc main() { println(tools.Name) }\n'
    };
    const { report, calls } = await scenario(files, { concurrency: 1 });
    expect(report.modules.map((m) => [m.dir, m.status, m.findings])).toEqual([
      ['a', 'clean', []],
      ['b', 'clean', []]
    ]);
    // go mod download -json answers with both hashes: lib v1.0.0's go.mod hash is taken from there.
    expect(calls.filter((c) => c[0] === 'list' && c.includes('-e') && !c.includes('-retracted'))).toEqual([]);
  });

  test('a wrong /go.mod hash of a version also looked up with its zip is still found', async () => {
    const files = {
      ...appFiles('a', 'example.com/a'),
      'b/go.mod': 'module example.com/b\n\ngo 1.21\n\nrequire example.com/tools v1.0.0\n',
      'b/go.sum': goSumLines([tools100, { ...lib100, zip: false }]).replace(moduleHashes(lib100).goMod, wrongHash('lib-mod')),
      'b/main.go': 'package main\n\nimport "example.com/tools"\n\nfunc main() { println(tools.Name) }\n'
    };
    const { report } = await scenario(files, { concurrency: 1 });
    expect(findings(report, 'a')).toEqual([]);
    expect(findings(report, 'b')).toEqual([
      expect.objectContaining({ kind: 'checksum-mismatch', module: 'example.com/lib', version: 'v1.0.0', hash: 'go.mod', committed: wrongHash('lib-mod'), authoritative: moduleHashes(lib100).goMod })
    ]);
  });

  test('modules input: globs and exclusions', async () => {
    const files = { ...appFiles('svc/a', 'example.com/a'), ...appFiles('svc/b', 'example.com/b'), ...appFiles('tools', 'example.com/tools') };
    const { report } = await scenario(files, { modules: ['svc/*', '!svc/b'] });
    expect(report.modules.map((m) => m.dir)).toEqual(['svc/a']);
    expect(report.skipped).toEqual([
      { dir: 'svc/b', reason: 'excluded by the modules input' },
      { dir: 'tools', reason: 'not matched by the modules input' }
    ]);
  });

  test('go.work present: modules checked one by one, the workspace on its own', async () => {
    const files = { ...appFiles('a', 'example.com/a'), ...appFiles('b', 'example.com/b'), 'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n' };
    const { report, calls } = await scenario(files);
    expect(report.workspace).toBe('go.work');
    expect(report.notices).toEqual(['go.work found: each module is checked on its own with GOWORK=off, the workspace separately.']);
    expect(report.modules.map((m) => m.status)).toEqual(['clean', 'clean']);
    expect(report.workspaces).toEqual([{ file: 'go.work', uses: ['./a', './b'], status: 'clean', findings: [], skippedSteps: [] }]);
    expect(report.outcome).toBe('clean');
    // Module checks never see the workspace; only the workspace's own commands do.
    expect(calls.filter((c) => c.includes('work')).map((c) => c.slice(0, 2).join(' ')).sort()).toEqual(['work edit', 'work sync']);
  });

  test('no go.mod anywhere: clear notice, outcome error, fails by default and not with fail-on none', async () => {
    const { report } = await scenario({ 'README.md': 'hi\n' });
    expect(report.outcome).toBe('error');
    expect(report.notices[0]).toMatch(/^No go\.mod found under /);
    expect(report.failed).toBe(true);
    const { report: lenient } = await scenario({ 'README.md': 'hi\n' }, { failOn: [] });
    expect(lenient.failed).toBe(false);
  });

  test('go.mod asking for a newer Go than the runner has: a finding with both versions', async () => {
    const files = appFiles();
    files['go.mod'] = files['go.mod']!.replace('go 1.21', 'go 1.99');
    const { report } = await scenario(files);
    const running = report.go.version;
    expect(running).toMatch(/^1\.\d+/);
    expect(findings(report)).toEqual([
      { kind: 'go-version', file: 'go.mod', message: `go.mod requires go >= 1.99, but the go on this runner is ${running} (GOTOOLCHAIN=local)`, required: '1.99', running }
    ]);
  });

  test('a dependency asking for a newer Go: the finding names it, and tidy and the cache check are skipped', async () => {
    const files = appFiles();
    files['go.mod'] = files['go.mod']!.replace('\texample.com/other v1.0.0\n', '\texample.com/other v1.0.0\n\texample.com/newgo v1.0.0\n');
    files['go.sum'] = goSumLines([dep100, lib100, other100, newgo100]);
    const { report } = await scenario(files);
    const running = report.go.version;
    expect(findings(report)).toEqual([
      {
        kind: 'go-version',
        file: 'go.mod',
        message: `example.com/newgo@v1.0.0 requires go >= 1.99, but the go on this runner is ${running} (GOTOOLCHAIN=local)`,
        required: '1.99',
        running
      }
    ]);
    // The checksum lookup meets the same refusal: not a download error, the lines are said to be unchecked.
    expect(report.modules[0]!.skippedSteps).toEqual([
      { step: 'checksums of some go.sum lines', reason: `example.com/newgo@v1.0.0 requires go >= 1.99, newer than the go on this runner (${running})` },
      { step: 'tidy', reason: 'needs go 1.99' },
      { step: 'verify', reason: 'needs go 1.99' },
      { step: 'retractions and deprecations', reason: 'needs go 1.99' }
    ]);
  });

  test('GOTOOLCHAIN=auto and a go.mod (and go.work) asking for a Go that cannot be had: go-version findings, the rest still checked', async () => {
    // At the root, where go env used to run (and switch toolchains, and fail the whole run).
    const files: Record<string, string> = { ...appFiles('', 'example.com/a'), ...appFiles('b', 'example.com/b'), 'go.work': 'go 1.30\n\nuse (\n\t.\n\t./b\n)\n' };
    files['go.mod'] = files['go.mod']!.replace('go 1.21', 'go 1.30');
    // A wrong hash in its go.sum: still found, though go cannot load the module.
    files['go.sum'] = files['go.sum']!.replace(/^(example\.com\/other v1\.0\.0) h1:\S+$/m, `$1 ${wrongHash('a')}`);
    const { report } = await scenario(files, { goEnv: { GOTOOLCHAIN: 'auto' } });
    const running = report.go.version;
    expect(running).toMatch(/^1\.2\d\./);
    expect(report.go.env.GOTOOLCHAIN).toBe('auto');
    const switchFailed = 'GOTOOLCHAIN=auto could not get go1.30.0: toolchain not available';
    expect(findings(report, '.').map((f) => [f.kind, f.message])).toEqual([
      ['go-version', `go.mod requires go >= 1.30, but the go on this runner is ${running} and ${switchFailed}`],
      ['checksum-mismatch', `example.com/other@v1.0.0: go.sum has ${wrongHash('a')}, ${proxy} has ${moduleHashes(other100).zip}`]
    ]);
    expect(report.modules[0]!.skippedSteps.map((x) => [x.step, x.reason])).toEqual(['download', 'tidy', 'verify', 'retractions and deprecations'].map((step) => [step, 'needs go 1.30']));
    expect(findings(report, 'b')).toEqual([]);
    expect(report.modules[1]!.skippedSteps).toEqual([]);
    expect(report.workspaces[0]!.findings).toEqual([
      { kind: 'go-version', file: 'go.work', line: 1, message: `go.work requires go >= 1.30, but the go on this runner is ${running} and ${switchFailed}`, required: '1.30', running }
    ]);
    expect(report.workspaces[0]!.skippedSteps).toEqual([{ step: 'go work sync', reason: 'the workspace cannot be loaded as it is' }]);
  });

  test('go.work asking for a newer Go: a finding on its go line', async () => {
    const files = { ...appFiles('a', 'example.com/a'), 'go.work': 'go 1.99\n\nuse ./a\n' };
    const { report } = await scenario(files);
    const running = report.go.version;
    expect(report.workspaces[0]!.findings).toContainEqual({
      kind: 'go-version',
      file: 'go.work',
      line: 1,
      message: `go.work requires go >= 1.99, but the go on this runner is ${running} (GOTOOLCHAIN=local)`,
      required: '1.99',
      running
    });
  });

  test('GOTOOLCHAIN pinned to one Go (go1.x.y, which never switches) and a go.mod and go.work asking for a newer one: go-version findings naming that setting, no go.work error', async () => {
    const files: Record<string, string> = { ...appFiles('a', 'example.com/a'), 'go.work': 'go 1.99\n\nuse ./a\n' };
    files['a/go.mod'] = files['a/go.mod']!.replace('go 1.21', 'go 1.99\n\ntoolchain go1.99.1');
    const machine = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();
    const { report } = await scenario(files, { goEnv: { GOTOOLCHAIN: machine } });
    const running = report.go.version;
    expect(report.workspaces[0]!.findings).toEqual([
      { kind: 'go-version', file: 'go.work', line: 1, message: `go.work requires go >= 1.99, but the go on this runner is ${running} (GOTOOLCHAIN=${machine})`, required: '1.99', running }
    ]);
    expect(report.workspaces[0]!.skippedSteps).toEqual([{ step: 'go work sync', reason: 'the workspace cannot be loaded as it is' }]);
    expect(findings(report, 'a').map((f) => f.message)).toEqual([
      `go.mod requires go >= 1.99, but the go on this runner is ${running} (GOTOOLCHAIN=${machine})`,
      `toolchain go1.99.1 is newer than the runner's go ${running}: with GOTOOLCHAIN=${machine} it is ignored here, with the default GOTOOLCHAIN=auto every fresh runner downloads go1.99.1`
    ]);
  });

  test('go.work.sum lines go cannot look up with this go: the workspace says which were not checked', async () => {
    const files = { ...appFiles('a', 'example.com/a'), 'go.work': 'go 1.21\n\nuse ./a\n', 'go.work.sum': goSumLines([newgo100]) };
    const { report } = await scenario(files);
    const running = report.go.version;
    expect(report.workspaces[0]!.skippedSteps).toContainEqual({
      step: 'checksums of some go.work.sum lines',
      reason: `example.com/newgo@v1.0.0 requires go >= 1.99, newer than the go on this runner (${running})`
    });
    expect(report.workspaces[0]!.findings.filter((f) => f.kind === 'download-error')).toEqual([]);
  });

  test('the Go < 1.23 path (tidy a scratch go.mod and diff it) finds the same changes', async () => {
    const files = appFiles();
    files['go.mod'] = 'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/lib v1.0.0\n\texample.com/Upper v1.1.0\n)\n';
    files['go.sum'] = goSumLines([dep100, lib100, upper110]);
    const viaDiff = await scenario(files);
    const viaCopy = await scenario(files, { tidyMode: 'copy' });
    const a = findings(viaDiff.report, '.', 'untidy')[0] as UntidyFinding;
    const b = findings(viaCopy.report, '.', 'untidy')[0] as UntidyFinding;
    expect(b.changes.requiresAdded).toEqual(a.changes.requiresAdded);
    expect(b.changes.requiresRemoved).toEqual([{ path: 'example.com/Upper', version: 'v1.1.0', indirect: false }]);
    expect(b.changes.indirectChanged).toEqual(a.changes.indirectChanged);
    expect(b.changes.sumAdded.sort()).toEqual(a.changes.sumAdded.sort());
    expect(b.changes.sumRemoved.sort()).toEqual(a.changes.sumRemoved.sort());
    expect(viaCopy.calls.some((c) => c.includes('-diff'))).toBe(false);
  });

  test('the proxy layout escapes upper case', () => {
    expect(escapePath('example.com/Upper')).toBe('example.com/!upper');
    expect(existsSync(join(proxyDir, 'example.com', '!upper', '@v', 'v1.1.0.zip'))).toBe(true);
    expect(readdirSync(join(proxyDir, 'example.com', 'lib', '@v')).sort()).toEqual(['list', 'v1.0.0.info', 'v1.0.0.mod', 'v1.0.0.zip', 'v1.1.0.info', 'v1.1.0.mod', 'v1.1.0.zip']);
    expect(readFileSync(join(proxyDir, 'example.com', 'lib', '@v', 'list'), 'utf8')).toBe('v1.0.0\nv1.1.0\n');
  });
});

