import type {
  Report,
  ModuleReport,
  WorkspaceReport,
  Finding,
  FindingKind,
  ChecksumMismatchFinding,
  UntidyFinding,
  CacheModifiedFinding,
  VendorModifiedFinding,
  OutdatedFinding,
  WorkspaceSyncFinding
} from './model.js';
import { FINDING_KINDS, allFindings } from './model.js';
import { code, codeBlock, htmlCode, text } from './escape.js';

/** How much of a module's details to render: the size guard steps down through these. */
export type DetailLevel = 'full' | 'short' | 'none';

export interface RenderOptions {
  /** Heading text (ours, not escaped). */
  title?: string;
  /** Detail level per module directory; default `full`. */
  detail?: (dir: string) => DetailLevel;
  /** Where the full report can be found, shown when details were shortened. */
  fullReportHint?: string;
  /** At most this many modules get a details block (the size guard's last resorts). */
  maxDetails?: number;
  /** At most this many rows in the summary table. */
  maxRows?: number;
}

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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countsLine(m: { findings: Finding[] }): string {
  const by = new Map<FindingKind, number>();
  for (const f of m.findings) by.set(f.kind, (by.get(f.kind) ?? 0) + 1);
  return FINDING_KINDS.filter((k) => by.has(k)).map((k) => `${KIND_LABEL[k]} ×${by.get(k)}`).join(', ');
}

/** Steps that did not run for a reason other than the user switching them off: their part is unknown, so never "clean". */
function notRun(m: { skippedSteps: { reason: string }[] }): string {
  const n = m.skippedSteps.filter((x) => !x.reason.startsWith('switched off')).length;
  return n ? `${plural(n, 'step')} not run` : '';
}

/** One line of the lead: which modules fail and why. */
export function headline(report: Report): string {
  if (report.outcome === 'error' && report.modules.length === 0) return `⚠️ ${report.notices.map(text).join(' ')}`;
  const bad = report.modules.filter((m) => m.findings.length > 0);
  const others: string[] = [];
  const badWork = report.workspaces.filter((w) => w.findings.length > 0).length;
  if (badWork) others.push(`${plural(badWork, 'workspace')} with findings`);
  if (report.environment.length) others.push(`${plural(report.environment.length, 'risky go setting')}`);
  const incomplete = [...report.modules, ...report.workspaces].filter((m) => notRun(m)).length;
  if (bad.length === 0 && others.length === 0 && incomplete) return `⚠️ ${plural(report.modules.length, 'module')} checked, no findings, but some steps did not run (see the details).`;
  if (bad.length === 0 && others.length === 0) return `✅ ${plural(report.modules.length, 'module')} checked: tidy, go.sum matches the authoritative hashes, module cache verified.`;
  const icon = report.failed ? '❌' : '⚠️';
  const advisoryOnly = !allFindings(report).some((f) => report.failOn.includes(f.kind));
  const lead = bad.length ? `${bad.length} of ${plural(report.modules.length, 'module')} with findings` : `${plural(report.modules.length, 'module')} checked`;
  return `${icon} ${[lead, ...others].join('; ')}${advisoryOnly && !report.failed ? ' (advisories only)' : ''}.`;
}

/** The summary table: one row per module. */
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
    case 'tidy-error':
      return `${code(`${cd} tidy`)} fails: fix the error shown (often an import no module provides, or a require of a version that does not exist).`;
    case 'internal-error':
      return "A fault in go-mod-hygiene, not in this module: the check it names did not finish, so its result is unknown. Re-run the job; if it happens again, please open an issue with this step's log (it has the stack).";
    case 'unreadable':
      return 'Commit the file itself, not a symbolic link that leads outside the repository (or to a device); what needed it was not checked. Links inside the repository are followed.';
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

