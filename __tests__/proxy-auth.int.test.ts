/**
 * Module proxies behind credentials (Athens, Artifactory, Nexus): real go against a loopback
 * HTTPS module proxy that wants a token, and a loopback checksum database. The proxy serves a
 * private module (GONOSUMDB) and two public ones, one of them modified: with the right
 * credentials the private module is checked against the proxy and the modified public one is
 * caught by the checksum database, with the proxy named; without them, a credentials finding
 * naming the proxy. Secrets appear nowhere, and the user's HOME is left as it was.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goAuthWithNetrc, parseProxyCredentials, prepareProxyAuth, type ProxyAuth } from '../src/go/proxyauth.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { riskySettings } from '../src/engine/environment.js';
import type { DownloadErrorFinding, Finding, ProxyModifiedFinding, Report } from '../src/report/model.js';
import { check, cleanupTemp, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { goSumLines, moduleHashes, writeProxy, wrongHash, type FixtureModule } from './helpers/goproxy.js';
import { startModuleHost, type ModuleHost } from './helpers/module-host.js';
import { sumdbRecord, writeSumdb } from './helpers/sumdb.js';
import { lib100, other100 } from './helpers/modules.js';
import { runStep, runnerFiles } from './helpers/runner.js';

const TOKEN = 'AKCp8jQ-proxy-secret-0123456789';
const HOST = 'goproxy.example.test';
const PATH = process.env.PATH ?? '/usr/local/go/bin:/usr/bin:/bin';

const priv: FixtureModule = { path: 'corp.example.test/priv', version: 'v1.0.0', files: { 'priv.go': 'package priv\n\nconst Name = "priv"\n' } };
/** What the proxy serves for example.com/lib@v1.0.0: not what was published (the checksum database has lib100). */
const tamperedLib: FixtureModule = { ...lib100, files: { 'lib.go': 'package lib\n\nfunc Hello() string { return "v1.0.0 and something else" }\n' } };

let host: ModuleHost;
let gosumdb: string;
const opened: ProxyAuth[] = [];

beforeAll(async () => {
  const dir = tempDir('gmh-modhost-');
  writeProxy(join(dir, 'proxy'), [priv, tamperedLib, other100]);
  gosumdb = writeSumdb(join(dir, 'sumdb'), 'sum.example.test', [sumdbRecord(lib100), sumdbRecord(other100)]);
  host = await startModuleHost({ host: HOST, dir: join(dir, 'proxy'), token: TOKEN, workDir: dir, path: PATH });
});

afterAll(async () => {
  for (const a of opened) await a.cleanup();
  await host.close();
  cleanupTemp();
});

/** The app a developer with access committed: go.sum holds the published hashes (the checksum database's, and the private module's own). */
function appRepo(): string {
  return makeRepo({
    'go.mod': 'module example.com/app\n\ngo 1.21\n\nrequire (\n\tcorp.example.test/priv v1.0.0\n\texample.com/lib v1.0.0\n\texample.com/other v1.0.0\n)\n',
    'go.sum': goSumLines([priv, lib100, other100]),
    'main.go': 'package main\n\nimport (\n\t_ "corp.example.test/priv"\n\t_ "example.com/lib"\n\t_ "example.com/other"\n)\n\nfunc main() {}\n'
  });
}

/** go's environment: the corporate proxy first, public ones after it; the private path skips only the checksum database. */
function proxyEnv(home: Record<string, string> = {}): Record<string, string> {
  const env = goEnv(`${host.url},https://proxy.example.invalid`, { ...host.clientEnv, GOSUMDB: gosumdb, GONOSUMDB: 'corp.example.test', ...home });
  return env;
}

/** HOME as the user left it, without go's own telemetry counters (go writes those there whoever runs it). */
function homeSnapshot(home: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot(home)).filter(([k]) => !k.startsWith('.config/go/telemetry/') && k !== '.config/' && k !== '.config/go/'));
}

const secretsIn = (s: string): boolean => s.includes(TOKEN) || s.includes(Buffer.from(`ci:${TOKEN}`).toString('base64'));

function findings(report: Report): Finding[] {
  return report.modules.flatMap((m) => m.findings);
}

