/**
 * `mode: publish` against forged artifacts, through the real GitHub client and the loopback API
 * (requests validated against GitHub's OpenAPI description). The report is the real engine's,
 * then edited as a fork's workflow could: whatever it says, nothing is posted or deleted on any
 * pull request but the triggering run's own, and every refusal says why.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGitHubApi, type FakeGitHub } from './helpers/github-api.js';
import { writeProxy } from './helpers/goproxy.js';
import { check, cleanupTemp, fakeClock, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles } from './helpers/modules.js';
import { createGitHubApi } from '../src/github/api.js';
import { readRunContext } from '../src/github/context.js';
import { prepareSavedReport } from '../src/github/publish-target.js';
import { publishToGitHub } from '../src/github/publish.js';
import { validateReport } from '../src/report/validate.js';
import type { Report } from '../src/report/model.js';

const REPO = 'octo/app';
const FORK = 'forker/app';
const SHA = (c: string): string => c.repeat(40);
const FORK_HEAD = SHA('b');
const OWN_HEAD = SHA('a');
const VICTIM_HEAD = SHA('c');

const untidyGoMod = 'module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n\nrequire example.com/lib v1.0.0 // indirect\n';
const addedPatch = `@@ -0,0 +1,7 @@\n${untidyGoMod.trimEnd().split('\n').map((l) => `+${l}`).join('\n')}`;

let proxy: string;
let engineReport: Report;
let fake: FakeGitHub;

beforeAll(async () => {
  proxy = writeProxy(tempDir('gmh-proxy-'), ALL_MODULES);
  const files = appFiles();
  files['go.mod'] = untidyGoMod;
  engineReport = (await check(makeRepo(files), goEnv(proxy))).report;
}, 120_000);
afterAll(async () => {
  await fake?.close();
  cleanupTemp();
});

/** The artifact a fork's pull_request run uploads for its PR #2. */
function artifact(over: Partial<NonNullable<Report['context']>> = {}): Report {
  return {
    ...engineReport,
    context: { repository: REPO, event: 'pull_request', sha: SHA('e'), pullRequest: { number: 2, headSha: FORK_HEAD }, pathPrefix: '', ...over }
  };
}

/** #1 a same-repository PR, #2 the fork's PR, #3 someone else's PR that already has our comment and a suggestion. */
async function start(): Promise<void> {
  await fake?.close();
  fake = await startGitHubApi({ repos: [REPO] });
  fake.addPullRequest(REPO, { number: 1, headSha: OWN_HEAD, headRef: 'feature', files: [{ filename: 'go.mod', patch: addedPatch }] });
  fake.addPullRequest(REPO, { number: 2, headSha: FORK_HEAD, headRef: 'main', headRepo: FORK, files: [{ filename: 'go.mod', patch: addedPatch }] });
  fake.addPullRequest(REPO, { number: 3, headSha: VICTIM_HEAD, headRef: 'main', headRepo: 'victim/app', files: [{ filename: 'go.mod', patch: addedPatch }] });
  fake.addIssueComment(REPO, 3, '<!-- go-mod-hygiene:comment:ci/check -->\nearlier report', { login: 'github-actions[bot]', type: 'Bot' });
}

function workflowRun(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    workflow_run: {
      id: 99,
      event: 'pull_request',
      head_sha: FORK_HEAD,
      head_branch: 'main',
      head_repository: { full_name: FORK, owner: { login: 'forker' } },
      pull_requests: [],
      ...over
    }
  };
}

interface Outcome {
  posted: boolean;
  /** The run the comment points to for the full report. */
  runUrl?: string | null;
  level?: 'info' | 'warning';
  reason?: string;
  /** Requests that change something, as `METHOD path`. */
  writes: string[];
}