function mismatchTable(fs: ChecksumMismatchFinding[]): string {
  const rows = fs.map(
    (f) =>
      `| ${Number.isSafeInteger(f.line) ? f.line : ''} | ${code(f.module, true)} | ${code(f.version, true)} | ${text(f.hash)} | ${code(f.committed, true)} | ${code(f.authoritative, true)} | ${code(f.sourceName, true)} |`
  );
  return ['| line | module | version | hash | committed | authoritative | from |', '| ---: | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
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
  if (c.otherGoModLines.length) items.push(`- other go.mod edits: ${plural(c.otherGoModLines.length, 'line')}`);
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

function updatesTable(f: OutdatedFinding): string {
  const rows = f.updates.map((u) => `| ${code(u.path, true)} | ${code(u.version, true)} | ${code(u.latest, true)} | ${u.behind} |`);
  return ['| module | required | latest | behind |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The details of one module (or workspace), at the given level. */
export function moduleDetails(m: Pick<ModuleReport, 'dir' | 'findings' | 'skippedSteps'>, level: DetailLevel, workspace = false): string {
  const out: string[] = [];
  const kinds = FINDING_KINDS.filter((k) => m.findings.some((f) => f.kind === k));
  for (const kind of kinds) {
    const fs = m.findings.filter((f): f is Finding => f.kind === kind);
    out.push(`**${KIND_LABEL[kind]}**`);
    if (level !== 'none') {
      if (kind === 'checksum-mismatch') out.push(mismatchTable(fs as ChecksumMismatchFinding[]));
      else if (kind === 'untidy') out.push(tidyDetails(fs[0] as UntidyFinding, level));
      else if (kind === 'cache-modified') {
        out.push((fs as CacheModifiedFinding[]).map((f) => `- ${code(`${f.module} ${f.version}`)}: ${text(f.problem)}`).join('\n'));
      } else if (kind === 'vendor-modified') {
        out.push(vendorDetails(fs[0] as VendorModifiedFinding, level));
      } else if (kind === 'outdated') {
        out.push(updatesTable(fs[0] as OutdatedFinding));
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

function workspaceSection(w: WorkspaceReport, level: DetailLevel): string {
  const head = `<details${w.findings.length ? ' open' : ''}><summary>workspace ${htmlCode(w.file)} — ${countsLine(w) || notRun(w) || 'clean'} (${plural(w.uses.length, 'use')})</summary>`;
  const body = w.findings.length || w.skippedSteps.length ? moduleDetails({ dir: '.', findings: w.findings, skippedSteps: w.skippedSteps }, level, true) : '✅ every `use` has a go.mod, go.work.sum matches, `go work sync` changes nothing.';
  return `${head}\n\n${body}\n\n</details>`;
}

/** The whole report as markdown: headline, table, per-module details folded. */
export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const parts: string[] = [];
  if (options.title) parts.push(`### ${options.title}`);
  parts.push(headline(report));
  if (report.environment.length) {
    parts.push(`**${KIND_LABEL['risky-setting']}**\n\n${report.environment.map((f) => `- ${code(f.message)}`).join('\n')}\n\n${fixHint('risky-setting', '.')}`);
  }
  for (const w of report.workspaces) parts.push(workspaceSection(w, options.detail?.(w.file) ?? 'full'));
  if (report.modules.length) parts.push(summaryTable(report, options.maxRows));
  const withDetails = report.modules.filter((x) => x.findings.length > 0 || x.skippedSteps.length > 0);
  const shown = withDetails.slice(0, options.maxDetails ?? withDetails.length);
  let shortened = shown.length < withDetails.length || (options.maxRows ?? Infinity) < report.modules.length;
  for (const m of shown) {
    const level = options.detail?.(m.dir) ?? 'full';
    if (level !== 'full') shortened = true;
    parts.push(`<details${m.findings.length ? ' open' : ''}><summary>${htmlCode(m.dir)} ${m.path ? htmlCode(m.path) : ''} — ${countsLine(m) || 'not fully checked'}</summary>\n\n${moduleDetails(m, level)}\n\n</details>`);
  }
  if (shortened && options.fullReportHint) parts.push(`_Some details were shortened to fit. ${options.fullReportHint}_`);
  const foot: string[] = [];
  if (report.notices.length && report.modules.length) foot.push(...report.notices.map((n) => `ℹ️ ${code(n)}`));
  if (report.skipped.length) foot.push(`Skipped: ${report.skipped.map((s) => `${code(s.dir)} (${code(s.reason)})`).join(', ')}`);
  const env = Object.entries(report.go.env).filter(([k]) => k !== 'GOMODCACHE').map(([k, v]) => `${k}=${v}`).join(' ');
  foot.push(`<sub>go ${code(report.go.version)}${env ? ` · ${code(env)}` : ''} · go-mod-hygiene ${text(report.tool.version)}</sub>`);
  parts.push(foot.join('\n\n'));
  return `${parts.join('\n\n')}\n`;
}
