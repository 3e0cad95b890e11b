/**
 * The findings model: what the engine produces and every reporter consumes.
 * The JSON report is this structure serialised; see docs/report-schema.md.
 */

/** Kinds that mean the build breaks somewhere, the code built is not the code meant, or a module could not be checked. */
export const ERROR_KINDS = [
  'untidy',
  'tidy-error',
  'checksum-mismatch',
  'malformed',
  'cache-modified',
  'proxy-modified',
  'download-error',
  'go-version',
  'vendor-inconsistent',
  'vendor-modified',
  'workspace-error',
  'replace-local',
  'replace-conflict',
  'internal-error',
  'unreadable'
] as const;

/** Kinds reported as advice: worth knowing, the build works. They do not fail the step unless listed in `fail-on`. */
export const ADVISORY_KINDS = [
  'workspace-sync',
  'replace',
  'replace-ignored',
  'retracted',
  'deprecated',
  'pseudo-version',
  'exclude',
  'toolchain',
  'risky-setting',
  'outdated'
] as const;

/** Every kind of finding the engine can report. */
export const FINDING_KINDS = [...ERROR_KINDS, ...ADVISORY_KINDS] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Kinds that fail the step unless `fail-on` says otherwise: everything that breaks a build or could not be checked. */
export const DEFAULT_FAIL_ON: readonly FindingKind[] = ERROR_KINDS;

