/**
 * The cache phases with the real @actions/cache against the loopback cache service, real go
 * against a loopback module proxy whose request log counts downloads. Each "job" is a fresh
 * runner: a new GOMODCACHE, main (restore → engine → afterCheck) then post (save) with the
 * state main left.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeProxy, serveProxy, goSumLines, type ProxyServer } from './helpers/goproxy.js';
import { cleanupTemp, fakeClock, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, dep100, lib100, lib110, other100, upper110 } from './helpers/modules.js';
import { makeZip } from './helpers/zip.js';
import { archiveFiles, captureActionsOutput, setEnv, startCacheService, type FakeCacheService } from './helpers/cache-service.js';
import { createGoRunner, type GoRunner } from '../src/go/runner.js';
import { runEngine } from '../src/engine/engine.js';
import { parseSettings } from '../src/settings.js';
import { afterCheckPhase, restorePhase, savePhase, warmPhase, type CachePhaseContext } from '../src/cache/phases.js';
import { actionsCacheStore, memoryState, CacheState } from '../src/cache/store.js';
import { cachePaths, downloadDir, removeTree, stagingDir } from '../src/cache/modcache.js';
import type { Report } from '../src/report/model.js';

let fake: FakeCacheService;
let proxy: ProxyServer;
let restoreEnv: () => void;
let prefixes = 0;

beforeAll(async () => {
  const proxyDir = tempDir('gmh-proxy-');
  writeProxy(proxyDir, ALL_MODULES);
  proxy = await serveProxy(proxyDir);
  fake = await startCacheService();
  restoreEnv = setEnv({ ...fake.env(), GITHUB_WORKSPACE: tempDir('gmh-ws-'), ACTIONS_CACHE_MODE: undefined });
});

afterAll(async () => {
  restoreEnv();
  await fake.close();
  await proxy.close();
  cleanupTemp();
});

/** This test's GOMODCACHE path. */
let mc: string;
/** One GOMODCACHE path per test. */
const newModcache = (): string => join(tempDir('gmh-runner-'), 'go', 'pkg', 'mod');

beforeEach(() => {
  mc = newModcache();
  fake.requests.length = 0;
  proxy.requests.length = 0;
});

/** A cache prefix no other test uses, so keys never collide across tests. */
const freshPrefix = (): string => `gmh-t${++prefixes}-${Date.now()}`;

interface Logs {
  info: string[];
  warning: string[];
  notice: string[];
}

interface MainRun {
  outputs: Record<string, string>;
  state: Record<string, string>;
  logs: Logs;
  /** @actions/cache's own warnings (::warning:: lines). */
  libWarnings: string[];
  libInfos: string[];
  report: Report | null;
  modcache: string;
  goCalls: string[][];
}

interface Job {
  repo: string;
  inputs: Record<string, string>;
  /**
   * GOMODCACHE. Runners of one platform share the path (the cache version hashes it), so a test
   * keeps one path and empties it before each job, as a fresh runner would have it.
   */
  modcache: string;
  /** Keep the module cache from the previous job (the same runner again). */
  keep?: boolean;
}


