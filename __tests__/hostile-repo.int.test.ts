/**
 * A repository written by an attacker: workflow commands and markup in directory names, go.work
 * use paths, replace targets, deprecation messages and retraction rationales. Run with real go
 * through the Actions logger, the CLI and the markdown renderer: nothing issues a command or
 * renders live.
 */
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { marked } from 'marked';
import { writeProxy, goSumLines, type FixtureModule } from './helpers/goproxy.js';
import { cleanupTemp, fakeClock, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { readRunnerLog, foreignCommands } from './helpers/workflow-commands.js';
import { createGoRunner } from '../src/go/runner.js';
import { runEngine } from '../src/engine/engine.js';
import { DEFAULT_FAIL_ON, type Report } from '../src/report/model.js';
import { actionsLogger } from '../src/action/log.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { runCli } from '../src/cli/run.js';
import { readFileSync } from 'node:fs';
import { parseCommandFile, runStep, runnerFiles } from './helpers/runner.js';

const pkg = (name: string, body: string, imports: string[] = []): string =>
  `package ${name}\n\n${imports.map((i) => `import _ "${i}"\n`).join('')}\n${body}\n`;

const legacy100: FixtureModule = {
  path: 'example.com/legacy',
  version: 'v1.0.0',
  files: { 'go.mod': '// Deprecated: use example.com/other.\n// ::error::pwned-deprecation ##[add-mask]legacy <img src=x onerror=alert(1)> @org/team\nmodule example.com/legacy\n\ngo 1.21\n', 'l.go': pkg('legacy', 'const L = 1') }
};
const old100: FixtureModule = { path: 'example.com/old', version: 'v1.0.0', files: { 'o.go': pkg('old', 'const V = 1') } };
const old110: FixtureModule = {
  path: 'example.com/old',
  version: 'v1.1.0',
  files: { 'go.mod': 'module example.com/old\n\ngo 1.21\n\nretract (\n\t// leaks\n\t// ::set-output name=pwned::retraction\\|<img src=x onerror=alert(2)>\n\tv1.0.0\n)\n', 'o.go': pkg('old', 'const V = 2') }
};

const DIR = 'sub\n::error::pwned-dir\\|<img src=x onerror=alert(3)>';
const WORK_DIR = 'w ##[error]pwned-work ![x](https://evil.example/x.png)';
let proxy: string;

beforeAll(() => {
  proxy = writeProxy(tempDir('gmh-hostile-proxy-'), [legacy100, old100, old110]);
});
afterAll(cleanupTemp);

function hostileRepo(): string {
  return makeRepo({
    'go.mod': 'module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/legacy v1.0.0\n\texample.com/old v1.0.0\n)\n',
    // Required, so the replace is used: one that nothing requires is only a dead-replace advisory.
    'rep/go.mod': 'module example.com/rep\n\ngo 1.21\n\nrequire example.com/gone v1.0.0\n\nreplace example.com/gone => "../../x ##[error]pwned-replace"\n',
    'go.sum': goSumLines([legacy100, old100]),
    'main.go': pkg('main', 'func main() {}', ['example.com/legacy', 'example.com/old']),
    [`${DIR}/go.mod`]: 'module example.com/sub\n\ngo 1.21\n',
    [`${DIR}/s.go`]: 'package sub\n',
    [`${WORK_DIR}/go.mod`]: 'module example.com/w\n\ngo 1.21\n',
    'go.work': `go 1.21\n\nuse (\n\t.\n\t"./${WORK_DIR}"\n)\n`
  });
}

/** Everything written to stdout while fn runs. */
async function captureStdout(fn: () => Promise<Report>): Promise<{ out: string; report: Report }> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    return { report: await fn(), out };
  } finally {
    spy.mockRestore();
  }
}

