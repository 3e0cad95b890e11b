/**
 * Hygiene beyond tidy, with real go and an offline proxy: vendor/, go.work, go.mod directives,
 * retractions and deprecations (just go.mod files in the fixture proxy), risky settings and
 * available updates. Each kind has a case that finds it and one that must not.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeProxy, serveProxy, goSumLines, moduleHashes, wrongHash, type FixtureModule } from './helpers/goproxy.js';
import { check, cleanupTemp, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, lib100, lib110, other100 } from './helpers/modules.js';
import { ADVISORY_KINDS, DEFAULT_FAIL_ON, allFindings, type Finding, type FindingKind, type Report } from '../src/report/model.js';
import { marked } from 'marked';
import { renderMarkdown } from '../src/report/markdown.js';
import { planAnnotations } from '../src/github/annotations.js';

const pkg = (name: string, body: string, imports: string[] = []): string =>
  `package ${name}\n\n${imports.length ? `import (\n${imports.map((i) => `\t"${i}"\n`).join('')})\n\n` : ''}${body}\n`;

// Retracted: v1.0.0 is retracted by the go.mod of the latest version, v1.1.0.
const old100: FixtureModule = { path: 'example.com/old', version: 'v1.0.0', files: { 'old.go': pkg('old', 'const V = 1') } };
const old110: FixtureModule = {
  path: 'example.com/old',
  version: 'v1.1.0',
  files: { 'go.mod': 'module example.com/old\n\ngo 1.21\n\nretract v1.0.0 // leaks <b>memory</b> @someone\n', 'old.go': pkg('old', 'const V = 2') }
};
// Deprecated: the latest go.mod says so.
const legacy100: FixtureModule = {
  path: 'example.com/legacy',
  version: 'v1.0.0',
  files: { 'go.mod': '// Deprecated: use example.com/other instead.\nmodule example.com/legacy\n\ngo 1.21\n', 'legacy.go': pkg('legacy', 'const L = 1') }
};
// A dependency whose own go.mod replaces lib: go ignores that here.
const withReplace100: FixtureModule = {
  path: 'example.com/withreplace',
  version: 'v1.0.0',
  files: {
    // The local replace is the dependency's own development setup: not reported.
    'go.mod': 'module example.com/withreplace\n\ngo 1.21\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => example.com/lib v1.1.0\n\nreplace example.com/other => ../other\n',
    'w.go': pkg('withreplace', 'func W() string { return lib.Hello() }', ['example.com/lib'])
  }
};
// An untagged commit.
const snap: FixtureModule = { path: 'example.com/snap', version: 'v0.0.0-20240102030405-abcdef123456', files: { 'snap.go': pkg('snap', 'const S = 1') } };
// go mod vendor copies its .editorconfig; a repository may keep such files out with .gitignore.
const dotted100: FixtureModule = { path: 'example.com/dotted', version: 'v1.0.0', files: { 'dotted.go': pkg('dotted', 'const Name = "d"'), '.editorconfig': 'root = true\n' } };
const other101: FixtureModule = { path: 'example.com/other', version: 'v1.0.1', files: { 'other.go': pkg('other', 'const Name = "other"') } };

let proxyDir: string;
let proxy: string;

beforeAll(() => {
  proxyDir = tempDir('gmh-hproxy-');
  proxy = writeProxy(proxyDir, [...ALL_MODULES, old100, old110, legacy100, withReplace100, snap, other101, dotted100]);
});
afterAll(cleanupTemp);

/** A go.mod as go mod tidy formats it: direct and indirect require blocks, sorted, one-line when single. */
function mod(path: string, requires: [FixtureModule, boolean][], extra = ''): string {
  const block = (lines: string[]): string => (lines.length === 0 ? '' : lines.length === 1 ? `\nrequire ${lines[0]}\n` : `\nrequire (\n${lines.map((l) => `\t${l}\n`).join('')})\n`);
  const sorted = [...requires].sort((a, b) => (a[0].path < b[0].path ? -1 : 1));
  const direct = sorted.filter(([, d]) => d).map(([m]) => `${m.path} ${m.version}`);
  const indirect = sorted.filter(([, d]) => !d).map(([m]) => `${m.path} ${m.version} // indirect`);
  return `module ${path}\n\ngo 1.21\n${block(direct)}${block(indirect)}${extra}`;
}

/** A tidy module importing the given modules' packages. */
function moduleFiles(prefix: string, path: string, imports: FixtureModule[], indirect: FixtureModule[] = [], extra = ''): Record<string, string> {
  const p = (f: string): string => (prefix && prefix !== '.' ? `${prefix}/${f}` : f);
  const names = imports.map((m) => m.path.split('/').pop()!.toLowerCase());
  return {
    [p('go.mod')]: mod(path, [...imports.map((m): [FixtureModule, boolean] => [m, true]), ...indirect.map((m): [FixtureModule, boolean] => [m, false])], extra),
    [p('go.sum')]: goSumLines([...imports, ...indirect]),
    [p('main.go')]: pkg('main', `func main() { ${names.map((n) => `_ = ${n}.${n === 'old' ? 'V' : n === 'legacy' ? 'L' : n === 'snap' ? 'S' : n === 'withreplace' ? 'W()' : n === 'lib' ? 'Hello()' : 'Name'}`).join('; ')} }`, imports.map((m) => m.path))
  };
}