function setup(job: Job): { ctx: CachePhaseContext; state: ReturnType<typeof memoryState>; outputs: Record<string, string>; logs: Logs; env: Record<string, string>; calls: string[][] } {
  const env = goEnv(proxy.url, { GOMODCACHE: job.modcache });
  const processEnv = { GITHUB_WORKSPACE: job.repo, RUNNER_TEMP: tempDir('gmh-rt-'), RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' };
  // These tests count module downloads; retraction lookups always ask the proxy for version lists
  // (covered in hygiene.int.test.ts), so they are off unless a test sets the input.
  const settings = parseSettings((name) => job.inputs[name] ?? (name === 'lookups' ? 'false' : ''), processEnv);
  const real = createGoRunner({ goBinary: 'go', env, timeoutMs: 120_000 });
  const calls: string[][] = [];
  const go: GoRunner = { run: (args, o) => (calls.push(args), real.run(args, o)) };
  const logs: Logs = { info: [], warning: [], notice: [] };
  const outputs: Record<string, string> = {};
  const state = memoryState();
  const ctx: CachePhaseContext = {
    settings,
    go,
    log: { info: (m) => logs.info.push(m), warning: (m) => logs.warning.push(m), group() {} },
    env: processEnv,
    io: { store: actionsCacheStore, state, outputs: { set: (n, v) => void (outputs[n] = v) }, notice: (m) => logs.notice.push(m) }
  };
  return { ctx, state, outputs, logs, env, calls };
}

/** main: what src/action/main.ts does around the cache hooks. */
async function runMain(job: Job): Promise<MainRun> {
  if (!job.keep) await removeTree(job.modcache);
  const { ctx, state, outputs, logs, env, calls } = setup(job);
  const captured = await captureActionsOutput(async () => {
    if (ctx.settings.mode === 'warm') {
      await warmPhase(ctx);
      return null;
    }
    await restorePhase(ctx);
    const report = await runEngine(
      {
        root: ctx.settings.workingDirectory,
        modules: ctx.settings.modules,
        failOn: ctx.settings.failOn,
        downloadAttempts: 1,
        concurrency: 2,
        tempDir: ctx.settings.tempDir,
        tidyMode: 'auto',
        goEnv: ctx.settings.goEnv,
        retryBaseMs: 1,
        lookups: ctx.settings.lookups
      },
      { go: ctx.go, clock: fakeClock(), random: () => 0.5, log: { info() {}, warning() {}, group() {} } }
    );
    await afterCheckPhase(ctx, report);
    return report;
  });
  return { outputs, state: state.values, logs, libWarnings: captured.warnings, libInfos: captured.infos, report: captured.value, modcache: env.GOMODCACHE!, goCalls: calls };
}

/** post: a new process that sees only the state main saved. */
async function runPost(job: Job, mainState: Record<string, string>): Promise<{ logs: Logs; libWarnings: string[]; libInfos: string[] }> {
  const { ctx, logs } = setup(job);
  ctx.io = { ...ctx.io!, state: memoryState(mainState) };
  const captured = await captureActionsOutput(() => savePhase(ctx));
  return { logs, libWarnings: captured.warnings, libInfos: captured.infos };
}

/** main then post on a fresh runner; the checkout must be byte-identical afterwards. */
async function runJob(job: Job): Promise<MainRun & { post: Awaited<ReturnType<typeof runPost>> }> {
  const before = snapshot(job.repo);
  const main = await runMain(job);
  const post = await runPost(job, main.state);
  expect(snapshot(job.repo)).toEqual(before);
  return { ...main, post };
}

const creates = (): number => fake.count('CreateCacheEntry');
const entriesWith = (prefix: string): string[] => fake.entries().filter((e) => e.key.startsWith(prefix) && e.finalized).map((e) => e.key);
/** The files of the saved entry `key`, relative to cache/download. */
function savedFiles(key: string): string[] {
  const entry = fake.entries().find((e) => e.key === key && e.finalized);
  if (!entry) throw new Error(`no entry ${key}`);
  return archiveFiles(entry, 'cache/go-mod-hygiene');
}
/** cache/download files of versions, as the archive lists them: `zip` ones with all four files, `mod` ones with .info and .mod. */
function versionFiles(versions: [string, string, 'zip' | 'mod'][], lists: string[] = []): string[] {
  const files = versions.flatMap(([p, v, kind]) => (kind === 'zip' ? ['info', 'mod', 'zip', 'ziphash'] : ['info', 'mod']).map((x) => `${p}/@v/${v}.${x}`));
  return [...files, ...lists.map((p) => `${p}/@v/list`)].sort();
}
/** Saves this module cache's cache/download as it is under `key`, the way an older version of the action or another job would have. */
async function seedEntry(modcache: string, key: string): Promise<void> {
  mkdirSync(join(modcache, 'cache'), { recursive: true });
  cpSync(downloadDir(modcache), stagingDir(modcache), { recursive: true });
  try {
    const saved = await captureActionsOutput(() => actionsCacheStore.save(cachePaths(modcache), key));
    expect(saved.value.id).toBeGreaterThan(0);
  } finally {
    rmSync(stagingDir(modcache), { recursive: true, force: true });
  }
}

/** appFiles plus example.com/Upper: one more module in go.sum. */
function appWithUpper(): Record<string, string> {
  const files = appFiles();
  files['go.mod'] =
    'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/Upper v1.1.0\n\texample.com/dep v1.0.0\n\texample.com/other v1.0.0\n)\n\nrequire example.com/lib v1.0.0 // indirect\n';
  files['go.sum'] = goSumLines([dep100, lib100, other100, upper110]);
  files['main.go'] =
    'package main\n\nimport (\n\t"example.com/Upper"\n\t"example.com/dep"\n\t"example.com/other"\n)\n\nfunc main() { println(dep.Greet(), other.Name, upper.X) }\n';
  return files;
}

/** appFiles with lib upgraded to v1.1.0 (dep requires v1.0.0, which the pruned graph no longer needs). */
function appWithLib110(): Record<string, string> {
  const files = appFiles();
  files['go.mod'] = files['go.mod']!.replace('example.com/lib v1.0.0 // indirect', 'example.com/lib v1.1.0 // indirect');
  files['go.sum'] = goSumLines([dep100, lib110, other100]);
  return files;
}

describe('module cache lifecycle', () => {
  test('miss → save; exact hit → no download, no save; changed go.sum → partial restore, only the new module downloaded, new key saved', async () => {
    const prefix = freshPrefix();
    const inputs = { 'cache-prefix': prefix };
    const repo = makeRepo(appFiles());

    const first = await runJob({ repo, modcache: mc, inputs });
    expect(first.report?.outcome).toBe('clean');
    expect(first.outputs).toEqual({ 'cache-hit': 'false', 'cache-match': 'miss', 'cache-key': expect.stringMatching(new RegExp(`^${prefix}-Linux-X64-[0-9a-f]{64}$`)), 'cache-matched-key': '' });
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(first.post.logs.info).toContain(`Module cache saved under ${first.outputs['cache-key']}.`);
    expect(entriesWith(prefix)).toEqual([first.outputs['cache-key']]);
    expect([...first.logs.warning, ...first.post.logs.warning, ...first.libWarnings, ...first.post.libWarnings]).toEqual([]);
    // Only cache/download is cached, under exactly the paths restore uses.
    expect(JSON.parse(first.state[CacheState.Paths]!)).toEqual(cachePaths(first.modcache));

    proxy.requests.length = 0;
    fake.requests.length = 0;
    const second = await runJob({ repo, modcache: mc, inputs });
    expect(second.outputs).toEqual({ 'cache-hit': 'true', 'cache-match': 'exact', 'cache-key': first.outputs['cache-key'], 'cache-matched-key': first.outputs['cache-key'] });
    expect(second.report?.outcome).toBe('clean');
    expect(proxy.requests).toEqual([]);
    expect(creates()).toBe(0);
    expect(second.post.logs.info).toContain(`Module cache: exact hit on ${first.outputs['cache-key']}, not saving.`);

    const changed = makeRepo(appWithUpper());
    proxy.requests.length = 0;
    const third = await runJob({ repo: changed, modcache: mc, inputs });
    expect(third.report?.outcome).toBe('clean');
    expect([third.outputs['cache-hit'], third.outputs['cache-match']]).toEqual(['false', 'partial']);
    expect(third.outputs['cache-matched-key']).toBe(first.outputs['cache-key']);
    expect(third.outputs['cache-key']).not.toBe(first.outputs['cache-key']);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => !r.startsWith('/example.com/!upper/'))).toEqual([]);
    expect(entriesWith(prefix).sort()).toEqual([first.outputs['cache-key'], third.outputs['cache-key']].sort());
  });

  test('a miss over a module cache that already holds the modules (an earlier go mod download): saved, with only what go.sum names', async () => {
    const prefix = freshPrefix();
    const repo = makeRepo(appFiles());
    // An earlier step filled the module cache: the app's modules, and a version the app does not need.
    await removeTree(mc);
    const seedRepo = makeRepo({ 'go.mod': 'module example.com/seed\n\ngo 1.21\n' });
    const pre = createGoRunner({ goBinary: 'go', env: goEnv(proxy.url, { GOMODCACHE: mc }), timeoutMs: 60_000 });
    const r = await pre.run(['mod', 'download', 'example.com/dep@v1.0.0', 'example.com/lib@v1.0.0', 'example.com/other@v1.0.0', 'example.com/lib@v1.1.0'], { cwd: seedRepo, env: {} });
    expect(r.stderr).toBe('');
    proxy.requests.length = 0;

    const run = await runJob({ repo, modcache: mc, keep: true, inputs: { 'cache-prefix': prefix } });
    expect(run.outputs['cache-match']).toBe('miss');
    expect(run.report?.outcome).toBe('clean');
    expect(proxy.requests).toEqual([]); // nothing new was downloaded...
    const key = run.outputs['cache-key']!;
    expect(run.post.logs.info).toContain(`Module cache saved under ${key}.`); // ...and it is saved all the same
    expect(entriesWith(prefix)).toEqual([key]);
    expect(savedFiles(key)).toEqual(
      versionFiles(
        [
          ['example.com/dep', 'v1.0.0', 'zip'],
          ['example.com/lib', 'v1.0.0', 'zip'],
          ['example.com/other', 'v1.0.0', 'zip']
        ],
        ['example.com/dep', 'example.com/lib', 'example.com/other']
      )
    );
    expect([...run.logs.warning, ...run.post.logs.warning, ...run.post.libWarnings]).toEqual([]);
    expect(existsSync(stagingDir(mc))).toBe(false);

    // The next job on a fresh runner: an exact hit with everything the check needs.
    proxy.requests.length = 0;
    const next = await runJob({ repo, modcache: mc, inputs: { 'cache-prefix': prefix } });
    expect(next.outputs['cache-match']).toBe('exact');
    expect(next.report?.outcome).toBe('clean');
    expect(proxy.requests).toEqual([]);
  });

  test('a partial hit with nothing new to download is not saved', async () => {
    const prefix = freshPrefix();
    const first = await runJob({ repo: makeRepo(appWithUpper()), modcache: mc, inputs: { 'cache-prefix': prefix } });
    expect(entriesWith(prefix)).toEqual([first.outputs['cache-key']]);
    proxy.requests.length = 0;
    fake.requests.length = 0;
    // go.sum lost a module: everything it needs is in the restored cache.
    const second = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix } });
    expect(second.outputs['cache-match']).toBe('partial');
    expect(second.report?.outcome).toBe('clean');
    expect(proxy.requests).toEqual([]);
    expect(second.post.logs.info).toEqual([`Module cache: nothing new was downloaded since the restore from ${first.outputs['cache-key']}, not saving.`]);
    expect(creates()).toBe(0);
    expect(existsSync(stagingDir(mc))).toBe(false);
  });

  test('go.sum moves to another version: the new entry keeps only what the new go.sum names', async () => {
    const prefix = freshPrefix();
    const first = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix } });
    const common: [string, string, 'zip' | 'mod'][] = [
      ['example.com/dep', 'v1.0.0', 'zip'],
      ['example.com/other', 'v1.0.0', 'zip']
    ];
    const lists = ['example.com/dep', 'example.com/lib', 'example.com/other'];
    expect(savedFiles(first.outputs['cache-key']!)).toEqual(versionFiles([...common, ['example.com/lib', 'v1.0.0', 'zip']], lists));

    proxy.requests.length = 0;
    const second = await runJob({ repo: makeRepo(appWithLib110()), modcache: mc, inputs: { 'cache-prefix': prefix } });
    expect(second.outputs['cache-match']).toBe('partial');
    expect(second.report?.outcome).toBe('clean');
    expect(proxy.requests.filter((p) => !p.startsWith('/example.com/lib/@v/v1.1.0.'))).toEqual([]);
    // lib v1.0.0, restored from the first entry, is no longer named by go.sum: left out.
    expect(existsSync(join(mc, 'cache', 'download', 'example.com', 'lib', '@v', 'v1.0.0.zip'))).toBe(true);
    expect(savedFiles(second.outputs['cache-key']!)).toEqual(versionFiles([...common, ['example.com/lib', 'v1.1.0', 'zip']], lists));
  });

  test('the check fails with findings: the cache is still saved', async () => {
    const prefix = freshPrefix();
    const files = appFiles();
    files['go.sum'] = goSumLines([dep100, lib100, other100, upper110]); // an unused go.sum line: untidy
    const job = { repo: makeRepo(files), modcache: mc, inputs: { 'cache-prefix': prefix } };
    const run = await runJob(job);
    expect(run.report?.failed).toBe(true);
    expect(run.report?.counts.untidy).toBe(1);
    expect(entriesWith(prefix)).toEqual([run.outputs['cache-key']]);
  });

  test('cache: read restores and never saves', async () => {
    const prefix = freshPrefix();
    const run = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix, cache: 'read' } });
    expect([run.outputs['cache-hit'], run.outputs['cache-match']]).toEqual(['false', 'miss']);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(fake.requests.map((r) => r.op)).toEqual(['GetCacheEntryDownloadURL']);
    expect(run.post.logs.info).toContain('Module cache: cache is read, not saving.');
  });

  test('cache: off does nothing', async () => {
    const run = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { cache: 'off' } });
    expect(run.outputs).toEqual({});
    expect(fake.requests).toEqual([]);
  });

  test('two jobs save the same key: one entry, the second only logs', async () => {
    const prefix = freshPrefix();
    const repo = makeRepo(appFiles());
    const job = { repo, modcache: mc, inputs: { 'cache-prefix': prefix } };
    const [a, b] = [await runMain(job), await runMain(job)];
    expect([a.outputs['cache-hit'], a.outputs['cache-match']]).toEqual(['false', 'miss']);
    expect([b.outputs['cache-hit'], b.outputs['cache-match']]).toEqual(['false', 'miss']);
    const postA = await runPost(job, a.state);
    const postB = await runPost(job, b.state);
    expect(entriesWith(prefix)).toEqual([a.outputs['cache-key']]);
    expect(postA.logs.info).toContain(`Module cache saved under ${a.outputs['cache-key']}.`);
    expect(postB.logs.info).toContain(`Module cache not saved under ${a.outputs['cache-key']}.`);
    expect(postB.libInfos.some((l) => l.startsWith('Failed to save: Unable to reserve cache'))).toBe(true);
    expect([...postA.logs.warning, ...postB.logs.warning, ...postB.libWarnings]).toEqual([]);
  });

  test('a tampered restored cache is reported, its bad entries removed, and it is not saved', async () => {
    const prefix = freshPrefix();
    // A cache/download with a modified lib v1.0.0 zip (its .ziphash still the true hash) and without
    // example.com/other, so the check downloads something new and post would normally save.
    const seedRepo = makeRepo({ 'go.mod': 'module example.com/seed\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n', 'go.sum': goSumLines([dep100, lib100]) });
    const seedGo = createGoRunner({ goBinary: 'go', env: goEnv(proxy.url, { GOMODCACHE: mc }), timeoutMs: 60_000 });
    const seeded = await seedGo.run(['mod', 'download', 'example.com/dep@v1.0.0', 'example.com/lib@v1.0.0'], { cwd: seedRepo, env: {} });
    expect(seeded.stderr).toBe('');
    const libZip = join(mc, 'cache', 'download', 'example.com', 'lib', '@v', 'v1.0.0.zip');
    writeFileSync(
      libZip,
      makeZip([
        { name: 'example.com/lib@v1.0.0/go.mod', data: Buffer.from('module example.com/lib\n\ngo 1.21\n') },
        { name: 'example.com/lib@v1.0.0/lib.go', data: Buffer.from('package lib\n\nfunc Hello() string { return "evil" }\n') }
      ])
    );
    const seedKey = `${prefix}-Linux-X64-older`;
    await seedEntry(mc, seedKey);

    proxy.requests.length = 0;
    const run = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix } });
    expect([run.outputs['cache-hit'], run.outputs['cache-match']]).toEqual(['false', 'partial']);
    expect(run.outputs['cache-matched-key']).toBe(seedKey);
    const modified = run.report!.modules.flatMap((m) => m.findings).filter((f) => f.kind === 'cache-modified');
    expect(modified.length).toBeGreaterThan(0);
    expect(modified.every((f) => f.kind === 'cache-modified' && f.module === 'example.com/lib' && f.version === 'v1.0.0')).toBe(true);
    expect(run.report?.failed).toBe(true);
    expect(run.logs.warning).toEqual([expect.stringContaining(`The module cache restored from ${seedKey} fails verification for example.com/lib@v1.0.0.`)]);
    // Removed: the extracted (read-only) tree and every cache/download file of that version.
    expect(existsSync(join(mc, 'example.com', 'lib@v1.0.0'))).toBe(false);
    expect(existsSync(libZip)).toBe(false);
    expect(existsSync(`${libZip}hash`)).toBe(false);
    expect(existsSync(join(mc, 'cache', 'download', 'example.com', 'dep', '@v', 'v1.0.0.zip'))).toBe(true);
    expect(proxy.requests.some((r) => r.startsWith('/example.com/other/'))).toBe(true);
    expect(run.post.logs.info).toEqual(['Module cache not saved: the module cache failed verification (example.com/lib@v1.0.0).']);
    expect(entriesWith(prefix)).toEqual([seedKey]);

    // The next run on the same runner downloads lib v1.0.0 again and is clean.
    proxy.requests.length = 0;
    const again = await runMain({ repo: makeRepo(appFiles()), modcache: mc, keep: true, inputs: { 'cache-prefix': prefix, cache: 'off' } });
    expect(again.report?.outcome).toBe('clean');
    expect(proxy.requests).toContain('/example.com/lib/@v/v1.0.0.zip');
  });

  test('no go.sum anywhere: the key is taken over go.mod, and it still caches', async () => {
    const prefix = freshPrefix();
    const files = appFiles();
    delete files['go.sum'];
    const repo = makeRepo(files);
    const first = await runJob({ repo, modcache: mc, inputs: { 'cache-prefix': prefix } });
    expect(first.logs.warning).toEqual([]);
    expect(first.logs.info).toContain('Module cache: no go.sum found; the key is computed from the go.mod files.');
    expect(first.report?.counts.untidy).toBe(1);
    expect(entriesWith(prefix)).toEqual([first.outputs['cache-key']]);
    const second = await runJob({ repo, modcache: mc, inputs: { 'cache-prefix': prefix } });
    expect([second.outputs['cache-hit'], second.outputs['cache-match']]).toEqual(['true', 'exact']);
  });

  test('a module without dependencies: nothing downloaded, nothing saved, no warning', async () => {
    const repo = makeRepo({ 'go.mod': 'module example.com/solo\n\ngo 1.21\n', 'solo.go': 'package solo\n' });
    const run = await runJob({ repo, modcache: mc, inputs: { 'cache-prefix': freshPrefix() } });
    expect(run.report?.outcome).toBe('clean');
    expect([run.outputs['cache-hit'], run.outputs['cache-match']]).toEqual(['false', 'miss']);
    expect(run.post.logs.info).toEqual(['Module cache: it holds nothing the checked modules need, nothing to save.']);
    expect([...run.logs.warning, ...run.post.logs.warning]).toEqual([]);
    expect(creates()).toBe(0);
  });

  test('no go.mod at all: no key, outputs say miss', async () => {
    const run = await runJob({ repo: makeRepo({ 'README.md': 'nothing here\n' }), modcache: mc, inputs: {} });
    expect(run.outputs).toEqual({ 'cache-hit': 'false', 'cache-match': 'miss', 'cache-key': '', 'cache-matched-key': '' });
    expect(run.logs.info).toContain('Module cache: no go.mod found, nothing to cache.');
    expect(fake.requests).toEqual([]);
  });
});

