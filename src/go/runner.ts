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

/** How long output may stay open after go itself has exited past its deadline (a process it left behind holds it). */
const ORPHAN_GRACE_MS = 1000;

/**
 * Spawns go without a shell, with an explicit environment and a timeout. Past the deadline go and
 * every process under it (git fetching a direct module, or a `go` that is a wrapper script) get
 * SIGTERM, then SIGKILL; the result comes once go has exited, even when a process out of reach
 * still holds its output open.
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
        // Found at the deadline, while go still holds them: once it dies they are no longer its children.
        let tree: number[] = [];
        const signal = (sig: NodeJS.Signals): void => {
          child.kill(sig);
          for (const pid of tree) {
            try {
              process.kill(pid, sig);
            } catch {
              // already gone
            }
          }
        };
        const timer = setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) tree = descendants(child.pid);
          signal('SIGTERM');
          setTimeout(() => signal('SIGKILL'), 2000).unref();
        }, timeoutMs);
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        const finish = (exitCode: number, extra = ''): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve({
            args,
            exitCode,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8') + extra,
            timedOut,
            durationMs: Date.now() - started
          });
        };
        const deadline = (): string => `\n${deadlineMessage(args, timeoutMs, { ...config.env, ...options.env }.GOPROXY ?? '')}`;
        child.on('error', (e) => finish(127, `${config.goBinary}: ${e.message}`));
        child.on('exit', () => {
          if (!timedOut) return;
          // A process that escaped the kill (it left go's tree before the deadline) may hold the pipes for good.
          setTimeout(() => {
            child.stdout.destroy();
            child.stderr.destroy();
            finish(124, deadline());
          }, ORPHAN_GRACE_MS).unref();
        });
        child.on('close', (code, signal) => {
          if (timedOut) finish(124, deadline());
          else finish(code ?? (signal ? 128 : 1));
        });
      });
    }
  };
}

/** Every process under `pid` (Linux /proc; none elsewhere, where go alone is signalled). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
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
        if (!found.includes(c)) {
          found.push(c);
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