function expectInertMarkdown(md: string): void {
  const html = marked.parse(md, { gfm: true, async: false });
  const live = html.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');
  const tags = new Set([...live.matchAll(/<\/?([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase()));
  for (const t of tags) expect(['h3', 'h4', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'strong', 'em', 'ul', 'li', 'sub', 'br']).toContain(t);
  expect(live).not.toMatch(/<[^>]*\s(href|src|on\w+)=/i);
  expect(live).not.toMatch(/@\w/);
}

test('the Actions log and the markdown: no command but ours, nothing live', async () => {
  const root = hostileRepo();
  const before = snapshot(root);
  const env = goEnv(proxy);
  const { out, report } = await captureStdout(() =>
    runEngine(
      { root, modules: [], failOn: [...DEFAULT_FAIL_ON], downloadAttempts: 1, concurrency: 2, tempDir: tempDir('gmh-scratch-'), tidyMode: 'auto', goEnv: {}, retryBaseMs: 1, repoRoot: root },
      { go: createGoRunner({ goBinary: 'go', env, timeoutMs: 120_000 }), clock: fakeClock(), random: () => 0.5, log: actionsLogger }
    )
  );
  // The repository's strings did reach the report and the log...
  const all = JSON.stringify(report);
  for (const s of ['pwned-dir', 'pwned-work', 'pwned-replace', 'pwned-deprecation', 'name=pwned::retraction']) expect(all).toContain(s);
  const log = readRunnerLog(out);
  const shown = log.lines.join('\n');
  for (const s of ['\n::error::pwned-deprecation ##[add-mask]legacy', '\n::set-output name=pwned::retraction', '##[error]pwned-replace']) expect(shown).toContain(s);
  // Directory names are in group titles: command data, one line whatever they hold.
  const titles = log.commands.filter((c) => c.command === 'group').map((c) => c.data.replace(/^module \d+\/\d+: /, 'module '));
  expect(titles).toEqual(expect.arrayContaining([`module ${DIR}`, `module ${WORK_DIR.replace('//', '/')}`]));
  // ...would issue commands if printed raw...
  expect(foreignCommands(readRunnerLog(shown), []).length).toBeGreaterThan(0);
  // ...and issued none.
  expect(foreignCommands(log, ['group', 'endgroup', 'warning'])).toEqual([]);
  expect(log.masks).toEqual([]);
  expectInertMarkdown(renderMarkdown(report, { title: 'go-mod-hygiene' }));
  expect(snapshot(root)).toEqual(before);
}, 180_000);

test('the CLI in a workflow step: stderr and stdout issue no command; its markdown renders nothing live', async () => {
  const root = hostileRepo();
  let stdout = '';
  let stderr = '';
  const status = await runCli([root, '--repo-root', root], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { ...goEnv(proxy), GITHUB_ACTIONS: 'true' },
    packageRoot: tempDir('gmh-pkg-')
  });
  expect(status).toBe(1);
  expect(stderr).toContain('pwned-dir');
  expect(foreignCommands(readRunnerLog(stderr), [])).toEqual([]);
  expect(foreignCommands(readRunnerLog(stdout), [])).toEqual([]);
  const lines = stdout.split('\n');
  expect(lines[0]).toMatch(/^::stop-commands::gmh[0-9a-f]{32}$/);
  expect(lines.at(-2)).toBe(`::${lines[0]!.slice('::stop-commands::'.length)}::`);
  expectInertMarkdown(lines.slice(1, -2).join('\n'));
  // Redirected to a file, which the runner does not read, the markdown is as it is.
  let toFile = '';
  await runCli([root, '--repo-root', root], { stdout: (s) => (toFile += s), stderr: () => {}, env: { ...goEnv(proxy), GITHUB_ACTIONS: 'true' }, packageRoot: tempDir('gmh-pkg-'), stdoutIsFile: true });
  expect(toFile.startsWith('### go-mod-hygiene\n')).toBe(true);
  // JSON stays JSON (for jq), with the same values, and issues nothing.
  let json = '';
  await runCli([root, '--repo-root', root, '--format', 'json'], { stdout: (s) => (json += s), stderr: () => {}, env: { ...goEnv(proxy), GITHUB_ACTIONS: 'true' }, packageRoot: tempDir('gmh-pkg-') });
  expect(foreignCommands(readRunnerLog(json), [])).toEqual([]);
  expect((JSON.parse(json) as Report).modules.map((m) => m.dir)).toContain(WORK_DIR.replace('//', '/'));
}, 180_000);

test('the committed bundle as a runner runs it: log, summary and outputs of a hostile repository', async () => {
  const root = hostileRepo();
  const before = snapshot(root);
  const runner = runnerFiles({});
  const env = { ...goEnv(proxy), GITHUB_WORKSPACE: root, GITHUB_REPOSITORY: 'octo/app', GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'sha', GITHUB_RUN_ID: '1', GITHUB_WORKFLOW: 'ci', GITHUB_JOB: 'hygiene' };
  const main = await runStep('main', runner, env, { cache: 'off', 'fail-on': '' });
  expect(main.status).toBe(1);
  const log = readRunnerLog(main.stdout + main.stderr);
  // Ours: groups, stop/resume pairs, annotations titled go-mod-hygiene, the failure message.
  const strays = log.commands.filter(
    (c) =>
      !['group', 'endgroup', 'stop-commands'].includes(c.command) &&
      !c.resume &&
      !(['error', 'warning'].includes(c.command) && (c.properties.title?.startsWith('go-mod-hygiene: ') || c.data.startsWith('go-mod-hygiene: ')))
  );
  expect(strays).toEqual([]);
  expect(log.lines.join('\n')).toContain('\n::error::pwned-deprecation ##[add-mask]legacy');
  expectInertMarkdown(readFileSync(runner.summary, 'utf8'));
  const outputs = parseCommandFile(runner.output);
  expect(JSON.parse(outputs['untidy-modules']!)).toEqual([]);
  expect(outputs['replace-local-count']).toBe('1');
  expect(snapshot(root)).toEqual(before);
}, 180_000);