/** What runPublish does after its input checks: read, validate, resolve, post. */
async function publish(content: string | Report, event: { name: string; payload: unknown }, requested: number | null = null): Promise<Outcome> {
  const dir = tempDir('gmh-publish-');
  const reportPath = join(dir, 'report.json');
  writeFileSync(reportPath, typeof content === 'string' ? content : JSON.stringify(content));
  writeFileSync(join(dir, 'event.json'), JSON.stringify(event.payload));
  const ctx = readRunContext({ GITHUB_REPOSITORY: REPO, GITHUB_EVENT_NAME: event.name, GITHUB_EVENT_PATH: join(dir, 'event.json'), GITHUB_API_URL: fake.url, GITHUB_RUN_ID: '100' });
  const api = createGitHubApi({ token: 't', baseUrl: fake.url, owner: 'octo', repo: 'app', clock: fakeClock() });
  const before = fake.requests.length;
  const saved = await prepareSavedReport(reportPath, ctx, api, requested);
  let outcome: Omit<Outcome, 'writes'>;
  if (saved.ok) {
    const warnings: string[] = [];
    await publishToGitHub(saved.report, saved.ctx, api, {
      settings: { token: 't', comment: 'auto', commentKey: 'ci/check', suggestions: true, auditIssue: false, auditLabel: 'go-mod-hygiene' },
      pathPrefix: saved.report.context?.pathPrefix ?? '',
      fullReportHint: `The full report is in [the run](${saved.ctx.runUrl ?? ''}).`,
      log: { info() {}, warning: (m) => warnings.push(m), group() {} }
    });
    expect(warnings).toEqual([]);
    outcome = { posted: true, runUrl: saved.ctx.runUrl };
  } else {
    outcome = { posted: false, level: saved.level, reason: saved.reason };
  }
  const writes = fake.requests.slice(before).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  return { ...outcome, writes };
}

const forkRun = { name: 'workflow_run', payload: workflowRun() };

describe('mode: publish posts only on the triggering run’s own pull request', () => {
  test('a fork’s PR, found by head owner:branch (pull_requests is empty), gets the comment and the suggestion', async () => {
    await start();
    const out = await publish(artifact(), forkRun);
    expect(out).toEqual({
      posted: true,
      runUrl: 'https://github.com/octo/app/actions/runs/99',
      writes: ['POST /repos/octo/app/issues/2/comments', 'POST /repos/octo/app/pulls/2/reviews']
    });
    const listed = fake.requests.find((r) => r.route === 'GET /repos/{owner}/{repo}/pulls');
    expect(listed?.query).toMatchObject({ head: 'forker:main', state: 'open' });
    expect(fake.repo(REPO).commentsOn(2)[0]!.body).toContain('❌ **1 of 1 module fails**');
    expect(fake.repo(REPO).reviewsOn(2).map((r) => r.commit_id)).toEqual([FORK_HEAD]);
    expect(fake.repo(REPO).commentsOn(3).map((c) => c.body)).toEqual(['<!-- go-mod-hygiene:comment:ci/check -->\nearlier report']);
  });

  test('a same-repository PR comes from pull_requests, checked against the API', async () => {
    await start();
    const run = workflowRun({ head_sha: OWN_HEAD, head_branch: 'feature', head_repository: { full_name: REPO, owner: { login: 'octo' } }, pull_requests: [{ number: 1 }] });
    const out = await publish(artifact({ pullRequest: { number: 1, headSha: OWN_HEAD } }), { name: 'workflow_run', payload: run });
    expect(out).toEqual({ posted: true, runUrl: 'https://github.com/octo/app/actions/runs/99', writes: ['POST /repos/octo/app/issues/1/comments', 'POST /repos/octo/app/pulls/1/reviews'] });
  });

  test('outside workflow_run, the pull-request input names the PR and its head must be the report’s', async () => {
    await start();
    expect(await publish(artifact(), { name: 'workflow_dispatch', payload: {} }, 2)).toEqual({ posted: true, runUrl: 'https://github.com/octo/app/actions/runs/100', writes: ['POST /repos/octo/app/issues/2/comments', 'POST /repos/octo/app/pulls/2/reviews'] });
    expect(await publish(artifact(), { name: 'workflow_dispatch', payload: {} }, 3)).toEqual({
      posted: false,
      level: 'warning',
      reason: 'the report names pull request #2, not #3 (the pull-request input)',
      writes: []
    });
    expect(await publish(artifact(), { name: 'workflow_dispatch', payload: {} }, null)).toMatchObject({
      posted: false,
      reason: 'outside a workflow_run event the pull request must be given as the pull-request input (this is a workflow_dispatch event)',
      writes: []
    });
  });
});

