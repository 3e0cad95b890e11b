/**
 * Proxy credentials end to end through the bundle: `goproxy: http://user:password@host` is masked in
 * the log and stripped from the job summary, the PR comment, the JSON report and the outputs.
 */
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { serveProxy, writeProxy, type ProxyServer } from './helpers/goproxy.js';
import { cleanupTemp, fakeClock, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { runEngine } from '../src/engine/engine.js';
import { runCli } from '../src/cli/run.js';
import { createGoRunner } from '../src/go/runner.js';
import { DEFAULT_FAIL_ON } from '../src/report/model.js';
import { ALL_MODULES, appFiles } from './helpers/modules.js';
import { startGitHubApi, type FakeGitHub } from './helpers/github-api.js';
import { parseCommandFile, runStep, runnerFiles, githubEnv } from './helpers/runner.js';
import { readRunnerLog } from './helpers/workflow-commands.js';

const REPO = 'octo/app';
const TOKEN = 'ghs_credSecretToken1234567890';
const USER = 'gmhproxyuser';
const PASSWORD = 'S3cretProxyPass';
let served: ProxyServer;
let fake: FakeGitHub | undefined;

beforeAll(async () => {
  served = await serveProxy(writeProxy(tempDir('gmh-proxy-'), ALL_MODULES).replace(/^file:\/\//, ''));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(async () => {
  await served.close();
  cleanupTemp();
});

test('goproxy with user:password@: masked in the log, absent from summary, comment, report and outputs', async () => {
  const api = await startGitHubApi({ repos: [REPO] });
  fake = api;
  api.addPullRequest(REPO, { number: 7, headSha: 'headsha7', files: [] });
  const files = appFiles();
  // go refuses to send credentials over http and says so with the proxy URL (password redacted, user name not).
  const workspace = makeRepo(files);
  const runner = runnerFiles({ pull_request: { number: 7, head: { sha: 'headsha7', repo: { full_name: REPO, fork: false } } } });
  const proxyWithCredentials = served.url.replace('http://', `http://${USER}:${PASSWORD}@`);
  const env = {
    ...goEnv('off'),
    ...githubEnv({ workspace: workspace, repo: REPO, event: 'pull_request', sha: 'mergesha', apiUrl: api.url })
  };
  const main = await runStep('main', runner, env, { token: TOKEN, cache: 'off', 'fail-on': '', comment: 'always', goproxy: proxyWithCredentials });
  expect(main.status).toBe(1);

  const log = readRunnerLog(main.stdout + main.stderr);
  expect(log.masks).toEqual(expect.arrayContaining([TOKEN, `${USER}:${PASSWORD}`, PASSWORD]));
  // The password is in no line but the add-mask commands themselves.
  expect(log.lines.filter((l) => l.includes(PASSWORD))).toEqual([]);
  expect(log.commands.filter((c) => c.command !== 'add-mask' && JSON.stringify(c).includes(PASSWORD))).toEqual([]);
  expect(log.lines).toContainEqual(expect.stringContaining(`refusing to pass credentials to insecure URL: http://${USER}:xxxxx@`));

  const outputs = parseCommandFile(runner.output);
  const summary = readFileSync(runner.summary, 'utf8');
  const reportText = readFileSync(outputs['report-path']!, 'utf8');
  const comment = api.repo(REPO).commentsOn(7)[0]!.body;
  for (const [where, text] of Object.entries({ summary, reportText, comment, outputs: JSON.stringify(outputs) })) {
    expect([where, text.includes(PASSWORD), text.includes(USER)]).toEqual([where, false, false]);
  }
  const footer = `\`GOPROXY=${served.url} GOSUMDB=sum.golang.org GONOSUMDB=example.com GOFLAGS=-modcacherw GOTOOLCHAIN=local\` · go-mod-hygiene`;
  expect(summary).toContain(footer);
  expect(comment).toContain(footer);
  const report = JSON.parse(reportText) as { go: { env: Record<string, string> } };
  expect(report.go.env.GOPROXY).toBe(served.url);
  expect(reportText).toContain(`refusing to pass credentials to insecure URL: ${served.url}/example.com/lib/@v/v1.0.0.info`);
}, 180_000);

test("credentials only go's configuration holds (not our inputs) are masked before go's messages are logged, and kept out of the report", async () => {
  const root = makeRepo(appFiles());
  const env = goEnv('off', { GOPROXY: served.url.replace('http://', `http://${USER}:${PASSWORD}@`) });
  const events: string[] = [];
  const report = await runEngine(
    { root, modules: [], failOn: [...DEFAULT_FAIL_ON], downloadAttempts: 1, concurrency: 1, tempDir: tempDir('gmh-scratch-'), tidyMode: 'auto', goEnv: {}, retryBaseMs: 1, lookups: false },
    {
      go: createGoRunner({ goBinary: 'go', env, timeoutMs: 120_000 }),
      clock: fakeClock(),
      random: () => 0.5,
      log: { info: (m) => events.push(`info ${m}`), warning: (m) => events.push(`warning ${m}`), group: (t, lines) => events.push(`group ${t}`, ...lines), mask: (s) => events.push(`mask ${s}`) }
    }
  );
  const firstOther = events.findIndex((e) => !e.startsWith('mask '));
  expect(events.slice(0, firstOther)).toEqual([`mask ${USER}:${PASSWORD}`, `mask ${PASSWORD}`]);
  expect(events.slice(firstOther).join('\n')).toContain(`http://${USER}:xxxxx@127.0.0.1`); // go's message, logged after the mask
  expect(JSON.stringify(report)).not.toContain(PASSWORD);
  expect(JSON.stringify(report)).not.toContain(USER);
  expect(report.go.env.GOPROXY).toBe(served.url);
}, 120_000);

test('the CLI in a workflow step masks proxy credentials before logging on stderr', async () => {
  const root = makeRepo(appFiles());
  let stdout = '';
  let stderr = '';
  await runCli([root, '--no-lookups'], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { ...goEnv('off', { GOPROXY: served.url.replace('http://', `http://${USER}:${PASSWORD}@`) }), GITHUB_ACTIONS: 'true' },
    packageRoot: tempDir('gmh-pkg-')
  });
  const log = readRunnerLog(stderr);
  expect(log.masks).toEqual([`${USER}:${PASSWORD}`, PASSWORD]);
  expect(stderr.indexOf('::add-mask::')).toBe(0);
  expect(log.lines.filter((l) => l.includes(PASSWORD))).toEqual([]);
  expect(stdout).not.toContain(PASSWORD);
}, 120_000);