describe('cache problems are warnings, never failures', () => {
  test('write denied (untrusted event, cache budget spent): one notice, no warning, the job goes on', async () => {
    const back = setEnv(fake.env({ access: 'read' }));
    try {
      const prefix = freshPrefix();
      const run = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix } });
      expect(run.report?.outcome).toBe('clean');
      expect(run.post.logs.notice).toEqual([
        'Module cache not saved: the cache service does not let this run write caches (cache write denied: token has no writable cache scopes).'
      ]);
      expect([...run.logs.warning, ...run.post.logs.warning, ...run.libWarnings, ...run.post.libWarnings]).toEqual([]);
      expect(fake.count('CreateCacheEntry')).toBe(1);
      expect(entriesWith(prefix)).toEqual([]);
    } finally {
      back();
    }
  });

  test.each(['read', 'none'])('ACTIONS_CACHE_MODE=%s forbids the write: one notice, nothing staged or asked', async (mode) => {
    const back = setEnv({ ACTIONS_CACHE_MODE: mode });
    try {
      const prefix = freshPrefix();
      const run = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix } });
      expect(run.report?.outcome).toBe('clean');
      expect(run.post.logs.notice).toEqual([`Module cache not saved: the runner's cache policy does not permit writes (ACTIONS_CACHE_MODE=${mode}).`]);
      expect([...run.post.logs.warning, ...run.post.libWarnings]).toEqual([]);
      expect(run.post.libInfos).toEqual([]);
      expect(creates()).toBe(0);
      expect(existsSync(stagingDir(mc))).toBe(false);
    } finally {
      back();
    }
  });

  test('no ACTIONS_RUNTIME_TOKEN: saveCache rejects, post warns', async () => {
    const prefix = freshPrefix();
    const job = { repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix } };
    const main = await runMain(job);
    const back = setEnv({ ACTIONS_RUNTIME_TOKEN: undefined });
    try {
      const post = await runPost(job, main.state);
      expect(post.logs.warning).toEqual(['Module cache not saved: Unable to get the ACTIONS_RUNTIME_TOKEN env variable']);
    } finally {
      back();
    }
  });

  test('non-retryable 5xx on reserve: not saved, info only', async () => {
    const prefix = freshPrefix();
    const job = { repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix } };
    const main = await runMain(job);
    fake.failNext({ method: 'CreateCacheEntry', status: 501 });
    const post = await runPost(job, main.state);
    expect(post.logs.warning).toEqual([]);
    expect(post.logs.info).toContain(`Module cache not saved under ${main.outputs['cache-key']}.`);
    expect(entriesWith(prefix)).toEqual([]);
  });

  test('restore lookup answers 501: a miss with the library warning, the check runs', async () => {
    fake.failNext({ method: 'GetCacheEntryDownloadURL', status: 501 });
    const run = await runMain({ repo: makeRepo(appFiles()), modcache: mc, inputs: { cache: 'read' } });
    expect([run.outputs['cache-hit'], run.outputs['cache-match']]).toEqual(['false', 'miss']);
    expect(run.libWarnings).toEqual([expect.stringMatching(/^Failed to restore: /)]);
    expect(run.report?.outcome).toBe('clean');
  });

  test.each(['garbage', 'truncate'] as const)('corrupted archive (%s): treated as a miss, no half-restored files, the check is clean', async (mode) => {
    const prefix = freshPrefix();
    const repo = makeRepo(appFiles());
    const job = { repo, modcache: mc, inputs: { 'cache-prefix': prefix } };
    const first = await runMain(job);
    // 4 MiB that zstd cannot shrink, as a file that is saved (the checksum database lookup of a needed
    // version): a truncated archive then still extracts some files before failing.
    const filler = join(mc, 'cache', 'download', 'sumdb', 'sum.golang.org', 'lookup', 'example.com', 'lib@v1.0.0');
    mkdirSync(join(filler, '..'), { recursive: true });
    writeFileSync(filler, randomBytes(4 << 20));
    await runPost(job, first.state);
    expect(entriesWith(prefix)).toEqual([first.outputs['cache-key']]);

    fake.corruptNext(mode);
    proxy.requests.length = 0;
    const run = await runMain(job);
    expect(run.libWarnings).toEqual([expect.stringMatching(/^Failed to restore: /)]);
    if (mode === 'truncate') expect(run.logs.warning).toEqual(['Module cache: the restore failed part-way; the partly restored files were removed.']);
    else expect(run.logs.warning).toEqual([]);
    expect(existsSync(filler)).toBe(false);
    expect(existsSync(stagingDir(mc))).toBe(false);
    expect([run.outputs['cache-hit'], run.outputs['cache-match']]).toEqual(['false', 'miss']);
    expect(run.report?.outcome).toBe('clean');
    expect(proxy.requests).toContain('/example.com/lib/@v/v1.0.0.zip');
  });

  test('no cache service on this runner: one warning, the check runs', async () => {
    const back = setEnv({ ACTIONS_RESULTS_URL: undefined, ACTIONS_CACHE_URL: undefined });
    try {
      const run = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: {} });
      expect(run.logs.warning).toEqual([expect.stringContaining('no cache service')]);
      expect(run.report?.outcome).toBe('clean');
      expect([run.outputs['cache-hit'], run.outputs['cache-match']]).toEqual(['false', 'miss']);
    } finally {
      back();
    }
  });
});

