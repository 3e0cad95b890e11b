/**
 * Sharding end to end through the committed bundle: three shard jobs (main, real go) write
 * their reports, a merge job publishes them; the comment, summary, outputs and outcome are those
 * of one unsharded run, timings aside. Every refusal posts nothing and fails with the reason.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeProxy, wrongHash, moduleHashes } from './helpers/goproxy.js';
import { cleanupTemp, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, lib100 } from './helpers/modules.js';
import { startGitHubApi, type FakeGitHub } from './helpers/github-api.js';
import { parseCommandFile, runStep, runnerFiles, type StepResult, githubEnv } from './helpers/runner.js';
import type { Report } from '../src/report/model.js';

const REPO = 'octo/app';
const TOKEN = 'ghs_e2eShardToken1234567890';
const HEAD = '7'.repeat(40);
const SHA = 'e'.repeat(40);
const payload = { pull_request: { number: 7, head: { sha: HEAD, repo: { full_name: REPO, fork: false } } } };

let proxy: string;
let workspace: string;
let fake: FakeGitHub;
let shardReports: string[];
let whole: { main: StepResult; summary: string; outputs: Record<string, string>; comment: string };

beforeAll(async () => {
  proxy = writeProxy(tempDir('gmh-proxy-'), ALL_MODULES);
  const files: Record<string, string> = {};
  for (const d of ['a', 'b', 'c', 'd', 'e']) Object.assign(files, appFiles(d, `example.com/${d}`));
  files['b/go.sum'] = files['b/go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('b'));
  files['d/go.mod'] = files['d/go.mod']!.replace('\nrequire example.com/lib v1.0.0 // indirect\n', '\n');
  workspace = makeRepo(files);
  fake = await startGitHubApi({ repos: [REPO] });
  fake.addPullRequest(REPO, { number: 7, headSha: HEAD, headRepo: REPO, files: [] });

  // One unsharded run: what the merge must reproduce.
  const runner = runnerFiles(payload);
  // Under its own comment key, so the merge has to write a comment of its own.
  const main = await runStep('main', runner, env(), inputs({ 'report-path': join(runner.dir, 'report.json'), 'comment-key': 'whole' }));
  whole = { main, summary: readFileSync(runner.summary, 'utf8'), outputs: parseCommandFile(runner.output), comment: fake.repo(REPO).commentsOn(7)[0]!.body };

  shardReports = [];
  for (let i = 1; i <= 3; i++) {
    const r = runnerFiles(payload);
    const report = join(r.dir, 'report.json');
    const step = await runStep('main', r, env(), inputs({ shard: `${i}/3`, 'report-path': report }));
    expect(step.stdout).toContain(`shard ${i}/3: no comment from a shard`);
    shardReports.push(report);
  }
  expect(fake.repo(REPO).commentsOn(7)).toHaveLength(1);
}, 300_000);

afterAll(async () => {
  await fake?.close();
  cleanupTemp();
});

function env(): Record<string, string> {
  return {
    ...goEnv(proxy),
    ...githubEnv({ workspace: workspace, repo: REPO, event: 'pull_request', sha: SHA, apiUrl: fake.url })
  };
}

const inputs = (over: Record<string, string> = {}): Record<string, string> => ({ token: TOKEN, cache: 'off', 'fail-on': '', comment: 'auto', suggestions: 'false', lookups: 'false', ...over });

/** Downloaded artifacts as download-artifact lays them out: one directory per artifact. */
function artifacts(reports: string[]): string {
  const dir = tempDir('gmh-artifacts-');
  reports.forEach((r, i) => {
    mkdirSync(join(dir, `go-mod-hygiene-shard-${i + 1}`));
    copyFileSync(r, join(dir, `go-mod-hygiene-shard-${i + 1}`, 'report.json'));
  });
  return dir;
}

/** Text that differs between two runs of the same check: durations. */
const timeless = (s: string): string => s.replace(/\d+(\.\d+)? ?m?s\b/g, 'T');

