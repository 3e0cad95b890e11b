import { availableParallelism, tmpdir } from 'node:os';
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Inputs } from './constants.js';
import { ADVISORY_KINDS, DEFAULT_FAIL_ON, FINDING_KINDS, isFindingKind, type FindingKind } from './report/model.js';
import { parseCacheSettings, type CacheSettings } from './cache/settings.js';
import { checkPrivateHost } from './go/private.js';
import { parseProxyCredentials, type ProxyCredential } from './go/proxyauth.js';
import { parseShard, type ShardSpec } from './engine/shard.js';

/** Default deadline of one go command, in seconds (input `command-timeout`, CLI `--command-timeout`). */
export const DEFAULT_COMMAND_TIMEOUT_S = 600;

/** A bad input: the message names the input and what it accepts. */
export class InputError extends Error {
  constructor(input: string, value: string, accepted: string) {
    super(`Invalid input '${input}': ${JSON.stringify(value)}. Accepted: ${accepted}.`);
    this.name = 'InputError';
  }
}

/** Everything the action reads from its inputs and environment, parsed once. */
export const MODES = ['check', 'warm', 'publish', 'audit', 'merge'] as const;
export type Mode = (typeof MODES)[number];

export interface Settings {
  /** `check` (default), `warm` (fill and save the module cache only), `publish` (post a saved report), `audit` (scheduled), `merge` (the shards' reports as one). */
  mode: Mode;
  /** The pull request `mode: publish` posts on outside a workflow_run event (input `pull-request`); null when not given. */
  pullRequest: number | null;
  /** Absolute directory searched for go.mod files (input `working-directory`, default the workspace). */
  workingDirectory: string;
  /** Globs of module directories relative to workingDirectory, `!` to exclude (input `modules`). */
  modules: string[];
  /** Finding kinds that fail the step (input `fail-on`; `none` for an empty list). */
  failOn: FindingKind[];
  /** On pull requests, only findings of this PR fail the step (input `only-new-issues`, default false); the rest are still reported. */
  onlyNewIssues: boolean;
  /** Where the JSON report is written (input `report-path`, default under RUNNER_TEMP). */
  reportPath: string;
  /** Attempts for downloads on transient network failures (input `download-attempts`, 1–10). */
  downloadAttempts: number;
  /** Modules checked at once (input `concurrency`, default the CPU count). */
  concurrency: number;
  /** Deadline of one go command in ms (input `command-timeout` in seconds, 30–7200, default 600). */
  commandTimeoutMs: number;
  /** Directory for scratch files (RUNNER_TEMP or the OS temp dir). */
  tempDir: string;
  /** GOPROXY/GOPRIVATE/GONOSUMDB given to go when set (inputs `goproxy`, `goprivate`, `gonosumdb`), and GOTOOLCHAIN from the environment. */
  goEnv: Record<string, string>;
  /** Look up retracted versions and deprecated modules (input `lookups`, default true): one proxy request per required module. */
  lookups: boolean;
  /** Report newer versions of direct dependencies (input `updates`: `auto` = only in audit mode). */
  updates: boolean;
  /** Credentials for private modules (inputs `private-token`, `private-hosts`); the token is masked. */
  privateModules: { token: string; hosts: string[] } | null;
  /** Credentials for module proxies, per host (input `proxy-credentials`); masked, given to go through a temporary .netrc. */
  proxyCredentials: ProxyCredential[];
  /** This job's part of the modules (input `shard`, `I/N`): it checks that part and does not comment; a `merge` job publishes. */
  shard: ShardSpec | null;
  /** With `mode: merge`: the shards' report files or directories holding them (input `reports`). */
  reports: string[];
  /** The module cache (inputs `cache`, `cache-prefix`). */
  cache: CacheSettings;
  /** GitHub reporting (inputs `github-token`, `comment`, `comment-key`, `suggestions`, `audit-issue`, `audit-label`). */
  github: GitHubSettings;
}

export interface GitHubSettings {
  /** Token for the REST API (input `github-token`, or the deprecated `token`; default the workflow's GITHUB_TOKEN via `github.token`). Masked. */
  token: string;
  /** `auto`: comment when there are findings, and update an earlier comment; `always`; `never`. */
  comment: 'auto' | 'always' | 'never';
  /** Identifies this job's comment; the same key shares one comment (input `comment-key`, default workflow/job). */
  commentKey: string;
  /** Post review suggestions for go.mod lines inside the PR diff (input `suggestions`). */
  suggestions: boolean;
  /** Keep one tracking issue for scheduled audits (input `audit-issue`: `auto` = on for schedule events). */
  auditIssue: boolean;
  /** Label of the tracking issue (input `audit-label`). */
  auditLabel: string;
}

