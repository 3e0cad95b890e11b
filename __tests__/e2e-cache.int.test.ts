/**
 * The committed bundle as a runner runs it: `node dist/main/index.js`, then `node dist/post/index.js`
 * with the state main wrote to GITHUB_STATE turned into STATE_* variables, against the loopback
 * cache service and module proxy. Run `npm run build` first: this tests dist/, not src/.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeProxy, serveProxy, goSumLines, type ProxyServer } from './helpers/goproxy.js';
import { cleanupTemp, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, dep100, lib100, other100, upper110 } from './helpers/modules.js';
import { startCacheService, type FakeCacheService } from './helpers/cache-service.js';
import { bundleNode, parseCommandFile } from './helpers/runner.js';
import { removeTree } from '../src/cache/modcache.js';

const root = join(import.meta.dirname, '..');
let fake: FakeCacheService;
let proxy: ProxyServer;

beforeAll(async () => {
  const proxyDir = tempDir('gmh-proxy-');
  writeProxy(proxyDir, ALL_MODULES);
  proxy = await serveProxy(proxyDir);
  fake = await startCacheService();
});

afterAll(async () => {
  await fake.close();
  await proxy.close();
  cleanupTemp();
});

beforeEach(() => {
  fake.requests.length = 0;
  proxy.requests.length = 0;
});

interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  ms: number;
}

interface Runner {
  repo: string;
  modcache: string;
  inputs: Record<string, string>;
  /** The cache token's rights (default write). */
  access?: 'write' | 'read';
}

/** Runs one entry of the bundle with a runner-like environment (and nothing else from this process). */
async function step(entry: 'main' | 'post', r: Runner, state: Record<string, string> = {}): Promise<StepResult> {
  const dir = tempDir('gmh-step-');
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STATE: join(dir, 'state'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_ENV: join(dir, 'env') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'o/r', default_branch: 'main' } }));
  const inputs = { comment: 'never', 'fail-on': 'all', 'download-attempts': '1', ...r.inputs };
  const env: Record<string, string> = {
    ...goEnv(proxy.url, { GOMODCACHE: r.modcache }),
    ...(Object.fromEntries(Object.entries(fake.env({ access: r.access ?? 'write' })).filter((e): e is [string, string] => e[1] !== undefined)) as Record<string, string>),
    ...files,
    GITHUB_WORKSPACE: r.repo,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_WORKFLOW: 'ci',
    GITHUB_JOB: 'check',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: join(dir, 'runner-temp'),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
  };
  const started = Date.now();
  // Asynchronous: the fake services answer from this process's event loop.
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(bundleNode, [join(root, 'dist', entry, 'index.js')], { cwd: r.repo, env, timeout: 120_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    );
  });
  return {
    ...result,
    outputs: parseCommandFile(files.GITHUB_OUTPUT),
    state: parseCommandFile(files.GITHUB_STATE),
    ms: Date.now() - started
  };
}

/** main then post on a fresh runner (empty module cache at the shared path); the checkout stays byte-identical. */
async function job(r: Runner): Promise<{ main: StepResult; post: StepResult }> {
  await removeTree(r.modcache);
  const before = snapshot(r.repo);
  const main = await step('main', r);
  const post = await step('post', r, main.state);
  expect(snapshot(r.repo)).toEqual(before);
  return { main, post };
}

const warningsOf = (s: StepResult): string[] => s.stdout.split('\n').filter((l) => l.startsWith('::warning') || l.startsWith('::error'));
const noticesOf = (s: StepResult): string[] => s.stdout.split('\n').filter((l) => l.startsWith('::notice'));