test('three shards merged: the same comment, summary, outputs and outcome as one run', async () => {
  const r = runnerFiles(payload);
  const merge = await runStep('main', r, env(), inputs({ mode: 'merge', reports: artifacts(shardReports), 'report-path': join(r.dir, 'merged.json') }));
  expect(merge.status).toBe(whole.main.status);
  expect(merge.status).toBe(1);
  const comments = fake.repo(REPO).commentsOn(7);
  expect(comments).toHaveLength(2);
  // The same body but for the marker line, which names the comment key.
  const body = (c: string): string => timeless(c.split('\n').slice(1).join('\n'));
  expect(body(comments[1]!.body)).toBe(body(whole.comment));
  expect(comments[1]!.body.split('\n')[0]).toBe('<!-- go-mod-hygiene:comment:ci/hygiene -->');
  expect(timeless(readFileSync(r.summary, 'utf8'))).toBe(timeless(whole.summary));
  const outputs = parseCommandFile(r.output);
  const { 'report-path': _a, 'comment-url': _b, ...mergedOut } = outputs;
  const { 'report-path': _c, 'comment-url': _d, ...wholeOut } = whole.outputs;
  void [_a, _b, _c, _d];
  expect(mergedOut).toEqual(wholeOut);
  // The annotations in the same order.
  const annotations = (s: string): string[] => s.split('\n').filter((l) => /^::(error|warning) /.test(l));
  expect(annotations(merge.stdout)).toEqual(annotations(whole.main.stdout));
  const report = JSON.parse(readFileSync(join(r.dir, 'merged.json'), 'utf8')) as Report;
  expect(report.modules.map((m) => m.dir)).toEqual(['a', 'b', 'c', 'd', 'e']);
  expect('shard' in report).toBe(false);
}, 120_000);

describe('refusals post nothing and fail with the reason', () => {
  /** Runs `mode: merge` over `reports`: the step fails and writes nothing to GitHub. Its log. */
  const mergeRefused = async (reports: string): Promise<string> => {
    const writes = (): number => fake.requests.filter((q) => q.method !== 'GET').length;
    const before = writes();
    const step = await runStep('main', runnerFiles(payload), env(), inputs({ mode: 'merge', reports }));
    expect(step.status).toBe(1);
    expect(writes()).toBe(before);
    return step.stdout;
  };
  test.each<[string, () => string, string]>([
    ['a missing shard', () => artifacts(shardReports.slice(0, 2)), 'shard 3/3 is missing'],
    ['a shard twice', () => artifacts([...shardReports, shardReports[1]!]), 'shard 2/3 is given more than once'],
    [
      'a report from another commit',
      () => {
        const forged = join(tempDir('gmh-forged-'), 'report.json');
        const r = JSON.parse(readFileSync(shardReports[2]!, 'utf8')) as Report;
        writeFileSync(forged, JSON.stringify({ ...r, context: { ...r.context!, sha: 'f'.repeat(40) } }));
        return artifacts([shardReports[0]!, shardReports[1]!, forged]);
      },
      'differs from'
    ],
    [
      'a report that is not valid',
      () => {
        const forged = join(tempDir('gmh-forged-'), 'report.json');
        writeFileSync(forged, '{"schemaVersion": 1, "modules": "<img src=x onerror=alert(1)>"}');
        return artifacts([shardReports[0]!, shardReports[1]!, forged]);
      },
      'go-mod-hygiene-shard-3/report.json: '
    ],
    ['no directory', () => join(tempDir('gmh-none-'), 'nothing-here'), 'no such file or directory']
  ])('%s', async (_what, reports, reason) => {
    const stdout = await mergeRefused(reports());
    expect(stdout).toContain("::error::mode: merge: the shards' reports cannot be merged, nothing was published:");
    expect(stdout).toContain(reason);
    expect(stdout).not.toContain('<img');
    // Nothing new: the unsharded run's comment, and the merge's from the test above when it ran first.
    expect(fake.repo(REPO).commentsOn(7).length).toBeLessThanOrEqual(2);
  }, 120_000);

  /** The three shards, each rewritten by `edit`, as artifacts. */
  const rewritten = (edit: (r: Report) => Report): string =>
    artifacts(
      shardReports.map((file) => {
        const out = join(tempDir('gmh-forged-'), 'report.json');
        writeFileSync(out, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Report)));
        return out;
      })
    );
  test.each<[string, () => string, string]>([
    ['every shard from another commit', () => rewritten((r) => ({ ...r, context: { ...r.context!, sha: 'f'.repeat(40) } })), `the shards checked commit ${'f'.repeat(40)}, this run is for ${SHA}`],
    ['every shard from another repository', () => rewritten((r) => ({ ...r, context: { ...r.context!, repository: 'someone/else' } })), `the shards checked someone/else, this run is for ${REPO}`],
    [
      'shards with no GitHub context (written by the CLI)',
      () =>
        rewritten((r) => {
          const copy = { ...r };
          delete copy.context;
          return copy;
        }),
      "the shards' reports have no GitHub context (written by the CLI, not by the action in a workflow)"
    ]
  ])('%s: they agree with each other, but not with this run', async (_what, reports, reason) => {
    expect(await mergeRefused(reports())).toContain(`::error::mode: merge: ${reason}: nothing was published`);
  }, 120_000);
});
