import { parseArgs } from 'node:util';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir, availableParallelism } from 'node:os';
import { createGoRunner } from '../go/runner.js';
import { runEngine } from '../engine/engine.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { writeJsonReport } from '../report/json.js';
import { DEFAULT_COMMAND_TIMEOUT_S, parseFailOn, parseInteger, parseList } from '../settings.js';
import { realClock, type Clock } from '../util/retry.js';
import { createProgress, tickEverySecond, type Progress, type ProgressMode, type ProgressState } from '../util/progress.js';
import { wrapError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { inertLines } from '../util/commands.js';
import { sanitize } from '../report/escape.js';
import { VERSION } from '../version.js';
import { DEFAULT_FAIL_ON, FINDING_KINDS, type FindingKind } from '../report/model.js';
// For the entry file, which loads this module on the work thread with one dynamic import.
export { closeDefaultSpawner } from '../go/spawner.js';

const USAGE = `usage: go-mod-hygiene [dir] [options]
       go-mod-hygiene --demo         check the bundled example offline (nothing to install)

Checks every Go module under dir (default .): go mod tidy, every go.sum line
against the checksum database or proxy, and the module cache (go mod verify).
Nothing in dir is modified.

options:
  --format F               what to print on stdout: terminal (the default on a terminal; colour
                           unless NO_COLOR), markdown (the default into a pipe or file), json
  --modules GLOBS          comma-separated module directory globs, !glob excludes
  --fail-on KINDS          comma-separated finding kinds, or none/all
  --report FILE            also write the JSON report to FILE
  --concurrency N          modules checked at once (default: CPU count)
  --download-attempts N    attempts on transient network errors (default 3)
  --no-lookups             skip retraction/deprecation lookups (one proxy request per required module)
  --updates                list newer versions of direct dependencies (as mode: audit does)
  --repo-root DIR          local replacements must stay inside DIR (default: the enclosing git checkout)
  --quiet                  no progress on stderr
  --verbose                each module's go commands and findings on stderr (default: one line
                           per module as it finishes, ✓ clean, ✗ failing, ! advisories only;
                           on a terminal, a status line of the modules still running)
  --version                print the version and exit
  --demo                   check the bundled example (offline)

exit status: 0 clean or nothing failing, 1 findings that fail by policy, 2 usage or run error
             (a bad argument, dir not a directory, go not runnable), 3 no go.mod found under dir
             (nothing was checked). When --report cannot be written the report is still printed,
             the error goes to stderr and the status follows the findings. Interrupted
             (SIGINT, SIGTERM, SIGHUP): 130, 143, 129, its temporary files removed.`;

/** Exit statuses, as the usage text documents them. */
export const Exit = { Ok: 0, Findings: 1, Usage: 2, NoModules: 3 } as const;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  /** True when stdout is redirected to a file, which the runner does not read. */
  stdoutIsFile?: boolean;
  /** Directory holding example/ (the package root). */
  packageRoot: string;
  /** Set when stdout is a terminal: the human format is the default then. */
  terminal?: { columns: number } | null;
  /** Set when stderr is a terminal: a status line says what is running, redrawn in place. */
  stderrTerminal?: { columns: number } | null;
  /** Time for the progress display (default the real clock). */
  clock?: Clock;
  /**
   * Where the run's scratch copies (and --demo's module cache) go: the CLI's entry gives a
   * directory of its own, which it removes when interrupted (default: the system's temp directory).
   */
  tempDir?: string;
}