describe('committed bundle, main then post', () => {
  test('miss → saved by post; next job: exact hit, nothing downloaded, nothing saved; warm on the key: no download', async () => {
    const prefix = `e2e-${Date.now()}`;
    const r: Runner = { repo: makeRepo(appFiles()), modcache: join(tempDir('gmh-runner-'), 'go', 'pkg', 'mod'), inputs: { 'cache-prefix': prefix } };

    const first = await job(r);
    expect(first.main.code).toBe(0);
    expect(warningsOf(first.main)).toEqual([]);
    expect(first.main.outputs).toMatchObject({ result: 'clean', 'cache-hit': 'false', 'cache-match': 'miss', 'cache-matched-key': '' });
    const key = first.main.outputs['cache-key']!;
    expect(key).toMatch(new RegExp(`^${prefix}-Linux-X64-[0-9a-f]{64}$`));
    expect(first.main.state).toMatchObject({ 'gmh-cache-key': key, 'gmh-cache-matched-key': '' });
    expect(first.post.code).toBe(0);
    expect(warningsOf(first.post)).toEqual([]);
    expect(first.post.stdout).toContain(`Module cache saved under ${key}.`);
    expect(fake.entries().filter((e) => e.key === key && e.finalized)).toHaveLength(1);

    fake.requests.length = 0;
    proxy.requests.length = 0;
    const second = await job(r);
    expect(second.main.code).toBe(0);
    expect(second.main.outputs).toMatchObject({ result: 'clean', 'cache-hit': 'true', 'cache-match': 'exact', 'cache-key': key, 'cache-matched-key': key });
    // Nothing downloaded: the only requests are the retraction lookups' version lists, which go never caches.
    expect(proxy.requests.filter((p) => !p.endsWith('/@v/list'))).toEqual([]);
    expect([...proxy.requests].sort()).toEqual(['/example.com/dep/@v/list', '/example.com/lib/@v/list', '/example.com/other/@v/list']);
    expect(second.post.stdout).toContain(`Module cache: exact hit on ${key}, not saving.`);
    expect(fake.count('CreateCacheEntry')).toBe(0);

    fake.requests.length = 0;
    proxy.requests.length = 0;
    await removeTree(r.modcache);
    const warm = await step('main', { ...r, inputs: { ...r.inputs, mode: 'warm' } });
    expect(warm.code).toBe(0);
    expect(warm.outputs).toEqual({ 'cache-hit': 'true', 'cache-match': 'exact', 'cache-key': key, 'cache-matched-key': key });
    expect(fake.requests.map((q) => q.op)).toEqual(['GetCacheEntryDownloadURL']);
    expect(proxy.requests).toEqual([]);
  });

  test('the check fails on findings: main exits 1, post still saves; a matrix job with cache: read never saves', async () => {
    const prefix = `e2e-fail-${Date.now()}`;
    const files = appFiles();
    files['go.sum'] = goSumLines([dep100, lib100, other100, upper110]);
    const r: Runner = { repo: makeRepo(files), modcache: join(tempDir('gmh-runner-'), 'go', 'pkg', 'mod'), inputs: { 'cache-prefix': prefix } };
    const run = await job(r);
    expect(run.main.code).toBe(1);
    expect(run.main.outputs).toMatchObject({ result: 'findings', 'cache-hit': 'false', 'cache-match': 'miss' });
    expect(run.post.code).toBe(0);
    expect(fake.entries().filter((e) => e.key === run.main.outputs['cache-key'] && e.finalized)).toHaveLength(1);

    const other = makeRepo(appFiles());
    fake.requests.length = 0;
    const matrix = await job({ ...r, repo: other, inputs: { ...r.inputs, cache: 'read' } });
    expect(matrix.main.outputs).toMatchObject({ result: 'clean', 'cache-hit': 'false', 'cache-match': 'partial' });
    expect(matrix.post.stdout).toContain('Module cache: cache is read, not saving.');
    expect(fake.count('CreateCacheEntry')).toBe(0);
  });

  test('a token that may not write caches: post says so in one notice, no warning', async () => {
    const prefix = `e2e-ro-${Date.now()}`;
    const r: Runner = { repo: makeRepo(appFiles()), modcache: join(tempDir('gmh-runner-'), 'go', 'pkg', 'mod'), inputs: { 'cache-prefix': prefix }, access: 'read' };
    const run = await job(r);
    expect(run.main.code).toBe(0);
    expect(run.post.code).toBe(0);
    expect([...warningsOf(run.main), ...warningsOf(run.post)]).toEqual([]);
    expect(noticesOf(run.post)).toEqual([
      '::notice::Module cache not saved: the cache service does not let this run write caches (cache write denied: token has no writable cache scopes).'
    ]);
    expect(fake.entries().filter((e) => e.key.startsWith(prefix))).toEqual([]);
  });
});

describe('cache trouble costs seconds, never the step', () => {
  test('blob download answering 500 once, from a service that holds idle connections: main ends when its work ends', async () => {
    const prefix = `e2e-500-${Date.now()}`;
    const r: Runner = { repo: makeRepo(appFiles()), modcache: join(tempDir('gmh-runner-'), 'go', 'pkg', 'mod'), inputs: { 'cache-prefix': prefix } };
    const first = await job(r);
    expect(first.main.code).toBe(0);
    await removeTree(r.modcache);
    fake.holdIdleConnections();
    fake.failNext({ method: 'download', status: 500 });
    const before = snapshot(r.repo);
    const main = await step('main', r);
    expect(main.ms).toBeLessThan(45_000);
    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({ result: 'clean' });
    expect(fake.requests.some((q) => q.op === 'download' && q.injected)).toBe(true);
    expect(snapshot(r.repo)).toEqual(before);
  }, 120_000);
});
