/**
 * The bundle under a runner-like environment (issue 19): bad inputs named, and faults in writing
 * the report or talking to GitHub never lose the report nor change the outcome. Run `npm run build` first.
 */
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeProxy } from './helpers/goproxy.js';
import { cleanupTemp, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles } from './helpers/modules.js';
import { startGitHubApi, faults, type FakeGitHub } from './helpers/github-api.js';
import { parseCommandFile, runStep, runnerFiles, githubEnv } from './helpers/runner.js';
import type { Report } from '../src/report/model.js';

const REPO = 'octo/app';
let proxy: string;
let fake: FakeGitHub;

beforeAll(() => {
  proxy = writeProxy(tempDir('gmh-proxy-'), ALL_MODULES);
});
afterEach(async () => {
  await fake?.close();
});
afterAll(cleanupTemp);

const untidyGoMod = 'module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n\nrequire example.com/lib v1.0.0 // indirect\n';
const prPayload = { pull_request: { number: 7, head: { sha: 'headsha7', repo: { full_name: REPO, fork: false } } } };

function baseEnv(workspace: string): Record<string, string> {
  return {
    ...goEnv(proxy),
    ...githubEnv({ workspace: workspace, repo: REPO, event: 'pull_request', sha: 'mergesha', apiUrl: fake.url })
  };
}

async function setup(files: Record<string, string>) {
  fake = await startGitHubApi({ repos: [REPO] });
  fake.addPullRequest(REPO, { number: 7, headSha: 'headsha7', files: [] });
  const workspace = makeRepo(files);
  return { workspace, runner: runnerFiles(prPayload), before: snapshot(workspace) };
}

const inputs = (over: Record<string, string> = {}): Record<string, string> => ({ token: 'ghs_badinputToken1234567890', cache: 'off', comment: 'auto', suggestions: 'false', ...over });

test.each([
  ['under /proc', () => '/proc/go-mod-hygiene/report.json', 'ENOENT'],
  ['a directory', () => tempDir('gmh-report-dir-'), 'EISDIR']
])('report-path %s: an error naming report-path and the path; summary, outputs, annotations and comment all happen', async (_name, target, why) => {
  const files = appFiles();
  files['go.mod'] = untidyGoMod;
  const { workspace, runner, before } = await setup(files);
  const path = target();
  const started = Date.now();
  const main = await runStep('main', runner, baseEnv(workspace), inputs({ 'report-path': path }));
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(main.status).toBe(1);
  expect(main.stdout).toMatch(new RegExp(`^::error title=go-mod-hygiene%3A report-path::report-path: the JSON report could not be written to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${why}`, 'm'));
  expect(main.stdout).toContain('::error::go-mod-hygiene: findings that fail by policy (untidy)');
  expect(main.stdout).toMatch(/::error title=go-mod-hygiene%3A untidy,file=go\.mod,line=5::/);
  expect(readFileSync(runner.summary, 'utf8')).toContain('- ❌ `.`: untidy');
  expect(parseCommandFile(runner.output)).toMatchObject({ result: 'findings', 'report-path': '', 'untidy-count': '1' });
  expect(fake.repo(REPO).commentsOn(7)).toHaveLength(1);
  expect(snapshot(workspace)).toEqual(before);
}, 120_000);

test.each([
  ['a directory that does not exist', 'nope', (ws: string) => `an existing directory inside the workspace (${join(ws, 'nope')} does not exist)`],
  ['a file', 'go.mod', () => `a directory inside the workspace, holding go.mod or modules below it`],
  ['outside the workspace', '../elsewhere', (ws: string) => `a directory inside the workspace (${ws}), relative to it or absolute`]
])('working-directory %s: an error naming the input and what is accepted', async (_name, wd, accepted) => {
  const { workspace, runner, before } = await setup(appFiles());
  const main = await runStep('main', runner, baseEnv(workspace), inputs({ 'working-directory': wd }));
  expect(main.status).toBe(1);
  expect(main.stdout).toContain(`::error::Invalid input 'working-directory': ${JSON.stringify(wd)}. Accepted: ${accepted(workspace)}`);
  expect(main.stdout).not.toContain('go env failed');
  expect(snapshot(workspace)).toEqual(before);
}, 120_000);

test('GitHub answering 422 on creating the comment with fail-on: none: a warning, the step passes, summary and report complete', async () => {
  const files = appFiles();
  files['go.mod'] = untidyGoMod;
  const { workspace, runner, before } = await setup(files);
  fake.failNext({ status: 422, method: 'POST', path: /\/issues\/7\/comments$/, message: 'Validation Failed' });
  const started = Date.now();
  // comment: always, so a comment is attempted though nothing fails by policy.
  const main = await runStep('main', runner, baseEnv(workspace), inputs({ 'fail-on': 'none', comment: 'always' }));
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(main.status).toBe(0);
  expect(main.stdout).toMatch(/^::warning::go-mod-hygiene could not write the pull request comment: .*422 Validation Failed.*The outcome is unchanged/m);
  const outputs = parseCommandFile(runner.output);
  expect(outputs).toMatchObject({ result: 'findings', 'untidy-count': '1' });
  expect((JSON.parse(readFileSync(outputs['report-path']!, 'utf8')) as Report).counts.untidy).toBe(1);
  expect(readFileSync(runner.summary, 'utf8')).toContain('**untidy**');
  expect(fake.repo(REPO).commentsOn(7)).toHaveLength(0);
  expect(snapshot(workspace)).toEqual(before);
}, 120_000);

test('GitHub answering 502 on every comment listing: a warning, a clean run stays green, in bounded time', async () => {
  const { workspace, runner, before } = await setup(appFiles());
  fake.failNext(faults.serverError(502, { method: 'GET', path: /\/issues\/7\/comments$/, count: 100 }));
  const started = Date.now();
  const main = await runStep('main', runner, baseEnv(workspace), inputs({ comment: 'always' }));
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(main.status).toBe(0);
  expect(main.stdout).toMatch(/^::warning::go-mod-hygiene could not write the pull request comment: .*502/m);
  const outputs = parseCommandFile(runner.output);
  expect(outputs.result).toBe('clean');
  expect(existsSync(outputs['report-path']!)).toBe(true);
  expect(readFileSync(runner.summary, 'utf8')).toContain('✅ 1 module checked');
  expect(snapshot(workspace)).toEqual(before);
}, 120_000);
