import { parseArgs } from 'node:util';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir, availableParallelism } from 'node:os';
import { createGoRunner } from '../go/runner.js';
import { runEngine } from '../engine/engine.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeJsonReport } from '../report/json.js';
import { DEFAULT_COMMAND_TIMEOUT_S, parseFailOn, parseInteger, parseList } from '../settings.js';
import { realClock } from '../util/retry.js';
import { wrapError } from '../util/errors.js';
import type { Logger } from '../util/log.js';

const USAGE = `usage: go-mod-hygiene [dir] [options]
       go-mod-hygiene example        check the bundled example offline (./example for a directory named so)

Checks every Go module under dir (default .): go mod tidy, every go.sum line
against the checksum database or proxy, and the module cache (go mod verify).
Nothing in dir is modified.

options:
  --format markdown|json   what to print on stdout (default markdown)
  --modules GLOBS          comma-separated module directory globs, !glob excludes
  --fail-on KINDS          comma-separated finding kinds, or none/all
  --report FILE            also write the JSON report to FILE
  --concurrency N          modules checked at once (default: CPU count)
  --download-attempts N    attempts on transient network errors (default 3)
  --no-lookups             skip retraction/deprecation lookups (one proxy request per required module)
  --updates                list newer versions of direct dependencies (as mode: audit does)
  --repo-root DIR          local replacements must stay inside DIR (default: the enclosing git checkout)
  --quiet                  no progress on stderr

exit status: 0 clean or nothing failing, 1 findings that fail by policy, 2 usage or run error
(a bad argument, dir not a directory, go not runnable). When --report cannot be written the
report is still printed, the error goes to stderr and the status follows the findings.`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  /** Directory holding example/ (the package root). */
  packageRoot: string;
}

/** Runs the CLI and returns its exit status. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'markdown' },
        modules: { type: 'string', default: '' },
        'fail-on': { type: 'string', default: '' },
        report: { type: 'string' },
        concurrency: { type: 'string', default: '' },
        'download-attempts': { type: 'string', default: '' },
        'command-timeout': { type: 'string', default: '' },
        quiet: { type: 'boolean', default: false },
        'no-lookups': { type: 'boolean', default: false },
        updates: { type: 'boolean', default: false },
        'repo-root': { type: 'string' },
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
    return 0;
  }
  if (values.format !== 'markdown' && values.format !== 'json') {
    io.stderr(`--format: ${JSON.stringify(values.format)}. Accepted: markdown, json.\n`);
    return 2;
  }
  const env: Record<string, string> = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
  let root = resolve(positionals[0] ?? '.');
  let exampleCache: string | null = null;
  if (positionals[0] === 'example') {
    // The bundled example: its own offline proxy and a private module cache, so no network is needed.
    const example = join(io.packageRoot, 'example');
    root = join(example, 'repo');
    exampleCache = mkdtempSync(join(tmpdir(), 'go-mod-hygiene-example-'));
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
    io.stderr(`go-mod-hygiene: ${given}: ${kind === 'missing' ? 'no such directory' : 'is a file, not a directory'}. Give the directory holding go.mod, or a parent of several modules (default .).\n`);
    return 2;
  }
  const log: Logger = values.quiet
    ? { info() {}, warning() {}, group() {} }
    : {
        info: (m) => io.stderr(`${m}\n`),
        warning: (m) => io.stderr(`warning: ${m}\n`),
        group: (t, lines) => io.stderr(`── ${t}\n${lines.map((l) => `   ${l}`).join('\n')}\n`)
      };
  let timeoutMs: number;
  try {
    timeoutMs = parseInteger('--command-timeout', values['command-timeout'], DEFAULT_COMMAND_TIMEOUT_S, 30, 7200) * 1000;
  } catch (e) {
    io.stderr(`go-mod-hygiene: ${wrapError(e).message}\n`);
    return 2;
  }
  try {
    const report = await runEngine(
      {
        root,
        modules: parseList(values.modules),
        failOn: parseFailOn(values['fail-on']),
        downloadAttempts: parseInteger('--download-attempts', values['download-attempts'], 3, 1, 10),
        concurrency: parseInteger('--concurrency', values.concurrency, availableParallelism(), 1, 64),
        tempDir: tmpdir(),
        tidyMode: 'auto',
        goEnv: env.GOTOOLCHAIN ? { GOTOOLCHAIN: env.GOTOOLCHAIN } : {},
        retryBaseMs: 1000,
        repoRoot: values['repo-root'] ? resolve(values['repo-root']) : gitCheckoutOf(root),
        lookups: !values['no-lookups'],
        updates: values.updates
      },
      {
        go: createGoRunner({ goBinary: env.GO_BINARY || 'go', env, timeoutMs }),
        clock: realClock,
        random: Math.random,
        log
      }
    );
    io.stdout(values.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report, { title: 'go-mod-hygiene' }));
    if (values.report) {
      // One output among several: its failure is said, the printed report stands and the status follows the findings.
      await writeJsonReport(resolve(values.report), report).catch((e: unknown) =>
        io.stderr(`go-mod-hygiene: --report: the JSON report could not be written to ${resolve(values.report!)}: ${wrapError(e).message}\n`)
      );
    }
    return report.failed ? 1 : 0;
  } catch (e) {
    io.stderr(`go-mod-hygiene: ${wrapError(e).message}\n`);
    return 2;
  } finally {
    if (exampleCache) rmSync(exampleCache, { recursive: true, force: true });
  }
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
