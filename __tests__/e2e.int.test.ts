/**
 * End to end: the committed dist/ bundle, main then post, under a runner-like environment,
 * with real go on fixture modules and the loopback GitHub API.
 */
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { FINDING_KINDS } from '../src/report/model.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeProxy } from './helpers/goproxy.js';
import { cleanupTemp, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles } from './helpers/modules.js';
import { startGitHubApi, type FakeGitHub } from './helpers/github-api.js';
import { parseCommandFile, runStep, runnerFiles, githubEnv } from './helpers/runner.js';
import type { Report } from '../src/report/model.js';

const REPO = 'octo/app';
const TOKEN = 'ghs_e2eSecretToken1234567890';
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
const HEAD7 = '7'.repeat(40);
const MERGE_SHA = 'e'.repeat(40);
const prPayload = { pull_request: { number: 7, head: { sha: HEAD7, repo: { full_name: REPO, fork: false } } } };

function baseEnv(workspace: string, event: string): Record<string, string> {
  return {
    ...goEnv(proxy),
    ...githubEnv({ workspace: workspace, repo: REPO, event: event, sha: MERGE_SHA, apiUrl: fake.url })
  };
}

const inputs = (over: Record<string, string> = {}): Record<string, string> => ({ token: TOKEN, cache: 'off', 'fail-on': '', comment: 'auto', suggestions: 'true', ...over });

async function prSetup(files: Record<string, string>, headRepo = REPO) {
  fake = await startGitHubApi({ repos: [REPO] });
  fake.addPullRequest(REPO, { number: 7, headSha: HEAD7, headRepo, files: [{ filename: 'go.mod', patch: `@@ -0,0 +1,7 @@\n${untidyGoMod.trimEnd().split('\n').map((l) => `+${l}`).join('\n')}` }] });
  const workspace = makeRepo(files);
  return { workspace, runner: runnerFiles(prPayload), before: snapshot(workspace) };
}

