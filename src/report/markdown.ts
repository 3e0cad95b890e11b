import type {
  Report,
  ModuleReport,
  Finding,
  FindingKind,
  ChecksumMismatchFinding,
  UntidyFinding,
  CacheModifiedFinding,
  VendorModifiedFinding,
  OutdatedFinding,
  WorkspaceSyncFinding
} from './model.js';
import { FINDING_KINDS } from './model.js';
import { code, codeBlock, htmlCode, text } from './escape.js';
import { formattingOnly } from '../engine/tidy.js';

/** How much of a module's details to render: the size guard steps down through these. */
export type DetailLevel = 'full' | 'short' | 'none';

export const KIND_LABEL: Record<FindingKind, string> = {
  untidy: 'untidy',
  'tidy-error': 'tidy error',
  'internal-error': 'go-mod-hygiene failed',
  unreadable: 'file not read',
  'checksum-mismatch': 'checksum mismatch',
  malformed: 'malformed file',
  'cache-modified': 'module cache modified',
  'proxy-modified': 'proxy serves modified module',
  'download-error': 'download error',
  'go-version': 'Go version',
  'vendor-inconsistent': 'vendor/modules.txt inconsistent',
  'vendor-modified': 'vendor/ not what go mod vendor writes',
  'workspace-error': 'go.work error',
  'replace-local': 'local replace that breaks elsewhere',
  'replace-conflict': 'conflicting replace',
  'workspace-sync': 'go work sync would change requirements',
  replace: 'replace directive',
  'replace-ignored': "dependency's replace ignored",
  retracted: 'retracted version',
  deprecated: 'deprecated module',
  'pseudo-version': 'pseudo-version',
  exclude: 'exclude directive',
  toolchain: 'toolchain line',
  'risky-setting': 'risky go setting',
  outdated: 'updates available'
};

/** At most this many file names are listed per vendor/ difference. */
const MAX_FILES = 20;

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The order kinds are listed and fixed in: go.sum integrity first (tidy and vendor results depend on it), then errors, then advisories. */
const KIND_ORDER: readonly FindingKind[] = ['checksum-mismatch', 'malformed', ...FINDING_KINDS.filter((k) => k !== 'checksum-mismatch' && k !== 'malformed')];

/** `checksum mismatch ×2, untidy`: the kinds present, counted when more than one. */
function countsLine(m: { findings: Finding[] }): string {
  const by = new Map<FindingKind, number>();
  for (const f of m.findings) by.set(f.kind, (by.get(f.kind) ?? 0) + 1);
  return KIND_ORDER.filter((k) => by.has(k))
    .map((k) => `${KIND_LABEL[k]}${by.get(k)! > 1 ? ` ×${by.get(k)}` : ''}`)
    .join(', ');
}

/** Whether a finding came with the pull request (`pr`: it changed the line, or a file of the module) or was there before. */
export type FindingScope = 'pr' | 'before';

/** How much of a report to render, and for whom. */
export interface RenderOptions {
  /** Heading text (ours, not escaped). */
  title?: string;
  /** Detail level of each failing module's (or workspace's) details, by directory (workspace: its go.work); default `full`. */
  detail?: (dir: string) => DetailLevel;
  /** Detail level of the folded advisories; `none` leaves their count and where to find them. Default `full`. */
  advisories?: DetailLevel;
  /** Where the full report can be found, shown when something was shortened or left out. */
  fullReportHint?: string;
  /** At most this many failing modules get a details block (the size guard's last resorts). */
  maxDetails?: number;
  /** At most this many lines in the list of failing modules. */
  maxRows?: number;
  /** The job summary: every module in a folded table, and advisories whatever the scope. */
  allModules?: boolean;
  /**
   * On a pull request: whose each finding is. Failing findings are marked *this PR* or
   * *already there*; advisories the PR did not touch are left to the job summary.
   */
  scope?: (dir: string, f: Finding) => FindingScope;
  /**
   * Input `only-new-issues` (with `scope`): only this PR's failures fail the step. Failures
   * already there are no longer part of the verdict; they are listed in a folded section of their own.
   */
  onlyNewIssues?: boolean;
}

