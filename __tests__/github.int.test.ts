/**
 * GitHub reporting through the real @actions/github client against the loopback API
 * fake (which validates requests against GitHub's OpenAPI description), with reports
 * produced by the real engine on fixture modules.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { startGitHubApi, faults, type FakeGitHub, type FaultSpec } from './helpers/github-api.js';
import { writeProxy } from './helpers/goproxy.js';
import { check, cleanupTemp, goEnv, makeRepo, tempDir, fakeClock } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles } from './helpers/modules.js';
import { createGitHubApi } from '../src/github/api.js';
import { publishToGitHub, type PublishOptions } from '../src/github/publish.js';
import type { RunContext } from '../src/github/context.js';
import { allFindings, emptyCounts, type Finding, type Report } from '../src/report/model.js';
import { failsOnlyNew, prScope } from '../src/github/scope.js';
import type { GitHubSettings } from '../src/settings.js';
import { BODY_LIMIT } from '../src/github/comment.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const REPO = 'octo/app';
let proxy: string;
let fake: FakeGitHub;
let warnings: string[];

beforeAll(() => {
  proxy = writeProxy(tempDir('gmh-proxy-'), ALL_MODULES);
});
afterAll(cleanupTemp);
afterEach(async () => {
  await fake?.close();
});

const untidyGoMod = 'module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n\nrequire example.com/lib v1.0.0 // indirect\n';

/**
 * The engine's report of the app module, untidy or not. The engine runs once per kind and file
 * (each run gave the same report, and a real go run per use made this file one of the slowest);
 * each call gets its own copy, so no test sees another's changes.
 */
const reports = new Map<boolean, Promise<Report>>();
async function report(untidy: boolean): Promise<Report> {
  if (!reports.has(untidy)) {
    const files = appFiles();
    if (untidy) files['go.mod'] = untidyGoMod;
    reports.set(untidy, check(makeRepo(files), goEnv(proxy)).then((r) => r.report));
  }
  return structuredClone(await reports.get(untidy)!);
}

function settings(over: Partial<GitHubSettings> = {}): GitHubSettings {
  return { token: 't', comment: 'auto', commentKey: 'ci/check', suggestions: true, auditIssue: false, auditLabel: 'go-mod-hygiene', ...over };
}

function ctx(pr: number | null): RunContext {
  return {
    repository: REPO,
    owner: 'octo',
    repo: 'app',
    eventName: pr ? 'pull_request' : 'schedule',
    sha: 'abc',
    pullRequest: pr ? { number: pr, headSha: 'head1', headRepo: REPO, fork: false } : null,
    serverUrl: 'https://github.com',
    apiUrl: fake.url,
    runUrl: 'https://github.com/octo/app/actions/runs/1'
  };
}

async function publish(r: Report, pr: number | null, over: Partial<GitHubSettings> = {}) {
  const api = createGitHubApi({ token: 't', baseUrl: fake.url, owner: 'octo', repo: 'app', clock: fakeClock() });
  warnings = [];
  const options: PublishOptions = {
    settings: settings(over),
    pathPrefix: '',
    fullReportHint: 'See the job summary.',
    log: { info() {}, warning: (m) => warnings.push(m), group() {} }
  };
  return publishToGitHub(r, ctx(pr), api, options);
}

async function startWithPr(patch = `@@ -0,0 +1,7 @@\n${untidyGoMod.trimEnd().split('\n').map((l) => `+${l}`).join('\n')}`) {
  fake = await startGitHubApi({ repos: [REPO] });
  fake.addPullRequest(REPO, { number: 1, headSha: 'head1', files: [{ filename: 'go.mod', patch }, { filename: 'main.go', patch: '@@ -1 +1 @@\n-x\n+y' }] });
}