export type InputReader = (name: string) => string;

/** Parses the action's inputs. `env` is the process environment, passed in so tests control it. */
export function parseSettings(input: InputReader, env: Record<string, string | undefined>): Settings {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const tempDir = env.RUNNER_TEMP || tmpdir();
  const wd = input(Inputs.WorkingDirectory).trim();
  const reportPath = input(Inputs.ReportPath).trim();
  const goEnv: Record<string, string> = {};
  for (const [name, variable] of [
    [Inputs.GoProxy, 'GOPROXY'],
    [Inputs.GoPrivate, 'GOPRIVATE'],
    [Inputs.GoNoSumDb, 'GONOSUMDB']
  ] as const) {
    const v = input(name).trim();
    if (v) goEnv[variable] = v;
  }
  // The engine runs go with GOTOOLCHAIN=local unless the environment asks for something else.
  if (env.GOTOOLCHAIN) goEnv.GOTOOLCHAIN = env.GOTOOLCHAIN;
  const mode = input(Inputs.Mode).trim() || 'check';
  if (!(MODES as readonly string[]).includes(mode)) throw new InputError(Inputs.Mode, mode, MODES.join(', '));
  const pullRequest = input(Inputs.PullRequest).trim();
  if (pullRequest && mode !== 'publish') throw new InputError(Inputs.PullRequest, pullRequest, 'nothing unless mode is publish');
  const comment = input(Inputs.Comment).trim() || 'auto';
  if (!['auto', 'always', 'never'].includes(comment)) throw new InputError(Inputs.Comment, comment, 'auto, always, never');
  const auditIssue = input(Inputs.AuditIssue).trim() || 'auto';
  if (!['auto', 'true', 'false'].includes(auditIssue)) throw new InputError(Inputs.AuditIssue, auditIssue, 'auto, true, false');
  const updates = input(Inputs.Updates).trim() || 'auto';
  if (!['auto', 'true', 'false'].includes(updates)) throw new InputError(Inputs.Updates, updates, 'auto, true, false');
  const lookups = parseBoolean(Inputs.Lookups, input(Inputs.Lookups), true);
  if (updates === 'true' && !lookups) throw new InputError(Inputs.Updates, updates, `auto or false while ${Inputs.Lookups} is false (updates come from the same lookups)`);
  const privateToken = input(Inputs.PrivateToken).trim();
  const privateHosts = parseList(input(Inputs.PrivateHosts));
  if (privateToken && privateHosts.length === 0) throw new InputError(Inputs.PrivateHosts, '', `one or more host names (e.g. github.com/your-org) when ${Inputs.PrivateToken} is set`);
  if (privateToken && /[\r\n]/.test(privateToken)) throw new InputError(Inputs.PrivateToken, '***', 'a single-line token');
  for (const h of privateHosts) {
    const problem = checkPrivateHost(h);
    if (problem) throw new InputError(Inputs.PrivateHosts, h, `host names with an optional path prefix, like github.com/your-org (${problem})`);
  }
  const workingDirectory = wd ? resolve(workspace, wd) : workspace;
  const outside = relative(workspace, workingDirectory);
  if (outside === '..' || outside.startsWith(`..${sep}`) || isAbsolute(outside)) {
    throw new InputError(Inputs.WorkingDirectory, wd, `a directory inside the workspace (${workspace}), relative to it or absolute`);
  }
  const proxyCredentials = parseProxyCredentials(input(Inputs.ProxyCredentials));
  if ('problem' in proxyCredentials) throw new InputError(Inputs.ProxyCredentials, '***', `one \`host user:token\` per line (${proxyCredentials.problem})`);
  if (proxyCredentials.entries.length > 0 && (env.GOAUTH ?? '').trim() === 'off') {
    throw new InputError(Inputs.ProxyCredentials, '***', 'no credentials while GOAUTH=off is set in the environment (it switches every credential off): unset GOAUTH');
  }
  const shard = parseShard(input(Inputs.Shard));
  if (shard && 'problem' in shard) throw new InputError(Inputs.Shard, input(Inputs.Shard).trim(), shard.problem);
  if (shard && mode !== 'check' && mode !== 'audit') throw new InputError(Inputs.Shard, input(Inputs.Shard).trim(), `nothing with mode: ${mode} (shards are check or audit jobs)`);
  const reports = parseList(input(Inputs.Reports)).map((p) => resolve(workspace, p));
  if (mode === 'merge' && reports.length === 0) throw new InputError(Inputs.Reports, '', 'the files or directories holding the shards\' reports (where actions/download-artifact put them), required with mode: merge');
  return {
    mode: mode as Mode,
    pullRequest: pullRequest ? parseInteger(Inputs.PullRequest, pullRequest, 0, 1, 2 ** 31 - 1) : null,
    workingDirectory,
    modules: parseList(input(Inputs.Modules)),
    failOn: parseFailOn(input(Inputs.FailOn)),
    onlyNewIssues: parseBoolean(Inputs.OnlyNewIssues, input(Inputs.OnlyNewIssues), false),
    reportPath: reportPath ? (isAbsolute(reportPath) ? reportPath : resolve(workspace, reportPath)) : join(tempDir, 'go-mod-hygiene', 'report.json'),
    downloadAttempts: parseInteger(Inputs.DownloadAttempts, input(Inputs.DownloadAttempts), 3, 1, 10),
    concurrency: parseInteger(Inputs.Concurrency, input(Inputs.Concurrency), availableParallelism(), 1, 64),
    commandTimeoutMs: parseInteger(Inputs.CommandTimeout, input(Inputs.CommandTimeout), DEFAULT_COMMAND_TIMEOUT_S, 30, 7200) * 1000,
    tempDir,
    goEnv,
    lookups,
    updates: updates === 'auto' ? mode === 'audit' : updates === 'true',
    privateModules: privateToken ? { token: privateToken, hosts: privateHosts } : null,
    proxyCredentials: proxyCredentials.entries,
    shard,
    reports,
    cache: parseCacheSettings(input),
    github: {
      // A workflow that still sets the deprecated `token` meant that token (github-token then holds its default).
      token: input(Inputs.Token).trim() || input(Inputs.GitHubToken).trim(),
      comment: comment as GitHubSettings['comment'],
      commentKey: input(Inputs.CommentKey).trim() || `${env.GITHUB_WORKFLOW ?? 'workflow'}/${env.GITHUB_JOB ?? 'job'}`,
      suggestions: parseBoolean(Inputs.Suggestions, input(Inputs.Suggestions), true),
      auditIssue: auditIssue === 'auto' ? env.GITHUB_EVENT_NAME === 'schedule' : auditIssue === 'true',
      auditLabel: input(Inputs.AuditLabel).trim() || 'go-mod-hygiene'
    }
  };
}