/** A module, a workspace or the run's go settings: something with findings and maybe steps not run. */
interface Unit {
  /** Directory for fix commands (and scope); the go.work file for a workspace. */
  dir: string;
  /** What `RenderOptions.detail` is asked with: the directory, the go.work file, or `(go settings)`. */
  key: string;
  /** Markdown naming it in the list. */
  name: string;
  /** HTML naming it in a `<summary>`. */
  summaryName: string;
  findings: Finding[];
  skippedSteps: { step: string; reason: string }[];
  kind: 'environment' | 'workspace' | 'module';
}

/** The detail key of the run's go settings (a name no directory has). */
export const ENVIRONMENT_KEY = '(go settings)';

function units(report: Report): Unit[] {
  const env: Unit[] = report.environment.length
    ? [{ dir: '.', key: ENVIRONMENT_KEY, name: 'go settings of this run', summaryName: 'go settings of this run', findings: report.environment, skippedSteps: [], kind: 'environment' }]
    : [];
  const works: Unit[] = report.workspaces.map((w) => ({
    dir: w.file,
    key: w.file,
    name: `workspace ${code(w.file)}`,
    summaryName: `workspace ${htmlCode(w.file)}`,
    findings: w.findings,
    skippedSteps: w.skippedSteps,
    kind: 'workspace'
  }));
  const mods: Unit[] = report.modules.map((m) => ({
    dir: m.dir,
    key: m.dir,
    name: code(m.dir),
    summaryName: `${htmlCode(m.dir)}${m.path ? ` ${htmlCode(m.path)}` : ''}`,
    findings: m.findings,
    skippedSteps: m.skippedSteps,
    kind: 'module'
  }));
  return [...env, ...works, ...mods];
}

/** Steps that did not run for a reason other than the user switching them off: their part is unknown, so never "clean". */
function notRun(m: { skippedSteps: { reason: string }[] }): string {
  const n = m.skippedSteps.filter((x) => !x.reason.startsWith('switched off')).length;
  return n ? `${plural(n, 'step')} not run` : '';
}

/**
 * Which failures fail the step: every finding of a fail-on kind, or with only-new-issues (and a
 * known scope) only this PR's; the others are `older`, failures already there.
 */
function splitFailures(report: Report, scope: RenderOptions['scope'], onlyNewIssues: boolean | undefined): { failsStep: (u: Unit, f: Finding) => boolean; older: (u: Unit, f: Finding) => boolean } {
  const fails = (f: Finding): boolean => report.failOn.includes(f.kind);
  if (!onlyNewIssues || !scope) return { failsStep: (_u, f) => fails(f), older: () => false };
  return { failsStep: (u, f) => fails(f) && scope(u.dir, f) === 'pr', older: (u, f) => fails(f) && scope(u.dir, f) === 'before' };
}

/** The first line: the verdict and the counts. */
export function headline(report: Report, scope?: RenderOptions['scope'], onlyNewIssues = false): string {
  if (report.outcome === 'error' && report.modules.length === 0) return `⚠️ ${report.notices.map(text).join(' ')}`;
  const all = units(report);
  const fails = (f: Finding): boolean => report.failOn.includes(f.kind);
  const { failsStep, older } = splitFailures(report, scope, onlyNewIssues);
  const oni = onlyNewIssues && scope !== undefined;
  const failingModules = all.filter((u) => u.kind === 'module' && u.findings.some((f) => failsStep(u, f)));
  const failingOther = all.filter((u) => u.kind !== 'module' && u.findings.some((f) => failsStep(u, f)));
  const olderCount = all.reduce((c, u) => c + u.findings.filter((f) => older(u, f)).length, 0);
  const advisories = all.flatMap((u) => u.findings.filter((f) => !fails(f)));
  const n = report.modules.length;
  if (failingModules.length + failingOther.length + olderCount + advisories.length === 0) {
    // A step that did not run (for a reason other than being switched off) leaves its part unknown: never all clear.
    const incomplete = all.some((u) => notRun(u));
    if (incomplete) return `⚠️ ${plural(n, 'module')} checked, no findings, but some steps did not run (see below).`;
    return `✅ ${plural(n, 'module')} checked: tidy, go.sum matches the authoritative hashes, module cache verified.`;
  }
  const parts: string[] = [];
  const verb = failingModules.length === 1 ? 'fails' : 'fail';
  if (oni && failingModules.length) {
    parts.push(`**${failingModules.length} of ${plural(n, 'module')} ${verb} by this PR**`);
  } else if (failingModules.length) {
    const byPr = scope ? failingModules.filter((u) => u.findings.some((f) => fails(f) && scope(u.dir, f) === 'pr')).length : -1;
    parts.push(`**${failingModules.length} of ${plural(n, 'module')} ${verb}**${byPr >= 0 ? ` (${byPr} by this PR)` : ''}`);
  } else if (olderCount && !failingOther.length) {
    parts.push(`${plural(n, 'module')} checked, **passes**: nothing this PR changed fails`);
  } else {
    parts.push(`${plural(n, 'module')} checked`);
  }
  for (const u of failingOther) parts.push(u.kind === 'environment' ? '**risky go settings fail**' : `**${u.name} fails**`);
  if (olderCount) parts.push(`${plural(olderCount, 'failure')} already there`);
  const risky = report.environment.filter((f) => !fails(f)).length;
  if (advisories.length) parts.push(`${plural(advisories.length, 'advisory', 'advisories')}${risky ? ` (${plural(risky, 'risky go setting')})` : ''}`);
  const icon = report.failed ? '❌' : '⚠️';
  return `${icon} ${parts.join(' · ')}`;
}