function kinds(fs: Finding[]): FindingKind[] {
  return fs.map((f) => f.kind);
}

async function scenario(files: Record<string, string>, options: Parameters<typeof check>[2] = {}, env = goEnv(proxy), prepare?: (root: string) => void) {
  const root = makeRepo(files);
  prepare?.(root);
  const before = snapshot(root);
  const result = await check(root, env, options);
  expect(snapshot(root)).toEqual(before);
  return { ...result, root, env };
}

function moduleFindings(report: Report, dir = '.'): Finding[] {
  return report.modules.find((m) => m.dir === dir)!.findings;
}

/** `go mod vendor` run by the test (not by the tool) to give a module a committed vendor/. */
function vendor(dir: string, env: Record<string, string>): void {
  execFileSync('go', ['mod', 'vendor'], { cwd: dir, env: { ...env, GOWORK: 'off' }, stdio: 'pipe' });
}

describe('vendor/', () => {
  test('fresh vendor/: no vendor findings', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(appFiles(), {}, env, (root) => vendor(root, env));
    expect(moduleFindings(report)).toEqual([]);
    expect(report.outcome).toBe('clean');
  });

  test('modules.txt inconsistent with go.mod: one finding per problem go lists', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(appFiles(), {}, env, (root) => {
      vendor(root, env);
      const txt = join(root, 'vendor', 'modules.txt');
      writeFileSync(txt, readFileSync(txt, 'utf8').replace(/## explicit.*\n/g, ''));
    });
    const fs = moduleFindings(report).filter((f) => f.kind === 'vendor-inconsistent');
    expect(fs.map((f) => f.kind === 'vendor-inconsistent' && [f.module, f.version])).toEqual([
      ['example.com/dep', 'v1.0.0'],
      ['example.com/other', 'v1.0.0'],
      ['example.com/lib', 'v1.0.0']
    ]);
    expect(fs[0]!.message).toBe('vendor/modules.txt: example.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt');
    expect(fs[0]!.file).toBe('vendor/modules.txt');
    expect(report.failed).toBe(true);
  });

  test('a replace vendor/modules.txt does not record: go names our scratch go.mod, the report names the module\'s', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(appFiles('svc', 'example.com/svc'), {}, env, (root) => {
      vendor(join(root, 'svc'), env);
      appendFileSync(join(root, 'svc/go.mod'), '\nreplace example.com/lib => example.com/lib v1.1.0\n');
    });
    const fs = moduleFindings(report, 'svc').filter((f) => f.kind === 'vendor-inconsistent');
    expect(fs.map((f) => f.message)).toContain('vendor/modules.txt: example.com/lib: is replaced in svc/go.mod, but not marked as replaced in vendor/modules.txt');
    expect(JSON.stringify(report.modules)).not.toMatch(/gmh-scratch-|go-mod-hygiene-/);
  });

  test('a hand-edited, an extra and a deleted vendored file: all listed (go itself never notices)', async () => {
    const env = goEnv(proxy);
    const files = appFiles('svc', 'example.com/svc');
    const { report } = await scenario(files, {}, env, (root) => {
      vendor(join(root, 'svc'), env);
      appendFileSync(join(root, 'svc/vendor/example.com/lib/lib.go'), '\nfunc Backdoor() {}\n');
      writeFileSync(join(root, 'svc/vendor/example.com/dep/notes.txt'), 'extra\n');
      // go builds it happily: the edit is invisible to go.
      execFileSync('go', ['build', './...'], { cwd: join(root, 'svc'), env: { ...env, GOWORK: 'off' }, stdio: 'pipe' });
      rmSync(join(root, 'svc/vendor/example.com/other/other.go'));
    });
    const [f] = moduleFindings(report, 'svc').filter((x) => x.kind === 'vendor-modified');
    expect(f).toMatchObject({
      kind: 'vendor-modified',
      file: 'svc/vendor/example.com/lib/lib.go',
      changed: ['example.com/lib/lib.go'],
      missing: ['example.com/other/other.go'],
      extra: ['example.com/dep/notes.txt']
    });
    expect(kinds(moduleFindings(report, 'svc'))).toEqual(['vendor-modified']);
    expect(report.failed).toBe(true);
  });

  test('files go mod vendor writes but .gitignore keeps out of git are not drift; without the ignore they are', async () => {
    const env = goEnv(proxy);
    const files = { ...moduleFiles('.', 'example.com/app', [dotted100]), '.gitignore': 'vendor/**/.editorconfig\n' };
    const prepare = (root: string): void => {
      execFileSync('git', ['init', '-q'], { cwd: root });
      vendor(root, env);
      rmSync(join(root, 'vendor/example.com/dotted/.editorconfig'));
    };
    const { report } = await scenario(files, {}, env, prepare);
    expect(moduleFindings(report)).toEqual([]);
    const { report: r2 } = await scenario({ ...files, '.gitignore': '' }, {}, env, prepare);
    expect(moduleFindings(r2)).toEqual([expect.objectContaining({ kind: 'vendor-modified', missing: ['example.com/dotted/.editorconfig'], changed: [], extra: [] })]);
  });

  test('a tampered module cache: the authentic committed vendor/ is compared with a clean download, not the tampered copy; a real edit is still found', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(appFiles(), {}, env, (root) => {
      vendor(root, env);
      // The cache copy is edited (writable: -modcacherw); vendor/ keeps the authentic file.
      appendFileSync(join(env.GOMODCACHE!, 'example.com/lib@v1.0.0/lib.go'), '\nfunc Backdoor() {}\n');
      appendFileSync(join(root, 'vendor/example.com/other/other.go'), '\n// edited\n');
    });
    expect(moduleFindings(report).map((f) => [f.kind, f.message])).toEqual([
      ['cache-modified', expect.stringMatching(/^example\.com\/lib v1\.0\.0: dir has been modified/)],
      ['vendor-modified', 'vendor/ differs from what go mod vendor writes: 1 changed file(s) (first: example.com/other/other.go)']
    ]);
    expect(moduleFindings(report)[1]).toMatchObject({ changed: ['example.com/other/other.go'], missing: [], extra: [] });
    expect(report.modules[0]!.skippedSteps).toEqual([]);
  });
});