describe('parseProxyCredentials', () => {
  test('one host user:token per line; comments and blank lines skipped; https:// and a trailing slash tolerated', () => {
    expect(parseProxyCredentials('# corp\ngoproxy.corp.example ci:tok\n\nhttps://Nexus.corp.example:8443/ me:p:w\n')).toEqual({
      entries: [
        { host: 'goproxy.corp.example', user: 'ci', password: 'tok' },
        { host: 'nexus.corp.example:8443', user: 'me', password: 'p:w' }
      ]
    });
  });
  test.each([
    ['goproxy.corp.example', 'line 1: give a host and user:token separated by one space (tokens cannot contain spaces)'],
    ['goproxy.corp.example tok', 'line 1: give user:token after the host (the user name your proxy expects, then the token or password)'],
    ['\ngoproxy.corp.example/go ci:tok', 'line 2: "goproxy.corp.example/go" is not a host name like goproxy.corp.example (a port may follow; no path)'],
    ['http://goproxy.corp.example ci:tok', 'line 1: credentials are sent over https only; give the host without a scheme'],
    ['goproxy.corp.example ci:to"k', 'line 1: the user or token contains a control character or a quote, which a .netrc cannot hold']
  ])('%j is refused: %s', (text, problem) => {
    expect(parseProxyCredentials(text)).toEqual({ problem });
  });
});

describe('goAuthWithNetrc', () => {
  test('keeps the default and a GOAUTH that names netrc; puts netrc in front of any other', () => {
    expect(goAuthWithNetrc(undefined)).toBeNull();
    expect(goAuthWithNetrc('')).toBeNull();
    expect(goAuthWithNetrc('netrc')).toBeNull();
    expect(goAuthWithNetrc('git /src; netrc')).toBeNull();
    expect(goAuthWithNetrc('git /src')).toBe('netrc; git /src');
    expect(goAuthWithNetrc('/usr/bin/corp-auth --go ; git /src')).toBe('netrc; /usr/bin/corp-auth --go; git /src');
  });
});

describe('a module proxy that wants credentials, with real go', () => {
  test('with the right credentials: the private module is checked against the proxy, the modified public one is caught and the proxy named', async () => {
    const home = tempDir('gmh-home-');
    writeFileSync(join(home, '.netrc'), 'machine git.corp.example login me password their-own\n');
    const homeBefore = homeSnapshot(home);
    const env = proxyEnv({ HOME: home });
    const auth = await prepareProxyAuth([{ host: HOST, user: 'ci', password: TOKEN }], tempDir('gmh-tmp-'), env);
    opened.push(auth);
    // The user's own entries follow ours in the file go reads.
    expect(readFileSync(auth.env.NETRC!, 'utf8')).toBe(`machine ${HOST} login ci password ${TOKEN}\n\nmachine git.corp.example login me password their-own\n\n`);
    expect(auth.env).toEqual({ NETRC: auth.env.NETRC });
    const repo = appRepo();
    const before = snapshot(repo);
    const { report, groups } = await check(repo, { ...env, ...auth.env });
    const all = findings(report);
    const modified = all.filter((f): f is ProxyModifiedFinding => f.kind === 'proxy-modified');
    const served = moduleHashes(tamperedLib).zip;
    const published = moduleHashes(lib100).zip;
    expect(modified).toEqual([
      {
        kind: 'proxy-modified',
        file: 'go.sum',
        line: 3,
        message: `example.com/lib@v1.0.0: https://${HOST} serves ${served}, but the checksum database sum.example.test has ${published}: modified content, refused by go`,
        module: 'example.com/lib',
        version: 'v1.0.0',
        hash: 'zip',
        served,
        authoritative: published,
        proxy: `https://${HOST}`,
        database: 'sum.example.test'
      }
    ]);
    // The committed go.sum is right (it has the published hash): no mismatch is laid on it, the private module's lines match
    // the proxy, and go refusing the modified download is not said a second time.
    expect(all.map((f) => f.kind)).toEqual(['proxy-modified']);
    expect(report.modules[0]!.skippedSteps).toEqual([
      { step: 'tidy', reason: 'the module graph could not be downloaded' },
      { step: 'verify', reason: 'the module graph could not be downloaded' },
      { step: 'retractions and deprecations', reason: 'the module graph could not be downloaded' }
    ]);
    expect(report.failed).toBe(true);
    expect(host.requests.some((r) => r.path.startsWith('/corp.example.test/priv/@v/') && r.authorized)).toBe(true);
    const md = renderMarkdown(report, { title: 'go-mod-hygiene' });
    expect(md).toContain('proxy serves modified module');
    expect(secretsIn(JSON.stringify(report) + md + JSON.stringify(groups))).toBe(false);
    await auth.cleanup();
    expect(existsSync(auth.env.NETRC!)).toBe(false);
    expect(homeSnapshot(home)).toEqual(homeBefore);
    expect(snapshot(repo)).toEqual(before);
  }, 120_000);

  test.each([
    ['no credentials', null],
    ['wrong credentials', 'not-the-token']
  ])('%s: a credentials finding that names the proxy, never "does not exist"', async (_name, password) => {
    const env = proxyEnv();
    let extra: Record<string, string> = {};
    if (password) {
      const auth = await prepareProxyAuth([{ host: HOST, user: 'ci', password }], tempDir('gmh-tmp-'), env);
      opened.push(auth);
      extra = auth.env;
    }
    const repo = appRepo();
    const { report } = await check(repo, { ...env, ...extra });
    const errors = findings(report).filter((f): f is DownloadErrorFinding => f.kind === 'download-error');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.reason).toBe('credentials');
      expect(e.host).toBe(`https://${HOST}`);
      expect(e.message).toContain(`https://${HOST} answered 401 Unauthorized: go sent it no credentials, or wrong ones (the proxy-credentials input, GOAUTH or .netrc give them)`);
      expect(e.message).not.toContain('does not exist');
    }
    expect(errors.map((e) => e.module).filter(Boolean).sort()).toEqual(['corp.example.test/priv', 'example.com/lib', 'example.com/other']);
    expect(report.failed).toBe(true);
  }, 120_000);
});