/** The summary table: one row per module (the job summary's folded list of everything). */
export function summaryTable(report: Report, maxRows = Infinity): string {
  // Modules with findings first when the table is cut, so what fails is never the part left out.
  const ordered = maxRows < report.modules.length ? [...report.modules].sort((a, b) => Number(b.findings.length > 0) - Number(a.findings.length > 0)) : report.modules;
  const omitted = Math.max(0, ordered.length - maxRows);
  const rows = ordered.slice(0, ordered.length - omitted).map((m) => {
    const status = m.findings.length === 0 ? (notRun(m) ? `⚠️ ${notRun(m)}` : '✅ clean') : `${report.failOn.some((k) => m.findings.some((f) => f.kind === k)) ? '❌' : '⚠️'} ${countsLine(m)}`;
    return `| ${code(m.dir, true)} | ${m.path ? code(m.path, true) : '—'} | ${status} |`;
  });
  if (omitted) rows.push(`| … | ${omitted} more module${omitted === 1 ? '' : 's'} | |`);
  return ['| directory | module | result |', '| --- | --- | --- |', ...rows].join('\n');
}

/** What to do about one kind of finding, short enough for the one-line list; null when the details say it better. */
export function fixCommand(kind: FindingKind, dir: string, workspace = false): string | null {
  const cd = dir === '.' ? 'go mod' : `go -C ${dir} mod`;
  switch (kind) {
    case 'untidy':
      return `run ${code(`${cd} tidy`)}`;
    case 'tidy-error':
      return `fix the error below, then run ${code(`${cd} tidy`)}`;
    case 'checksum-mismatch':
      return 'put the authoritative hashes in go.sum (diff below)';
    case 'malformed':
      return 'fix or delete the line below';
    case 'cache-modified':
      return `run ${code('go clean -modcache')}`;
    case 'proxy-modified':
      return 'report it to whoever runs the proxy (details below)';
    case 'unreadable':
      return 'commit the file itself, not a link out of the repository';
    case 'download-error':
      return 'make the version below downloadable (private modules: GOPRIVATE and credentials)';
    case 'go-version':
      return `install the Go that go.mod asks for (setup-go with ${code('go-version-file: go.mod')})`;
    case 'vendor-inconsistent':
    case 'vendor-modified':
      return `run ${code(workspace ? 'go work vendor' : `${cd} vendor`)}`;
    case 'workspace-error':
      return 'fix the go.work line below';
    case 'workspace-sync':
      return `run ${code('go work sync')}`;
    case 'replace-local':
      return 'point the replace below inside the repository';
    case 'replace-conflict':
      return 'keep one of the replacements below';
    case 'internal-error':
      return 're-run the job (a fault in go-mod-hygiene)';
    default:
      return null;
  }
}