/** Runs the CLI and returns its exit status. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        modules: { type: 'string', default: '' },
        'fail-on': { type: 'string', default: '' },
        report: { type: 'string' },
        concurrency: { type: 'string', default: '' },
        'download-attempts': { type: 'string', default: '' },
        'command-timeout': { type: 'string', default: '' },
        quiet: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'no-lookups': { type: 'boolean', default: false },
        updates: { type: 'boolean', default: false },
        'repo-root': { type: 'string' },
        version: { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    });
  } catch (e) {
    io.stderr(`${wrapError(e).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return Exit.Ok;
  }
  if (values.version) {
    io.stdout(`go-mod-hygiene ${VERSION}\n`);
    return Exit.Ok;
  }
  if (positionals.length > 1) {
    // Silently checking only the first would pass a CI step that meant to check them all.
    io.stderr(`go-mod-hygiene checks one directory (and every module under it); got ${positionals.length}: ${positionals.join(' ')}. Run it once per directory, or point it at their common parent with --modules to pick modules.\n`);
    return Exit.Usage;
  }
  const format = values.format ?? (io.terminal ? 'terminal' : 'markdown');
  if (format !== 'markdown' && format !== 'json' && format !== 'terminal') {
    io.stderr(`--format: ${JSON.stringify(format)}. Accepted: terminal, markdown, json.\n`);
    return Exit.Usage;
  }
  const env: Record<string, string> = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
  if (values.demo && positionals.length) {
    io.stderr(`--demo checks the bundled example; it takes no directory (got ${positionals[0]!}).\n`);
    return Exit.Usage;
  }
  let root = resolve(positionals[0] ?? '.');
  let exampleCache: string | null = null;
  if (values.demo) {
    // The bundled example: its own offline proxy and a private module cache, so no network is needed.
    const example = join(io.packageRoot, 'example');
    root = join(example, 'repo');
    exampleCache = mkdtempSync(join(io.tempDir ?? tmpdir(), 'go-mod-hygiene-example-'));
    Object.assign(env, { GOPROXY: `file://${join(example, 'proxy')}`, GONOSUMDB: 'example.com', GOMODCACHE: join(exampleCache, 'mod'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' });
  }
  const given = positionals[0] ?? '.';
  let kind: 'missing' | 'file' | 'dir';
  try {
    kind = statSync(root).isDirectory() ? 'dir' : 'file';
  } catch {
    kind = 'missing';
  }
  if (kind !== 'dir') {
    // `example` named the bundled demo before --demo existed; now it is a directory like any other.
    const hint = kind === 'missing' && given === 'example' ? ' (the bundled example is --demo)' : '';
    io.stderr(`go-mod-hygiene: ${given}: ${kind === 'missing' ? 'no such directory' : 'is a file, not a directory'}${hint}. Give the directory holding go.mod, or a parent of several modules (default .).\n`);
    return Exit.Usage;
  }
  let failOn: readonly FindingKind[] = DEFAULT_FAIL_ON;
  try {
    failOn = parseFailOn(values['fail-on']);
  } catch {
    // Said where the engine's options are parsed, below.
  }
  // Between the finished modules' lines: a status line on a terminal, a line per long-running module in a CI log, nothing in a pipe.
  const clock = io.clock ?? realClock;
  const progressMode: ProgressMode | null = values.quiet ? null : io.stderrTerminal ? 'terminal' : io.env.GITHUB_ACTIONS === 'true' ? 'log' : null;
  // A directory's name in a CI log line could otherwise issue a workflow command.
  const logLine = (s: string): void => io.stderr(`${inertLines(s.replace(/\n$/, '').split('\n')).join('\n')}\n`);
  const progress = progressMode ? createProgress(progressMode, progressMode === 'log' ? logLine : io.stderr, clock, io.stderrTerminal?.columns, io.stderr) : null;
  const log: Logger = values.quiet ? { info() {}, warning() {}, group() {} } : stderrLogger(io, values.verbose ? null : failOn, progress);
  let timeoutMs: number;
  try {
    timeoutMs = parseInteger('--command-timeout', values['command-timeout'], DEFAULT_COMMAND_TIMEOUT_S, 30, 7200) * 1000;
  } catch (e) {
    io.stderr(`go-mod-hygiene: ${wrapError(e).message}\n`);
    return Exit.Usage;
  }
  const stopTicking = progress ? tickEverySecond(progress, clock) : null;
  try {
    const report = await runEngine(
      {
        root,
        modules: parseList(values.modules),
        failOn: parseFailOn(values['fail-on']),
        downloadAttempts: parseInteger('--download-attempts', values['download-attempts'], 3, 1, 10),
        concurrency: parseInteger('--concurrency', values.concurrency, availableParallelism(), 1, 64),
        tempDir: io.tempDir ?? tmpdir(),
        tidyMode: 'auto',
        goEnv: env.GOTOOLCHAIN ? { GOTOOLCHAIN: env.GOTOOLCHAIN } : {},
        retryBaseMs: 1000,
        repoRoot: values['repo-root'] ? resolve(values['repo-root']) : gitCheckoutOf(root),
        lookups: !values['no-lookups'],
        updates: values.updates,
        environ: env
      },
      {
        go: createGoRunner({ goBinary: env.GO_BINARY || 'go', env, timeoutMs }),
        clock: realClock,
        random: Math.random,
        log
      }
    );
    stopTicking?.();
    // In a workflow step the runner reads stdout too: `##[error]` in a path is a command anywhere in a line.
    if (format === 'json') {
      // No JSON line starts with `::`, and `#` written as \u0023 (the same JSON value) ends `##[`: still valid for jq.
      io.stdout(`${JSON.stringify(report, null, 2).replace(/##\[/g, '#\\u0023[')}\n`);
    } else if (format === 'terminal') {
      io.stdout(renderTerminal(report, { color: Boolean(io.terminal) && !io.env.NO_COLOR, width: io.terminal?.columns ?? 100 }));
    } else {
      const md = renderMarkdown(report, { title: 'go-mod-hygiene', allModules: true });
      // Wrapped only where the runner can read it: not when redirected to a file.
      io.stdout(io.env.GITHUB_ACTIONS === 'true' && !io.stdoutIsFile ? `${inertLines(md.replace(/\n$/, '').split('\n')).join('\n')}\n` : md);
    }
    if (values.report) {
      // One output among several: its failure is said, the printed report stands and the status follows the findings.
      await writeJsonReport(resolve(values.report), report).catch((e: unknown) =>
        io.stderr(`go-mod-hygiene: --report: the JSON report could not be written to ${resolve(values.report!)}: ${wrapError(e).message}\n`)
      );
    }
    if (report.modules.length === 0 && report.outcome === 'error') return Exit.NoModules;
    return report.failed ? Exit.Findings : Exit.Ok;
  } catch (e) {
    io.stderr(`go-mod-hygiene: ${wrapError(e).message}\n`);
    return 2;
  } finally {
    stopTicking?.();
    if (exampleCache) rmSync(exampleCache, { recursive: true, force: true });
  }
}

/**
 * Progress on stderr. Repository text in it loses terminal control characters (escape sequences,
 * `\r` that overwrites a line) and, inside a workflow step, where the runner reads commands from
 * stderr too, cannot issue a workflow command. With `oneLine` (the fail-on kinds), each finished module or workspace is one
 * line, ✓ clean, ✗ failing by policy, ! advisories only, with its finding kinds; with null
 * (--verbose), its whole log: go commands and findings.
 */