describe('mode: warm', () => {
  test('miss: downloads everything and saves; existing key: no download at all; matrix jobs with cache: read need no proxy', async () => {
    const prefix = freshPrefix();
    const files = { ...appFiles(), ...appFiles('svc', 'example.com/svc') };
    files['svc/go.mod'] = files['svc/go.mod']!.replace('example.com/other v1.0.0', 'example.com/other v1.0.0\n\texample.com/Upper v1.1.0');
    files['svc/go.sum'] = goSumLines([dep100, lib100, other100, upper110]);
    const repo = makeRepo(files);
    const warm = { repo, modcache: mc, inputs: { 'cache-prefix': prefix, mode: 'warm' } };

    const first = await runJob(warm);
    expect(first.report).toBeNull();
    expect([first.outputs['cache-hit'], first.outputs['cache-match']]).toEqual(['false', 'miss']);
    expect(first.logs.warning).toEqual([]);
    expect(entriesWith(prefix)).toEqual([first.outputs['cache-key']]);
    expect(proxy.requests).toEqual(expect.arrayContaining(['/example.com/!upper/@v/v1.1.0.zip', '/example.com/lib/@v/v1.0.0.zip']));
    // go was run with -modfile from a scratch copy; nothing written in the checkout (runJob checks the snapshot).
    expect(first.goCalls.filter((a) => a[0] === 'mod' && a[1] === 'download' && a.some((x) => x.startsWith('-modfile='))).length).toBe(2);

    proxy.requests.length = 0;
    fake.requests.length = 0;
    const second = await runJob(warm);
    expect(second.outputs).toEqual({ 'cache-hit': 'true', 'cache-match': 'exact', 'cache-key': first.outputs['cache-key'], 'cache-matched-key': first.outputs['cache-key'] });
    expect(fake.requests.map((r) => r.op)).toEqual(['GetCacheEntryDownloadURL']);
    expect(fake.count('download')).toBe(0);
    expect(proxy.requests).toEqual([]);
    expect(second.goCalls).toEqual([['env', 'GOMODCACHE']]);

    // A matrix job after the warm job: restores the exact key, never saves, needs nothing from the proxy.
    fake.requests.length = 0;
    const matrix = await runJob({ repo, modcache: mc, inputs: { 'cache-prefix': prefix, cache: 'read' } });
    expect([matrix.outputs['cache-hit'], matrix.outputs['cache-match']]).toEqual(['true', 'exact']);
    expect(matrix.report?.modules.map((m) => m.dir)).toEqual(['.', 'svc']);
    expect(proxy.requests).toEqual([]);
    expect(creates()).toBe(0);
  });

  test('partial: starts from the nearest cache and downloads only the difference', async () => {
    const prefix = freshPrefix();
    const base = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { 'cache-prefix': prefix, mode: 'warm' } });
    proxy.requests.length = 0;
    const next = await runJob({ repo: makeRepo(appWithUpper()), modcache: mc, inputs: { 'cache-prefix': prefix, mode: 'warm' } });
    expect([next.outputs['cache-hit'], next.outputs['cache-match']]).toEqual(['false', 'partial']);
    expect(next.outputs['cache-matched-key']).toBe(base.outputs['cache-key']);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => !r.startsWith('/example.com/!upper/'))).toEqual([]);
    expect(entriesWith(prefix).sort()).toEqual([base.outputs['cache-key'], next.outputs['cache-key']].sort());
  });

  test('a module that cannot be downloaded: warning, the rest is saved', async () => {
    const prefix = freshPrefix();
    const files = appFiles();
    files['go.mod'] = files['go.mod']!.replace('example.com/other v1.0.0', 'example.com/other v1.0.0\n\texample.com/missing v1.0.0');
    const run = await runJob({ repo: makeRepo(files), modcache: mc, inputs: { 'cache-prefix': prefix, mode: 'warm' } });
    expect(run.logs.warning).toEqual([expect.stringContaining('example.com/missing')]);
    expect(entriesWith(prefix)).toEqual([run.outputs['cache-key']]);
  });

  test('warm with cache: read is a no-op with a warning', async () => {
    const run = await runJob({ repo: makeRepo(appFiles()), modcache: mc, inputs: { mode: 'warm', cache: 'read' } });
    expect(run.logs.warning).toEqual(['mode: warm saves the module cache, but cache is read: nothing to do.']);
    expect(fake.requests).toEqual([]);
  });
});