describe('forged artifacts: nothing is posted or deleted, and the log says why', () => {
  const cases: [string, () => string | Report, { name: string; payload: unknown }, 'info' | 'warning', string | RegExp][] = [
    ["another PR's number (same head)", () => artifact({ pullRequest: { number: 3, headSha: FORK_HEAD } }), forkRun, 'warning', 'the report names pull request #3, but the triggering run is for #2'],
    ["another PR's number and head", () => artifact({ pullRequest: { number: 3, headSha: VICTIM_HEAD } }), forkRun, 'warning', `the report was made for head ${VICTIM_HEAD}, but the triggering run was for ${FORK_HEAD}`],
    ['another repository', () => artifact({ repository: 'victim/app', pullRequest: { number: 3, headSha: FORK_HEAD } }), forkRun, 'warning', 'the report was written for victim/app, not octo/app'],
    ['another head SHA', () => artifact({ pullRequest: { number: 2, headSha: SHA('d') } }), forkRun, 'warning', `the report was made for head ${SHA('d')}, but the triggering run was for ${FORK_HEAD}`],
    ['no pull request', () => artifact({ pullRequest: null, event: 'push' }), forkRun, 'warning', 'the report names no pull request: it was written on a push event'],
    [
      'a run GitHub lists with another PR (pull_requests pointing elsewhere)',
      () => artifact({ pullRequest: { number: 3, headSha: FORK_HEAD } }),
      { name: 'workflow_run', payload: workflowRun({ pull_requests: [{ number: 3 }] }) },
      'info',
      `no open pull request of this repository has forker:"main" at ${FORK_HEAD} as its head`
    ],
    ['a run triggered by a push', () => artifact(), { name: 'workflow_run', payload: workflowRun({ event: 'push' }) }, 'info', 'the triggering run was a push event, not a pull request'],
    ['an event payload without workflow_run', () => artifact(), { name: 'workflow_run', payload: {} }, 'warning', 'the event payload has no workflow_run object'],
    ['a payload whose head_sha is not a SHA', () => artifact(), { name: 'workflow_run', payload: workflowRun({ head_sha: 'main' }) }, 'warning', 'workflow_run.head_sha is not a commit SHA'],
    ['10 MB of JSON', () => JSON.stringify({ ...artifact(), notices: ['x'.repeat(10 * 1024 * 1024)] }), forkRun, 'warning', /^the file is not a go-mod-hygiene report of this version:\n {2}the report is 1048\d{4} bytes, more than the 5242880 allowed$/],
    ['deep nesting', () => `{"schemaVersion":1,"modules":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, forkRun, 'warning', 'the file is not a go-mod-hygiene report of this version:\n  the report is nested deeper than 12 levels'],
    [
      'wrong types',
      () => JSON.stringify(artifact()).replace('"schemaVersion":1', '"schemaVersion":"1"').replace('"failed":true', '"failed":"false"'),
      forkRun,
      'warning',
      'the file is not a go-mod-hygiene report of this version:\n  schemaVersion: expected one of 1, got a string of 1 character\n  failed: expected true or false, got a string of 5 characters'
    ],
    [
      'hostile strings where only we write',
      () => ({ ...artifact(), tool: { name: 'go-mod-hygiene', version: '0.1.0\n::error::pwned <img src=x onerror=alert(1)>' } }),
      forkRun,
      'warning',
      'the file is not a go-mod-hygiene report of this version:\n  tool.version: expected a version like 1.2.3'
    ],
    ['not JSON (say, a symlink target’s content)', () => 'GITHUB_TOKEN=ghs_x\n::add-mask::y', forkRun, 'warning', 'the file is not a go-mod-hygiene report of this version:\n  the report is not valid JSON']
  ];

  test.each(cases)('%s', async (_what, content, event, level, reason) => {
    await start();
    const out = await publish(content(), event);
    expect(out).toEqual({ posted: false, level, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason), writes: [] });
    for (const line of (out.reason ?? '').split('\n')) expect(line.trimStart()).not.toMatch(/^::/);
  });

  test('a PR that moved on after the run: nothing posted, the newer run publishes', async () => {
    await start();
    const pr = fake.repo(REPO).pulls.get(2)!;
    pr.headSha = SHA('f');
    pr.commits.push(pr.headSha);
    expect(await publish(artifact(), forkRun)).toEqual({
      posted: false,
      level: 'info',
      reason: `pull request #2 has moved on from ${FORK_HEAD} to ${SHA('f')}; the run for the new head publishes its own report`,
      writes: []
    });
  });

  test('a closed PR, or a branch of the same name in another fork, is not the run’s', async () => {
    await start();
    fake.repo(REPO).issues.get(2)!.state = 'closed';
    fake.addPullRequest(REPO, { number: 4, headSha: FORK_HEAD, headRef: 'main', headRepo: 'someone/app', files: [] });
    expect(await publish(artifact({ pullRequest: { number: 4, headSha: FORK_HEAD } }), forkRun)).toEqual({
      posted: false,
      level: 'info',
      reason: `no open pull request of this repository has forker:"main" at ${FORK_HEAD} as its head`,
      writes: []
    });
  });

  test('hostile free text on the run’s own PR is posted there only', async () => {
    await start();
    const hostile = 'x\n::error::pwned | <img src=x onerror=alert(1)> @admin </details>';
    const r = artifact();
    r.notices = [hostile];
    const out = await publish(r, forkRun);
    expect(out.writes).toEqual(['POST /repos/octo/app/issues/2/comments', 'POST /repos/octo/app/pulls/2/reviews']);
    expect(fake.repo(REPO).commentsOn(3)).toHaveLength(1);
    expect(fake.repo(REPO).reviewCommentsOn(3)).toHaveLength(0);
  });
});

