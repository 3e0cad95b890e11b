/**
 * Private modules with real go and real git against a loopback git host that
 * requires a token. go fetches git.example.test/… directly (GOPROXY=direct);
 * git reaches the host through the test's HTTPS proxy and trusts only the CA
 * generated for this run. Nothing in src knows about the test host: the token
 * reaches the server only through the git config preparePrivateAccess writes.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createGoRunner, type GoResult } from '../src/go/runner.js';
import { parseJsonStream } from '../src/go/parse.js';
import { basicCredential, checkPrivateHost, preparePrivateAccess, renderPrivateConfig, type PrivateAccess } from '../src/go/private.js';
import { startGitServer, type GitServer } from './helpers/git-server.js';
import { cleanupTemp, tempDir } from './helpers/fixtures.js';
import { runStep, runnerFiles } from './helpers/runner.js';

const TOKEN = 'ghs_TestToken0123456789abcdefXYZ';
const HOST = 'git.example.test';
const PATH = process.env.PATH ?? '/usr/local/go/bin:/usr/bin:/bin';

let server: GitServer;
const realGitconfig = join(homedir(), '.gitconfig');
const realGitconfigBefore = existsSync(realGitconfig) ? readFileSync(realGitconfig) : null;
const opened: PrivateAccess[] = [];

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN, host: HOST, workDir: tempDir('gmh-gitserver-'), path: PATH });
  // `.git` paths name the repository directly; the others go through the host's go-import page first.
  await server.addRepo('org/lib.git', { 'go.mod': `module ${HOST}/org/lib.git\n\ngo 1.21\n`, 'lib.go': 'package lib\n' }, ['v1.0.0']);
  await server.addRepo('org/app.git', { 'go.mod': `module ${HOST}/org/app\n\ngo 1.21\n`, 'app.go': 'package app\n' }, ['v1.2.0']);
  await server.addRepo('other/lib.git', { 'go.mod': `module ${HOST}/other/lib.git\n\ngo 1.21\n`, 'lib.go': 'package lib\n' }, ['v1.0.0']);
});

afterAll(async () => {
  for (const a of opened) await a.cleanup();
  await server.close();
  cleanupTemp();
  // Nothing here may touch the machine's own git config.
  expect(existsSync(realGitconfig) ? readFileSync(realGitconfig) : null).toEqual(realGitconfigBefore);
});

/** A fake HOME (optionally with a .gitconfig) and the environment go runs with: no proxy but ours, no system git config, and no GIT_TERMINAL_PROMPT of our own. */
function baseEnv(gitconfig?: string): Record<string, string> {
  const home = tempDir('gmh-home-');
  if (gitconfig !== undefined) writeFileSync(join(home, '.gitconfig'), gitconfig);
  return {
    PATH,
    HOME: home,
    GOPATH: join(home, 'go'),
    GOMODCACHE: join(home, 'modcache'),
    GOCACHE: join(home, 'gocache'),
    GOENV: 'off',
    GOPROXY: 'direct',
    GOPRIVATE: HOST,
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GIT_CONFIG_NOSYSTEM: '1',
    ...server.clientEnv,
    // go's own HTTPS request for the go-import page must trust the test CA too.
    SSL_CERT_FILE: server.caFile
  };
}

async function prepare(token: string, hosts: string[], env: Record<string, string>): Promise<PrivateAccess> {
  const a = await preparePrivateAccess(token, hosts, tempDir('gmh-runner-temp-'), env);
  opened.push(a);
  return a;
}

function download(env: Record<string, string>, ...mods: string[]): Promise<GoResult> {
  const go = createGoRunner({ goBinary: 'go', env, timeoutMs: 60_000 });
  return go.run(['mod', 'download', '-json', ...mods], { cwd: env.HOME! });
}

