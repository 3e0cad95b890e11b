/**
 * The findings model: what the engine produces and every reporter consumes.
 * The JSON report is this structure serialised; see docs/report-schema.md.
 */

/** Every kind of finding the engine can report. */
export const FINDING_KINDS = [
  'untidy',
  'tidy-error',
  'checksum-mismatch',
  'malformed',
  'cache-modified',
  'download-error',
  'go-version'
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Kinds that fail the step unless `fail-on` says otherwise: everything that breaks a build or could not be checked. */
export const DEFAULT_FAIL_ON: readonly FindingKind[] = FINDING_KINDS;

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
  /** `not-found`: the version does not exist; `gone`: the checksum database refuses it (private or deleted); `network`: transient failures outlasted the retries. */
  reason: 'not-found' | 'gone' | 'network' | 'other';
  attempts: number;
  output: string;
}

export interface GoVersionFinding extends FindingBase {
  kind: 'go-version';
  required: string;
  running: string;
}

export type Finding =
  | UntidyFinding
  | TidyErrorFinding
  | ChecksumMismatchFinding
  | MalformedFinding
  | CacheModifiedFinding
  | DownloadErrorFinding
  | GoVersionFinding;

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
  modules: ModuleReport[];
  skipped: SkippedModule[];
  /** Findings per kind across all modules (every kind present, zero included). */
  counts: Record<FindingKind, number>;
  failOn: FindingKind[];
  /** `error` when there was nothing to check or the run itself failed. */
  outcome: Outcome;
  /** True when the fail policy says the step fails. */
  failed: boolean;
  notices: string[];
  /** Where the action ran (absent from CLI reports); publish mode reads the pull request from here. */
  context?: ReportContext;
}

export interface ReportContext {
  repository: string;
  event: string;
  sha: string;
  pullRequest: { number: number; headSha: string } | null;
  /** The checked root relative to the repository root ('' for the root). */
  pathPrefix: string;
}

export function emptyCounts(): Record<FindingKind, number> {
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
}

export function isFindingKind(value: string): value is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(value);
}
