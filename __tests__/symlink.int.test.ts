/**
 * A checkout whose files are symbolic links out of the repository (issue 13 §1): with real go and
 * an offline proxy, nothing behind a link leaks into the log, the markdown, the JSON report or a
 * file left behind; each link is its own `unreadable` finding; links inside the repository work;
 * the checkout is byte-identical afterwards.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goSumLines, writeProxy } from './helpers/goproxy.js';
import { cleanupTemp, fakeClock, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, lib100, lib110 } from './helpers/modules.js';
import { createGoRunner } from '../src/go/runner.js';
import { runEngine } from '../src/engine/engine.js';
import { DEFAULT_FAIL_ON, allFindings, type Finding, type Report } from '../src/report/model.js';
import { renderMarkdown } from '../src/report/markdown.js';

/** What must never appear anywhere: in a file outside the repository and in the process environment. */
const TOKEN = 'ghs_FAKEsymlinkTOKEN0123456789abcdefDONOTLEAK';

let proxy: string;
let outside: string;
const savedEnv = { ...process.env };

beforeAll(() => {
  proxy = writeProxy(tempDir('gmh-lproxy-'), ALL_MODULES);
  outside = tempDir('gmh-outside-');
  writeFileSync(join(outside, 'secret.txt'), `${TOKEN}\n`);
  // A module outside the repository whose every file holds the token.
  mkdirSync(join(outside, 'mod'));
  writeFileSync(join(outside, 'mod', 'go.mod'), `module example.com/outside\n\ngo 1.21\n// ${TOKEN}\n`);
  writeFileSync(join(outside, 'mod', 'x.go'), `package x\n\nconst T = "${TOKEN}"\n`);
});
afterAll(cleanupTemp);
// /proc/self/environ of this process (and of go's) holds the token.
beforeEach(() => {
  process.env.GMH_FAKE_SECRET = TOKEN;
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
});

interface Run {
  report: Report;
  root: string;
  log: string[];
  markdown: string;
  json: string;
  ms: number;
}

/** Runs the engine on a repository built by `build`, recording every log line; proves the checkout unchanged and the token absent. */
async function run(files: Record<string, string>, build: (root: string) => void): Promise<Run> {
  const root = makeRepo(files);
  build(root);
  const before = snapshot(root);
  const env = goEnv(proxy, { GMH_FAKE_SECRET: TOKEN });
  const scratch = tempDir('gmh-lscratch-');
  const log: string[] = [];
  const started = Date.now();
  const report = await runEngine(
    { root, modules: [], failOn: [...DEFAULT_FAIL_ON], downloadAttempts: 1, concurrency: 2, tempDir: scratch, tidyMode: 'auto', goEnv: {}, retryBaseMs: 1 },
    {
      go: createGoRunner({ goBinary: 'go', env, timeoutMs: 120_000 }),
      clock: fakeClock(),
      random: () => 0.5,
      log: { info: (m) => log.push(m), warning: (m) => log.push(m), group: (t, lines) => log.push(t, ...lines) }
    }
  );
  const ms = Date.now() - started;
  expect(snapshot(root)).toEqual(before);
  const markdown = renderMarkdown(report);
  const json = JSON.stringify(report);
  for (const text of [log.join('\n'), markdown, json]) expect(text).not.toContain(TOKEN);
  // Nothing left behind holds it either: the scratch directory and go's home (module cache included).
  for (const dir of [scratch, env.HOME!]) expect(filesHolding(dir, TOKEN)).toEqual([]);
  return { report, root, log, markdown, json, ms };
}