describe('GOPROXY chains and private paths', () => {
  test("a private module's wrong go.sum line is compared with what the proxy serves, and the proxy is named as the source", async () => {
    const env = proxyEnv();
    const auth = await prepareProxyAuth([{ host: HOST, user: 'ci', password: TOKEN }], tempDir('gmh-tmp-'), env);
    opened.push(auth);
    const repo = makeRepo({
      'go.mod': 'module example.com/app\n\ngo 1.21\n\nrequire corp.example.test/priv v1.0.0\n',
      'go.sum': goSumLines([priv]).replace(moduleHashes(priv).zip, wrongHash('priv')),
      'main.go': 'package main\n\nimport _ "corp.example.test/priv"\n\nfunc main() {}\n'
    });
    const { report } = await check(repo, { ...env, ...auth.env });
    expect(findings(report).filter((f) => f.kind === 'checksum-mismatch')).toEqual([
      expect.objectContaining({ module: 'corp.example.test/priv', committed: wrongHash('priv'), authoritative: moduleHashes(priv).zip, source: 'proxy', sourceName: `https://${HOST}` })
    ]);
  }, 120_000);

  test.each([
    [',', 'stops at the 401'],
    ['|', 'falls through to the next proxy, which does not have it']
  ])('GOPROXY with %j after a proxy that answers 401 (%s): still a credentials finding naming that proxy', async (sep) => {
    const next = writeProxy(tempDir('gmh-next-'), [other100]);
    const env = goEnv(`${host.url}${sep}${next}`, { ...host.clientEnv, GOSUMDB: gosumdb, GONOSUMDB: 'corp.example.test' });
    const repo = makeRepo({
      'go.mod': 'module example.com/app\n\ngo 1.21\n\nrequire corp.example.test/priv v1.0.0\n',
      'go.sum': goSumLines([priv]),
      'main.go': 'package main\n\nimport _ "corp.example.test/priv"\n\nfunc main() {}\n'
    });
    const { report } = await check(repo, env);
    const errors = findings(report).filter((f): f is DownloadErrorFinding => f.kind === 'download-error');
    expect(errors.map((e) => [e.module, e.reason, e.host])).toEqual([['corp.example.test/priv', 'credentials', `https://${HOST}`]]);
  }, 120_000);
});

