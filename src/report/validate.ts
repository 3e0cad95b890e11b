/**
 * Strict validation of a JSON report that comes from elsewhere (a `mode: publish` artifact, a
 * shard): every field the renderer, annotations, outputs and suggestions read is checked for
 * type and shape, unknown fields are refused. Fields only go-mod-hygiene or go write (kinds,
 * enums, lines, hashes, versions, step names) get exact shapes, so nothing an attacker writes
 * there can carry markup; free text (messages, paths, go output) is only length-capped here and
 * is made inert by the escape functions when rendered.
 *
 * Problems name the field by its path (`modules[0].findings[2].line`) and never echo a string
 * from the input, so they are safe to log as they are.
 */
import {
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  type ModuleReport,
  type ModuleUpdate,
  type Report,
  type ReportContext,
  type ShardInfo,
  type RequireChange,
  type SkippedModule,
  type TidyChanges,
  type WorkspaceReport
} from './model.js';

export type ValidationResult = { ok: true; report: Report } | { ok: false; problems: string[] };

/** Reports nested deeper than this are refused before their fields are looked at (the schema needs 8). */
export const MAX_DEPTH = 12;
/** At most this many problems are listed; the rest are counted. */
export const MAX_PROBLEMS = 20;

/** Length caps, in UTF-16 units. */
const NAME = 1024; // module paths, directories, file names
const TEXT = 64 * 1024; // messages, reasons
const BLOB = 2 * 1024 * 1024; // go output, diffs

type Check = (value: unknown, at: string, problems: string[]) => void;

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return `the number ${String(v)}`;
  if (typeof v === 'string') return `a string of ${v.length} character${v.length === 1 ? '' : 's'}`;
  return `${typeof v === 'object' ? 'an' : 'a'} ${typeof v}`;
}