/** Regular files under `dir` (links not followed) whose content contains `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && readFileSync(p).includes(needle)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const unreadable = (report: Report): [string, string][] =>
  allFindings(report)
    .filter((f): f is Finding & { kind: 'unreadable' } => f.kind === 'unreadable')
    .map((f) => [f.file!, f.message]);

function vendor(dir: string): void {
  execFileSync('go', ['mod', 'vendor'], { cwd: dir, env: { ...goEnv(proxy), GOWORK: 'off' }, stdio: 'pipe' });
}

describe('files of the checkout that are symbolic links out of the repository', () => {
  test('go.mod, go.sum, go.work, go.work.sum, vendor/modules.txt, a vendored file, a source file and a module directory: each refused and named, nothing leaks', async () => {
    const files: Record<string, string> = {
      ...appFiles('gomod'),
      ...appFiles('gosum'),
      ...appFiles('gofile'),
      ...appFiles('vtxt'),
      ...appFiles('vfile'),
      ...appFiles('ws/a', 'example.com/wsa'),
      'ws/go.work': 'go 1.21\n\nuse ./a\n',
      ...appFiles('ws2/a', 'example.com/ws2a'),
      ...appFiles('clean')
    };
    delete files['gomod/go.mod'];
    delete files['gosum/go.sum'];
    const { report } = await run(files, (root) => {
      symlinkSync(join(outside, 'secret.txt'), join(root, 'gomod', 'go.mod'));
      symlinkSync('/proc/self/environ', join(root, 'gosum', 'go.sum'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'gofile', 'secret.go'));
      vendor(join(root, 'vtxt'));
      rmSync(join(root, 'vtxt/vendor/modules.txt'));
      symlinkSync('/proc/self/environ', join(root, 'vtxt/vendor/modules.txt'));
      vendor(join(root, 'vfile'));
      rmSync(join(root, 'vfile/vendor/example.com/lib/lib.go'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'vfile/vendor/example.com/lib/lib.go'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'ws/go.work.sum'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'ws2', 'go.work'));
      symlinkSync(join(outside, 'mod'), join(root, 'linkmod'));
      symlinkSync('/', join(root, 'rootlink'));
      symlinkSync('.', join(root, 'clean', 'loop'));
    });
    expect(unreadable(report)).toEqual([
      ['ws/go.work.sum', 'ws/go.work.sum is a symbolic link to a file outside the repository; not read'],
      ['ws2/go.work', 'ws2/go.work is a symbolic link to a file outside the repository; not read'],
      ['gofile/secret.go', 'gofile/secret.go is a symbolic link to a file outside the repository; not read'],
      ['gomod/go.mod', 'gomod/go.mod is a symbolic link to a file outside the repository; not read'],
      ['gosum/go.sum', 'gosum/go.sum is a symbolic link to a file outside the repository; not read'],
      ['linkmod', 'linkmod is a symbolic link to a directory outside the repository; not read'],
      ['vfile/vendor/example.com/lib/lib.go', 'vfile/vendor/example.com/lib/lib.go is a symbolic link to a file outside the repository; not read'],
      ['vtxt/vendor/modules.txt', 'vtxt/vendor/modules.txt is a symbolic link to a file outside the repository; not read']
    ]);
    // Each refusal is the only finding of its module, and says what was not run.
    const byDir = Object.fromEntries(report.modules.map((m) => [m.dir, [m.findings.map((f) => f.kind), m.skippedSteps.map((s) => `${s.step}: ${s.reason}`)]]));
    expect(byDir).toEqual({
      clean: [[], []],
      gofile: [['unreadable'], ['download: go would read gofile/secret.go, which is not read', 'tidy: go would read gofile/secret.go, which is not read', 'verify: go would read gofile/secret.go, which is not read']],
      gomod: [['unreadable'], ['checksums: go.mod was not read', 'download: go.mod was not read', 'tidy: go.mod was not read', 'verify: go.mod was not read']],
      gosum: [['unreadable'], ['checksums: go.sum was not read', 'download: go.sum was not read', 'tidy: go.sum was not read', 'verify: go.sum was not read']],
      linkmod: [['unreadable'], ['module: linkmod is a symbolic link to a directory outside the repository']],
      vfile: [['unreadable'], []],
      vtxt: [['unreadable'], ['vendor consistency: vendor/modules.txt was not read']],
      'ws/a': [[], []],
      'ws2/a': [[], []]
    });
    expect(report.workspaces.map((w) => [w.file, w.findings.map((f) => f.kind), w.skippedSteps])).toEqual([
      ['ws/go.work', ['unreadable'], [{ step: 'go work sync', reason: 'a file go would read was not read' }]],
      ['ws2/go.work', ['unreadable'], [{ step: 'workspace', reason: 'go.work was not read' }]]
    ]);
    // The links to / and the loop are not followed, and the loop is named where a module would be.
    expect(report.skipped).toEqual([{ dir: 'clean/loop', reason: 'a symbolic link to clean (not followed)' }]);
    expect(report.counts.unreadable).toBe(8);
    expect(report.failed).toBe(true);
  });

  test('go.sum linked to /dev/zero, or a named pipe: refused at once', async () => {
    const files = { ...appFiles('zero'), ...appFiles('fifo') };
    delete files['zero/go.sum'];
    delete files['fifo/go.sum'];
    const { report, ms } = await run(files, (root) => {
      symlinkSync('/dev/zero', join(root, 'zero', 'go.sum'));
      execFileSync('mkfifo', [join(root, 'fifo', 'go.sum')]);
      // Not hidden by the go.sum that stops the module.
      mkdirSync(join(root, 'zero', 'vendor'));
      symlinkSync('/proc/self/environ', join(root, 'zero', 'vendor', 'modules.txt'));
    });
    expect(unreadable(report)).toEqual([
      ['fifo/go.sum', 'fifo/go.sum is a named pipe, not a regular file; not read'],
      ['zero/go.sum', 'zero/go.sum is a symbolic link to a file outside the repository; not read'],
      ['zero/vendor/modules.txt', 'zero/vendor/modules.txt is a symbolic link to a file outside the repository; not read']
    ]);
    expect(ms).toBeLessThan(10_000);
  });

  test('links inside the repository are followed: a linked go.mod and go.sum, a linked source directory', async () => {
    const app = appFiles();
    const files = {
      'shared/app.mod': app['go.mod']!,
      'shared/app.sum': app['go.sum']!,
      'inlink/main.go': app['main.go']!.replace('package main', 'package main\n\nimport _ "example.com/app/util"'),
      'real/util/util.go': 'package util\n'
    };
    const { report } = await run(files, (root) => {
      symlinkSync('../shared/app.mod', join(root, 'inlink', 'go.mod'));
      symlinkSync('../shared/app.sum', join(root, 'inlink', 'go.sum'));
      symlinkSync('../real/util', join(root, 'inlink', 'util'));
    });
    expect(report.modules.map((m) => [m.dir, m.path, m.findings, m.skippedSteps])).toEqual([['inlink', 'example.com/app', [], []]]);
    expect(report.outcome).toBe('clean');
  });

  test('a local replacement reached through a link out of the repository: go does not run', async () => {
    const files = { ...appFiles('app'), 'app/go.mod': `${appFiles('app')['app/go.mod']!}\nreplace example.com/other => ../lib\n` };
    const { report } = await run(files, (root) => symlinkSync(join(outside, 'mod'), join(root, 'lib')));
    const m = report.modules.find((x) => x.dir === 'app')!;
    expect(m.findings.map((f) => [f.kind, f.message])).toEqual([
      ['replace-local', 'example.com/other => ../lib: the directory is outside the repository, so the module builds only where that directory happens to exist']
    ]);
    expect(m.skippedSteps.map((s) => s.step)).toEqual(['download', 'tidy', 'verify', 'retractions and deprecations']);
  });

  test('go.work: go work sync on a module whose go.mod is a link inside the repository writes nothing through it; a use linked out is outside', async () => {
    const mod = (path: string, v: string): string => `module ${path}\n\ngo 1.21\n\nrequire example.com/lib ${v}\n`;
    const main = 'package main\n\nimport "example.com/lib"\n\nfunc main() { println(lib.Hello()) }\n';
    const files = {
      'shared/a.mod': mod('example.com/a', 'v1.0.0'),
      'shared/a.sum': goSumLines([lib100]),
      'a/main.go': main,
      'b/go.mod': mod('example.com/b', 'v1.1.0'),
      'b/go.sum': goSumLines([lib110]),
      'b/main.go': main,
      'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
      'w2/go.work': 'go 1.21\n\nuse ./out\n'
    };
    const { report } = await run(files, (root) => {
      symlinkSync('../shared/a.mod', join(root, 'a', 'go.mod'));
      symlinkSync('../shared/a.sum', join(root, 'a', 'go.sum'));
      symlinkSync(join(outside, 'mod'), join(root, 'w2', 'out'));
    });
    // The run() snapshot proved shared/a.mod unchanged though sync rewrote a's go.mod in its copy.
    expect(report.workspaces.map((w) => [w.file, w.findings.map((f) => [f.kind, f.file, f.message])])).toEqual([
      ['go.work', [['workspace-sync', 'a/go.mod', 'go work sync would change a/go.mod: its requirements are older than the versions the workspace builds with']]],
      ['w2/go.work', [['workspace-error', 'w2/go.work', 'use ./out: the directory is outside the repository']]]
    ]);
    expect(report.modules.map((m) => [m.dir, m.findings.length])).toEqual([
      ['a', 0],
      ['b', 0],
      ['w2/out', 1] // unreadable: a module directory linked out
    ]);
  });

  (process.getuid?.() === 0 ? test.skip : test)('a directory that cannot be read is named, not left out of a green report', async () => {
    const files = { ...appFiles('open'), ...appFiles('locked/mod') };
    let root = '';
    try {
      const r = await run(files, (dir) => {
        root = dir;
        chmodSync(join(dir, 'locked'), 0o000);
      });
      expect(unreadable(r.report)).toEqual([['locked', 'locked cannot be read (EACCES)']]);
      expect(r.report.failed).toBe(true);
    } finally {
      if (root) chmodSync(join(root, 'locked'), 0o755);
    }
  });
});
