/**
 * .github/workflows/self-test.yml, run here: its steps in order, `uses: ./` through the committed
 * bundle (main, then every post in reverse order, as the runner does) with the `with:` inputs and
 * `env:` the workflow gives, and its `run:` checks in bash with the outputs the steps set. The
 * workflow's expressions are evaluated from what this run produced; an expression this runner does
 * not know fails the test, so the workflow cannot drift from what is tested.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cleanupTemp, goEnv, snapshot, tempDir } from './helpers/fixtures.js';
import { startCacheService, type FakeCacheService } from './helpers/cache-service.js';
import { parseCommandFile, runStep, runnerFiles, type RunnerFiles, type StepResult } from './helpers/runner.js';

const root = join(import.meta.dirname, '..');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}
interface Workflow {
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { os: string[] } }; env?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync(join(root, '.github/workflows/self-test.yml'), 'utf8')) as Workflow;
let cache: FakeCacheService;
beforeAll(async () => {
  cache = await startCacheService();
});
afterAll(async () => {
  await cache.close();
  cleanupTemp();
});

interface Done {
  outcome: 'success' | 'failure';
  outputs: Record<string, string>;
}

/** Evaluates `${{ … }}` in a value: the few contexts this workflow uses. */
function evaluate(value: string, workspace: string, steps: Record<string, Done>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.workspace') return workspace;
    const m = /^steps\.([\w-]+)\.(outcome|outputs\.([\w-]+))$/.exec(expr);
    const step = m && steps[m[1]!];
    if (!m || !step) throw new Error(`self-test.yml: expression the local runner does not know: ${expr}`);
    return m[3] === undefined ? step.outcome : (step.outputs[m[3]] ?? '');
  });
}

test('self-test.yml: runs on ubuntu and macOS; only checkout and setup-go besides uses: ./', () => {
  expect(Object.keys(workflow.jobs)).toEqual(['example']);
  const job = workflow.jobs.example!;
  expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'macos-latest']);
  expect(job.steps.filter((s) => s.uses !== undefined && s.uses !== './').map((s) => s.uses)).toEqual(['actions/checkout@v5', 'actions/setup-go@v6']);
  expect(job.steps.filter((s) => s.uses === './').map((s) => s.with?.mode ?? 'check')).toEqual(['warm', 'check', 'audit']);
});

test('self-test.yml: its steps pass when run locally through the committed bundle', async () => {
  const job = workflow.jobs.example!;
  // The checkout: the example is all the steps look at.
  const workspace = tempDir('gmh-selftest-ws-');
  cpSync(join(root, 'example'), join(workspace, 'example'), { recursive: true });
  const before = snapshot(workspace);
  const base: Record<string, string> = {
    ...goEnv('off'),
    ...(Object.fromEntries(Object.entries(cache.env()).filter((e): e is [string, string] => e[1] !== undefined)) as Record<string, string>),
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'go-mod-hygiene/go-mod-hygiene',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_WORKFLOW: 'Self-test',
    GITHUB_JOB: 'example',
    GITHUB_RUN_ID: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    // No GitHub API in this run: a step that tried to call it would fail on this address.
    GITHUB_API_URL: 'http://127.0.0.1:9'
  };
  delete base.GOPROXY;
  delete base.GONOSUMDB;

  const done: Record<string, Done> = {};
  const posts: { name: string; files: RunnerFiles; env: Record<string, string>; inputs: Record<string, string> }[] = [];
  const log: string[] = [];
  for (const [i, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${i}`;
    const env = { ...base, ...Object.fromEntries(Object.entries({ ...job.env, ...step.env }).map(([k, v]) => [k, evaluate(String(v), workspace, done)])) };
    if (step.uses !== undefined && step.uses !== './') continue; // checkout and setup-go: this machine's go and the copy above
    let result: StepResult;
    let outputs: Record<string, string> = {};
    if (step.uses === './') {
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(String(v), workspace, done)]));
      const files = runnerFiles({ ref: 'refs/heads/main', repository: { full_name: base.GITHUB_REPOSITORY, default_branch: 'main' } });
      result = await runStep('main', files, env, inputs);
      outputs = parseCommandFile(files.output);
      posts.unshift({ name, files, env, inputs });
    } else {
      const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evaluate(step.run!, workspace, done)], { env, encoding: 'utf8' });
      result = { status: run.status, stdout: run.stdout, stderr: run.stderr };
    }
    const outcome = result.status === 0 ? 'success' : 'failure';
    log.push(`${name}: ${outcome}`);
    if (outcome === 'failure' && !step['continue-on-error']) {
      throw new Error(`step "${name}" failed (exit ${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
    }
    if (step.id) done[step.id] = { outcome, outputs };
  }
  for (const post of posts) {
    const result = await runStep('post', post.files, post.env, post.inputs);
    log.push(`post ${post.name}: ${result.status === 0 ? 'success' : 'failure'}`);
  }
  expect(log).toEqual([
    'warm: success',
    'check: failure',
    'the check fails on the example\'s findings: success',
    'audit: success',
    'the audit reports without failing: success',
    'post audit: success',
    'post check: success',
    'post warm: success'
  ]);
  // warm saved the module cache in its post step (check only reads, audit has it off).
  expect(cache.entries().map((e) => [e.key.startsWith('go-mod-hygiene-self-test-Linux-X64-'), e.finalized])).toEqual([[true, true]]);
  expect(snapshot(workspace)).toEqual(before);
}, 120_000);