function stderrLogger(io: CliIO, oneLine: readonly FindingKind[] | null, progress: Progress | null): Logger {
  const inActions = io.env.GITHUB_ACTIONS === 'true';
  // Through the progress display, which clears its status line before anything else is written.
  const write = progress ? (s: string): void => progress.write(s) : io.stderr;
  const emit = (lines: string[]): void => write(`${(inActions ? inertLines(lines) : lines).join('\n')}\n`);
  const title = (t: string): string => sanitize(t).replace(/\n/g, ' ');
  const summary = (t: string, lines: string[], failOn: readonly FindingKind[]): string => {
    // The engine ends each group with one `kind: message` line per finding.
    const kinds = FINDING_KINDS.filter((k) => lines.some((l) => l.startsWith(`${k}: `)));
    const mark = kinds.some((k) => failOn.includes(k)) ? '✗' : kinds.length ? '!' : '✓';
    return `${mark} ${title(t)}${kinds.length ? ` — ${kinds.join(', ')}` : ''}`;
  };
  return {
    info: (m) => emit(sanitize(m).split('\n')),
    warning: (m) => emit(`warning: ${sanitize(m)}`.split('\n')),
    group: (t, lines) => emit(oneLine ? [summary(t, lines, oneLine)] : [`── ${title(t)}`, ...lines.flatMap((l) => sanitize(l).split('\n')).map((l) => `   ${l}`)]),
    // Escaped as @actions/core escapes command data.
    ...(progress ? { progress: (state: ProgressState) => progress.update(state) } : {}),
    ...(inActions ? { mask: (secret: string) => write(`::add-mask::${secret.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`) } : {})
  };
}

/** The nearest directory at or above `dir` holding .git, else `dir`. */
export function gitCheckoutOf(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return dir;
  }
}

export function packageRootFrom(bundleFile: string): string {
  // dist/cli/index.js → the package root two levels up.
  return resolve(dirname(bundleFile), '..', '..');
}
