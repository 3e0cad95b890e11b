/**
 * Archive growth over ten successive go.sum bumps (issue 16). An app moves its dependency
 * example.com/big from v1.0.0 to v1.10.0, one version per job; each job is a fresh runner
 * (empty module cache): restore → check → save, with the real @actions/cache against the loopback
 * cache service and real go against a loopback proxy. Every version of big carries 256 KiB of
 * hex text, so a version that is carried along shows in the archive size.
 *
 * GMH_GROWTH_OUT=<file> writes the figures as a markdown table (see BENCHMARKS.md).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goSumLines, serveProxy, writeProxy, type FixtureModule, type ProxyServer } from './helpers/goproxy.js';
import { cleanupTemp, fakeClock, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { other100 } from './helpers/modules.js';
import { archiveFiles, captureActionsOutput, setEnv, startCacheService, type FakeCacheService } from './helpers/cache-service.js';
import { createGoRunner } from '../src/go/runner.js';
import { runEngine } from '../src/engine/engine.js';
import { parseSettings } from '../src/settings.js';
import { afterCheckPhase, restorePhase, savePhase, type CachePhaseContext } from '../src/cache/phases.js';
import { actionsCacheStore, memoryState } from '../src/cache/store.js';
import { removeTree } from '../src/cache/modcache.js';

const STEPS = 10;
const PAYLOAD = 256 * 1024;

/** Deterministic text that compresses like hex: the same bytes on every run. */
function payload(seed: string): string {
  const parts: string[] = [];
  let h = seed;
  for (let n = 0; n < PAYLOAD; n += 64) parts.push((h = createHash('sha256').update(h).digest('hex')));
  return parts.join('').slice(0, PAYLOAD);
}

const big = (minor: number): FixtureModule => ({
  path: 'example.com/big',
  version: `v1.${minor}.0`,
  files: { 'big.go': `package big\n\nconst V = "v1.${minor}.0"\n`, 'data.txt': payload(`big v1.${minor}.0`) }
});

function app(minor: number): Record<string, string> {
  return {
    'go.mod': `module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/big v1.${minor}.0\n\texample.com/other v1.0.0\n)\n`,
    'go.sum': goSumLines([big(minor), other100]),
    'main.go': 'package main\n\nimport (\n\t"example.com/big"\n\t"example.com/other"\n)\n\nfunc main() { println(big.V, other.Name) }\n'
  };
}

let fake: FakeCacheService;
let proxy: ProxyServer;
let restoreEnv: () => void;

beforeAll(async () => {
  const proxyDir = tempDir('gmh-proxy-');
  writeProxy(proxyDir, [other100, ...Array.from({ length: STEPS + 1 }, (_, i) => big(i))]);
  proxy = await serveProxy(proxyDir);
  fake = await startCacheService();
  restoreEnv = setEnv({ ...fake.env(), ACTIONS_CACHE_MODE: undefined });
});

afterAll(async () => {
  restoreEnv();
  await fake.close();
  await proxy.close();
  cleanupTemp();
});

interface Step {
  step: number;
  hit: string;
  saved: boolean;
  bytes: number;
  files: number;
  bigVersions: string[];
  outcome: string;
}

/** One job on a fresh runner: main (restore, check, after-check), then post with main's state. */
async function job(minor: number, modcache: string, prefix: string): Promise<Step> {
  await removeTree(modcache);
  const repo = makeRepo(app(minor));
  const env = goEnv(proxy.url, { GOMODCACHE: modcache });
  const processEnv = { GITHUB_WORKSPACE: repo, RUNNER_TEMP: tempDir('gmh-rt-'), RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' };
  const inputs: Record<string, string> = { 'cache-prefix': prefix, lookups: 'false' };
  const settings = parseSettings((name) => inputs[name] ?? '', processEnv);
  const go = createGoRunner({ goBinary: 'go', env, timeoutMs: 120_000 });
  const outputs: Record<string, string> = {};
  const state = memoryState();
  const quiet = { info() {}, warning() {}, group() {} };
  const ctx: CachePhaseContext = {
    settings,
    go,
    log: quiet,
    env: processEnv,
    io: { store: actionsCacheStore, state, outputs: { set: (n, v) => void (outputs[n] = v) }, notice() {} }
  };
  const before = fake.entries().length;
  const { value: outcome } = await captureActionsOutput(async () => {
    await restorePhase(ctx);
    const report = await runEngine(
      {
        root: repo,
        modules: [],
        failOn: settings.failOn,
        downloadAttempts: 1,
        concurrency: 2,
        tempDir: settings.tempDir,
        tidyMode: 'auto',
        goEnv: settings.goEnv,
        retryBaseMs: 1,
        lookups: false
      },
      { go, clock: fakeClock(), random: () => 0.5, log: quiet }
    );
    await afterCheckPhase(ctx, report);
    ctx.io = { ...ctx.io!, state: memoryState(state.values) };
    await savePhase(ctx);
    return report.outcome;
  });
  const entry = fake.entries().slice(before).find((e) => e.finalized && e.key === outputs['cache-key']);
  const names = entry ? archiveFiles(entry) : [];
  const bigVersions = [...new Set(names.map((n) => /example\.com\/big\/@v\/(v[^/]+)\.zip$/.exec(n)?.[1]).filter((v): v is string => !!v))].sort();
  return { step: minor, hit: outputs['cache-match'] ?? '', saved: !!entry, bytes: entry?.sizeBytes ?? 0, files: names.length, bigVersions, outcome };
}

test('ten go.sum bumps: each entry holds only the current version, and the archive size stays flat', async () => {
  const prefix = `gmh-growth-${Date.now()}`;
  const modcache = join(tempDir('gmh-runner-'), 'go', 'pkg', 'mod');
  const steps: Step[] = [];
  for (let i = 0; i <= STEPS; i++) steps.push(await job(i, modcache, prefix));

  if (process.env.GMH_GROWTH_OUT) {
    const rows = steps.map((s) => `| ${s.step} | ${s.hit} | ${s.saved ? s.bytes : '(not saved)'} | ${s.files} | ${s.bigVersions.join(' ')} |`);
    writeFileSync(
      process.env.GMH_GROWTH_OUT,
      ['| go.sum bump | cache-match | archive bytes | files in archive | example.com/big versions in archive |', '|---:|---|---:|---:|---|', ...rows, ''].join('\n')
    );
  }

  expect(steps.map((s) => s.outcome)).toEqual(steps.map(() => 'clean'));
  expect(steps.map((s) => s.hit)).toEqual(['miss', ...Array.from({ length: STEPS }, () => 'partial')]);
  expect(steps.map((s) => s.saved)).toEqual(steps.map(() => true));
  expect(steps.map((s) => s.bigVersions)).toEqual(steps.map((s) => [`v1.${s.step}.0`]));
  expect(new Set(steps.map((s) => s.files)).size).toBe(1);
  const sizes = steps.map((s) => s.bytes);
  expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(1.05);
}, 600_000);
