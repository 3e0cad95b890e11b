/** Temporary repositories, tree snapshots and a go environment for offline tests. */
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, readlinkSync, lstatSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createGoRunner, type GoRunner } from '../../src/go/runner.js';
import { runEngine, type EngineOptions } from '../../src/engine/engine.js';
import type { Report } from '../../src/report/model.js';
import { DEFAULT_FAIL_ON } from '../../src/report/model.js';
import type { Clock } from '../../src/util/retry.js';
import type { ProgressState } from '../../src/util/progress.js';

const made: string[] = [];

/** A fresh temporary directory, removed by cleanupTemp(). */
export function tempDir(prefix = 'gmh-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function cleanupTemp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes files (path → content) under a new temporary directory and returns it. */
export function makeRepo(files: Record<string, string>): string {
  const root = tempDir('gmh-repo-');
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [p, content] of Object.entries(files)) {
    const f = join(root, p);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, content);
  }
}

/** Every file and directory under root with its mode and content hash: equal snapshots mean a byte-identical tree. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      out[`${relative(root, d)}/`] += ` unreadable ${(e as NodeJS.ErrnoException).code}`;
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(root, p);
      if (st.isDirectory()) {
        out[`${rel}/`] = `dir ${st.mode.toString(8)}`;
        walk(p);
      } else if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(p)}`; // never followed: it may lead anywhere
      else if (!st.isFile()) out[rel] = `special ${st.mode.toString(8)}`; // a pipe would block a read
      else out[rel] = `${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(root);
  return out;
}

/** The environment go gets in tests: an offline proxy, a private module cache, no user config. */
export function goEnv(proxy: string, extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir('gmh-home-');
  // Telemetry off, as `go telemetry off` leaves it: in each fresh HOME go would otherwise start a
  // detached sidecar (its once-a-day upload check), hundreds over a suite, outliving the tests.
  writeFiles(home, { '.config/go/telemetry/mode': 'off\n' });
  return {
    PATH: process.env.PATH ?? '/usr/local/go/bin:/usr/bin:/bin',
    HOME: home,
    GOPATH: join(home, 'go'),
    GOMODCACHE: join(home, 'modcache'),
    GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'gmh-gocache'),
    GOENV: 'off',
    GOPROXY: proxy,
    // Fixture modules are served by the test proxy only: no checksum database for them (GOSUMDB=off would be a risky-setting finding).
    GONOSUMDB: 'example.com',
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GIT_TERMINAL_PROMPT: '0',
    ...extra
  };
}

/** A stand-in for go: a shell script (as version-manager shims are) that runs `body`, in a directory of its own. */
export function fakeGo(body: string): { go: string; dir: string } {
  const dir = tempDir('gmh-fakego-');
  const go = join(dir, 'go');
  writeFileSync(go, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return { go, dir };
}

/**
 * Waits for `promise` or `ms`, whichever comes first. The timer is cleared either way: left
 * running, it would hold the test process (or a jest worker) open for the rest of `ms`.
 */
export async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Running, not a zombie nobody has reaped yet. */
export function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A clock whose sleeps return at once but are recorded, so retry tests run fast and can assert the backoff. */
export function fakeClock(): Clock & { sleeps: number[] } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    }
  };
}

export interface RunResult {
  report: Report;
  clock: ReturnType<typeof fakeClock>;
  go: GoRunner;
  calls: string[][];
  /** The log group of each module, by `module <dir>` (the title without its `3/28: ` count), and `workspace <file>`. */
  groups: Record<string, string[]>;
  /** Group titles as printed, in order. */
  titles: string[];
  /** What the engine said was running (Logger.progress), in order. */
  states: ProgressState[];
}

/** Runs the engine with real go in `env` against `root`. */
export async function check(
  root: string,
  env: Record<string, string>,
  options: Partial<EngineOptions> = {},
  /** Wraps the real go runner (a test holding some calls back, say); calls are recorded outside it. */
  wrapGo: (real: GoRunner) => GoRunner = (real) => real,
  /** Told each log group's title as it is printed. */
  onGroup: (title: string) => void = () => {}
): Promise<RunResult> {
  const clock = fakeClock();
  const real = wrapGo(createGoRunner({ goBinary: 'go', env, timeoutMs: 120_000 }));
  const calls: string[][] = [];
  const groups: Record<string, string[]> = {};
  const titles: string[] = [];
  const states: ProgressState[] = [];
  const group = (title: string, lines: string[]): void => {
    titles.push(title);
    onGroup(title);
    groups[title.replace(/^module \d+\/\d+: /, 'module ')] = lines;
  };
  const go: GoRunner = {
    run: (args, o) => {
      calls.push(args);
      return real.run(args, o);
    }
  };
  const report = await runEngine(
    {
      root,
      modules: [],
      failOn: [...DEFAULT_FAIL_ON],
      downloadAttempts: 3,
      concurrency: 2,
      tempDir: tempDir('gmh-scratch-'),
      tidyMode: 'auto',
      goEnv: {},
      retryBaseMs: 1000,
      ...options
    },
    { go, clock, random: () => 0.5, log: { info() {}, warning() {}, group, progress: (state) => void states.push(state) } }
  );
  return { report, clock, go, calls, groups, titles, states };
}

/** A clock that moves only when the test says; sleepers wake when their time has come. */
export function manualClock(): Clock & { set(ms: number): void; advance(ms: number): Promise<void> } {
  let now = 0;
  let sleepers: { at: number; wake: () => void }[] = [];
  const clock = {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    set: (ms: number) => void (now = ms),
    async advance(ms: number) {
      const until = now + ms;
      // One second at a time, letting each woken sleeper run before the next.
      while (now < until) {
        now = Math.min(until, now + 1000);
        const due = sleepers.filter((s) => s.at <= now);
        sleepers = sleepers.filter((s) => s.at > now);
        for (const s of due) s.wake();
        for (let i = 0; i < 10; i++) await Promise.resolve();
      }
    }
  };
  return clock;
}
