/**
 * The committed bundles run the check on a worker thread whose young generation is capped
 * (src/util/thread.ts, issue 16's P5): which thread does what, the thread's output and exit status
 * relayed whole, and an error it does not catch reported as node reports one. A preload given with
 * NODE_OPTIONS (it runs in every thread) records each thread as it ends. Run `npm run build` first.
 */
import { afterAll, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, makeRepo, tempDir } from './helpers/fixtures.js';
import { bundleNode, githubEnv, runStep, runnerFiles } from './helpers/runner.js';
import type { Report } from '../src/report/model.js';

const root = join(import.meta.dirname, '..');
afterAll(cleanupTemp);

interface ThreadRecord {
  isMainThread: boolean;
  threadId: number;
  young: number | null;
  old: number | null;
}

/** A preload that appends each thread's record to `file` as the thread ends, and throws in a worker thread when THROW_IN_THREAD is set. */
function recorder(): { preload: string; file: string; threads: () => ThreadRecord[] } {
  const dir = tempDir('gmh-threads-');
  const file = join(dir, 'threads.jsonl');
  const preload = join(dir, 'record.mjs');
  writeFileSync(
    preload,
    `import { isMainThread, threadId, resourceLimits } from 'node:worker_threads';
import { appendFileSync } from 'node:fs';
if (!isMainThread && process.env.THROW_IN_THREAD) throw new Error('thrown on the work thread');
process.on('exit', () => appendFileSync(${JSON.stringify(file)}, JSON.stringify({ isMainThread, threadId, young: resourceLimits.maxYoungGenerationSizeMb ?? null, old: resourceLimits.maxOldGenerationSizeMb ?? null }) + '\\n'));
`
  );
  const threads = (): ThreadRecord[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ThreadRecord)
      .sort((a, b) => a.threadId - b.threadId);
  return { preload, file, threads };
}

const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '', HOME: tempDir('gmh-home-'), GOPROXY: 'off', GOFLAGS: '', GOCACHE: join(tempDir('gmh-gocache-'), 'c') });

/** The CLI bundle, stdout and stderr into pipes. */
function cli(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bundleNode, [join(root, 'dist', 'cli', 'index.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

test('the CLI checks on one worker thread with a 4 MiB young generation and a 1 GiB old one; the main thread, uncapped, only waits', async () => {
  const rec = recorder();
  const run = await cli(['--demo', '--format', 'json', '--quiet'], { ...baseEnv(), NODE_OPTIONS: `--import=${rec.preload}` });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1); // the demo's findings, from the thread
  expect((JSON.parse(run.stdout) as Report).modules.map((m) => m.dir)).toEqual(['app', 'tools']);
  // The demo's zips are small: hashed on the check's own thread, no hashing thread started.
  expect(rec.threads()).toEqual([
    { isMainThread: true, threadId: 0, young: null, old: null },
    { isMainThread: false, threadId: 1, young: 4, old: 1024 }
  ]);
}, 60_000);

test('the action\'s main step too: its outcome, outputs and workflow commands come from the thread', async () => {
  const rec = recorder();
  const workspace = makeRepo({ 'README.md': 'no Go here\n' });
  const runner = runnerFiles({});
  const env = { ...baseEnv(), ...githubEnv({ workspace, repo: 'octo/app', event: 'push', sha: 'abc', apiUrl: 'http://127.0.0.1:9' }), NODE_OPTIONS: `--import=${rec.preload}` };
  const main = await runStep('main', runner, env, { cache: 'off', comment: 'never' });
  expect(main.status).toBe(1);
  expect(main.stdout).toContain(`::error::No go.mod found under ${workspace}.`);
  expect(rec.threads()).toEqual([
    { isMainThread: true, threadId: 0, young: null, old: null },
    { isMainThread: false, threadId: 1, young: 4, old: 1024 }
  ]);
}, 60_000);

/** 3,000 modules under testdata/: each skipped and listed in the report (~230 KB of JSON), none checked (status 3). */
function manySkipped(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`testdata/m${i}/go.mod`] = `module example.com/m${i}\n\ngo 1.21\n`;
  return makeRepo(files);
}

test('a report far larger than a pipe holds arrives whole, with the thread\'s exit status', async () => {
  const run = await cli([manySkipped(), '--format', 'json', '--quiet', '--no-lookups'], baseEnv());
  expect(run.status).toBe(3); // no module to check
  expect(run.stdout.length).toBeGreaterThan(200_000);
  const report = JSON.parse(run.stdout) as Report;
  expect(report.skipped).toHaveLength(3000);
  expect(report.skipped.at(-1)).toEqual({ dir: 'testdata/m999', reason: 'under testdata/' });
}, 60_000);

test('an error the thread does not catch: its stack on stderr, and the status of a run error (2), not that of findings', async () => {
  const rec = recorder();
  const run = await cli(['--demo', '--format', 'json', '--quiet'], { ...baseEnv(), NODE_OPTIONS: `--import=${rec.preload}`, THROW_IN_THREAD: '1' });
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^Error: thrown on the work thread\n {4}at /);
}, 60_000);

test('a reader that goes away (| head): no stack trace, and the status still follows the findings', async () => {
  const run = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(bundleNode, [join(root, 'dist', 'cli', 'index.js'), manySkipped(), '--format', 'json', '--quiet'], { cwd: root, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const err: Buffer[] = [];
    // The first bytes read (a pipe holds 64 KiB of the report), the pipe is closed, as head closes it.
    child.stdout.once('data', () => child.stdout.destroy());
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr: Buffer.concat(err).toString('utf8') }));
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(3); // no module to check, as when the report is read whole
}, 60_000);