/** One line of the failing list: directory, what fails (with whose it is on a PR), the fix. */
function failingLine(u: Unit, failing: Finding[], scope: RenderOptions['scope']): string {
  const kinds = KIND_ORDER.filter((k) => failing.some((f) => f.kind === k));
  const whose = (k: FindingKind): FindingScope | 'both' | null => {
    if (!scope) return null;
    const s = new Set(failing.filter((f) => f.kind === k).map((f) => scope(u.dir, f)));
    return s.size > 1 ? 'both' : [...s][0]!;
  };
  const mark: Record<FindingScope | 'both', string> = { pr: '*this PR*', before: '*already there*', both: '*this PR and before*' };
  const perKind = kinds.map((k) => ({ kind: k, label: countsLine({ findings: failing.filter((f) => f.kind === k) }), whose: whose(k) }));
  const uniform = new Set(perKind.map((p) => p.whose)).size === 1;
  const what = perKind.map((p) => (p.whose && !uniform ? `${p.label} (${mark[p.whose]})` : p.label)).join(', ');
  const tail = uniform && perKind[0]?.whose ? ` · ${mark[perKind[0].whose]}` : '';
  const fixes = [...new Set(KIND_ORDER.filter((k) => kinds.includes(k)).map((k) => fixCommand(k, u.kind === 'module' ? u.dir : '.', u.kind === 'workspace') ?? `see ${KIND_LABEL[k]} below`))];
  return `- ❌ ${u.name}: ${what}${tail} — ${fixes.join(', then ')}`;
}

/** A go.sum line as committed: `module version[/go.mod] hash`. */
function sumLine(f: ChecksumMismatchFinding, hash: string): string {
  return `${f.module} ${f.version}${f.hash === 'go.mod' ? '/go.mod' : ''} ${hash}`;
}

/** Longest diff line that fits a PR conversation column (780 px) without scrolling. */
const DIFF_COLUMNS = 96;

/**
 * Checksum mismatches as a diff of go.sum, one block per file and source: `-` the committed line,
 * `+` the authoritative one. A diff line cannot wrap, so when a go.sum line is wider than the
 * column the hashes go on their own lines under the module and version they belong to.
 */
function goSumDiff(fs: ChecksumMismatchFinding[]): string {
  const groups = new Map<string, ChecksumMismatchFinding[]>();
  for (const f of fs) {
    const key = `${f.file ?? 'go.sum'}\n${f.sourceName}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: string[] = [];
  for (const [key, group] of groups) {
    const [file, source] = key.split('\n') as [string, string];
    const fits = group.every((f) => 1 + sumLine(f, f.committed).length <= DIFF_COLUMNS && 1 + sumLine(f, f.authoritative).length <= DIFF_COLUMNS);
    const lines: string[] = [];
    for (const f of group) {
      lines.push(Number.isSafeInteger(f.line) && f.line! > 0 ? `@@ -${f.line} +${f.line} @@` : '@@ @@');
      if (fits) lines.push(`-${sumLine(f, f.committed)}`, `+${sumLine(f, f.authoritative)}`);
      else lines.push(` ${f.module} ${f.version}${f.hash === 'go.mod' ? '/go.mod' : ''}`, `-    ${f.committed}`, `+    ${f.authoritative}`);
    }
    out.push(`${code(file)}: \`-\` committed, \`+\` authoritative (from ${code(source)})`, codeBlock(lines.join('\n'), 'diff'));
  }
  return out.join('\n\n');
}

function tidyDetails(f: UntidyFinding, level: DetailLevel): string {
  const c = f.changes;
  const items: string[] = [];
  for (const r of c.requiresAdded) items.push(`- add ${code(`${r.path} ${r.version}`)}${r.indirect ? ' (indirect)' : ''}`);
  for (const r of c.requiresRemoved) items.push(`- remove ${code(`${r.path} ${r.version}`)}`);
  for (const r of c.versionsChanged) items.push(`- ${code(r.path)}: ${code(r.from)} → ${code(r.to)}`);
  for (const r of c.indirectChanged) items.push(`- ${code(r.path)}: ${r.indirect ? 'add' : 'remove'} ${code('// indirect')}`);
  if (c.goDirective) items.push(`- go directive: ${code(c.goDirective.from ?? 'unset')} → ${code(c.goDirective.to ?? 'unset')}`);
  if (c.toolchainDirective) items.push(`- toolchain: ${code(c.toolchainDirective.from ?? 'unset')} → ${code(c.toolchainDirective.to ?? 'unset')}`);
  if (c.sumAdded.length) items.push(`- go.sum: ${plural(c.sumAdded.length, 'line')} missing`);
  if (c.sumRemoved.length) items.push(`- go.sum: ${plural(c.sumRemoved.length, 'line')} no longer needed`);
  const formatting = formattingOnly(c);
  if (formatting) items.push(`- ${formatting}`);
  else if (c.otherGoModLines.length) items.push(`- other go.mod edits: ${plural(c.otherGoModLines.length, 'line')}`);
  const parts = [items.join('\n')];
  if (c.againstCorrectedGoSum) parts.push('_Tidy ran against go.sum with the mismatched hashes corrected._');
  if (level === 'full') parts.push(codeBlock(c.diff, 'diff'));
  return parts.join('\n\n');
}