/** Runs git with `env`; resolves with exit code and output. */
function git(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn('git', args, { env, cwd: env.HOME, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('error', reject);
    c.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The concatenated JSON objects of `go mod download -json`. */
function parseStream(stdout: string): Record<string, unknown>[] {
  return parseJsonStream<Record<string, unknown>>(stdout);
}

/** Files under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return hits;
}

function requestsSince(n: number, prefix: string): GitServer['requests'] {
  return server.requests.slice(n).filter((r) => r.path.startsWith(prefix));
}

/** The token in any form a leak could take: plain or inside the Basic credential. */
function expectNoToken(text: string, token = TOKEN): void {
  expect(text).not.toContain(token);
  expect(text).not.toContain(basicCredential(token));
}

describe('private modules through preparePrivateAccess, real go and git', () => {
  test('with the token: the module downloads, every request carried it, and it is written nowhere but the temp config', async () => {
    const env = baseEnv();
    const access = await prepare(TOKEN, [HOST], env);
    const seen = server.requests.length;
    const r = await download({ ...env, ...access.env }, `${HOST}/org/lib.git@v1.0.0`, `${HOST}/org/app@v1.2.0`);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const [lib, app] = parseStream(r.stdout);
    expect(lib).toMatchObject({ Path: `${HOST}/org/lib.git`, Version: 'v1.0.0', Origin: { VCS: 'git', URL: `https://${HOST}/org/lib` } });
    expect(lib?.Sum).toMatch(/^h1:/);
    expect(app).toMatchObject({ Path: `${HOST}/org/app`, Version: 'v1.2.0' });
    expect(existsSync(join(env.GOMODCACHE!, `${HOST}/org/lib.git@v1.0.0`, 'lib.go'))).toBe(true);

    const gitRequests = server.requests.slice(seen).filter((q) => !q.query.includes('go-get=1'));
    expect(gitRequests.length).toBeGreaterThan(0);
    // Sent up front: not one unauthenticated request, one Authorization header each.
    for (const q of gitRequests) expect(q).toMatchObject({ auth: 'basic', user: 'x-access-token', authorized: true, authHeaders: 1 });
    expect(server.connects).toContain(`${HOST}:443`);
    expectNoToken(r.stdout + r.stderr);
    expectNoToken(JSON.stringify(access.env));
    // The module cache is what the action caches: neither form of the token may be in it.
    expect(filesContaining(env.GOMODCACHE!, TOKEN)).toEqual([]);
    expect(filesContaining(env.GOMODCACHE!, basicCredential(TOKEN))).toEqual([]);
    expect(filesContaining(env.HOME!, TOKEN)).toEqual([]);
    expect(filesContaining(env.HOME!, basicCredential(TOKEN))).toEqual([]);
  });

  test('without preparePrivateAccess: 401, go fails at once and asks nobody', async () => {
    const env = baseEnv();
    const seen = server.requests.length;
    const r = await download(env, `${HOST}/org/app@v1.2.0`, `${HOST}/org/lib.git@v1.0.0`);
    expect(r.timedOut).toBe(false);
    expect(r.durationMs).toBeLessThan(30_000);
    expect(r.exitCode).toBe(1);
    const [app, lib] = parseStream(r.stdout);
    // Where go shows git's stderr (go-import path), it is git refusing to prompt.
    expect(app?.Error).toContain("could not read Username for 'https://git.example.test': terminal prompts disabled");
    // A .git path hides git's message behind go's scheme probe.
    expect(lib?.Error).toContain('no secure protocol found for repository');
    const hits = requestsSince(seen, '/org/').filter((q) => !q.query.includes('go-get=1'));
    expect(hits.length).toBeGreaterThan(0);
    for (const q of hits) expect(q).toMatchObject({ auth: 'none', status: 401 });
  });

  test('wrong token: fails, and neither token appears in go output, even with git tracing on', async () => {
    const wrong = 'ghs_WrongToken9876543210zyxwv';
    // Tracing the user might have switched on, including the opt-out of redaction.
    const env = { ...baseEnv(), GIT_TRACE: '1', GIT_CURL_VERBOSE: '1', GIT_TRACE_CURL: '1', GIT_TRACE_REDACT: '0' };
    const access = await prepare(wrong, [HOST], env);
    const seen = server.requests.length;
    const r = await download({ ...env, ...access.env }, `${HOST}/org/app@v1.2.0`, `${HOST}/org/lib.git@v1.0.0`);
    expect(r.exitCode).toBe(1);
    const [app] = parseStream(r.stdout);
    expect(app?.Error).toContain('git ls-remote');
    expect(app?.Error).toContain('Authorization: Basic <redacted>');
    expect(app?.Error).toContain('terminal prompts disabled');
    expectNoToken(r.stdout + r.stderr, wrong);
    expectNoToken(r.stdout + r.stderr, TOKEN);
    const hits = requestsSince(seen, '/org/').filter((q) => !q.query.includes('go-get=1'));
    expect(hits.length).toBeGreaterThan(0);
    for (const q of hits) expect(q).toMatchObject({ auth: 'basic', authorized: false, status: 401 });
  });

  test('repository not found with a good token: the error names the URL without credentials', async () => {
    const env = baseEnv();
    const access = await prepare(TOKEN, [HOST], env);
    const r = await download({ ...env, ...access.env }, `${HOST}/org/missing@v1.0.0`);
    expect(r.exitCode).toBe(1);
    const [m] = parseStream(r.stdout);
    expect(m?.Error).toContain("fatal: repository 'https://git.example.test/org/missing/' not found");
    expectNoToken(r.stdout + r.stderr);
  });

  test('a path prefix scopes the token: org/ gets it, other/ does not', async () => {
    const env = baseEnv();
    const access = await prepare(TOKEN, [`${HOST}/org/`], env);
    expect(access.hosts).toEqual([`${HOST}/org`]);
    const seen = server.requests.length;
    const r = await download({ ...env, ...access.env }, `${HOST}/org/lib.git@v1.0.0`, `${HOST}/other/lib.git@v1.0.0`);
    const [lib, other] = parseStream(r.stdout);
    expect(lib?.Error).toBeUndefined();
    expect(other?.Error).toContain('no secure protocol found');
    for (const q of requestsSince(seen, '/org/')) expect(q).toMatchObject({ authorized: true });
    const otherHits = requestsSince(seen, '/other/');
    expect(otherHits.length).toBeGreaterThan(0);
    for (const q of otherHits) expect(q.auth).toBe('none');
  });

  test('ssh-style URLs of a private host are sent to https with the token', async () => {
    const env = baseEnv();
    const access = await prepare(TOKEN, [HOST], env);
    for (const url of [`git@${HOST}:org/lib.git`, `ssh://git@${HOST}/org/lib.git`, `ssh://${HOST}/org/lib`, `git+ssh://${HOST}/org/lib`]) {
      const r = await git({ ...env, ...access.env }, ['ls-remote', url, 'refs/tags/v1.0.0']);
      expect({ url, code: r.code, stderr: r.stderr }).toEqual({ url, code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^[0-9a-f]{40}\trefs\/tags\/v1\.0\.0\n$/);
    }
  });

  test("the user's global config still applies, is not modified, and its credential helper never sees the token", async () => {
    // A helper that would store any credential git hands it, and a stale Authorization header of the user's own.
    const userConfig = [
      '[user]',
      '\tname = Fake Home User',
      '[gmhtest]',
      '\tmarker = from-home',
      '[credential]',
      '\thelper = store',
      '[http]',
      `\textraHeader = "Authorization: Basic ${basicCredential('stale')}"`,
      ''
    ].join('\n');
    const env = baseEnv(userConfig);
    mkdirSync(join(env.HOME!, '.config', 'git'), { recursive: true });
    writeFileSync(join(env.HOME!, '.config', 'git', 'config'), '[gmhtest]\n\txdg = from-xdg\n');
    const before = statSync(join(env.HOME!, '.gitconfig'));
    const access = await prepare(TOKEN, [HOST], env);
    const full = { ...env, ...access.env };

    // As git itself looks values up (all scopes, includes followed)…
    expect((await git(full, ['config', '--get', 'gmhtest.marker'])).stdout).toBe('from-home\n');
    expect((await git(full, ['config', '--get', 'gmhtest.xdg'])).stdout).toBe('from-xdg\n');
    // …and as global-scope settings (safe.directory and the like are honoured only from there).
    expect((await git(full, ['config', '--global', '--includes', '--get', 'gmhtest.marker'])).stdout).toBe('from-home\n');
    expect((await git(full, ['config', '--get', 'user.name'])).stdout).toBe('Fake Home User\n');
    const origins = (await git(full, ['config', '--show-origin', '--get-all', 'gmhtest.marker'])).stdout;
    expect(origins).toBe(`file:${join(env.HOME!, '.gitconfig')}\tfrom-home\n`);

    const seen = server.requests.length;
    const r = await download(full, `${HOST}/org/lib.git@v1.0.0`);
    expect(r.exitCode).toBe(0);
    // Our empty extraHeader cleared the stale one: a single, valid Authorization header.
    for (const q of requestsSince(seen, '/org/')) expect(q).toMatchObject({ authorized: true, authHeaders: 1 });

    expect(readFileSync(join(env.HOME!, '.gitconfig'), 'utf8')).toBe(userConfig);
    expect(statSync(join(env.HOME!, '.gitconfig')).mtimeMs).toBe(before.mtimeMs);
    expect(existsSync(join(env.HOME!, '.git-credentials'))).toBe(false);
    expect(filesContaining(env.HOME!, TOKEN)).toEqual([]);
  });

  test('GIT_CONFIG_GLOBAL already set: that file is included instead of the defaults', async () => {
    const env = baseEnv('[gmhtest]\n\tmarker = from-home\n');
    const custom = join(tempDir('gmh-custom-'), 'my config "quoted" \\ path');
    writeFileSync(custom, '[gmhtest]\n\tmarker = from-custom\n');
    env.GIT_CONFIG_GLOBAL = custom;
    const access = await prepare(TOKEN, [HOST], env);
    expect(access.env.GIT_CONFIG_GLOBAL).not.toBe(custom);
    const full = { ...env, ...access.env };
    expect((await git(full, ['config', '--get-all', 'gmhtest.marker'])).stdout).toBe('from-custom\n');
    // Git reads the quoted path back exactly.
    expect((await git(full, ['config', '--global', '--get-all', 'include.path'])).stdout).toBe(`${custom}\n`);
  });

  test('no user config at all: nothing is included, access still works', async () => {
    const env = baseEnv();
    const access = await prepare(TOKEN, [HOST], env);
    const text = readFileSync(access.env.GIT_CONFIG_GLOBAL!, 'utf8');
    expect(text).not.toContain('[include]');
    expect((await download({ ...env, ...access.env }, `${HOST}/org/lib.git@v1.0.0`)).exitCode).toBe(0);
  });
});

describe('why the token is a header and not part of an insteadOf URL', () => {
  // Records what git 2.39 does with credentials in a URL, so the choice is not undone by accident.
  test('URL credentials reach GIT_TRACE output and the credential store; the header reaches neither', async () => {
    const helperConfig = '[credential]\n\thelper = store\n';
    const urlEnv = baseEnv(helperConfig);
    const urlConfig = join(urlEnv.HOME!, 'url-credentials.gitconfig');
    writeFileSync(urlConfig, `[include]\n\tpath = ${join(urlEnv.HOME!, '.gitconfig')}\n[url "https://x-access-token:${TOKEN}@${HOST}/"]\n\tinsteadOf = https://${HOST}/\n`);
    const viaUrl = await git({ ...urlEnv, GIT_CONFIG_GLOBAL: urlConfig, GIT_TERMINAL_PROMPT: '0', GIT_TRACE: '1' }, ['ls-remote', `https://${HOST}/org/lib`]);
    expect(viaUrl.code).toBe(0);
    expect(viaUrl.stderr).toContain(TOKEN); // `trace: run_command: git remote-https … https://x-access-token:<token>@…`
    expect(readFileSync(join(urlEnv.HOME!, '.git-credentials'), 'utf8')).toContain(TOKEN);

    const env = baseEnv(helperConfig);
    const access = await prepare(TOKEN, [HOST], env);
    const viaHeader = await git({ ...env, ...access.env, GIT_TRACE: '1', GIT_TRACE_CURL: '1' }, ['ls-remote', `https://${HOST}/org/lib`]);
    expect(viaHeader.code).toBe(0);
    expect(viaHeader.stderr).toContain('Authorization: Basic <redacted>');
    expectNoToken(viaHeader.stderr);
    expect(existsSync(join(env.HOME!, '.git-credentials'))).toBe(false);
  });

  test("a user's askpass program is never started, so nothing can wait for an answer", async () => {
    const env = baseEnv();
    const marker = join(env.HOME!, 'askpass-ran');
    const script = join(env.HOME!, 'askpass.sh');
    writeFileSync(script, `#!/bin/sh\necho ran > '${marker}'\necho guessed\n`, { mode: 0o755 });
    writeFileSync(join(env.HOME!, '.gitconfig'), `[core]\n\taskPass = ${script}\n`);
    const access = await prepare('ghs_wrong', [HOST], env);
    const r = await download({ ...env, ...access.env, GIT_ASKPASS: script, SSH_ASKPASS: script, ...access.env }, `${HOST}/org/app@v1.2.0`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('terminal prompts disabled');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('the temporary config', () => {
  test('is private to the user, in a fresh directory under tempDir, and cleanup removes it (twice is fine)', async () => {
    const runnerTemp = tempDir('gmh-runner-temp-');
    const access = await preparePrivateAccess(TOKEN, [HOST], runnerTemp, baseEnv());
    const file = access.env.GIT_CONFIG_GLOBAL!;
    expect(dirname(dirname(file))).toBe(runnerTemp);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(access.secrets).toEqual([TOKEN, basicCredential(TOKEN)]);
    await access.cleanup();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(dirname(file))).toBe(false);
    await access.cleanup();
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  test('the environment it returns', async () => {
    const access = await prepare(TOKEN, ['GIT.Example.test/', HOST], baseEnv());
    expect(access.env).toEqual({
      GIT_CONFIG_GLOBAL: expect.stringMatching(/\/gitconfig$/),
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      GCM_INTERACTIVE: 'never',
      GIT_TRACE_REDACT: '1'
    });
    expect(access.hosts).toEqual([HOST]);
  });

  test('renders includes, rewrites and the header, as git reads them', async () => {
    const text = renderPrivateConfig('tok', ['github.com/my-org', 'git.corp.example:8443'], ['/home/u/.gitconfig']);
    const cred = basicCredential('tok');
    expect(text).toBe(
      [
        '# go-mod-hygiene: temporary git config for private modules; deleted when the run ends.',
        '[include]',
        '\tpath = "/home/u/.gitconfig"',
        '[url "https://github.com/my-org/"]',
        '\tinsteadOf = "ssh://git@github.com/my-org/"',
        '\tinsteadOf = "git+ssh://git@github.com/my-org/"',
        '\tinsteadOf = "ssh://github.com/my-org/"',
        '\tinsteadOf = "git+ssh://github.com/my-org/"',
        '\tinsteadOf = "git@github.com:my-org/"',
        '[http "https://github.com/my-org/"]',
        '\textraHeader =',
        `\textraHeader = "Authorization: Basic ${cred}"`,
        '[http "https://git.corp.example:8443/"]',
        '\textraHeader =',
        `\textraHeader = "Authorization: Basic ${cred}"`,
        ''
      ].join('\n')
    );
    const f = join(tempDir('gmh-render-'), 'config');
    writeFileSync(f, text);
    const env = { PATH, HOME: dirname(f), GIT_CONFIG_NOSYSTEM: '1' };
    const r = await git(env, ['config', '--file', f, '--get-all', 'http.https://github.com/my-org/.extraheader']);
    expect(r.stdout).toBe(`\nAuthorization: Basic ${cred}\n`);
    const rewrites = await git(env, ['config', '--file', f, '--get-regexp', '^url\\.']);
    expect(rewrites.stdout.split('\n').filter(Boolean)).toHaveLength(5);
  });

  test('refuses a token with a line break or control character, without echoing it', async () => {
    for (const bad of ['abc\ndef', 'abc\r', 'a\u0000b', '']) {
      const err = await preparePrivateAccess(bad, [HOST], tempDir(), {}).then(
        () => null,
        (e: unknown) => e as Error
      );
      expect(err?.message).toMatch(/^Invalid input 'private-token'/);
      if (bad) expect(err?.message).not.toContain(bad);
    }
  });

  test('refuses bad hosts and an empty host list', async () => {
    await expect(preparePrivateAccess(TOKEN, [], tempDir(), {})).rejects.toThrow("Invalid input 'private-hosts'");
    await expect(preparePrivateAccess(TOKEN, ['https://github.com'], tempDir(), {})).rejects.toThrow('without a scheme');
  });
});

describe('checkPrivateHost', () => {
  test.each([
    'github.com',
    'GitHub.com',
    'git.corp.example',
    'github.com/my-org',
    'github.com/my-org/',
    'gitlab.example.com/group/sub-group',
    'git.corp.example:8443',
    'git.corp.example:8443/team',
    '10.0.0.5',
    'a-b.c-d.example/x'
  ])('accepts %j', (entry) => {
    expect(checkPrivateHost(entry)).toBeNull();
  });

  test.each([
    ['', /empty/],
    ['   ', /empty/],
    [' github.com', /whitespace/],
    ['github.com my-org', /whitespace/],
    ['github.com\n', /whitespace/],
    ['https://github.com', /without a scheme/],
    ['ssh://git@github.com/org', /without a scheme/],
    ['git@github.com:org', /without a user name/],
    ['user@github.com', /without a user name/],
    ['*.corp.example', /wildcards/],
    ['github.com/*', /wildcards/],
    ['my-org', /not a host name/],
    ['localhost', /not a host name/],
    ['-bad.example', /not a host name/],
    ['bad_host.example', /not a host name/],
    ['github.com:', /not a host name/],
    ['github.com:99999', /port/],
    ['github.com/../x', /path prefix/],
    ['github.com//org', /path prefix/],
    ['github.com/org?x=1', /wildcards|path prefix/],
    ['github.com/org#frag', /path prefix/],
    ['[::1]', /wildcards|not a host name/]
  ])('rejects %j', (entry, why) => {
    const problem = checkPrivateHost(entry);
    expect(problem).not.toBeNull();
    expect(problem).toMatch(why);
  });
});

describe('the committed bundle with private-token and private-hosts', () => {
  test('a module requiring a private module is checked clean; the token is masked and its config removed afterwards', async () => {
    const env = baseEnv();
    // The go.sum lines a developer with access would have committed.
    const access = await prepare(TOKEN, [HOST], env);
    const dl = await download({ ...env, ...access.env }, `${HOST}/org/lib.git@v1.0.0`);
    expect(dl.exitCode).toBe(0);
    const [lib] = parseStream(dl.stdout) as { Sum: string; GoModSum: string }[];
    const repo = tempDir('gmh-private-repo-');
    writeFileSync(join(repo, 'go.mod'), `module example.com/app\n\ngo 1.21\n\nrequire ${HOST}/org/lib.git v1.0.0\n`);
    writeFileSync(join(repo, 'go.sum'), `${HOST}/org/lib.git v1.0.0 ${lib!.Sum}\n${HOST}/org/lib.git v1.0.0/go.mod ${lib!.GoModSum}\n`);
    writeFileSync(join(repo, 'main.go'), `package main\n\nimport _ "${HOST}/org/lib.git"\n\nfunc main() {}\n`);
    const runnerEnv = { ...env, GOMODCACHE: join(tempDir('gmh-private-mc-'), 'mod'), GITHUB_WORKSPACE: repo, GITHUB_REPOSITORY: 'octo/app', GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'sha' };
    const files = runnerFiles({});
    const inputs = { token: '', cache: 'off', comment: 'never', 'private-token': TOKEN, 'private-hosts': HOST, 'report-path': join(files.dir, 'report.json') };
    const seen = server.requests.length;
    const main = await runStep('main', files, runnerEnv, inputs);
    expect(main.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(main.stdout).toContain(`::add-mask::${basicCredential(TOKEN)}`);
    const report = JSON.parse(readFileSync(join(files.dir, 'report.json'), 'utf8')) as { outcome: string; modules: { findings: unknown[] }[] };
    expect(report.modules[0]!.findings).toEqual([]);
    expect(report.outcome).toBe('clean');
    expect(main.status).toBe(0);
    expect(server.requests.slice(seen).filter((q) => !q.query.includes('go-get=1') && q.authorized).length).toBeGreaterThan(0);
    // Only the masking commands may carry the token; the temporary config is gone.
    expectNoToken((main.stdout + main.stderr).replace(/::add-mask::.*\n/g, ''));
    expect(readdirSync(files.temp).filter((n) => n.startsWith('gmh-git-'))).toEqual([]);
    // Without the token the same check cannot download it.
    const denied = await runStep('main', runnerFiles({}), { ...runnerEnv, GOMODCACHE: join(tempDir('gmh-private-mc-'), 'mod') }, { ...inputs, 'private-token': '', 'private-hosts': '' });
    expect(denied.status).toBe(1);
  }, 120_000);
});
