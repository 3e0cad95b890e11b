/**
 * go started through the helper process (src/go/spawner.ts): who is go's parent, the helper going
 * when idle, the helper dying with go in flight (go killed and started again directly, a go already
 * past its deadline not restarted), and a node that cannot run the helper. Real processes, stand-in
 * go scripts and the real go.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGoRunner } from '../src/go/runner.js';
import { HELPER_IDLE_MS, HELPER_SOURCE, SpawnerClient, spawnDirect } from '../src/go/spawner.js';
import { cleanupTemp, fakeGo, running, tempDir } from './helpers/fixtures.js';

afterAll(cleanupTemp);

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** The lines of a file, [] while it does not exist. */
const lines = (file: string): string[] => {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};
const until = async (what: () => boolean, ms = 10_000): Promise<void> => {
  for (const end = Date.now() + ms; !what(); ) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
};
/** argv of a process, NUL-separated fields. */
const cmdline = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('go started by the helper', () => {
  test('go is the helper’s child, not this process’s; the helper is a bare node -e with none of our environment', async () => {
    const client = new SpawnerClient();
    const { go, dir } = fakeGo('echo "$PPID"; echo "args: $*"; echo err >&2; exit 4');
    const r = await createGoRunner({ goBinary: go, env: { ...env, GOAUTH: 'netrc', SECRET_TOKEN: 'ghp_not_on_any_command_line' }, timeoutMs: 10_000 }, client.spawn).run(['mod', 'why', 'a b'], { cwd: dir });
    const helper = client.helperPid();
    expect(readFileSync(`/proc/${helper}/cmdline`, 'utf8')).not.toContain('ghp_not_on_any_command_line');
    expect(helper).toBeDefined();
    expect([r.exitCode, r.timedOut, r.stdout, r.stderr]).toEqual([4, false, `${helper}\nargs: mod why a b\n`, 'err\n']);
    expect(helper).not.toBe(process.pid);
    // Its command line is its program and nothing else: go's arguments and environment (tokens) travel over IPC only.
    expect(cmdline(helper!)).toEqual([process.execPath, '-e', HELPER_SOURCE]);
    // Nothing of ours: only the IPC channel node itself sets up.
    expect(readFileSync(`/proc/${helper}/environ`, 'utf8').split('\0').filter(Boolean).sort()).toEqual(['NODE_CHANNEL_FD=3', 'NODE_CHANNEL_SERIALIZATION_MODE=json']);
  });

  test('the same results as go started directly: real go, output, exit codes, a binary that is not there', async () => {
    const client = new SpawnerClient();
    const cwd = tempDir('gmh-spawn-');
    const goEnv = { ...env, HOME: cwd, GOENV: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '' };
    const calls: [string, string[]][] = [
      ['go', ['env', '-json', 'GOVERSION', 'GOOS']],
      ['go', ['mod', 'edit', '-json']],
      ['/nonexistent/go', ['version']]
    ];
    for (const [bin, args] of calls) {
      const via = await createGoRunner({ goBinary: bin, env: goEnv, timeoutMs: 30_000 }, client.spawn).run(args, { cwd });
      const direct = await createGoRunner({ goBinary: bin, env: goEnv, timeoutMs: 30_000 }, spawnDirect).run(args, { cwd });
      expect([via.exitCode, via.stdout, via.stderr]).toEqual([direct.exitCode, direct.stdout, direct.stderr]);
    }
    expect(client.helperPid()).toBeDefined();
  });

  test('an argument node refuses (a NUL byte) is refused as when go is started directly', async () => {
    const client = new SpawnerClient();
    const { go, dir } = fakeGo('exit 0');
    const run = (spawn: typeof spawnDirect) => createGoRunner({ goBinary: go, env, timeoutMs: 10_000 }, spawn).run(['mod', 'a\0b'], { cwd: dir });
    const direct = await run(spawnDirect).catch((e: Error) => e.message);
    expect(direct).toMatch(/null bytes/);
    await expect(run(client.spawn)).rejects.toThrow(direct);
  });

  test('idle for a while, the helper ends; the next go starts a new one', async () => {
    const client = new SpawnerClient();
    const { go, dir } = fakeGo('echo "$PPID"');
    const runner = createGoRunner({ goBinary: go, env, timeoutMs: 10_000 }, client.spawn);
    const first = (await runner.run([], { cwd: dir })).stdout.trim();
    expect(running(Number(first))).toBe(true);
    await sleep(HELPER_IDLE_MS + 200);
    await until(() => !running(Number(first)));
    expect(client.helperPid()).toBeUndefined();
    const second = (await runner.run([], { cwd: dir })).stdout.trim();
    expect(second).not.toBe(first);
    expect(second).toBe(String(client.helperPid()));
  });

  test('close: once it resolves the helper is gone and reaped, not left to init; the next go starts a new one', async () => {
    const client = new SpawnerClient();
    const { go, dir } = fakeGo('echo "$PPID"');
    const runner = createGoRunner({ goBinary: go, env, timeoutMs: 10_000 }, client.spawn);
    const helper = Number((await runner.run([], { cwd: dir })).stdout);
    expect(helper).toBe(client.helperPid());
    await client.close();
    // Not even a zombie: /proc has no entry for it.
    expect(() => readFileSync(`/proc/${helper}/stat`)).toThrow(/ENOENT/);
    expect(client.helperPid()).toBeUndefined();
    expect(Number((await runner.run([], { cwd: dir })).stdout)).not.toBe(helper);
    await client.close();
  });
});