/**
 * A repository shaped like kubernetes: the root module and staging modules under
 * staging/src/example.com/X, replaced by directory, all used by go.work, vendor/ written by
 * `go work vendor` at the workspace root.
 */
function kubeFiles(): Record<string, string> {
  const staging = 'staging/src/example.com';
  return {
    'go.mod': `module example.com/kube\n\ngo 1.22\n\nrequire (\n\texample.com/api v0.0.0\n\texample.com/other v1.0.0\n)\n\nrequire (\n\texample.com/apimachinery v0.0.0 // indirect\n\texample.com/lib v1.0.0 // indirect\n)\n\nreplace (\n\texample.com/api => ./${staging}/api\n\texample.com/apimachinery => ./${staging}/apimachinery\n)\n`,
    'go.sum': goSumLines([lib100, other100]),
    'main.go': pkg('main', 'func main() { _ = api.Name; _ = other.Name }', ['example.com/api', 'example.com/other']),
    'go.work': `go 1.22\n\nuse (\n\t.\n\t./${staging}/api\n\t./${staging}/apimachinery\n)\n`,
    [`${staging}/api/go.mod`]: 'module example.com/api\n\ngo 1.22\n\nrequire example.com/apimachinery v0.0.0\n\nrequire example.com/lib v1.0.0 // indirect\n\nreplace example.com/apimachinery => ../apimachinery\n',
    [`${staging}/api/go.sum`]: goSumLines([lib100]),
    [`${staging}/api/api.go`]: pkg('api', 'var Name = apimachinery.Hello()', ['example.com/apimachinery']),
    [`${staging}/apimachinery/go.mod`]: 'module example.com/apimachinery\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n',
    [`${staging}/apimachinery/go.sum`]: goSumLines([lib100]),
    [`${staging}/apimachinery/am.go`]: pkg('apimachinery', 'func Hello() string { return lib.Hello() }', ['example.com/lib'])
  };
}

/** `go work vendor` run by the test, as kubernetes' hack/update-vendor.sh does. */
function workVendor(root: string, env: Record<string, string>): void {
  execFileSync('go', ['work', 'vendor'], { cwd: root, env: { ...env, GOWORK: join(root, 'go.work') }, stdio: 'pipe' });
}

