import { defaultSpawner, descendants, signalIfSame, type Process, type SpawnGo } from './spawner.js';

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
 * Runs go without a shell, with an explicit environment and a timeout (started as `spawnGo` does:
 * by default through the helper process of spawner.ts on Linux). Past the deadline go and every
 * process under it (git fetching a direct module, or a `go` that is a wrapper script) get SIGTERM,
 * then SIGKILL (a pid reused meanwhile is left alone); the result comes once go has exited, within
 * a second even when a process go left behind still holds its output open.
 */
export function createGoRunner(config: GoRunnerConfig, spawnGo: SpawnGo = defaultSpawner()): GoRunner {
  return {
    run(args, options) {
      const started = Date.now();
      const timeoutMs = options.timeoutMs ?? config.timeoutMs;
      const env = { ...config.env, ...options.env };
      return new Promise((resolve) => {
        let timedOut = false;
        let done = false;
        // The processes under go, found at the deadline while go still holds them (once it dies they
        // are no longer its children), each with its start time so that a reused pid is left alone.
        let tree: Process[] = [];
        let grace: NodeJS.Timeout | undefined;
        const finish = (exitCode: number, stdout: string, stderr: string): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          clearTimeout(grace);
          resolve({ args, exitCode, stdout, stderr, timedOut, durationMs: Date.now() - started });
        };
        const child = spawnGo(config.goBinary, args, options.cwd, env, {
          // The output closes right after, unless a process go left behind (out of the kill's reach,
          // or started to outlive it) holds it: then it is cut off, not waited for.
          exit: () => {
            clearTimeout(grace);
            grace = setTimeout(() => child.cut(), ORPHAN_GRACE_MS);
            grace.unref();
          },
          close: (code, sig, stdout, stderr) => {
            if (timedOut) finish(124, stdout, `${stderr}\n${deadlineMessage(args, timeoutMs, env.GOPROXY ?? '')}`);
            else finish(code ?? (sig ? 128 : 1), stdout, stderr);
          },
          error: (message) => finish(127, '', `${config.goBinary}: ${message}`)
        });
        const signal = (sig: NodeJS.Signals): void => {
          child.kill(sig);
          for (const p of tree) signalIfSame(p, sig);
        };
        const timer = setTimeout(() => {
          if (child.exited()) return; // go is done; its output is about to close (see exit)
          timedOut = true;
          const pid = child.pid();
          if (pid !== undefined) tree = descendants(pid);
          signal('SIGTERM');
          setTimeout(() => signal('SIGKILL'), 2000).unref();
        }, timeoutMs);
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