test('reports the engine writes pass validation', async () => {
  expect(validateReport(JSON.parse(JSON.stringify(artifact())))).toEqual({ ok: true, report: artifact() });
  // A module with many kinds of findings: a wrong go.sum hash, replace and exclude directives, a require without go.sum, a workspace.
  const files = appFiles('svc');
  files['svc/go.sum'] = files['svc/go.sum']!.replace(/h1:[A-Za-z0-9+/]{43}=/, `h1:${'A'.repeat(43)}=`);
  files['svc/go.mod'] += 'replace example.com/other => example.com/other v1.0.0\n\nexclude example.com/lib v1.1.0\n';
  files['bad/go.mod'] = 'module example.com/bad\n\ngo 1.21\n\nrequire example.com/missing v9.9.9\n';
  files['go.work'] = 'go 1.21\n\nuse (\n\t./svc\n\t./gone\n)\n';
  const { report } = await check(makeRepo(files), goEnv(proxy));
  const kinds = new Set([...report.environment, ...report.workspaces.flatMap((w) => w.findings), ...report.modules.flatMap((m) => m.findings)].map((f) => f.kind));
  expect([...kinds].sort()).toEqual(['checksum-mismatch', 'exclude', 'malformed', 'replace', 'workspace-error']);
  expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ ok: true, report });
}, 120_000);
