import { spawn } from 'node:child_process';

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

/** Spawns go without a shell, with an explicit environment and a timeout (SIGKILL after SIGTERM). */
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
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 2000).unref();
        }, timeoutMs);
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        const finish = (exitCode: number, extra = ''): void => {
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
        child.on('error', (e) => finish(127, `${config.goBinary}: ${e.message}`));
        child.on('close', (code, signal) => {
          if (timedOut) finish(124, `\n${deadlineMessage(args, timeoutMs, { ...config.env, ...options.env }.GOPROXY ?? '')}`);
          else finish(code ?? (signal ? 128 : 1));
        });
      });
    }
  };
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
