import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * How go processes are started. On Linux a spawn costs the spawning process in proportion to its
 * memory (fork copies its page tables, and node waits until the child has exec'd): ~9 ms of CPU
 * from a bare node, 20–30 ms from ours once it holds the hashing threads' memory, which was a
 * quarter of the run's CPU on a 24-module repository (BENCHMARKS.md). So go is started by a small
 * helper process — a bare node, started on first use and gone when idle — that relays each go's
 * pid, exit and output. Every decision (environment, deadline, signals, what a result means) stays
 * with the caller (runner.ts); the helper only starts, signals and reads.
 */

/** What the caller hears of one go process. */
export interface ChildEvents {
  /** go has exited (its output may still be open). May come more than once when go is restarted (see SpawnerClient). */
  exit(code: number | null, signal: NodeJS.Signals | null): void;
  /** go's output has closed, or was cut (`cut()`): the whole output, once. */
  close(code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): void;
  /** go could not be started (ENOENT, EACCES, …), once, instead of close. */
  error(message: string): void;
}

/** One go process, however it was started. */
export interface Child {
  /** Its pid, once known. */
  pid(): number | undefined;
  /** Whether it has exited, as far as is known. */
  exited(): boolean;
  /** Signals it, unless it has exited. */
  kill(signal: NodeJS.Signals): void;
  /** Once it has exited, stops waiting for its output: close comes at once with what was read. */
  cut(): void;
}

export type SpawnGo = (file: string, args: string[], cwd: string, env: Record<string, string>, on: ChildEvents) => Child;

/** Starts go from this process, without a shell. */
export const spawnDirect: SpawnGo = (file, args, cwd, env, on) => {
  const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let done = false;
  const close = (code: number | null, sig: NodeJS.Signals | null): void => {
    if (done) return;
    done = true;
    on.close(code, sig, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'));
  };
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  child.on('error', (e) => {
    if (done) return;
    done = true;
    on.error(e.message);
  });
  child.on('exit', (code, sig) => on.exit(code, sig));
  child.on('close', close);
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: () => child.pid,
    exited,
    kill: (sig) => {
      if (!exited()) child.kill(sig);
    },
    cut: () => {
      if (!exited()) return;
      child.stdout.destroy();
      child.stderr.destroy();
      close(child.exitCode, child.signalCode);
    }
  };
};

/**
 * The helper's program, run as `node -e` with an empty environment: it uses only what every node
 * gives without an import (process.getBuiltinModule is Node ≥ 20.16; an older node's helper fails at
 * once and go is then started directly). Messages in: run {id, file, args, cwd, env}, kill {id, sig},
 * cut {id}. Out: spawned {id, pid}, exit {id, code, sig}, close {id, code, sig, stdout, stderr},
 * error {id, message}. When its parent goes, it kills what it started and ends.
 */
export const HELPER_SOURCE = `'use strict';
const { spawn } = process.getBuiltinModule('node:child_process');
const kids = new Map();
// A message that cannot be sent (its parent went while it was on its way) is dropped: the error
// would otherwise end this helper before 'disconnect' kills what it started.
const send = (m) => { if (process.connected) process.send(m, () => {}); };
const close = (id, code, sig) => {
  const k = kids.get(id);
  if (!k || k.done) return;
  k.done = true;
  kids.delete(id);
  send({ t: 'close', id, code, sig, stdout: Buffer.concat(k.out).toString('utf8'), stderr: Buffer.concat(k.err).toString('utf8') });
};
process.on('message', (m) => {
  const k = kids.get(m.id);
  if (m.t === 'run') {
    let c;
    try {
      c = spawn(m.file, m.args, { cwd: m.cwd, env: m.env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    } catch (e) {
      send({ t: 'error', id: m.id, message: String(e && e.message) });
      return;
    }
    const n = { c, out: [], err: [], done: false, code: null, sig: null };
    kids.set(m.id, n);
    if (c.pid !== undefined) send({ t: 'spawned', id: m.id, pid: c.pid });
    c.stdout.on('data', (d) => n.out.push(d));
    c.stderr.on('data', (d) => n.err.push(d));
    c.on('error', (e) => {
      if (n.done) return;
      n.done = true;
      kids.delete(m.id);
      send({ t: 'error', id: m.id, message: e.message });
    });
    c.on('exit', (code, sig) => { n.code = code; n.sig = sig; send({ t: 'exit', id: m.id, code, sig }); });
    c.on('close', (code, sig) => close(m.id, code, sig));
  } else if (m.t === 'kill') {
    if (k && k.c.exitCode === null && k.c.signalCode === null) k.c.kill(m.sig);
  } else if (m.t === 'cut') {
    if (k) { k.c.stdout.destroy(); k.c.stderr.destroy(); close(m.id, k.code, k.sig); }
  }
});
process.on('disconnect', () => {
  for (const k of kids.values()) { try { k.c.kill('SIGKILL'); } catch {} }
  process.exit(0);
});
`;

/** How long the helper stays after its last go has finished (a pause between modules costs nothing). */
export const HELPER_IDLE_MS = 2000;

type HelperMessage =
  | { t: 'spawned'; id: number; pid: number }
  | { t: 'exit'; id: number; code: number | null; sig: NodeJS.Signals | null }
  | { t: 'close'; id: number; code: number | null; sig: NodeJS.Signals | null; stdout: string; stderr: string }
  | { t: 'error'; id: number; message: string };

interface Pending {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  on: ChildEvents;
  /** go, once the helper has said it started it. */
  proc?: Process;
  exited: boolean;
  /** Signalled by the caller: never started again. */
  killed: boolean;
  /** Taken over by a directly started go, after the helper went. */
  direct?: Child;
}

/**
 * Starts go through the helper process. When the helper cannot be had (it fails to start, an old
 * node, not Linux) go is started directly; when it ends with go processes in flight, those are
 * killed and started again directly — checks only read and download, so a second run of a go
 * command is the same command — except one already signalled by its caller, which ends as killed.
 */
export class SpawnerClient {
  private proc: ChildProcess | undefined;
  /** The helper failed: from now on go is started directly. */
  private broken = false;
  private seq = 0;
  private readonly runs = new Map<number, Pending>();
  private idle: NodeJS.Timeout | undefined;

  /**
   * `node`: the node that runs the helper (default: this one). `answerMs`: how long the helper may
   * take to say it started a go; past it the helper is taken for hung, killed, and go started directly.
   */
  constructor(
    private readonly node: string = process.execPath,
    private readonly answerMs = 10_000
  ) {}

  /** The helper's pid while it runs (for tests). */
  helperPid(): number | undefined {
    return this.proc?.pid;
  }

  readonly spawn: SpawnGo = (file, args, cwd, env, on) => {
    // What node refuses outright (a NUL in an argument) is refused the way it always was: thrown here.
    const nul = [file, cwd, ...args, ...Object.keys(env), ...Object.values(env)].some((s) => s.includes('\0'));
    if (this.broken || nul) return spawnDirect(file, args, cwd, env, on);
    const proc = this.helper();
    if (!proc) return spawnDirect(file, args, cwd, env, on);
    const id = ++this.seq;
    const p: Pending = { file, args, cwd, env, on, exited: false, killed: false };
    this.runs.set(id, p);
    clearTimeout(this.idle);
    proc.ref();
    proc.channel?.ref();
    this.post({ t: 'run', id, file, args, cwd, env });
    // A helper that never answers (hung, or not a node at all) must not hold go's result forever.
    const watchdog = setTimeout(() => {
      if (this.proc === proc && this.runs.get(id) === p && !p.proc) proc.kill('SIGKILL');
    }, this.answerMs);
    watchdog.unref();
    return {
      pid: () => (p.direct ? p.direct.pid() : p.proc?.pid),
      exited: () => (p.direct ? p.direct.exited() : p.exited),
      kill: (sig) => {
        p.killed = true;
        if (p.direct) p.direct.kill(sig);
        else if (p.exited) return;
        // Signalled from here, at once: go goes before the processes under it, as when it is our own child.
        else if (!(p.proc && signalIfSame(p.proc, sig))) this.post({ t: 'kill', id, sig });
      },
      cut: () => {
        if (p.direct) p.direct.cut();
        else this.post({ t: 'cut', id });
      }
    };
  };

  private helper(): ChildProcess | undefined {
    if (this.proc) return this.proc;
    let proc: ChildProcess;
    try {
      proc = spawn(this.node, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: {}, serialization: 'json' });
    } catch {
      this.broken = true;
      return undefined;
    }
    this.proc = proc;
    proc.on('message', (m: HelperMessage) => this.receive(m));
    // An error (node not startable) or an exit while this client still wants it: go is started directly from now on.
    const lost = (): void => {
      if (this.proc !== proc) return;
      this.proc = undefined;
      if (this.runs.size > 0) {
        this.broken = true;
        this.takeOver();
      }
    };
    proc.on('error', lost);
    proc.on('exit', lost);
    return proc;
  }

  private post(m: object): void {
    try {
      this.proc?.send(m);
    } catch {
      // The channel closed: 'exit' follows and takes the runs over.
    }
  }

  private receive(m: HelperMessage): void {
    const p = this.runs.get(m.id);
    if (!p || p.direct) return;
    if (m.t === 'spawned') {
      p.proc = { pid: m.pid, start: startTime(m.pid) };
    } else if (m.t === 'exit') {
      p.exited = true;
      p.on.exit(m.code, m.sig);
    } else {
      this.runs.delete(m.id);
      if (m.t === 'close') p.on.close(m.code, m.sig, m.stdout, m.stderr);
      else p.on.error(m.message);
      if (this.runs.size === 0) this.rest();
    }
  }

  /** Nothing in flight: the helper no longer keeps this process alive, and goes when idle a while. */
  private rest(): void {
    const proc = this.proc;
    if (!proc) return;
    proc.unref();
    proc.channel?.unref();
    this.idle = setTimeout(() => {
      if (this.runs.size === 0 && this.proc === proc) {
        this.proc = undefined;
        proc.disconnect();
      }
    }, HELPER_IDLE_MS);
    this.idle.unref();
  }

  /**
   * Ends the helper and waits (up to a second) until it is gone, so that its CPU time and its go
   * processes' are counted as this process's children's. With go in flight it is left alone: it
   * ends when this process does.
   */
  async close(): Promise<void> {
    const proc = this.proc;
    if (!proc || this.runs.size > 0) return;
    clearTimeout(this.idle);
    this.proc = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    // Both kept referenced: this process waits for them (an unreferenced wait would let node end
    // with the await unsettled).
    proc.ref();
    await new Promise<void>((resolve) => {
      const bound = setTimeout(resolve, 1000);
      proc.once('exit', () => {
        clearTimeout(bound);
        resolve();
      });
      if (proc.connected) proc.disconnect();
      else proc.kill('SIGKILL');
    });
  }

  /** The helper ended with go processes in flight: they are killed, and started again directly. */
  private takeOver(): void {
    for (const [id, p] of this.runs) {
      this.runs.delete(id);
      if (p.proc) signalIfSame(p.proc, 'SIGKILL');
      if (p.killed) {
        if (!p.exited) p.on.exit(null, 'SIGKILL');
        p.on.close(null, 'SIGKILL', '', '');
        continue;
      }
      p.exited = false;
      p.direct = spawnDirect(p.file, p.args, p.cwd, p.env, p.on);
    }
  }
}

