import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What one go invocation produced; callers interpret the exit code. */
export interface GoResult {
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface GoRunOptions {
  cwd: string;
  /** Variables added on top of the runner's environment for this call. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs the go command. The one place that spawns go. */
export interface GoRunner {
  run(args: string[], options: GoRunOptions): Promise<GoResult>;
}

export interface GoRunnerConfig {
  /** The go binary (a path or a name looked up on PATH). */
  goBinary: string;
  /** The complete environment go sees; nothing is read from process.env here. */
  env: Record<string, string>;
  /** Default timeout per invocation. */
  timeoutMs: number;
}

/** How long output may stay open after go itself has exited (a process it left behind holds it). */
const ORPHAN_GRACE_MS = 1000;

/**
 * Spawns go without a shell, with an explicit environment and a timeout. Past the deadline go and
 * every process under it (git fetching a direct module, or a `go` that is a wrapper script) get
 * SIGTERM, then SIGKILL (a pid reused meanwhile is left alone); the result comes once go has
 * exited, within a second even when a process go left behind still holds its output open.
 */
export function createGoRunner(config: GoRunnerConfig): GoRunner {
  return {
    run(args, options) {
      const started = Date.now();
      const timeoutMs = options.timeoutMs ?? config.timeoutMs;
      return new Promise((resolve) => {
        const child = spawn(config.goBinary, args, {
          cwd: options.cwd,
          env: { ...config.env, ...options.env },
          stdio: ['ignore', 'pipe', 'pipe'],
          shell: false
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let timedOut = false;
        let done = false;
        // The processes under go, found at the deadline while go still holds them (once it dies they
        // are no longer its children), each with its start time so that a reused pid is left alone.
        let tree: Process[] = [];
        const deadline = (): string => `\n${deadlineMessage(args, timeoutMs, { ...config.env, ...options.env }.GOPROXY ?? '')}`;
        const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
        const signal = (sig: NodeJS.Signals): void => {
          if (!exited()) child.kill(sig);
          for (const p of tree) {
            try {
              if (startTime(p.pid) === p.start) process.kill(p.pid, sig);
            } catch {
              // already gone
            }
          }
        };
        const timer = setTimeout(() => {
          if (exited()) return; // go is done; its output is about to close (see 'exit')
          timedOut = true;
          if (child.pid !== undefined) tree = descendants(child.pid);
          signal('SIGTERM');
          setTimeout(() => signal('SIGKILL'), 2000).unref();
        }, timeoutMs);
        let grace: NodeJS.Timeout | undefined;
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        const finish = (exitCode: number, extra = ''): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          clearTimeout(grace);
          resolve({
            args,
            exitCode,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8') + extra,
            timedOut,
            durationMs: Date.now() - started
          });
        };
        // go's end, from 'close' (its output closed) or from 'exit' (cut off after the grace period).
        const settle = (code: number | null, sig: NodeJS.Signals | null): void => {
          if (timedOut) finish(124, deadline());
          else finish(code ?? (sig ? 128 : 1));
        };
        child.on('error', (e) => finish(127, `${config.goBinary}: ${e.message}`));
        child.on('exit', (code, sig) => {
          // The output closes right after, unless a process go left behind (out of the kill's reach,
          // or started to outlive it) holds it: then it is cut off, not waited for.
          grace = setTimeout(() => {
            child.stdout.destroy();
            child.stderr.destroy();
            settle(code, sig);
          }, ORPHAN_GRACE_MS);
          grace.unref();
        });
        child.on('close', settle);
      });
    }
  };
}

/** A process and its start time (/proc/<pid>/stat field 22), which tells it from a later process given the same pid. */
interface Process {
  pid: number;
  start: string;
}

/** A process's start time, or '' when it is gone (or not on Linux). */
function startTime(pid: number): string {
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

/** A short description of a failed invocation for logs and errors. */
export function describeFailure(r: GoResult): string {
  const last = r.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
  return `go ${r.args.join(' ')} exited ${r.exitCode}${last ? `: ${last}` : ''}`;
}

/**
 * What a go command past its deadline is reported as: the subcommand (its other arguments hold
 * scratch paths), the deadline and the hosts it was most likely waiting for.
 */
export function deadlineMessage(args: string[], timeoutMs: number, goproxy: string): string {
  const sub = args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
  const hosts = goproxy
    .split(/[,|]/)
    .map((p) => /^https?:\/\/(?:[^/@]*@)?([^/]+)/.exec(p.trim())?.[1])
    .filter((h): h is string => Boolean(h));
  const waiting = hosts.length ? `: no answer from the module proxy (${hosts.join(', ')})` : '';
  return `go ${sub} did not finish within ${Math.round(timeoutMs / 1000)} s (input command-timeout)${waiting}`;
}