function fileList(label: string, files: string[]): string {
  if (!files.length) return '';
  const shown = files.slice(0, MAX_FILES).map((f) => code(f)).join(', ');
  return `- ${label} (${files.length}): ${shown}${files.length > MAX_FILES ? `, … ${files.length - MAX_FILES} more` : ''}`;
}

function vendorDetails(f: VendorModifiedFinding, level: DetailLevel): string {
  const lines = [fileList('changed', f.changed), fileList('missing (go mod vendor writes them)', f.missing), fileList('extra (go mod vendor would delete them)', f.extra)].filter(Boolean);
  const parts = [lines.join('\n')];
  if (level === 'full' && f.modulesTxtDiff) parts.push(codeBlock(f.modulesTxtDiff, 'diff'));
  return parts.join('\n\n');
}

/** Updates as a list: a table of long module paths and pseudo-versions is wider than a PR column. */
function updatesList(f: OutdatedFinding): string {
  return f.updates.map((u) => `- ${code(u.path)} ${code(u.version)} → ${code(u.latest)} (${u.behind})`).join('\n');
}

/** The go command whose output a finding shows, for the kinds whose content depends on the Go version (tidy's rules and vendor's layout change between releases). */
export function producedBy(kind: FindingKind, workspace: boolean): string | null {
  switch (kind) {
    case 'untidy':
      return 'go mod tidy';
    case 'workspace-sync':
      return 'go work sync';
    case 'vendor-modified':
    case 'vendor-inconsistent':
      return workspace ? 'go work vendor' : 'go mod vendor';
    default:
      return null;
  }
}

/** The details of one module (or workspace), at the given level; `goVersion` is the Go that produced them. */
export function moduleDetails(m: Pick<ModuleReport, 'dir' | 'findings' | 'skippedSteps'>, level: DetailLevel, workspace = false, goVersion?: string): string {
  const out: string[] = [];
  const kinds = KIND_ORDER.filter((k) => m.findings.some((f) => f.kind === k));
  for (const kind of kinds) {
    const fs = m.findings.filter((f): f is Finding => f.kind === kind);
    out.push(`**${KIND_LABEL[kind]}**`);
    const by = producedBy(kind, workspace);
    // Another Go may tidy, sync or vendor differently: say which one this is.
    if (level !== 'none' && by && goVersion) out.push(`_Computed with go ${text(goVersion)} (${code(by)}):_`);
    if (level !== 'none') {
      if (kind === 'checksum-mismatch') out.push(goSumDiff(fs as ChecksumMismatchFinding[]));
      else if (kind === 'untidy') out.push(tidyDetails(fs[0] as UntidyFinding, level));
      else if (kind === 'cache-modified') {
        out.push((fs as CacheModifiedFinding[]).map((f) => `- ${code(`${f.module} ${f.version}`)}: ${text(f.problem)}`).join('\n'));
      } else if (kind === 'vendor-modified') {
        out.push(vendorDetails(fs[0] as VendorModifiedFinding, level));
      } else if (kind === 'outdated') {
        out.push(updatesList(fs[0] as OutdatedFinding));
      } else if (kind === 'workspace-sync') {
        for (const f of fs as WorkspaceSyncFinding[]) {
          out.push(`- ${code(f.file ?? f.module)}`);
          if (level === 'full') out.push(codeBlock(f.diff, 'diff'));
        }
      } else {
        out.push(fs.map((f) => `- ${f.file ? `${code(f.file + (f.line ? `:${f.line}` : ''))} ` : ''}${code(f.message)}`).join('\n'));
        const outputs = fs.map((f) => ('output' in f ? f.output : 'detail' in f ? f.detail : '')).filter(Boolean);
        if (level === 'full' && outputs.length) out.push(codeBlock(outputs.join('\n\n')));
      }
    }
    out.push(fixHint(kind, m.dir, workspace));
  }
  for (const s of m.skippedSteps) out.push(`_${text(s.step)} not run:_ ${code(s.reason)}`);
  return out.join('\n\n');
}