/** A field name from the input, made safe to log. */
function fieldName(key: string): string {
  const safe = key.slice(0, 40).replace(/[^A-Za-z0-9_-]/g, '?');
  return key.length > 40 ? `${safe}…` : safe;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function str(max: number, shape?: { re: RegExp; what: string }): Check {
  return (v, at, p) => {
    if (typeof v !== 'string') p.push(`${at}: expected ${shape ? shape.what : 'a string'}, got ${describe(v)}`);
    else if (v.length > max) p.push(`${at}: longer than ${max} characters (${v.length})`);
    else if (shape && !shape.re.test(v)) p.push(`${at}: expected ${shape.what}`);
  };
}

function int(min: number, max = Number.MAX_SAFE_INTEGER, what?: string): Check {
  return (v, at, p) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      p.push(`${at}: expected ${what ?? (max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`)}, got ${describe(v)}`);
    }
  };
}

const bool: Check = (v, at, p) => {
  if (typeof v !== 'boolean') p.push(`${at}: expected true or false, got ${describe(v)}`);
};

function oneOf(values: readonly (string | number)[]): Check {
  return (v, at, p) => {
    if (!values.includes(v as string | number)) p.push(`${at}: expected one of ${values.join(', ')}, got ${describe(v)}`);
  };
}

function nullable(check: Check): Check {
  return (v, at, p) => {
    if (v !== null) check(v, at, p);
  };
}

function arr(check: Check, maxItems = 100_000): Check {
  return (v, at, p) => {
    if (!Array.isArray(v)) return void p.push(`${at}: expected an array, got ${describe(v)}`);
    if (v.length > maxItems) return void p.push(`${at}: more than ${maxItems} items (${v.length})`);
    v.forEach((item, i) => check(item, `${at}[${i}]`, p));
  };
}

interface Shape {
  required: Record<string, Check>;
  optional?: Record<string, Check>;
}

function checkObject(v: unknown, at: string, p: string[], shape: Shape): v is Record<string, unknown> {
  if (!isPlainObject(v)) {
    p.push(`${at}: expected an object, got ${describe(v)}`);
    return false;
  }
  const join = (k: string): string => (at ? `${at}.${k}` : k);
  for (const [k, check] of Object.entries(shape.required)) {
    if (!Object.hasOwn(v, k)) p.push(`${join(k)}: missing`);
    else check(v[k], join(k), p);
  }
  for (const [k, check] of Object.entries(shape.optional ?? {})) {
    if (Object.hasOwn(v, k)) check(v[k], join(k), p);
  }
  for (const k of Object.keys(v)) {
    if (!Object.hasOwn(shape.required, k) && !Object.hasOwn(shape.optional ?? {}, k)) p.push(`${join(fieldName(k))}: unknown field`);
  }
  return true;
}

type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T] & string;
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>> & string;
/** A check for every field of T, required and optional: a field added to the model and not checked here does not compile. */
interface ShapeOf<T> {
  required: Record<RequiredKeys<T>, Check>;
  optional: Record<OptionalKeys<T>, Check>;
}

/** An object of exactly the fields of T (always name T: it is what ties the check to the model). */
function obj<T>(required: ShapeOf<T>['required'], optional: ShapeOf<T>['optional']): Check {
  return (v, at, p) => void checkObject(v, at, p, { required, optional });
}

// ---------------------------------------------------------------- shapes of fields we (or go) write

/** A 40- or 64-hex commit id. */
export const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const sha = str(64, { re: COMMIT_SHA, what: 'a commit SHA (40 or 64 hex digits)' });
/** `1.21`, `1.21.0`, `1.21rc1`, `go1.26.0`, or `unknown` when go did not say. */
const goVersion = str(32, { re: /^(?:(?:go)?[1-9]\d*(?:\.(?:0|[1-9]\d*)){0,2}(?:[a-z]+\d+)?|unknown)$/, what: 'a Go version like 1.21.0' });
/** A toolchain line as go.mod may write it: `go1.21.0`, `go1.21.0-custom`, `default`. */
const toolchainName = str(64, { re: /^(?:default|local|path|go1(?:[.+-][0-9A-Za-z.+-]*)?)$/, what: 'a Go toolchain name like go1.21.0' });
/** A module version, or a version query as go.mod may write it before tidy (`master`): no markup characters. */
const version = str(256, { re: /^[0-9A-Za-z][0-9A-Za-z.+\-_~/]*$/, what: 'a module version like v1.2.3' });
/** A go.sum hash as committed (`h1:` and 44 base64 characters; the algorithm number may differ). */
const committedHash = str(64, { re: /^h[0-9]+:[A-Za-z0-9+/]{43}=$/, what: 'a go.sum hash like h1: and 44 base64 characters' });
/** The authoritative hash: always SHA-256 `h1:`. */
const h1Hash = str(64, { re: /^h1:[A-Za-z0-9+/]{43}=$/, what: 'an h1: hash with 44 base64 characters' });
const toolVersion = str(64, { re: /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, what: 'a version like 1.2.3' });
const timestamp = str(40, { re: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, what: 'an RFC 3339 time' });
/** Our names of steps that did not run (`tidy`, `checksums of some go.sum lines`). */
const stepName = str(80, { re: /^[a-z][a-z0-9 .-]*$/, what: 'a step name (lower-case words)' });
const kind = oneOf(FINDING_KINDS);
const repository = str(200, { re: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, what: 'owner/name' });
/** The checked root relative to the repository root: '' or `a/b`, never absolute or climbing out. */
const pathPrefix: Check = (v, at, p) => {
  // eslint-disable-next-line no-control-regex
  str(NAME, { re: /^(?:[^/\\\u0000-\u001f]+(?:\/[^/\\\u0000-\u001f]+)*)?$/, what: 'a relative directory with / separators' })(v, at, p);
  if (typeof v === 'string' && v.split('/').some((s) => s === '.' || s === '..')) p.push(`${at}: expected a directory inside the repository (no . or .. parts)`);
};
const eventName = str(64, { re: /^[a-z_]+$/, what: 'an event name' });
const envName = str(40, { re: /^GO[A-Z0-9_]*$/, what: 'a go environment variable name' });
const line = int(1, Number.MAX_SAFE_INTEGER, 'a line number (a whole number ≥ 1)');
const count = int(0);

// free text: capped only
const name = str(NAME);
const text = str(TEXT);
const blob = str(BLOB);

const base = { kind, message: text };
const baseOptional = { file: name, line };

/** The fields of a finding besides those every finding has. */
type FindingShapes = { [K in FindingKind]: ShapeOf<Omit<Extract<Finding, { kind: K }>, 'kind' | 'message' | 'file' | 'line'>> };

const FINDING_SHAPES: FindingShapes = {
  untidy: {
    required: {
      changes: obj<TidyChanges>(
        {
          requiresAdded: arr(obj<RequireChange>({ path: name, version, indirect: bool }, {})),
          requiresRemoved: arr(obj<RequireChange>({ path: name, version, indirect: bool }, {})),
          versionsChanged: arr(obj<TidyChanges['versionsChanged'][number]>({ path: name, from: version, to: version }, {})),
          indirectChanged: arr(obj<TidyChanges['indirectChanged'][number]>({ path: name, version, indirect: bool }, {})),
          otherGoModLines: arr(text),
          sumAdded: arr(text),
          sumRemoved: arr(text),
          diff: blob,
          againstCorrectedGoSum: bool
        },
        {
          goDirective: obj<NonNullable<TidyChanges['goDirective']>>({ from: nullable(goVersion), to: nullable(goVersion) }, {}),
          toolchainDirective: obj<NonNullable<TidyChanges['toolchainDirective']>>({ from: nullable(toolchainName), to: nullable(toolchainName) }, {})
        }
      )
    },
    optional: {}
  },
  'tidy-error': { required: { output: blob }, optional: {} },
  'internal-error': { required: { step: oneOf(['tidy', 'module', 'workspace']), output: blob }, optional: {} },
  'checksum-mismatch': {
    required: {
      module: name,
      version,
      hash: oneOf(['zip', 'go.mod']),
      committed: committedHash,
      authoritative: h1Hash,
      source: oneOf(['checksum-database', 'proxy', 'direct']),
      sourceName: name
    },
    optional: {}
  },
  malformed: { required: { detail: blob }, optional: {} },
  'cache-modified': { required: { module: name, version, problem: oneOf(['zip-modified', 'dir-modified', 'missing-ziphash', 'other']) }, optional: { path: name } },
  'download-error': {
    required: { reason: oneOf(['not-found', 'gone', 'invalid', 'network', 'credentials', 'other']), attempts: int(0, 1000), output: blob },
    optional: { module: name, version, host: str(NAME, { re: /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/, what: 'a scheme and host' }) }
  },
  unreadable: { required: { reason: oneOf(['outside', 'not-a-file', 'too-large', 'unreadable']) }, optional: {} },
  'proxy-modified': {
    required: { module: name, version, hash: oneOf(['zip', 'go.mod']), served: h1Hash, authoritative: h1Hash, proxy: name, database: name },
    optional: {}
  },
  'go-version': { required: { required: goVersion, running: goVersion }, optional: {} },
  'vendor-inconsistent': { required: { problem: text }, optional: { module: name, version } },
  'vendor-modified': { required: { changed: arr(name), missing: arr(name), extra: arr(name) }, optional: { modulesTxtDiff: blob } },
  'workspace-error': { required: { detail: blob }, optional: { use: name } },
  'workspace-sync': { required: { module: name, diff: blob }, optional: {} },
  'replace-local': { required: { module: name, target: name, problem: oneOf(['outside-repository', 'missing', 'no-go-mod']) }, optional: { version } },
  'replace-conflict': { required: { module: name, targets: arr(name), lines: arr(line) }, optional: { version } },
  replace: { required: { module: name, target: name, replacement: oneOf(['fork', 'version', 'local', 'duplicate', 'unused']) }, optional: { version, targetVersion: version } },
  'replace-ignored': { required: { dependency: name, dependencyVersion: version, module: name, target: name }, optional: { version, targetVersion: version } },
  retracted: { required: { module: name, version, reasons: arr(text), indirect: bool }, optional: { latest: version } },
  deprecated: { required: { module: name, version, deprecation: text, indirect: bool }, optional: {} },
  'pseudo-version': {
    required: { module: name, version, commitTime: timestamp, revision: str(64, { re: /^[0-9A-Za-z]+$/, what: 'a revision (letters and digits)' }), directive: oneOf(['require', 'replace']) },
    optional: {}
  },
  exclude: { required: { module: name, version }, optional: {} },
  toolchain: { required: { toolchain: toolchainName, running: goVersion }, optional: {} },
  'risky-setting': { required: { variable: envName, value: text, risk: text }, optional: {} },
  outdated: {
    required: {
      updates: arr(
        obj<ModuleUpdate>(
          { path: name, version, latest: version, behind: oneOf(['major', 'minor', 'patch', 'other']), distance: tuple([count, count, count]) },
          { time: timestamp, latestTime: timestamp }
        )
      )
    },
    optional: {}
  }
};

function tuple(checks: Check[]): Check {
  return (v, at, p) => {
    if (!Array.isArray(v) || v.length !== checks.length) return void p.push(`${at}: expected an array of ${checks.length} items, got ${describe(v)}`);
    checks.forEach((c, i) => c(v[i], `${at}[${i}]`, p));
  };
}

const finding: Check = (v, at, p) => {
  if (!isPlainObject(v)) return void p.push(`${at}: expected an object, got ${describe(v)}`);
  const k = v['kind'];
  if (typeof k !== 'string' || !(FINDING_KINDS as readonly string[]).includes(k)) return void p.push(`${at}.kind: expected a finding kind, got ${describe(k)}`);
  const shape = FINDING_SHAPES[k as FindingKind];
  checkObject(v, at, p, { required: { ...base, ...shape.required }, optional: { ...baseOptional, ...shape.optional } });
};

const skippedSteps = arr(obj<ModuleReport['skippedSteps'][number]>({ step: stepName, reason: text }, {}));
const status = oneOf(['clean', 'findings']);

const REPORT: ShapeOf<Report> = {
  required: {
    schemaVersion: oneOf([1]),
    tool: obj<Report['tool']>({ name: oneOf(['go-mod-hygiene']), version: toolVersion }, {}),
    generatedAt: timestamp,
    root: str(4096),
    go: obj<Report['go']>(
      {
      version: goVersion,
      env: (v, at, p) => {
        if (!isPlainObject(v)) return void p.push(`${at}: expected an object, got ${describe(v)}`);
        for (const [k, value] of Object.entries(v)) {
          envName(k, `${at} key`, p);
          text(value, `${at}.${fieldName(k)}`, p);
        }
      }
      },
      {}
    ),
    workspace: nullable(name),
    workspaces: arr(obj<WorkspaceReport>({ file: name, uses: arr(name), status, findings: arr(finding), skippedSteps }, {})),
    environment: arr(finding),
    modules: arr(
      obj<ModuleReport>(
        {
        dir: name,
        path: nullable(name),
        goVersion: nullable(goVersion),
        toolchain: nullable(toolchainName),
        status,
        findings: arr(finding),
        skippedSteps,
        durationMs: count
        },
        {}
      )
    ),
    skipped: arr(obj<SkippedModule>({ dir: name, reason: text }, {})),
    counts: obj<Report['counts']>(Object.fromEntries(FINDING_KINDS.map((k) => [k, count])) as Record<FindingKind, Check>, {}),
    failOn: arr(kind, FINDING_KINDS.length),
    outcome: oneOf(['clean', 'findings', 'error']),
    failed: bool,
    notices: arr(text)
  },
  optional: {
    context: obj<ReportContext>(
      {
        repository,
        event: eventName,
        sha,
        pullRequest: nullable(obj<NonNullable<ReportContext['pullRequest']>>({ number: int(1, 2 ** 31 - 1, 'a pull request number'), headSha: sha }, {})),
        pathPrefix
      },
      { onlyNewIssues: bool }
    ),
    shard: obj<ShardInfo>(
      {
        index: int(1, 256),
        total: int(1, 256),
        modules: arr(name),
        workspaces: arr(name),
        settings: obj<ShardInfo['settings']>({ modules: arr(text), lookups: bool, updates: bool }, {})
      },
      {}
    )
  }
};

/** Depth of nested arrays and objects, walked without recursion so any input is safe. */
function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return false;
}

/**
 * Checks that `json` (parsed JSON) is a go-mod-hygiene report of exactly this schema version:
 * types, shapes, no unknown fields, counts that match the findings.
 */
export function validateReport(json: unknown): ValidationResult {
  if (depthExceeds(json, MAX_DEPTH)) return { ok: false, problems: [`the report is nested deeper than ${MAX_DEPTH} levels`] };
  const problems: string[] = [];
  if (!checkObject(json, '', problems, REPORT)) return { ok: false, problems: ['the report: expected a JSON object, got ' + describe(json)] };
  if (problems.length === 0) {
    const report = json as unknown as Report;
    const tally = new Map<string, number>();
    for (const f of [...report.environment, ...report.workspaces.flatMap((w) => w.findings), ...report.modules.flatMap((m) => m.findings)]) tally.set(f.kind, (tally.get(f.kind) ?? 0) + 1);
    for (const k of FINDING_KINDS) {
      if (report.counts[k] !== (tally.get(k) ?? 0)) problems.push(`counts.${k}: ${report.counts[k]}, but the report has ${tally.get(k) ?? 0} such findings`);
    }
    if (new Set(report.failOn).size !== report.failOn.length) problems.push('failOn: a kind is listed twice');
    if (problems.length === 0) return { ok: true, report };
  }
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more problems`);
  return { ok: false, problems: shown };
}