export function parseBoolean(name: string, value: string, fallback: boolean): boolean {
  const v = value.trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InputError(name, value, 'true, false');
}

/** Newline- or comma-separated list, blank entries and `#` comments dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.replace(/\s+#.*$/, '').trim())
    .filter((s) => s && !s.startsWith('#'));
}

/** Kinds and groups (`errors`, `advisories`, `all`), or `none`. Empty means `errors`. */
export function parseFailOn(value: string): FindingKind[] {
  const items = parseList(value);
  if (items.length === 0) return [...DEFAULT_FAIL_ON];
  if (items.length === 1 && items[0] === 'none') return [];
  const groups: Record<string, readonly FindingKind[]> = { all: FINDING_KINDS, errors: DEFAULT_FAIL_ON, advisories: ADVISORY_KINDS };
  const chosen = new Set<FindingKind>();
  for (const item of items) {
    const group = groups[item];
    if (group) group.forEach((k) => chosen.add(k));
    else if (isFindingKind(item)) chosen.add(item);
    else throw new InputError(Inputs.FailOn, item, `none, or a list of groups (errors, advisories, all) and kinds (${FINDING_KINDS.join(', ')})`);
  }
  return FINDING_KINDS.filter((k) => chosen.has(k));
}

export function parseInteger(name: string, value: string, fallback: number, min: number, max: number): number {
  const v = value.trim();
  if (v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(name, v, `a whole number from ${min} to ${max}`);
  return n;
}

/** Fails with an InputError unless `settings.workingDirectory` is a directory (checked once the settings are parsed). */
export function checkWorkingDirectory(settings: Settings, input: InputReader): void {
  const given = input(Inputs.WorkingDirectory).trim() || '(the workspace)';
  let isDir: boolean;
  try {
    isDir = statSync(settings.workingDirectory).isDirectory();
  } catch {
    throw new InputError(Inputs.WorkingDirectory, given, `an existing directory inside the workspace (${settings.workingDirectory} does not exist)`);
  }
  if (!isDir) throw new InputError(Inputs.WorkingDirectory, given, `a directory inside the workspace, holding go.mod or modules below it (${settings.workingDirectory} is a file)`);
}