describe('risky settings around proxies', () => {
  const base = { GOSUMDB: 'sum.golang.org', GOPROXY: 'https://proxy.golang.org,direct' };
  test('credentials in GOPROXY are named and not repeated; plain HTTP proxies; GONOPROXY covering public code; GOINSECURE without checksums; -mod=vendor; GONOSUMCHECK', () => {
    const found = riskySettings(
      { ...base, GOPROXY: 'https://ci:s3cret@corp.example/go|http://mirror.corp.example,direct', GONOPROXY: 'github.com', GONOSUMDB: 'corp.example', GOINSECURE: 'corp.example', GOFLAGS: '-mod=vendor' },
      false,
      { GONOSUMCHECK: '1' }
    ).map((f) => f.message);
    expect(found).toEqual([
      'GOINSECURE=corp.example: modules matching it are fetched over plain HTTP or without certificate checks, and the checksum database does not check them either: anyone on the network path can change their code',
      'GOPROXY=https://corp.example/go|http://mirror.corp.example,direct: a user name or password is written in the proxy URL, where go repeats it in error messages; give it with the proxy-credentials input (or GOAUTH/.netrc) instead',
      "GOPROXY=https://corp.example/go|http://mirror.corp.example,direct: http://mirror.corp.example is reached over plain HTTP: modules and the proxy's answers can be changed on the way (go sends it no credentials)",
      'GONOPROXY=github.com: the pattern "github.com" sends public modules (e.g. github.com/stretchr/testify) past GOPROXY straight to their origin, around any filtering or caching proxy; list private paths only',
      'GONOSUMCHECK=1: go has no such setting and ignores it: checksums are still checked (GONOSUMDB is the setting that exempts private paths from the checksum database)',
      'GOFLAGS=-mod=vendor: -mod=vendor makes every go command build from vendor/ only: a module without vendor/ fails, and go neither downloads nor checks checksums there (go-mod-hygiene checks without it)'
    ]);
  });
  test('a private GONOPROXY, a loopback http proxy and GOINSECURE for checked paths stay quiet or mild', () => {
    const found = riskySettings({ ...base, GOPROXY: 'http://127.0.0.1:3000,https://proxy.golang.org', GONOPROXY: 'corp.example', GOINSECURE: 'insecure.corp.example' }, false).map((f) => f.message);
    expect(found).toEqual(['GOINSECURE=insecure.corp.example: modules matching it are fetched over plain HTTP or without certificate checks']);
  });
});

describe('the committed bundle with proxy-credentials', () => {
  test('masks the token, checks through the proxy, leaves no .netrc behind; a malformed input is named without its value', async () => {
    const home = tempDir('gmh-home-');
    const homeBefore = homeSnapshot(home);
    const env = proxyEnv({ HOME: home });
    const repo = makeRepo({
      'go.mod': 'module example.com/app\n\ngo 1.21\n\nrequire corp.example.test/priv v1.0.0\n',
      'go.sum': goSumLines([priv]),
      'main.go': 'package main\n\nimport _ "corp.example.test/priv"\n\nfunc main() {}\n'
    });
    const runnerEnv = { ...env, GITHUB_WORKSPACE: repo, GITHUB_REPOSITORY: 'octo/app', GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'sha' };
    const files = runnerFiles({});
    const inputs = { token: '', cache: 'off', comment: 'never', 'proxy-credentials': `${HOST} ci:${TOKEN}\n`, 'report-path': join(files.dir, 'report.json') };
    const main = await runStep('main', files, runnerEnv, inputs);
    expect(main.stdout).toContain(`::add-mask::${TOKEN}`);
    const report = JSON.parse(readFileSync(join(files.dir, 'report.json'), 'utf8')) as Report;
    expect(report.modules[0]!.findings).toEqual([]);
    expect(report.outcome).toBe('clean');
    expect(main.status).toBe(0);
    expect(secretsIn((main.stdout + main.stderr).replace(/::add-mask::.*\n/g, '') + readFileSync(files.summary, 'utf8'))).toBe(false);
    expect(readdirSync(files.temp).filter((n) => n.startsWith('gmh-netrc-'))).toEqual([]);
    expect(homeSnapshot(home)).toEqual(homeBefore);

    const bad = await runStep('main', runnerFiles({}), runnerEnv, { ...inputs, 'proxy-credentials': `${HOST} ${TOKEN}\n` });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`::error::Invalid input 'proxy-credentials': "***". Accepted: one \`host user:token\` per line (line 1: give user:token after the host`);
    expect(secretsIn(bad.stdout + bad.stderr)).toBe(false);
  }, 120_000);
});