let shared: SpawnerClient | undefined;

/** The process's go starter: through one shared helper on Linux, directly elsewhere (spawning is cheap there). */
export function defaultSpawner(): SpawnGo {
  if (process.platform !== 'linux') return spawnDirect;
  shared ??= new SpawnerClient();
  return shared.spawn;
}

/** Ends the shared helper, if there is one, and waits until it is gone (the entries call it last). */
export async function closeDefaultSpawner(): Promise<void> {
  await shared?.close();
}

/** A process and its start time (/proc/<pid>/stat field 22), which tells it from a later process given the same pid. */
export interface Process {
  pid: number;
  start: string;
}

/**
 * Signals the process if it is still the one that was found (same start time: its pid not reused
 * meanwhile). Whether it was: a process that ends as it is signalled counts as signalled.
 */
export function signalIfSame(p: Process, sig: NodeJS.Signals): boolean {
  if (!p.start || startTime(p.pid) !== p.start) return false;
  try {
    process.kill(p.pid, sig);
  } catch {
    // gone meanwhile
  }
  return true;
}

/** A process's start time, or '' when it is gone (or not on Linux). */
export function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold anything.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** Every process under `pid` (Linux /proc; none elsewhere, where go alone is signalled). */
export function descendants(pid: number): Process[] {
  const found: Process[] = [];
  const walk = (p: number): void => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(' ').filter(Boolean).map(Number)) {
        if (!found.some((f) => f.pid === c)) {
          found.push({ pid: c, start: startTime(c) });
          walk(c);
        }
      }
    }
  };
  walk(pid);
  return found;
}