/** Steps not run in units that do not fail, one line per step and reason (a `lookups: false` run says it once, not per module). */
function notRunLines(us: Unit[]): string[] {
  const groups = new Map<string, { step: string; reason: string; names: string[] }>();
  for (const u of us) {
    for (const s of u.skippedSteps) {
      const key = `${s.step}\n${s.reason}`;
      const g = groups.get(key) ?? { step: s.step, reason: s.reason, names: [] };
      g.names.push(u.name);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map((g) => {
    const where = g.names.length <= 3 ? g.names.join(', ') : `${g.names.length} modules`;
    return `- ℹ️ ${where}: ${text(g.step)} not run: ${code(g.reason)}`;
  });
}

/**
 * The whole report as markdown. In order: the verdict; one line per failing module with its
 * fix; one line for the clean ones; each failure's details; advisories folded; then the notes.
 */
export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const fails = (f: Finding): boolean => report.failOn.includes(f.kind);
  const scope = options.scope;
  const oni = Boolean(options.onlyNewIssues && scope);
  const { failsStep, older } = splitFailures(report, scope, options.onlyNewIssues);
  // With only-new-issues each section says whose its failures are, so the lines need no marks.
  const lineScope = oni ? undefined : scope;
  const all = units(report);
  const failing = all.filter((u) => u.findings.some((f) => failsStep(u, f)));
  const olderUnits = all.filter((u) => u.findings.some((f) => older(u, f)));
  const notFailing = all.filter((u) => !u.findings.some(fails));
  const parts: string[] = [];
  if (options.title) parts.push(`### ${options.title}`);
  parts.push(headline(report, scope, options.onlyNewIssues));

  // The list: what fails, one line each, then the rest in one line.
  const list: string[] = [];
  const maxRows = options.maxRows ?? Infinity;
  let shortened = false;
  for (const u of failing.slice(0, maxRows)) list.push(failingLine(u, u.findings.filter((f) => failsStep(u, f)), lineScope));
  if (failing.length > maxRows) {
    list.push(`- … ${failing.length - maxRows} more failing`);
    shortened = true;
  }
  const modules = all.filter((u) => u.kind === 'module');
  const clean = modules.filter((u) => u.findings.length === 0 && u.skippedSteps.length === 0).length;
  const advisoryOnly = modules.filter((u) => u.findings.length > 0 && !u.findings.some(fails)).length;
  const olderOnly = modules.filter((u) => olderUnits.includes(u) && !failing.includes(u)).length;
  const rest: string[] = [];
  if (clean && clean < modules.length) rest.push(`✅ ${plural(clean, 'module')} clean`);
  else if (clean && failing.length) rest.push(`✅ all ${plural(clean, 'module')} clean`);
  if (advisoryOnly) rest.push(`⚠️ ${plural(advisoryOnly, 'module')} with advisories only`);
  if (olderOnly) rest.push(`⚠️ ${plural(olderOnly, 'module')} with failures already there`);
  if (list.length && rest.length) list.push(`- ${rest.join(' · ')}`);
  else if (rest.length) list.push(rest.join(' · '));
  list.push(...notRunLines(notFailing));
  if (list.length) parts.push(list.join('\n'));

  // Details of what fails, open.
  const maxDetails = options.maxDetails ?? Infinity;
  const shownDetails = failing.slice(0, maxDetails);
  if (shownDetails.length < failing.length) shortened = true;
  for (const u of shownDetails) {
    const level = options.detail?.(u.key) ?? 'full';
    if (level !== 'full') shortened = true;
    const mine = u.findings.filter((f) => failsStep(u, f));
    const body = moduleDetails({ dir: u.kind === 'module' ? u.dir : '.', findings: mine, skippedSteps: u.skippedSteps }, level, u.kind === 'workspace', report.go.version);
    parts.push(`<details open><summary>❌ ${u.summaryName} — ${countsLine({ findings: mine })}</summary>\n\n${body}\n\n</details>`);
  }

  // only-new-issues: failures already there do not fail the step, but stay in sight, folded, after this PR's and before the advisories.
  if (olderUnits.length) {
    const rows = olderUnits.slice(0, Math.max(0, maxRows - failing.length));
    const detailed = olderUnits.slice(0, Math.max(0, maxDetails - failing.length));
    if (rows.length < olderUnits.length || detailed.length < olderUnits.length) shortened = true;
    const lines = rows.map((u) => failingLine(u, u.findings.filter((f) => older(u, f)), undefined));
    if (rows.length < olderUnits.length) lines.push(`- … ${olderUnits.length - rows.length} more with failures already there`);
    const blocks = detailed.map((u) => {
      const level = options.detail?.(u.key) ?? 'full';
      if (level !== 'full') shortened = true;
      const skippedSteps = failing.includes(u) ? [] : u.skippedSteps;
      return `#### ${u.name}\n\n${moduleDetails({ dir: u.kind === 'module' ? u.dir : '.', findings: u.findings.filter((f) => older(u, f)), skippedSteps }, level, u.kind === 'workspace', report.go.version)}`;
    });
    const count = olderUnits.reduce((c, u) => c + u.findings.filter((f) => older(u, f)).length, 0);
    const where = olderUnits.every((u) => u.kind === 'module') ? plural(olderUnits.length, 'module') : plural(olderUnits.length, 'place');
    const title = `⚠️ ${plural(count, 'failure')} already there in ${where}: not changed by this PR, not failing it (only-new-issues)`;
    parts.push(`<details><summary>${title}</summary>\n\n${[lines.join('\n'), ...blocks].join('\n\n')}\n\n</details>`);
  }

  // Advisories, folded. On a PR comment only those the PR touched (and the run's go settings, which the PR cannot be blamed for but which weaken the check).
  const advisoryLevel = options.advisories ?? 'full';
  const withAdvice = all
    .map((u) => ({ u, fs: u.findings.filter((f) => !fails(f) && (options.allModules || !scope || u.kind === 'environment' || scope(u.dir, f) === 'pr')) }))
    .filter((x) => x.fs.length > 0);
  const advisoryCount = all.reduce((n, u) => n + u.findings.filter((f) => !fails(f)).length, 0);
  const shownCount = withAdvice.reduce((n, x) => n + x.fs.length, 0);
  if (withAdvice.length && advisoryLevel !== 'none') {
    if (advisoryLevel !== 'full') shortened = true;
    const blocks = withAdvice.map(({ u, fs }) => `#### ${u.name}\n\n${moduleDetails({ dir: u.kind === 'module' ? u.dir : '.', findings: fs, skippedSteps: [] }, advisoryLevel, u.kind === 'workspace', report.go.version)}`);
    const where = withAdvice.every((x) => x.u.kind === 'module') ? plural(withAdvice.length, 'module') : plural(withAdvice.length, 'place');
    const title = `⚠️ ${plural(shownCount, 'advisory', 'advisories')} in ${where}${scope && !options.allModules ? ' on lines this PR changed' : ''} (not failing)`;
    parts.push(`<details><summary>${title}</summary>\n\n${blocks.join('\n\n')}\n\n</details>`);
  } else if (withAdvice.length) {
    shortened = true;
  }
  const leftOut = advisoryCount - (advisoryLevel === 'none' ? 0 : shownCount);
  if (leftOut > 0 && options.fullReportHint) {
    const is = leftOut === 1 ? 'is' : 'are';
    const why = advisoryLevel === 'none' ? `${is} left out to fit` : `on lines this PR did not change ${is} left out`;
    parts.push(`_${plural(leftOut, 'advisory', 'advisories')} ${why}. ${options.fullReportHint}_`);
  }

  if (shortened && options.fullReportHint) parts.push(`_Some details were shortened to fit. ${options.fullReportHint}_`);
  if (options.allModules && report.modules.length > 1) {
    parts.push(`<details><summary>All ${plural(report.modules.length, 'module')}</summary>\n\n${summaryTable(report)}\n\n</details>`);
  }
  const foot: string[] = [];
  if (report.notices.length && report.modules.length) foot.push(...report.notices.map((n) => `ℹ️ ${code(n)}`));
  if (report.skipped.length) foot.push(`Skipped: ${report.skipped.map((s) => `${code(s.dir)} (${code(s.reason)})`).join(', ')}`);
  const env = Object.entries(report.go.env)
    .filter(([k]) => k !== 'GOMODCACHE')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  foot.push(`<sub>go ${code(report.go.version)}${env ? ` · ${code(env)}` : ''} · go-mod-hygiene ${text(report.tool.version)}</sub>`);
  parts.push(foot.join('\n\n'));
  return `${parts.join('\n\n')}\n`;
}

/** How to fix one kind of finding in a module, as the reader would type it. */
export function fixHint(kind: FindingKind, dir: string, workspace = false): string {
  const cd = dir === '.' ? 'go mod' : `go -C ${dir} mod`;
  switch (kind) {
    case 'untidy':
      return `Run ${code(`${cd} tidy`)} and commit go.mod and go.sum.`;
    case 'checksum-mismatch':
      return (
        'Replace each committed hash with the authoritative one (or delete those lines and run ' +
        `${code(`${cd} download`)}, which checks the checksum database again). Do not switch checksum ` +
        'verification off (GOSUMDB=off, GONOSUMDB, GOFLAGS=-insecure) to make this go away: a hash that ' +
        'disagrees with the checksum database means the go.sum was edited, or the code you build is not the code everyone else got.'
      );
    case 'malformed':
      return `Fix the line shown, or delete it and run ${code(`${cd} tidy`)}.`;
    case 'cache-modified':
      return `The module cache was changed after download: run ${code('go clean -modcache')} and let the modules download again; if the cache came from a CI cache entry, delete that entry.`;
    case 'proxy-modified':
      return (
        'The module proxy served content that the checksum database contradicts, and go refused it. Report it to whoever runs ' +
        'the proxy (a proxy that rewrites public modules, or something between it and the runner); do not add the path to GONOSUMDB/GOPRIVATE to make this go away.'
      );
    case 'unreadable':
      return 'Commit the file itself, not a symbolic link that leads outside the repository (or to a device); what needed it was not checked. Links inside the repository are followed.';
    case 'tidy-error':
      return `${code(`${cd} tidy`)} fails: fix the error shown (often an import no module provides, or a require of a version that does not exist).`;
    case 'internal-error':
      return "A fault in go-mod-hygiene, not in this module: the check it names did not finish, so its result is unknown. Re-run the job; if it happens again, please open an issue with this step's log (it has the stack).";
    case 'download-error':
      return 'Check that the version exists and the proxy can serve it; private modules need GOPRIVATE and credentials.';
    case 'go-version':
      return `Install a Go new enough for this module on the runner (actions/setup-go with ${code('go-version-file: go.mod')}).`;
    case 'vendor-inconsistent':
    case 'vendor-modified':
      return `Run ${code(workspace ? 'go work vendor' : `${cd} vendor`)} and commit vendor/. Vendored files are never hashed by go: an edited one builds and passes ${code('go mod verify')}.`;
    case 'workspace-error':
      return 'Fix go.work: every `use` must be a directory of this repository with a go.mod (or drop the line).';
    case 'workspace-sync':
      return `Run ${code('go work sync')} and commit the go.mod files it changes, so each module builds on its own with the versions the workspace tests.`;
    case 'replace-local':
      return 'Point the replacement at a directory of this repository that has a go.mod, or require a published version instead: a path outside the checkout exists only on one machine.';
    case 'replace-conflict':
      return 'Keep one replacement per module (and version); go refuses to load a go.mod with conflicting ones.';
    case 'replace':
      return 'Make sure each replacement is still needed (one whose module nothing requires can be deleted); forks and pinned versions are not updated by tools like Renovate and Dependabot.';
    case 'replace-ignored':
      return "Only the main module's replace directives apply. If this module needs what the dependency's replacement gives, add the replacement (or a require of that version) to this go.mod.";
    case 'retracted':
      return `Upgrade to a version that is not retracted: ${code(`${cd.replace(/ mod$/, '')} get <module>@latest`)}, then ${code(`${cd} tidy`)}.`;
    case 'deprecated':
      return 'Follow the deprecation message: usually a move to another module.';
    case 'pseudo-version':
      return 'Prefer a tagged release when one exists; a commit pinned by hash gets no update notifications.';
    case 'exclude':
      return 'Make sure each exclude is still needed: it only affects this module as the main module, never its dependents.';
    case 'toolchain':
      return `Use actions/setup-go with ${code('go-version-file: go.mod')} so the runner has the toolchain the module asks for.`;
    case 'risky-setting':
      return 'Remove the setting from the workflow environment or go.env unless it is intended; list only private module paths in GOPRIVATE/GONOSUMDB.';
    case 'outdated':
      return `Update with ${code(`${cd.replace(/ mod$/, '')} get <module>@<version>`)} and ${code(`${cd} tidy`)}, or let Renovate/Dependabot open the updates.`;
  }
}