describe('pull request comment', () => {
  test('first run creates one comment; the second updates it in place', async () => {
    await startWithPr();
    const r = await report(true);
    const first = await publish(r, 1);
    const comments = fake.repo(REPO).commentsOn(1);
    expect(comments).toHaveLength(1);
    expect(first.commentUrl).toBe(comments[0]!.html_url);
    expect(comments[0]!.body).toContain('<!-- go-mod-hygiene:comment:ci/check -->');
    expect(comments[0]!.body).toContain('❌ **1 of 1 module fails**');
    await publish(r, 1);
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(1);
    // an unchanged body is not even rewritten
    expect(fake.requests.filter((q) => q.method === 'PATCH' && q.path.includes('/issues/comments/'))).toHaveLength(0);
  });

  test('a clean run after problems turns the comment into a resolved note; a clean first run posts nothing', async () => {
    await startWithPr();
    await publish(await report(false), 1);
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(0);
    await publish(await report(true), 1);
    await publish(await report(false), 1);
    const [c] = fake.repo(REPO).commentsOn(1);
    expect(c?.body).toMatch(/^<!-- go-mod-hygiene:comment:ci\/check -->\n### go-mod-hygiene\n\n✅ Resolved: the module is tidy/);
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(1);
  });

  test('comment: always posts a clean report; never posts nothing', async () => {
    await startWithPr();
    await publish(await report(true), 1, { comment: 'never' });
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(0);
    await publish(await report(false), 1, { comment: 'always', suggestions: false });
    expect(fake.repo(REPO).commentsOn(1)[0]?.body).toContain('✅ 1 module checked');
  });

  test('two comment keys keep two comments; the same key shares one', async () => {
    await startWithPr();
    const r = await report(true);
    await publish(r, 1, { commentKey: 'ci/linux' });
    await publish(r, 1, { commentKey: 'ci/windows' });
    await publish(r, 1, { commentKey: 'ci/linux' });
    const bodies = fake.repo(REPO).commentsOn(1).map((c) => c.body.split('\n')[0]);
    expect(bodies).toEqual(['<!-- go-mod-hygiene:comment:ci/linux -->', '<!-- go-mod-hygiene:comment:ci/windows -->']);
  });

  test('a huge report (300 untidy modules) stays under 65,536 characters and says where the rest is', async () => {
    await startWithPr();
    const one = await report(true);
    const m = one.modules[0]!;
    const modules = Array.from({ length: 300 }, (_, i) => ({ ...m, dir: `services/svc-${String(i).padStart(3, '0')}`, path: `example.com/svc${i}` }));
    const big: Report = { ...one, modules, counts: { ...one.counts, untidy: 300 } };
    const res = await publish(big, 1, { suggestions: false });
    const [c] = fake.repo(REPO).commentsOn(1);
    expect(res.commentUrl).not.toBeNull();
    expect(c!.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(c!.body).toContain('❌ **300 of 300 modules fail**');
    expect(c!.body).toContain('See the job summary.');
  });

  test('a read-only token (fork PR): a warning naming the permission, nothing thrown', async () => {
    await startWithPr();
    fake.failNext(faults.readOnlyToken({ method: 'POST', count: 5 }));
    const res = await publish(await report(true), 1);
    expect(res.forbidden).toBe('pull-requests: write');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/permissions: pull-requests: write/);
    expect(warnings[0]).toMatch(/mode: publish/);
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(0);
  });

  test('5xx, 429 and secondary rate limits are retried', async () => {
    await startWithPr();
    fake.failNext(faults.serverError(502, { method: 'GET' }));
    fake.failNext(faults.rateLimit({ method: 'POST', path: /\/issues\/1\/comments$/ }));
    fake.failNext(faults.secondaryRateLimit({ method: 'POST', path: /\/issues\/1\/comments$/ }));
    await publish(await report(true), 1, { suggestions: false });
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(1);
    expect(fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/issues/1/comments')).map((q) => q.status)).toEqual([429, 403, 201]);
  });

  test('other API errors: a warning saying what was not posted and why, nothing thrown (the outcome follows the findings)', async () => {
    await startWithPr();
    fake.failNext({ status: 404, method: 'GET', path: /\/issues\/1\/comments$/, message: 'Not Found' });
    const res = await publish(await report(true), 1);
    expect(res.notPosted).toBe('write the pull request comment');
    expect(warnings).toEqual([
      'go-mod-hygiene could not write the pull request comment: list comments: 404 Not Found. The outcome is unchanged; the full report is in the job summary and the JSON report.'
    ]);
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(0);
  });

  test('an API that accepts the connection and never answers: each request has a deadline, then a warning', async () => {
    await startWithPr();
    const held: import('node:http').ServerResponse[] = [];
    const silent = createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const api = createGitHubApi({ token: 't', baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, owner: 'octo', repo: 'app', clock: fakeClock(), timeoutMs: 1000 });
      const log: string[] = [];
      const started = Date.now();
      const res = await publishToGitHub(await report(true), ctx(1), api, {
        settings: settings({ suggestions: false }),
        pathPrefix: '',
        fullReportHint: '',
        log: { info() {}, warning: (m) => void log.push(m), group() {} }
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(res.notPosted).toBe('write the pull request comment');
      expect(log).toEqual([
        expect.stringMatching(/^go-mod-hygiene could not read the pull request's files \(list PR files: .*abort/i),
        expect.stringMatching(/^go-mod-hygiene could not write the pull request comment: list comments: .*abort/i)
      ]);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('422 on creating the comment and a persistent 5xx on updating it: warnings, nothing thrown', async () => {
    await startWithPr();
    fake.failNext({ status: 422, method: 'POST', path: /\/issues\/1\/comments$/, message: 'Validation Failed' });
    const first = await publish(await report(true), 1, { suggestions: false });
    expect(first.notPosted).toBe('write the pull request comment');
    expect(warnings[0]).toMatch(/^go-mod-hygiene could not write the pull request comment: .*422 Validation Failed/);
    await publish(await report(true), 1, { suggestions: false });
    fake.failNext(faults.serverError(502, { method: 'PATCH', count: 10 }));
    const started = Date.now();
    const third = await publish(await report(false), 1, { suggestions: false });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(third.notPosted).toBe('write the pull request comment');
    expect(warnings).toEqual([expect.stringMatching(/^go-mod-hygiene could not write the pull request comment: .*502/)]);
  });

  test("the PR's files unreadable: a warning, and the comment covers every finding as before", async () => {
    await startWithPr();
    fake.failNext({ status: 404, method: 'GET', path: /\/pulls\/1\/files$/, message: 'Not Found' });
    await publish(await report(true), 1);
    expect(warnings).toEqual([expect.stringContaining("could not read the pull request's files (list PR files: 404 Not Found)")]);
    expect(fake.repo(REPO).commentsOn(1)[0]!.body).toContain('- ❌ `.`: untidy — run `go mod tidy`');
  });
});

describe('waiting as GitHub asks (every wait goes through the clock)', () => {
  async function start() {
    fake = await startGitHubApi({ repos: [REPO] });
    fake.addPullRequest(REPO, { number: 1, headSha: 'head1', files: [] });
    const clock = fakeClock();
    return { clock, api: createGitHubApi({ token: 't', baseUrl: fake.url, owner: 'octo', repo: 'app', clock }) };
  }
  /** A spent primary rate limit: 403, no requests remaining, resetting `inS` seconds from the clock's now. */
  const primary = (clock: { now(): number }, inS: number): FaultSpec => ({
    status: 403,
    method: 'GET',
    message: 'API rate limit exceeded for installation ID 1.',
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(clock.now() / 1000 + inS) }
  });
  const statuses = (): number[] => fake.requests.map((q) => q.status);

  test('a spent primary rate limit: asked again a second after x-ratelimit-reset', async () => {
    const { api, clock } = await start();
    fake.failNext(primary(clock, 30));
    await expect(api.listIssueComments(1)).resolves.toEqual([]);
    expect(clock.sleeps).toEqual([31_000]);
    expect(statuses()).toEqual([403, 200]);
  });

  test('a primary rate limit resetting in an hour: not waited for and not asked again; the error says how long GitHub asked', async () => {
    const { api, clock } = await start();
    fake.failNext(primary(clock, 3600));
    await expect(api.listIssueComments(1)).rejects.toThrow(
      'list comments: 403 API rate limit exceeded for installation ID 1. (GitHub asks to wait 3601 s before trying again, longer than go-mod-hygiene waits)'
    );
    expect(clock.sleeps).toEqual([]);
    expect(statuses()).toEqual([403]);
  });

  test('a secondary rate limit naming no time: a minute, as GitHub advises', async () => {
    const { api, clock } = await start();
    fake.failNext(faults.secondaryRateLimit({ method: 'GET', headers: {} }));
    await expect(api.listIssueComments(1)).resolves.toEqual([]);
    expect(clock.sleeps).toEqual([60_000]);
    expect(statuses()).toEqual([403, 200]);
  });

  test('retry-after is waited as given, on a 429 and on a secondary limit; beyond a minute the request fails at once', async () => {
    const { api, clock } = await start();
    fake.failNext(faults.rateLimit({ method: 'GET', headers: { 'retry-after': '7' } }));
    fake.failNext(faults.secondaryRateLimit({ method: 'GET', headers: { 'retry-after': '12' } }));
    await expect(api.listIssueComments(1)).resolves.toEqual([]);
    expect(clock.sleeps).toEqual([7000, 12_000]);
    expect(statuses()).toEqual([429, 403, 200]);
    fake.failNext(faults.rateLimit({ method: 'GET', headers: { 'retry-after': '600' } }));
    await expect(api.listIssueComments(1)).rejects.toThrow(/^list comments: 429 API rate limit exceeded for installation\. \(GitHub asks to wait 600 s/);
    expect(clock.sleeps).toEqual([7000, 12_000]);
    expect(statuses()).toEqual([429, 403, 200, 429]);
  });

  test('writes a second apart, reads not held back', async () => {
    const { api, clock } = await start();
    const c = await api.createIssueComment(1, 'a');
    await api.listIssueComments(1);
    await api.updateIssueComment(c.id, 'b');
    expect(clock.sleeps).toEqual([1000]);
    await clock.sleep(5000);
    await api.updateIssueComment(c.id, 'c');
    expect(clock.sleeps).toEqual([1000, 5000]);
    expect(fake.repo(REPO).commentsOn(1).map((x) => x.body)).toEqual(['c']);
  });
});

describe('pull request scope: what this PR changed', () => {
  const pseudo = (file: string, line: number): Finding => ({
    kind: 'pseudo-version',
    file,
    line,
    message: 'example.com/snap v0.0.0-20240102030405-abcdef123456 is a pseudo-version',
    module: 'example.com/snap',
    version: 'v0.0.0-20240102030405-abcdef123456',
    commitTime: '2024-01-02T03:04:05Z',
    revision: 'abcdef123456',
    directive: 'require'
  });
  /** Two copies of the engine's module in svc-a and svc-b, with these findings each. */
  async function twoModules(a: Finding[] | 'untidy', b: Finding[] | 'untidy'): Promise<Report> {
    const one = await report(true);
    const m = one.modules[0]!;
    const modules = [
      { ...m, dir: 'svc-a', path: 'example.com/a', findings: a === 'untidy' ? m.findings : a },
      { ...m, dir: 'svc-b', path: 'example.com/b', findings: b === 'untidy' ? m.findings : b }
    ];
    const counts = emptyCounts();
    for (const f of allFindings({ modules, workspaces: [], environment: [] })) counts[f.kind]++;
    const failed = one.failOn.some((k) => counts[k] > 0);
    return { ...one, modules, counts, failed, outcome: allFindings({ modules, workspaces: [], environment: [] }).length ? 'findings' : 'clean' };
  }
  async function startWithFiles(files: { filename: string; patch?: string }[]) {
    fake = await startGitHubApi({ repos: [REPO] });
    fake.addPullRequest(REPO, { number: 1, headSha: 'head1', files });
  }

  test('a PR touching one module: its failure is *this PR*, the other module\'s *already there*', async () => {
    await startWithFiles([{ filename: 'svc-a/main.go', patch: '@@ -1 +1 @@\n-x\n+y' }]);
    await publish(await twoModules('untidy', 'untidy'), 1, { suggestions: false });
    const [c] = fake.repo(REPO).commentsOn(1);
    const lines = c!.body.split('\n');
    expect(lines.slice(3, 7)).toEqual([
      '❌ **2 of 2 modules fail** (1 by this PR)',
      '',
      '- ❌ `svc-a`: untidy · *this PR* — run `go -C svc-a mod tidy`',
      '- ❌ `svc-b`: untidy · *already there* — run `go -C svc-b mod tidy`'
    ]);
  });

  test('a PR touching no Go module that fails nothing: no comment; an earlier comment of ours is set to resolved', async () => {
    await startWithFiles([{ filename: 'README.md', patch: '@@ -1 +1 @@\n-a\n+b' }]);
    const advisoryOnly = await twoModules([pseudo('svc-a/go.mod', 5)], []);
    expect(advisoryOnly.failed).toBe(false);
    const res = await publish(advisoryOnly, 1, { suggestions: false });
    expect(res.commentUrl).toBeNull();
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(0);
    // An earlier run failed and commented; now only an untouched advisory is left.
    await publish(await twoModules('untidy', []), 1, { suggestions: false });
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(1);
    await publish(advisoryOnly, 1, { suggestions: false });
    const [c] = fake.repo(REPO).commentsOn(1);
    expect(c!.body).toBe(
      '<!-- go-mod-hygiene:comment:ci/check -->\n### go-mod-hygiene\n\n✅ Resolved: all 2 modules are tidy, go.sum matches the authoritative hashes, and the module cache verified. 1 advisory on lines this PR did not change is in the job summary.\n'
    );
  });

  test('an advisory on a line the PR changed gets a comment; the same advisory on a line it did not change does not', async () => {
    // The PR adds go.mod line 5 of svc-a.
    const patch = '@@ -3,2 +3,3 @@\n \n require (\n+\texample.com/snap v0.0.0-20240102030405-abcdef123456\n';
    await startWithFiles([{ filename: 'svc-a/go.mod', patch }]);
    await publish(await twoModules([pseudo('svc-a/go.mod', 9)], []), 1, { suggestions: false });
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(0);
    await publish(await twoModules([pseudo('svc-a/go.mod', 5)], [pseudo('svc-b/go.mod', 5)]), 1, { suggestions: false });
    const [c] = fake.repo(REPO).commentsOn(1);
    expect(c!.body).toContain('⚠️ 2 modules checked · 2 advisories\n');
    expect(c!.body).toContain('<details><summary>⚠️ 1 advisory in 1 module on lines this PR changed (not failing)</summary>\n\n#### `svc-a`\n');
    expect(c!.body).not.toContain('#### `svc-b`');
    expect(c!.body).toContain('_1 advisory on lines this PR did not change is left out. See the job summary._');
  });

  test('only-new-issues: only failures of this PR fail', async () => {
    await startWithFiles([]);
    const r = await twoModules('untidy', 'untidy');
    const touchingB = prScope(r, [{ filename: 'svc-b/go.sum' }], '');
    const touchingNone = prScope(r, [{ filename: 'docs/x.md' }, { filename: 'svc-a/README.md' }, { filename: 'svc-a/testdata/x.txt' }], '');
    expect(failsOnlyNew(r, touchingB)).toBe(true);
    expect(failsOnlyNew(r, touchingNone)).toBe(false);
    // The checked root is a subdirectory of the repository: PR paths are taken relative to it.
    expect(failsOnlyNew(r, prScope(r, [{ filename: 'go/svc-a/main.go' }], 'go'))).toBe(true);
    expect(failsOnlyNew(r, prScope(r, [{ filename: 'svc-a/main.go' }], 'go'))).toBe(false);
  });
});

describe('review suggestions', () => {
  test('placed on go.mod lines inside the PR diff, not repeated, and removed when obsolete', async () => {
    await startWithPr();
    const r = await report(true);
    await publish(r, 1);
    const posted = fake.repo(REPO).reviewCommentsOn(1);
    expect(posted.map((c) => [c.path, c.line, c.side])).toEqual([['go.mod', 5, 'RIGHT']]);
    expect(posted[0]!.body).toContain('```suggestion\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/other v1.0.0\n)\n```');
    await publish(r, 1);
    expect(fake.repo(REPO).reviewsOn(1)).toHaveLength(1);
    expect(fake.repo(REPO).reviewCommentsOn(1)).toHaveLength(1);
    await publish(await report(false), 1);
    expect(fake.repo(REPO).reviewCommentsOn(1)).toHaveLength(0);
  });

  test('lines outside the PR diff get no suggestion (the comment still reports them)', async () => {
    await startWithPr('@@ -1,2 +1,2 @@\n-module example.com/old\n+module example.com/app\n ');
    await publish(await report(true), 1);
    expect(fake.repo(REPO).reviewsOn(1)).toHaveLength(0);
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(1);
    expect(fake.requests.some((q) => q.status === 422)).toBe(false);
  });
});

describe('scheduled audit issue', () => {
  test('created, updated, closed when clean, reopened when problems return', async () => {
    fake = await startGitHubApi({ repos: [REPO] });
    const bad = await report(true);
    const good = await report(false);
    const issues = () => [...fake.repo(REPO).issues.values()].filter((i) => !i.pull_request);
    const created = await publish(bad, null, { auditIssue: true });
    expect(issues().map((i) => [i.number, i.state, i.labels.map((l) => l.name)])).toEqual([[1, 'open', ['go-mod-hygiene']]]);
    expect(created.auditIssueUrl).toBe(issues()[0]!.html_url);
    await publish(bad, null, { auditIssue: true });
    expect(issues()).toHaveLength(1);
    await publish(good, null, { auditIssue: true });
    expect(issues()[0]!.state).toBe('closed');
    expect(fake.repo(REPO).commentsOn(1).map((c) => c.body)).toEqual(['✅ Everything is clean now ([run](https://github.com/octo/app/actions/runs/1)): closing.']);
    await publish(good, null, { auditIssue: true });
    expect(fake.repo(REPO).commentsOn(1)).toHaveLength(1);
    await publish(bad, null, { auditIssue: true });
    expect(issues().map((i) => [i.number, i.state])).toEqual([[1, 'open']]);
  });

  test('no audit issue unless asked', async () => {
    fake = await startGitHubApi({ repos: [REPO] });
    await publish(await report(true), null);
    expect(fake.requests).toHaveLength(0);
  });
});