describe('the helper when its parent goes', () => {
  test('while it is sending (a go just ended): it still kills every go it started', async () => {
    // Twenty go that each write their pid and sleep. The parent kills one of them and goes at
    // once: the helper's message about that go is written to a closed channel (EPIPE), which
    // ended the helper before 'disconnect' killed the others, leaving them to init.
    const { go, dir } = fakeGo('echo $$ >> "$(dirname "$0")/pids"; exec sleep 60');
    const parent = `
      const { spawn } = require('node:child_process');
      const h = spawn(process.execPath, ['-e', process.env.HELPER], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: {}, serialization: 'json' });
      const pids = [];
      h.on('message', (m) => {
        if (m.t === 'spawned' && pids.push(m.pid) === 2) {
          process.kill(pids[1], 'SIGKILL');
          process.exit(0);
        }
      });
      for (let id = 1; id <= 20; id++) h.send({ t: 'run', id, file: process.env.GO, args: [], cwd: '/', env: {} });
    `;
    const p = spawn(process.execPath, ['-e', parent], { env: { ...env, HELPER: HELPER_SOURCE, GO: go }, stdio: 'ignore' });
    expect(await new Promise((r) => p.on('exit', r))).toBe(0);
    const pids = join(dir, 'pids');
    await until(() => lines(pids).length >= 2);
    await until(() => lines(pids).every((pid) => !running(Number(pid))));
    // And none started after it went.
    await sleep(200);
    expect(lines(pids).filter((pid) => running(Number(pid)))).toEqual([]);
  });
});

describe('when the helper cannot be had', () => {
  test('it dies with go in flight: those go are killed and started again directly, with the same results', async () => {
    const client = new SpawnerClient();
    const { go, dir } = fakeGo(`echo "$$ $PPID" >> "$(dirname "$0")/pids"\nsleep 2\necho "done $1"`);
    const runner = createGoRunner({ goBinary: go, env, timeoutMs: 30_000 }, client.spawn);
    const results = Promise.all([runner.run(['a'], { cwd: dir }), runner.run(['b'], { cwd: dir })]);
    const pids = join(dir, 'pids');
    await until(() => lines(pids).length === 2);
    const helper = client.helperPid()!;
    const first = lines(pids).map((l) => l.split(' ').map(Number));
    expect(first.map(([, parent]) => parent)).toEqual([helper, helper]);
    process.kill(helper, 'SIGKILL');
    const [a, b] = await results;
    expect([a.exitCode, a.stdout, b.exitCode, b.stdout]).toEqual([0, 'done a\n', 0, 'done b\n']);
    const again = lines(pids).slice(2).map((l) => l.split(' ').map(Number));
    expect(again.map(([, parent]) => parent)).toEqual([process.pid, process.pid]);
    for (const [pid] of first) expect(running(pid!)).toBe(false);
    // From then on go is started directly.
    const after = await createGoRunner({ goBinary: go, env, timeoutMs: 30_000 }, client.spawn).run(['c'], { cwd: dir });
    expect(after.stdout).toBe('done c\n');
    expect(lines(pids).at(-1)!.split(' ')[1]).toBe(String(process.pid));
  });

  test('it dies after go was signalled at its deadline: go is not started again, the run ends as timed out', async () => {
    const client = new SpawnerClient();
    // Ignores SIGTERM, so go is still running, signalled, when the helper goes.
    const { go, dir } = fakeGo(`echo "$$" >> "$(dirname "$0")/pids"\ntrap '' TERM\necho started\nsleep 30 & wait $!; sleep 30`);
    const started = Date.now();
    const run = createGoRunner({ goBinary: go, env, timeoutMs: 500 }, client.spawn).run(['mod', 'download'], { cwd: dir });
    await sleep(1000);
    const helper = client.helperPid()!;
    process.kill(helper, 'SIGKILL');
    const r = await run;
    expect(Date.now() - started).toBeLessThan(5000);
    expect([r.exitCode, r.timedOut, r.stdout]).toEqual([124, true, '']);
    expect(r.stderr).toBe('\ngo mod download did not finish within 1 s (input command-timeout)');
    const pids = lines(join(dir, 'pids'));
    expect(pids).toHaveLength(1);
    await until(() => !running(Number(pids[0])));
  });

  test('a node that cannot run it: go is started directly', async () => {
    const client = new SpawnerClient('/bin/false');
    const { go, dir } = fakeGo('echo "$PPID"');
    const runner = createGoRunner({ goBinary: go, env, timeoutMs: 10_000 }, client.spawn);
    expect((await runner.run([], { cwd: dir })).stdout).toBe(`${process.pid}\n`);
    expect((await runner.run([], { cwd: dir })).stdout).toBe(`${process.pid}\n`);
    expect(client.helperPid()).toBeUndefined();
  });

  test('a helper that never answers (not a node: it ignores -e and waits): killed, go started directly', async () => {
    const { go: hang } = fakeGo('exec sleep 300');
    const client = new SpawnerClient(hang, 300);
    const { go, dir } = fakeGo('echo "$PPID"');
    const started = Date.now();
    const r = await createGoRunner({ goBinary: go, env, timeoutMs: 10_000 }, client.spawn).run([], { cwd: dir });
    expect([r.exitCode, r.stdout]).toEqual([0, `${process.pid}\n`]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(client.helperPid()).toBeUndefined();
  });

  test('a node that is not there: go is started directly', async () => {
    const client = new SpawnerClient('/nonexistent/node');
    const { go, dir } = fakeGo('echo "$PPID"');
    const r = await createGoRunner({ goBinary: go, env, timeoutMs: 10_000 }, client.spawn).run([], { cwd: dir });
    expect([r.exitCode, r.stdout]).toEqual([0, `${process.pid}\n`]);
  });
});