describe('vendor/ made by go work vendor (kubernetes-shaped)', () => {
  test('fresh: no findings anywhere, the root module is not checked against go mod vendor', async () => {
    const env = goEnv(proxy);
    const { report, groups } = await scenario(kubeFiles(), {}, env, (root) => workVendor(root, env));
    expect(report.modules.map((m) => [m.dir, kinds(m.findings), m.skippedSteps])).toEqual([
      ['.', [], []],
      ['staging/src/example.com/api', [], []],
      ['staging/src/example.com/apimachinery', [], []]
    ]);
    expect(report.workspaces.map((w) => [w.file, kinds(w.findings), w.skippedSteps])).toEqual([['go.work', [], []]]);
    expect(groups['module .']).toContain('vendor/ was made by go work vendor: checked with the go.work beside it');
    expect(report.outcome).toBe('clean');
  });

  test('an edited vendored file and a modules.txt out of step: found in workspace mode, reported under the workspace', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(kubeFiles(), {}, env, (root) => {
      workVendor(root, env);
      appendFileSync(join(root, 'vendor/example.com/lib/lib.go'), '\nfunc Backdoor() {}\n');
      const txt = join(root, 'vendor/modules.txt');
      writeFileSync(txt, readFileSync(txt, 'utf8').replace(/(# example\.com\/other v1\.0\.0\n)## explicit.*\n/, '$1'));
    });
    expect(report.modules.map((m) => kinds(m.findings))).toEqual([[], [], []]);
    const [w] = report.workspaces;
    expect(w!.findings.map((f) => [f.kind, f.file, f.message])).toEqual([
      ['vendor-inconsistent', 'vendor/modules.txt', 'vendor/modules.txt: example.com/other@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt'],
      ['vendor-modified', 'vendor/example.com/lib/lib.go', 'vendor/ differs from what go work vendor writes: 2 changed file(s) (first: example.com/lib/lib.go)']
    ]);
    expect(w!.findings[1]).toMatchObject({ changed: ['example.com/lib/lib.go', 'modules.txt'], missing: [], extra: [] });
    expect(report.failed).toBe(true);
    expect(renderMarkdown(report)).toContain('Run `go work vendor` and commit vendor/.');
  });
  test('## explicit removed for a module three workspace modules require: one vendor-inconsistent finding, not go\'s line per module', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(kubeFiles(), {}, env, (root) => {
      workVendor(root, env);
      const txt = join(root, 'vendor/modules.txt');
      writeFileSync(txt, readFileSync(txt, 'utf8').replace(/(# example\.com\/lib v1\.0\.0\n)## explicit(?:; (.*))?\n/, (_m, head: string, rest?: string) => (rest ? `${head}## ${rest}\n` : head)));
    });
    expect(report.workspaces[0]!.findings.map((f) => [f.kind, f.message])).toEqual([
      ['vendor-inconsistent', 'vendor/modules.txt: example.com/lib@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt'],
      ['vendor-modified', 'vendor/ differs from what go work vendor writes: 1 changed file(s) (first: modules.txt)']
    ]);
    expect(report.counts['vendor-inconsistent']).toBe(1);
  });
  test('a tampered module cache: the authentic vendor/ is compared with a clean download, not reported as changed', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(kubeFiles(), {}, env, (root) => {
      workVendor(root, env);
      appendFileSync(join(env.GOMODCACHE!, 'example.com/lib@v1.0.0/lib.go'), '\nfunc Backdoor() {}\n');
    });
    // The cache is reported by each module that uses lib; vendor/ is right and says nothing.
    expect(report.modules.map((m) => [m.dir, kinds(m.findings)])).toEqual([
      ['.', ['cache-modified']],
      ['staging/src/example.com/api', ['cache-modified']],
      ['staging/src/example.com/apimachinery', ['cache-modified']]
    ]);
    expect(report.workspaces[0]!.findings).toEqual([]);
    expect(report.workspaces[0]!.skippedSteps).toEqual([]);
  });

  test('a replace to a directory outside the repository: replace-local on the module; the workspace says why vendor freshness and go work sync were skipped', async () => {
    const env = goEnv(proxy);
    const { report } = await scenario(kubeFiles(), {}, env, (root) => {
      workVendor(root, env);
      // A copy of example.com/other beside the repository, replaced into the root module afterwards.
      const outside = tempDir('gmh-outside-'); // beside the repository (both in the temporary directory), and removed with it
      writeFileSync(join(outside, 'go.mod'), 'module example.com/other\n\ngo 1.21\n');
      writeFileSync(join(outside, 'other.go'), pkg('other', 'const Name = "outside"'));
      appendFileSync(join(root, 'go.mod'), `\nreplace example.com/other => ../${outside.slice(outside.lastIndexOf('/') + 1)}\n`);
    });
    expect(report.modules.map((m) => [m.dir, kinds(m.findings)])).toEqual([
      ['.', ['replace-local', 'untidy']],
      ['staging/src/example.com/api', []],
      ['staging/src/example.com/apimachinery', []]
    ]);
    const [w] = report.workspaces;
    // modules.txt does not record the new replacement: true. Freshness cannot be checked in a copy that lacks the directory.
    expect(w!.findings.map((f) => [f.kind, f.message])).toEqual([
      ['vendor-inconsistent', 'vendor/modules.txt: example.com/other: is replaced in go.mod, but not marked as replaced in vendor/modules.txt']
    ]);
    expect(w!.skippedSteps).toEqual([
      { step: 'vendor freshness', reason: 'a local replacement points outside the workspace (see the replace-local findings)' },
      { step: 'go work sync', reason: 'a local replacement points outside the workspace (see the replace-local findings)' }
    ]);
    expect(report.failed).toBe(true);
  });
});

describe('go.work', () => {
  const twoModules = (): Record<string, string> => ({
    ...moduleFiles('a', 'example.com/a', [lib100]),
    ...moduleFiles('b', 'example.com/b', [lib110])
  });

  test('go work sync would raise a requirement: workspace-sync with the diff, modules themselves clean', async () => {
    const files = { ...twoModules(), 'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n' };
    const { report } = await scenario(files);
    expect(report.modules.map((m) => m.findings.length)).toEqual([0, 0]);
    const [w] = report.workspaces;
    expect(kinds(w!.findings)).toEqual(['workspace-sync']);
    expect(w!.findings[0]).toMatchObject({ kind: 'workspace-sync', module: 'a', file: 'a/go.mod' });
    expect(w!.findings[0]!.kind === 'workspace-sync' && w!.findings[0].diff).toContain('-require example.com/lib v1.0.0\n+require example.com/lib v1.1.0\n');
    // An advisory: reported, not failing by default.
    expect(report.failed).toBe(false);
    expect(report.outcome).toBe('findings');
  });

  test('use directories that are missing, lack a go.mod or leave the repository: workspace-error each, sync skipped', async () => {
    const files = { ...appFiles('a', 'example.com/a'), 'docs/README.md': 'docs\n', 'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./missing\n\t./docs\n\t../outside\n)\n' };
    const { report } = await scenario(files);
    const [w] = report.workspaces;
    expect(w!.findings.map((f) => [f.kind, f.line, f.message])).toEqual([
      ['workspace-error', 5, 'use ./missing: the directory does not exist'],
      ['workspace-error', 6, 'use ./docs: the directory has no go.mod'],
      ['workspace-error', 7, 'use ../outside: the directory is outside the repository']
    ]);
    expect(w!.skippedSteps).toEqual([{ step: 'go work sync', reason: 'the workspace cannot be loaded as it is' }]);
    expect(report.failed).toBe(true);
  });

  test('go.work.sum lines are checked like go.sum: a wrong hash is a mismatch in the workspace, not in a module', async () => {
    const sum = goSumLines([lib110, other100]).replace(/^(example\.com\/other v1\.0\.0) h1:\S+$/m, `$1 ${wrongHash('ws')}`);
    const files = { ...appFiles('a', 'example.com/a'), 'go.work': 'go 1.21\n\nuse ./a\n', 'go.work.sum': sum };
    const { report } = await scenario(files);
    const [w] = report.workspaces;
    expect(w!.findings).toEqual([
      expect.objectContaining({ kind: 'checksum-mismatch', file: 'go.work.sum', line: 3, module: 'example.com/other', version: 'v1.0.0', hash: 'zip', committed: wrongHash('ws') })
    ]);
    expect(report.modules[0]!.findings).toEqual([]);
    expect(report.counts['checksum-mismatch']).toBe(1);
    expect(report.failed).toBe(true);
  });

  test('a wrong go.sum hash in a workspace module: reported once, with the module; go work sync still runs on the corrected go.sum and finds what it finds', async () => {
    const files: Record<string, string> = {
      ...moduleFiles('a', 'example.com/a', [lib100, other100]),
      ...moduleFiles('b', 'example.com/b', [lib110]),
      'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n'
    };
    // A zip the workspace build needs: go work sync itself stops on it.
    files['a/go.sum'] = files['a/go.sum']!.replace(/^(example\.com\/other v1\.0\.0) h1:\S+$/m, `$1 ${wrongHash('a')}`);
    const { report } = await scenario(files);
    expect(report.modules.map((m) => [m.dir, kinds(m.findings)])).toEqual([
      ['a', ['checksum-mismatch']],
      ['b', []]
    ]);
    // Not skipped (and so never shown as "clean"): the true sync advisory is there.
    const [w] = report.workspaces;
    expect(w!.skippedSteps).toEqual([]);
    expect(w!.findings.map((f) => [f.kind, f.file, f.message])).toEqual([
      ['workspace-sync', 'a/go.mod', 'go work sync would change a/go.mod: its requirements are older than the versions the workspace builds with']
    ]);
  });

  test('malformed go.work: reported with its line', async () => {
    const files = { ...appFiles('a', 'example.com/a'), 'go.work': 'go 1.21\n\nuse ./a\nfrobnicate\n' };
    const { report } = await scenario(files);
    expect(report.workspaces[0]!.findings).toEqual([expect.objectContaining({ kind: 'malformed', file: 'go.work', line: 4 })]);
  });
});

describe('go.mod directives', () => {
  test('local replace outside the repository or to a missing directory: replace-local errors, go steps skipped', async () => {
    const files = moduleFiles('app', 'example.com/app', [lib100], [], '\nreplace example.com/lib => ../../elsewhere/lib\n');
    const { report } = await scenario(files);
    const fs = moduleFindings(report, 'app');
    expect(fs).toEqual([expect.objectContaining({ kind: 'replace-local', problem: 'outside-repository', target: '../../elsewhere/lib', line: 7, file: 'app/go.mod' })]);
    expect(report.modules[0]!.skippedSteps.map((s) => s.step)).toEqual(['download', 'tidy', 'verify', 'retractions and deprecations']);
    const missing = moduleFiles('app', 'example.com/app', [lib100], [], '\nreplace example.com/lib => ./nope\n');
    const { report: r2 } = await scenario(missing);
    expect(moduleFindings(r2, 'app')).toEqual([expect.objectContaining({ kind: 'replace-local', problem: 'missing', message: 'example.com/lib => ./nope: the directory does not exist' })]);
    expect(r2.failed).toBe(true);
  });

  test('a replace go cannot load does not switch off the go.sum check: a wrong zip hash beside it is still found', async () => {
    const files = moduleFiles('app', 'example.com/app', [lib100, other100], [], '\nreplace example.com/lib => ./nope\n');
    files['app/go.sum'] = files['app/go.sum']!.replace(/^(example\.com\/other v1\.0\.0) h1:\S+$/m, `$1 ${wrongHash('other')}`);
    const { report } = await scenario(files);
    expect(moduleFindings(report, 'app').map((f) => [f.kind, f.line, f.message])).toEqual([
      ['replace-local', 10, 'example.com/lib => ./nope: the directory does not exist'],
      ['checksum-mismatch', 3, `example.com/other@v1.0.0: go.sum has ${wrongHash('other')}, ${proxy} has ${moduleHashes(other100).zip}`]
    ]);
    expect(moduleFindings(report, 'app')[1]).toMatchObject({ module: 'example.com/other', hash: 'zip', committed: wrongHash('other') });
    expect(report.modules[0]!.skippedSteps).toEqual(
      ['download', 'tidy', 'verify', 'retractions and deprecations'].map((step) => ({ step, reason: 'go cannot load this module: the replacement directory ./nope does not exist' }))
    );
  });

  test('terraform-shaped: a local replace nothing requires, to a directory without go.mod, is a dead-replace advisory and every step runs', async () => {
    const dir = 'internal/backend/remote-state/s3';
    const files: Record<string, string> = {
      ...moduleFiles(dir, 'example.com/x/internal/backend/remote-state/s3', [lib100], [], '\nreplace example.com/x/internal => ../../..\n'),
      'internal/README.md': 'no go.mod here\n'
    };
    const { report } = await scenario(files);
    expect(moduleFindings(report, dir)).toEqual([
      {
        kind: 'replace',
        file: `${dir}/go.mod`,
        line: 7,
        module: 'example.com/x/internal',
        message: 'example.com/x/internal => ../../..: nothing requires example.com/x/internal, so this replace has no effect (the directory has no go.mod); it can be deleted',
        target: '../../..',
        replacement: 'unused'
      }
    ]);
    expect(report.modules[0]!.skippedSteps).toEqual([]);
    expect(report.failed).toBe(false);
    const md = renderMarkdown(report);
    expect(md).not.toContain('Point the replacement');
    expect(md).toContain('one whose module nothing requires can be deleted');
    // To a missing directory, or one outside the repository: dead all the same.
    const gone = moduleFiles('app', 'example.com/app', [lib100], [], '\nreplace example.com/gone => ./gone\n\nreplace example.com/far => ../../far\n');
    const { report: r2 } = await scenario(gone);
    expect(moduleFindings(r2, 'app').map((f) => [f.kind, f.kind === 'replace' && f.replacement, f.message])).toEqual([
      ['replace', 'unused', 'example.com/gone => ./gone: nothing requires example.com/gone, so this replace has no effect (the directory does not exist); it can be deleted'],
      ['replace', 'unused', 'example.com/far => ../../far: nothing requires example.com/far, so this replace has no effect (the directory is outside the repository and does not exist here); it can be deleted']
    ]);
    expect(r2.failed).toBe(false);
  });

  test('v0.0.0-00010101000000-000000000000 required for a module a local replace provides is not a pseudo-version; a real untagged commit still is', async () => {
    const files: Record<string, string> = {
      ...moduleFiles('app', 'example.com/app', [snap], [], '\nreplace example.com/local => ../local\n'),
      'local/go.mod': 'module example.com/local\n\ngo 1.21\n',
      'local/local.go': pkg('local', 'const Name = "local"')
    };
    files['app/go.mod'] = files['app/go.mod']!.replace('require example.com/snap', 'require (\n\texample.com/local v0.0.0-00010101000000-000000000000\n\texample.com/snap').replace(/(v0\.0\.0-20240102030405-abcdef123456)\n/, '$1\n)\n');
    files['app/main.go'] = pkg('main', 'func main() { _ = snap.S; _ = local.Name }', ['example.com/local', 'example.com/snap']);
    const { report } = await scenario(files);
    expect(moduleFindings(report, 'app').map((f) => [f.kind, f.kind === 'pseudo-version' && f.module])).toEqual([['pseudo-version', 'example.com/snap']]);
    expect(moduleFindings(report, 'local')).toEqual([]);
  });

  test('local replace inside the repository: fine, and the sibling is checked itself (notice when it is not)', async () => {
    const files: Record<string, string> = {
      ...moduleFiles('app', 'example.com/app', [lib100], [], '\nreplace example.com/lib => ../libfork\n'),
      'libfork/go.mod': 'module example.com/lib\n\ngo 1.21\n',
      'libfork/lib.go': pkg('lib', 'func Hello() string { return "fork" }')
    };
    // The replaced module needs no go.sum lines: tidy says so, which is the sibling rule at work.
    files['app/go.sum'] = '';
    const { report } = await scenario(files);
    expect(report.modules.map((m) => [m.dir, kinds(m.findings)])).toEqual([
      ['app', []],
      ['libfork', []]
    ]);
    expect(report.notices.filter((n) => n.includes('local replace'))).toEqual([]);
    const { report: r2 } = await scenario(files, { modules: ['!libfork'] });
    expect(r2.notices).toContain('libfork is the target of a local replace directive but was not checked (excluded by the modules input).');
  });

  test('conflicting replacements: replace-conflict naming both lines; identical repeats are only an advisory', async () => {
    const conflict = moduleFiles('.', 'example.com/app', [lib100], [], '\nreplace example.com/lib => example.com/lib v1.1.0\n\nreplace example.com/lib => ./fork\n');
    const { report } = await scenario(conflict);
    expect(moduleFindings(report)).toEqual([
      expect.objectContaining({ kind: 'replace-conflict', module: 'example.com/lib', line: 9, lines: [7, 9], targets: ['example.com/lib v1.1.0', './fork'] })
    ]);
    expect(report.failed).toBe(true);
    const repeat = moduleFiles('.', 'example.com/app', [lib100], [], '\nreplace example.com/lib => example.com/lib v1.1.0\n\nreplace example.com/lib => example.com/lib v1.1.0\n');
    repeat['go.sum'] = goSumLines([lib110]);
    const { report: r2 } = await scenario(repeat);
    expect(moduleFindings(r2).map((f) => [f.kind, f.kind === 'replace' && f.replacement, f.line])).toEqual([
      ['replace', 'duplicate', 9],
      ['replace', 'version', 7],
      ['untidy', false, undefined]
    ]);
    // go loads it; tidy would drop the repeated line, which the untidy finding shows.
    const untidy = moduleFindings(r2).find((f) => f.kind === 'untidy');
    expect(untidy?.kind === 'untidy' && untidy.changes.diff).toContain('-replace example.com/lib => example.com/lib v1.1.0\n');
    expect(r2.counts['replace-conflict']).toBe(0);
  });

  test('replace in a dependency go.mod: replace-ignored says what is used instead', async () => {
    const files = moduleFiles('.', 'example.com/app', [withReplace100], [lib100]);
    const { report } = await scenario(files);
    expect(moduleFindings(report)).toEqual([
      expect.objectContaining({
        kind: 'replace-ignored',
        dependency: 'example.com/withreplace',
        module: 'example.com/lib',
        target: 'example.com/lib',
        targetVersion: 'v1.1.0',
        line: 5,
        message: 'example.com/withreplace v1.0.0 has "replace example.com/lib => example.com/lib v1.1.0" in its go.mod; go ignores it here, this module builds with example.com/lib v1.0.0'
      })
    ]);
    expect(report.failed).toBe(false);
  });

  test('pseudo-version, exclude and a toolchain newer than the runner: advisories with their lines', async () => {
    const files = moduleFiles('.', 'example.com/app', [snap, other100], [], '\nexclude example.com/lib v1.1.0\n');
    files['go.mod'] = files['go.mod']!.replace('go 1.21\n', 'go 1.21\n\ntoolchain go1.99.1\n');
    const { report } = await scenario(files);
    expect(moduleFindings(report).map((f) => [f.kind, f.line])).toEqual([
      ['exclude', 12],
      ['pseudo-version', 9],
      ['toolchain', 5]
    ]);
    expect(moduleFindings(report)[1]).toMatchObject({ module: 'example.com/snap', commitTime: '2024-01-02T03:04:05Z', revision: 'abcdef123456' });
    expect(report.failed).toBe(false);
    // Tagged versions, no exclude, no toolchain line: none of these.
    const { report: clean } = await scenario(moduleFiles('.', 'example.com/app', [other100]));
    expect(moduleFindings(clean)).toEqual([]);
  });
});

describe('retractions, deprecations and updates', () => {
  test('a retracted version with its (escaped) reason and a deprecated module', async () => {
    const files = moduleFiles('.', 'example.com/app', [old100, legacy100]);
    const { report } = await scenario(files);
    // In go.mod order (legacy, then old), each on its require line.
    expect(moduleFindings(report)).toEqual([
      expect.objectContaining({ kind: 'deprecated', module: 'example.com/legacy', deprecation: 'use example.com/other instead.', line: 6 }),
      expect.objectContaining({ kind: 'retracted', module: 'example.com/old', version: 'v1.0.0', reasons: ['leaks <b>memory</b> @someone'], latest: 'v1.1.0', line: 7 })
    ]);
    const md = renderMarkdown(report);
    expect(md).toContain('`example.com/old v1.0.0 is retracted by its authors: leaks <b>memory</b> @someone`');
    const html = await marked.parse(md);
    expect(html).toContain('&lt;b&gt;memory&lt;/b&gt; @someone');
    expect(html).not.toContain('<b>');
    // Not retracted: the newest version.
    const { report: ok } = await scenario(moduleFiles('.', 'example.com/app', [old110]));
    expect(moduleFindings(ok)).toEqual([]);
  });

  test('GOPROXY=off: lookups reported as not checked, never as "nothing retracted"', async () => {
    const env = goEnv(proxy);
    const files = moduleFiles('.', 'example.com/app', [old100]);
    await scenario(files, {}, env); // fills the module cache
    const { report } = await scenario(files, {}, { ...env, GOPROXY: 'off' });
    expect(moduleFindings(report)).toEqual([]);
    expect(report.modules[0]!.skippedSteps).toEqual([{ step: 'retractions and deprecations', reason: 'could not be checked: GOPROXY=off: go cannot fetch version lists' }]);
    expect(report.notices).toContain("Retractions and deprecations could not be checked for 1 module(s); see each module's details.");
    expect(renderMarkdown(report)).toContain('- ℹ️ `.`: retractions and deprecations not run: `could not be checked: GOPROXY=off: go cannot fetch version lists`');
  });

  test('the proxy failing the version lists: not checked, with go\'s error', async () => {
    const server = await serveProxy(proxyDir);
    try {
      const env = goEnv(server.url);
      const files = moduleFiles('.', 'example.com/app', [old100]);
      await scenario(files, {}, env);
      server.fail(500, 100, /\/@v\/list$/);
      const { report } = await scenario(files, {}, env);
      expect(moduleFindings(report)).toEqual([]);
      expect(report.modules[0]!.skippedSteps[0]!.reason).toMatch(/^could not be checked: 1 of 1 module\(s\) could not be looked up: example\.com\/old: loading module retractions for example\.com\/old@v1\.0\.0: .*500/);
    } finally {
      await server.close();
    }
  });

  test('updates (audit): direct dependencies only, furthest behind first; off by default', async () => {
    const files = moduleFiles('.', 'example.com/app', [other100, lib100, old110]);
    const { report } = await scenario(files, { updates: true });
    expect(moduleFindings(report)).toEqual([
      expect.objectContaining({
        kind: 'outdated',
        updates: [
          expect.objectContaining({ path: 'example.com/lib', version: 'v1.0.0', latest: 'v1.1.0', behind: 'minor', distance: [0, 1, 0] }),
          expect.objectContaining({ path: 'example.com/other', version: 'v1.0.0', latest: 'v1.0.1', behind: 'patch', distance: [0, 0, 1] })
        ]
      })
    ]);
    expect(report.failed).toBe(false);
    const { report: off } = await scenario(files);
    expect(moduleFindings(off)).toEqual([]);
  });
});

describe('risky settings', () => {
  test('GOSUMDB=off, a GONOSUMDB covering public hosts, GOINSECURE, GOFLAGS=-mod=mod with a go.work: environment findings', async () => {
    const files = { ...appFiles('a', 'example.com/a'), 'go.work': 'go 1.21\n\nuse ./a\n' };
    const env = goEnv(proxy, { GOSUMDB: 'off', GOINSECURE: 'example.com', GOFLAGS: '-modcacherw -mod=mod' });
    const { report } = await scenario(files, {}, env);
    expect(report.environment.map((f) => f.message)).toEqual([
      'GOSUMDB=off: the checksum database is off, so no new go.sum line is checked against it',
      // With the checksum database off too, nothing vouches for what arrives.
      'GOINSECURE=example.com: modules matching it are fetched over plain HTTP or without certificate checks, and the checksum database does not check them either: anyone on the network path can change their code',
      'GOFLAGS=-modcacherw -mod=mod: -mod=mod is rejected in workspace mode: every go command in this go.work fails'
    ]);
    const broad = goEnv(proxy, { GONOSUMDB: 'example.com,github.com' });
    const { report: r2 } = await scenario(appFiles(), {}, broad);
    expect(r2.environment.map((f) => f.message)).toEqual([
      'GONOSUMDB=example.com,github.com: the pattern "github.com" switches checksum verification off for public modules too (e.g. github.com/stretchr/testify); list private paths only, like github.com/your-org'
    ]);
    expect(r2.failed).toBe(false);
    expect(planAnnotations(r2, '')).toEqual([expect.objectContaining({ level: 'warning', title: 'go-mod-hygiene: risky-setting' })]);
    expect(planAnnotations(r2, '')[0]!.file).toBeUndefined();
    // The fixture's own GONOSUMDB=example.com names no public host: no finding.
    const { report: r3 } = await scenario(appFiles());
    expect(r3.environment).toEqual([]);
  });
});

describe('a repository combining them', () => {
  test('every kind lands where it belongs; only error kinds fail by default; fail-on can add advisories', async () => {
    const env = goEnv(proxy, { GOINSECURE: 'corp.example' });
    const files = {
      ...moduleFiles('a', 'example.com/a', [lib100, snap], [], '\nexclude example.com/lib v1.1.0\n'),
      ...moduleFiles('b', 'example.com/b', [lib110, old100]),
      ...appFiles('vendored', 'example.com/vendored'),
      'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n'
    };
    const prepare = (root: string): void => {
      vendor(join(root, 'vendored'), env);
      mkdirSync(join(root, 'vendored/vendor/example.com/lib'), { recursive: true });
      appendFileSync(join(root, 'vendored/vendor/example.com/lib/lib.go'), '// edited\n');
    };
    const { report } = await scenario(files, {}, env, prepare);
    expect(kinds(report.environment)).toEqual(['risky-setting']);
    expect(kinds(report.workspaces[0]!.findings)).toEqual(['workspace-sync']);
    expect(report.modules.map((m) => [m.dir, kinds(m.findings)])).toEqual([
      ['a', ['exclude', 'pseudo-version']],
      ['b', ['retracted']],
      ['vendored', ['vendor-modified']]
    ]);
    const all = allFindings(report);
    expect(Object.entries(report.counts).filter(([, n]) => n > 0)).toEqual(
      ['vendor-modified', 'workspace-sync', 'retracted', 'pseudo-version', 'exclude', 'risky-setting'].map((k) => [k, all.filter((f) => f.kind === k).length])
    );
    expect(report.failed).toBe(true);
    expect(DEFAULT_FAIL_ON.filter((k) => report.counts[k] > 0)).toEqual(['vendor-modified']);
    const md = renderMarkdown(report);
    // What fails first, then the advisories folded: settings, the workspace, the modules.
    expect(md.indexOf('- ❌ `vendored`: vendor/ not what go mod vendor writes')).toBeGreaterThan(0);
    expect(md.indexOf('- ❌ `vendored`')).toBeLessThan(md.indexOf('<details open><summary>❌ <code>vendored</code>'));
    expect(md.indexOf('<details open><summary>❌ <code>vendored</code>')).toBeLessThan(md.indexOf('<details><summary>⚠️'));
    expect(md.indexOf('<details><summary>⚠️')).toBeLessThan(md.indexOf('#### go settings of this run'));
    expect(md.indexOf('#### go settings of this run')).toBeLessThan(md.indexOf('#### workspace `go.work`'));
    expect(md.indexOf('#### workspace `go.work`')).toBeLessThan(md.indexOf('#### `a`'));

    // Without the vendor edit, advisories alone: reported, not failing; fail-on may opt in.
    const { report: advisory } = await scenario(files, {}, env, (root) => vendor(join(root, 'vendored'), env));
    expect(advisory.failed).toBe(false);
    expect(advisory.outcome).toBe('findings');
    const { report: strict } = await scenario(files, { failOn: [...ADVISORY_KINDS] }, env, (root) => vendor(join(root, 'vendored'), env));
    expect(strict.failed).toBe(true);
  });
});