test('pull_request: main reports untidy, comments once with a suggestion, fails; post runs; checkout untouched', async () => {
  const files = appFiles();
  files['go.mod'] = untidyGoMod;
  const { workspace, runner, before } = await prSetup(files);
  const main = await runStep('main', runner, baseEnv(workspace, 'pull_request'), inputs());
  expect(main.status).toBe(1);
  expect(main.stdout).toContain('::error::go-mod-hygiene: findings that fail by policy (untidy)');
  expect(main.stdout).toMatch(/::error title=go-mod-hygiene%3A untidy,file=go\.mod,line=5::go mod tidy would change: 1 require\(s\) to add/);
  expect(main.stdout).toContain(`::add-mask::${TOKEN}`);
  expect(main.stdout.split(TOKEN).length).toBe(2); // only the mask command itself
  const outputs = parseCommandFile(runner.output);
  expect(outputs).toMatchObject({ result: 'findings', 'untidy-modules': '["."]', 'untidy-count': '1', 'checksum-mismatch-count': '0', mismatches: '[]' });
  expect(outputs['comment-url']).toMatch(/^https:\/\/github\.com\/octo\/app\/pull\/7#issuecomment-\d+$/);
  const report = JSON.parse(readFileSync(outputs['report-path']!, 'utf8')) as Report;
  expect(report.context).toEqual({ repository: REPO, event: 'pull_request', sha: MERGE_SHA, pullRequest: { number: 7, headSha: HEAD7 }, pathPrefix: '' });
  // The PR changed go.mod: the summary says the failure is this PR's.
  expect(readFileSync(runner.summary, 'utf8')).toContain('- ❌ `.`: untidy · *this PR* — run `go mod tidy`');
  expect(fake.repo(REPO).commentsOn(7)).toHaveLength(1);
  expect(fake.repo(REPO).reviewCommentsOn(7).map((c) => c.line)).toEqual([5]);
  const post = await runStep('post', runner, baseEnv(workspace, 'pull_request'), inputs());
  expect(post.status).toBe(0);
  expect(snapshot(workspace)).toEqual(before);
  // A second run updates the same comment and does not repeat the suggestion.
  await runStep('main', runner, baseEnv(workspace, 'pull_request'), inputs());
  expect(fake.repo(REPO).commentsOn(7)).toHaveLength(1);
  expect(fake.repo(REPO).reviewCommentsOn(7)).toHaveLength(1);
}, 120_000);

/** The workflow commands of our annotations: [level, kind, file, line]. */
function annotationsIn(stdout: string): [string, string, string | undefined, number | undefined][] {
  return [...stdout.matchAll(/^::(error|warning) title=go-mod-hygiene%3A ([\w-]+)(?:,file=([^,:]+))?(?:,line=(\d+))?::/gm)].map((m) => [m[1]!, m[2]!, m[3], m[4] ? Number(m[4]) : undefined]);
}

test('only-new-issues: a PR with one failure of its own fails on it alone; a PR with only failures already there passes, unannotated, without a comment', async () => {
  const untidy = (path: string): string => `module ${path}\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n\nrequire example.com/lib v1.0.0 // indirect\n`;
  const files = { ...appFiles('a', 'example.com/a'), ...appFiles('b', 'example.com/b'), 'a/go.mod': untidy('example.com/a'), 'b/go.mod': untidy('example.com/b') };
  fake = await startGitHubApi({ repos: [REPO] });
  const HEAD9 = '9'.repeat(40);
  fake.addPullRequest(REPO, { number: 7, headSha: HEAD7, files: [{ filename: 'a/go.mod', patch: '@@ -5 +5 @@\n-require example.com/dep v0.9.0\n+require example.com/dep v1.0.0' }] });
  fake.addPullRequest(REPO, { number: 9, headSha: HEAD9, files: [{ filename: 'README.md', patch: '@@ -1 +1 @@\n-a\n+b' }] });
  const workspace = makeRepo(files);
  const oni = inputs({ 'only-new-issues': 'true', suggestions: 'false' });

  // PR 7 made a/go.mod untidy; b was untidy before it.
  const own = runnerFiles(prPayload);
  const failing = await runStep('main', own, baseEnv(workspace, 'pull_request'), oni);
  expect(failing.status).toBe(1);
  expect(failing.stdout).toContain('::error::go-mod-hygiene: findings that fail by policy (untidy)');
  expect(annotationsIn(failing.stdout)).toEqual([['error', 'untidy', 'a/go.mod', 5]]);
  expect(parseCommandFile(own.output)).toMatchObject({ result: 'findings', failed: 'true', 'untidy-count': '2', 'untidy-modules': '["a","b"]' });
  const folded = '<details><summary>⚠️ 1 failure already there in 1 module: not changed by this PR, not failing it (only-new-issues)</summary>\n\n- ❌ `b`: untidy — run `go -C b mod tidy`\n\n#### `b`\n';
  const [comment] = fake.repo(REPO).commentsOn(7);
  expect(comment!.body).toContain('### go-mod-hygiene\n\n❌ **1 of 2 modules fails by this PR** · 1 failure already there\n\n- ❌ `a`: untidy — run `go -C a mod tidy`\n- ⚠️ 1 module with failures already there\n');
  expect(comment!.body).toContain(folded);
  expect(readFileSync(own.summary, 'utf8')).toContain(folded);

  // PR 9 changed no Go file: both failures were already there.
  const other = runnerFiles({ pull_request: { number: 9, head: { sha: HEAD9, repo: { full_name: REPO, fork: false } } } });
  const passing = await runStep('main', other, baseEnv(workspace, 'pull_request'), oni);
  expect(passing.status).toBe(0);
  expect(passing.stdout).not.toMatch(/^::error/m);
  expect(annotationsIn(passing.stdout)).toEqual([]);
  const outputs = parseCommandFile(other.output);
  expect(outputs).toMatchObject({ result: 'findings', failed: 'false', 'untidy-count': '2' });
  const report = JSON.parse(readFileSync(outputs['report-path']!, 'utf8')) as Report;
  expect([report.failed, report.context?.onlyNewIssues]).toEqual([false, true]);
  const summary = readFileSync(other.summary, 'utf8');
  expect(summary).toContain('### go-mod-hygiene\n\n⚠️ 2 modules checked, **passes**: nothing this PR changed fails · 2 failures already there\n\n⚠️ 2 modules with failures already there\n\n');
  expect(summary).toContain('<details><summary>⚠️ 2 failures already there in 2 modules: not changed by this PR, not failing it (only-new-issues)</summary>\n\n- ❌ `a`: untidy — run `go -C a mod tidy`\n- ❌ `b`: untidy — run `go -C b mod tidy`\n');
  // comment: auto leaves failures already there to the job summary, as advisories the PR did not touch; comment: always shows the same verdict.
  expect(fake.repo(REPO).commentsOn(9)).toHaveLength(0);
  await runStep('main', other, baseEnv(workspace, 'pull_request'), { ...oni, comment: 'always' });
  expect(fake.repo(REPO).commentsOn(9)[0]!.body).toContain('⚠️ 2 modules checked, **passes**: nothing this PR changed fails · 2 failures already there\n');

  // The same PR without the input fails, every failure an error annotation.
  const strict = await runStep('main', runnerFiles({ pull_request: { number: 9, head: { sha: HEAD9, repo: { full_name: REPO, fork: false } } } }), baseEnv(workspace, 'pull_request'), inputs({ suggestions: 'false' }));
  expect(strict.status).toBe(1);
  expect(annotationsIn(strict.stdout)).toEqual([
    ['error', 'untidy', 'a/go.mod', 5],
    ['error', 'untidy', 'b/go.mod', 5]
  ]);
}, 180_000);

test('fork PR with a read-only token: warning, summary written, outcome by findings alone', async () => {
  const clean = await prSetup(appFiles());
  fake.repo(REPO).readOnly = true;
  const ok = await runStep('main', clean.runner, baseEnv(clean.workspace, 'pull_request'), inputs({ comment: 'always' }));
  expect(ok.status).toBe(0);
  expect(ok.stdout).toMatch(/::warning::go-mod-hygiene could not write the pull request comment: .*permissions: pull-requests: write/);
  expect(readFileSync(clean.runner.summary, 'utf8')).toContain('✅ 1 module checked');
  await fake.close();
  const files = appFiles();
  files['go.mod'] = untidyGoMod;
  const dirty = await prSetup(files);
  fake.repo(REPO).readOnly = true;
  const bad = await runStep('main', dirty.runner, baseEnv(dirty.workspace, 'pull_request'), inputs());
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain('::error::go-mod-hygiene: findings that fail by policy (untidy)');
}, 120_000);

test('two-workflow pattern: a fork PR’s artifact is published on the PR of the workflow_run event, and only there', async () => {
  const files = appFiles();
  files['go.mod'] = untidyGoMod;
  const { workspace, runner } = await prSetup(files, 'forker/app');
  const victim = fake.addPullRequest(REPO, { number: 8, headSha: '8'.repeat(40), headRepo: 'victim/app', files: [] });
  fake.repo(REPO).readOnly = true;
  await runStep('main', runner, baseEnv(workspace, 'pull_request'), inputs());
  const reportPath = parseCommandFile(runner.output)['report-path']!;
  expect(fake.repo(REPO).commentsOn(7)).toHaveLength(0);
  fake.repo(REPO).readOnly = false;
  // What GitHub sends the workflow_run workflow for a fork's PR: pull_requests is empty.
  const event = { workflow_run: { id: 1234, event: 'pull_request', head_sha: HEAD7, head_branch: 'pr-7', head_repository: { full_name: 'forker/app', owner: { login: 'forker' } }, pull_requests: [] } };
  const wr = runnerFiles(event);
  const publish = await runStep('main', wr, baseEnv(tempDir('gmh-ws-'), 'workflow_run'), inputs({ mode: 'publish', 'report-path': reportPath }));
  expect(publish.stderr).toBe('');
  expect(publish.status).toBe(0);
  expect(publish.stdout).toContain(`mode: publish: posting on pull request #7 (head ${HEAD7}).`);
  expect(fake.repo(REPO).commentsOn(7)).toHaveLength(1);
  expect(fake.repo(REPO).commentsOn(7)[0]!.body).toContain('❌ **1 of 1 module fails**');
  expect(fake.repo(REPO).reviewCommentsOn(7).map((c) => c.line)).toEqual([5]);
  expect(parseCommandFile(wr.output)).toMatchObject({ result: 'findings', 'untidy-count': '1' });

  // The same artifact, edited by the fork to name another PR: a warning, nothing posted anywhere.
  const forged = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  forged.context!.pullRequest = { number: victim.number, headSha: HEAD7 };
  const forgedPath = join(tempDir('gmh-forged-'), 'report.json');
  writeFileSync(forgedPath, JSON.stringify(forged));
  const writesBefore = fake.requests.filter((r) => r.method !== 'GET').length;
  const refused = await runStep('main', runnerFiles(event), baseEnv(tempDir('gmh-ws-'), 'workflow_run'), inputs({ mode: 'publish', 'report-path': forgedPath }));
  expect(refused.status).toBe(0);
  expect(refused.stdout).toContain(`::warning::mode: publish: nothing posted from ${forgedPath}: the report names pull request #8, but the triggering run is for #7`);
  expect(fake.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  expect(fake.repo(REPO).commentsOn(8)).toHaveLength(0);

  const missing = await runStep('main', wr, baseEnv(tempDir('gmh-ws-'), 'workflow_run'), inputs({ mode: 'publish' }));
  expect(missing.status).toBe(1);
  expect(missing.stdout).toContain("::error::Invalid input 'report-path'");
  const noPr = await runStep('main', runnerFiles({}), baseEnv(tempDir('gmh-ws-'), 'workflow_dispatch'), inputs({ mode: 'publish', 'report-path': reportPath }));
  expect(noPr.status).toBe(1);
  expect(noPr.stdout).toContain("::error::Invalid input 'pull-request': \"\". Accepted: the number of the pull request to post on");
}, 120_000);

test('schedule: the tracking issue is created; bad input names the input', async () => {
  fake = await startGitHubApi({ repos: [REPO] });
  const files = appFiles();
  files['go.mod'] = untidyGoMod;
  const workspace = makeRepo(files);
  const runner = runnerFiles({ schedule: '0 4 * * *' });
  const r = await runStep('main', runner, baseEnv(workspace, 'schedule'), inputs());
  expect(r.status).toBe(1);
  const issues = [...fake.repo(REPO).issues.values()];
  expect(issues.map((i) => [i.title, i.state, i.labels.map((l) => l.name)])).toEqual([['go-mod-hygiene: Go dependency findings', 'open', ['go-mod-hygiene']]]);
  expect(parseCommandFile(runner.output)['audit-issue-url']).toBe(issues[0]!.html_url);
  const bad = await runStep('main', runnerFiles({}), baseEnv(workspace, 'push'), inputs({ 'fail-on': 'untidy, typo' }));
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain(`::error::Invalid input 'fail-on': "typo". Accepted: none, or a list of groups (errors, advisories, all) and kinds (${FINDING_KINDS.join(', ')}).`);
}, 120_000);