interface FindingBase {
  kind: FindingKind;
  /** One line, plain text (reporters escape it). */
  message: string;
  /** File relative to the repository root, with `/` separators. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
}

export interface RequireChange {
  path: string;
  version: string;
  indirect: boolean;
}

/** What `go mod tidy` would change, in structured form plus the raw diff. */
export interface TidyChanges {
  requiresAdded: RequireChange[];
  requiresRemoved: RequireChange[];
  versionsChanged: { path: string; from: string; to: string }[];
  indirectChanged: { path: string; version: string; indirect: boolean }[];
  goDirective?: { from: string | null; to: string | null };
  toolchainDirective?: { from: string | null; to: string | null };
  /** Other go.mod edits (formatting, replace/exclude cleanups), as diff lines. */
  otherGoModLines: string[];
  sumAdded: string[];
  sumRemoved: string[];
  /** The unified diff as `go mod tidy -diff` prints it. */
  diff: string;
  /** True when tidy ran against a go.sum whose wrong hashes were first corrected. */
  againstCorrectedGoSum: boolean;
}

export interface UntidyFinding extends FindingBase {
  kind: 'untidy';
  changes: TidyChanges;
}

export interface TidyErrorFinding extends FindingBase {
  kind: 'tidy-error';
  /** The go command's stderr, trimmed. */
  output: string;
}

/**
 * go-mod-hygiene itself failed (an exception, not something go reported): what `step` was to
 * check is unknown, so it fails by default. The rest of the module or workspace is reported as
 * far as it got (`step: module` or `workspace`: nothing was).
 */
export interface InternalErrorFinding extends FindingBase {
  kind: 'internal-error';
  /** What was being checked: `tidy`, or `module` / `workspace` when the whole check stopped. */
  step: 'tidy' | 'module' | 'workspace';
  /** The error's message. */
  output: string;
}

/**
 * A file or directory of the checkout that was not read: a symbolic link leading outside the
 * repository, something that is no regular file (a device, a pipe), a file over the size cap, or
 * one the runner cannot read. What needed it was not checked, so it fails by default.
 */
export interface UnreadableFinding extends FindingBase {
  kind: 'unreadable';
  /** `outside`: leads out of the repository through a symbolic link; `not-a-file`: a device, pipe, directory…; `too-large`: over the read cap; `unreadable`: permissions, a broken link or a loop. */
  reason: 'outside' | 'not-a-file' | 'too-large' | 'unreadable';
}

/** Where an authoritative hash came from. */
export type HashSource = 'checksum-database' | 'proxy' | 'direct';

export interface ChecksumMismatchFinding extends FindingBase {
  kind: 'checksum-mismatch';
  module: string;
  version: string;
  /** `zip` for the module's content hash, `go.mod` for the `/go.mod` line. */
  hash: 'zip' | 'go.mod';
  committed: string;
  authoritative: string;
  source: HashSource;
  /** Human name of the source: `sum.golang.org`, the proxy URL, or `direct`. */
  sourceName: string;
}

export interface MalformedFinding extends FindingBase {
  kind: 'malformed';
  /** The offending text (go.sum line) or the go command's complaint. */
  detail: string;
}

/**
 * A module proxy (GOPROXY) served a module version whose hash the checksum database contradicts:
 * the proxy, or something between it and the runner, serves modified content. go refuses it.
 */
export interface ProxyModifiedFinding extends FindingBase {
  kind: 'proxy-modified';
  module: string;
  version: string;
  /** `zip` for the module's content, `go.mod` for its go.mod file. */
  hash: 'zip' | 'go.mod';
  /** The hash of what was downloaded. */
  served: string;
  /** The checksum database's hash. */
  authoritative: string;
  /** Who served it: the first proxy of GOPROXY for this path (credentials removed), or `direct`. */
  proxy: string;
  /** The checksum database's name. */
  database: string;
}

export interface CacheModifiedFinding extends FindingBase {
  kind: 'cache-modified';
  module: string;
  version: string;
  /** What verify found wrong. */
  problem: 'zip-modified' | 'dir-modified' | 'missing-ziphash' | 'other';
  path?: string;
}

export interface DownloadErrorFinding extends FindingBase {
  kind: 'download-error';
  module?: string;
  version?: string;
  /**
   * `not-found`: the version does not exist; `gone`: the checksum database refuses it (private or deleted); `invalid`: go refuses
   * the path or version itself; `network`: transient failures or a deadline outlasted the retries; `credentials`: a proxy answered
   * 401/403 (`host` names it).
   */
  reason: 'not-found' | 'gone' | 'invalid' | 'network' | 'credentials' | 'other';
  /** With `credentials`: the server that refused, `https://host[:port]`. */
  host?: string;
  attempts: number;
  output: string;
}

export interface GoVersionFinding extends FindingBase {
  kind: 'go-version';
  required: string;
  running: string;
}

export interface VendorInconsistentFinding extends FindingBase {
  kind: 'vendor-inconsistent';
  /** The module the problem is about, when go names one. */
  module?: string;
  version?: string;
  /** One problem line of go's "inconsistent vendoring" message. */
  problem: string;
}

export interface VendorModifiedFinding extends FindingBase {
  kind: 'vendor-modified';
  /** Files under vendor/ (relative to it) whose content differs from what `go mod vendor` writes. */
  changed: string[];
  /** Files `go mod vendor` writes that are not committed. */
  missing: string[];
  /** Committed files `go mod vendor` would not write. */
  extra: string[];
  /** Unified diff of vendor/modules.txt when it differs. */
  modulesTxtDiff?: string;
}

export interface WorkspaceErrorFinding extends FindingBase {
  kind: 'workspace-error';
  /** The `use` directory concerned, as written in go.work. */
  use?: string;
  detail: string;
}

export interface WorkspaceSyncFinding extends FindingBase {
  kind: 'workspace-sync';
  /** Directory of the module whose go.mod `go work sync` would change, relative to the root. */
  module: string;
  diff: string;
}

export interface ReplaceLocalFinding extends FindingBase {
  kind: 'replace-local';
  module: string;
  version?: string;
  /** The directory as written in go.mod. */
  target: string;
  problem: 'outside-repository' | 'missing' | 'no-go-mod';
}

export interface ReplaceConflictFinding extends FindingBase {
  kind: 'replace-conflict';
  module: string;
  version?: string;
  /** The different replacements, as written (`path version` or a directory). */
  targets: string[];
  lines: number[];
}

export interface ReplaceFinding extends FindingBase {
  kind: 'replace';
  module: string;
  version?: string;
  target: string;
  targetVersion?: string;
  /** `fork`: another module path; `version`: the same module at another version; `local`: a directory in the repository; `duplicate`: repeats an earlier line; `unused`: a local replace of a module nothing requires, whose directory is missing, has no go.mod or is outside the repository. */
  replacement: 'fork' | 'version' | 'local' | 'duplicate' | 'unused';
}

export interface ReplaceIgnoredFinding extends FindingBase {
  kind: 'replace-ignored';
  /** The dependency whose go.mod holds the replace. */
  dependency: string;
  dependencyVersion: string;
  module: string;
  version?: string;
  target: string;
  targetVersion?: string;
}

export interface RetractedFinding extends FindingBase {
  kind: 'retracted';
  module: string;
  version: string;
  /** The retraction comments (the author's reasons), verbatim. */
  reasons: string[];
  indirect: boolean;
  /** The newest version, when go reported one. */
  latest?: string;
}

export interface DeprecatedFinding extends FindingBase {
  kind: 'deprecated';
  module: string;
  version: string;
  /** The deprecation message from the module's latest go.mod, verbatim. */
  deprecation: string;
  indirect: boolean;
}

export interface PseudoVersionFinding extends FindingBase {
  kind: 'pseudo-version';
  module: string;
  version: string;
  /** Commit time from the pseudo-version (UTC, ISO 8601). */
  commitTime: string;
  revision: string;
  /** `require` or `replace`. */
  directive: 'require' | 'replace';
}

export interface ExcludeFinding extends FindingBase {
  kind: 'exclude';
  module: string;
  version: string;
}

export interface ToolchainFinding extends FindingBase {
  kind: 'toolchain';
  toolchain: string;
  running: string;
}

export interface RiskySettingFinding extends FindingBase {
  kind: 'risky-setting';
  variable: string;
  value: string;
  /** What the setting does, in one sentence. */
  risk: string;
}

export interface ModuleUpdate {
  path: string;
  version: string;
  latest: string;
  /** The highest version component that differs. */
  behind: 'major' | 'minor' | 'patch' | 'other';
  /** Component differences (major, minor, patch), for sorting and display. */
  distance: [number, number, number];
  time?: string;
  latestTime?: string;
}

export interface OutdatedFinding extends FindingBase {
  kind: 'outdated';
  /** Direct dependencies with a newer version, furthest behind first. */
  updates: ModuleUpdate[];
}

export type Finding =
  | UntidyFinding
  | TidyErrorFinding
  | InternalErrorFinding
  | UnreadableFinding
  | ChecksumMismatchFinding
  | MalformedFinding
  | CacheModifiedFinding
  | DownloadErrorFinding
  | ProxyModifiedFinding
  | GoVersionFinding
  | VendorInconsistentFinding
  | VendorModifiedFinding
  | WorkspaceErrorFinding
  | WorkspaceSyncFinding
  | ReplaceLocalFinding
  | ReplaceConflictFinding
  | ReplaceFinding
  | ReplaceIgnoredFinding
  | RetractedFinding
  | DeprecatedFinding
  | PseudoVersionFinding
  | ExcludeFinding
  | ToolchainFinding
  | RiskySettingFinding
  | OutdatedFinding;

export type ModuleStatus = 'clean' | 'findings';

export interface ModuleReport {
  /** Directory relative to the repository root (`.` for the root). */
  dir: string;
  /** Module path from go.mod, or null when go.mod could not be read. */
  path: string | null;
  goVersion: string | null;
  toolchain: string | null;
  status: ModuleStatus;
  findings: Finding[];
  /** Steps that did not run, with why (e.g. tidy skipped after a download error). */
  skippedSteps: { step: string; reason: string }[];
  durationMs: number;
}

export interface WorkspaceReport {
  /** go.work relative to the root. */
  file: string;
  /** `use` directories as written. */
  uses: string[];
  status: ModuleStatus;
  findings: Finding[];
  skippedSteps: { step: string; reason: string }[];
}

export interface SkippedModule {
  dir: string;
  reason: string;
}

export type Outcome = 'clean' | 'findings' | 'error';

export interface Report {
  schemaVersion: 1;
  tool: { name: 'go-mod-hygiene'; version: string };
  generatedAt: string;
  /** Absolute path of the directory that was searched. */
  root: string;
  go: { version: string; env: Record<string, string> };
  /** go.work relative to root when one exists; modules are still checked one by one with GOWORK=off. */
  workspace: string | null;
  /** Each go.work found, checked on its own: its findings are not in any module's list. */
  workspaces: WorkspaceReport[];
  /** Findings about the go settings of the run itself (risky-setting). */
  environment: Finding[];
  modules: ModuleReport[];
  skipped: SkippedModule[];
  /** Findings per kind across modules, workspaces and environment (every kind present, zero included). */
  counts: Record<FindingKind, number>;
  failOn: FindingKind[];
  /** `error` when there was nothing to check or the run itself failed. */
  outcome: Outcome;
  /** True when the fail policy says the step fails. */
  failed: boolean;
  notices: string[];
  /** Where the action ran (absent from CLI reports); publish mode reads the pull request from here. */
  context?: ReportContext;
  /** Set on a shard's report (input `shard`): which part it is, and what the whole run covers. */
  shard?: ShardInfo;
}

/** What a shard's report says of the run it is part of, so a merge can prove the parts add up. */
export interface ShardInfo {
  /** 1-based. */
  index: number;
  total: number;
  /** Every module directory the run discovered, in order: the shards' modules must add up to exactly these. */
  modules: string[];
  /** Every go.work the run discovered. */
  workspaces: string[];
  /** Inputs that change what is checked and are not elsewhere in the report: every shard must have the same. */
  settings: { modules: string[]; lookups: boolean; updates: boolean };
}

export interface ReportContext {
  repository: string;
  event: string;
  sha: string;
  pullRequest: { number: number; headSha: string } | null;
  /** The checked root relative to the repository root ('' for the root). */
  pathPrefix: string;
  /** Set when input `only-new-issues` decided `failed`: only this PR's failures counted. */
  onlyNewIssues?: boolean;
}

export function emptyCounts(): Record<FindingKind, number> {
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
}

/** Every finding of the report: environment, workspaces, then modules. */
export function allFindings(report: Pick<Report, 'environment' | 'workspaces' | 'modules'>): Finding[] {
  return [...report.environment, ...report.workspaces.flatMap((w) => w.findings), ...report.modules.flatMap((m) => m.findings)];
}

export function isFindingKind(value: string): value is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(value);
}

/** True for kinds that are advice (not failing by default). */
export function isAdvisory(kind: FindingKind): boolean {
  return (ADVISORY_KINDS as readonly string[]).includes(kind);
}
