/**
 * The report for a person at a terminal: what fails first, one line per module with its fix,
 * the clean ones counted, then each failure's details and the advisories, one per line.
 * Colour only when asked (a TTY without NO_COLOR); every untrusted string is sanitized, so go
 * output or a module path cannot move the cursor or change colours.
 */
import type { Finding, Report } from './model.js';
import { FINDING_KINDS } from './model.js';
import { sanitize } from './escape.js';
import { KIND_LABEL, fixCommand, producedBy } from './markdown.js';

export interface TerminalOptions {
  color: boolean;
  /** Columns; lines of prose are cut to fit (diffs are not). */
  width: number;
}

const KIND_ORDER = ['checksum-mismatch', 'malformed', ...FINDING_KINDS.filter((k) => k !== 'checksum-mismatch' && k !== 'malformed')] as const;

function unmark(md: string): string {
  return md.replace(/(`+) ?([^`]*?) ?\1/g, '$2');
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const paint = (code: string) => (s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = paint('31');
  const green = paint('32');
  const yellow = paint('33');
  const bold = paint('1');
  const dim = paint('2');
  const fit = (s: string): string => (s.length > options.width ? `${s.slice(0, Math.max(10, options.width - 1))}…` : s);
  const clean = (s: string): string => sanitize(s).replace(/\r?\n/g, ' ');
  const fails = (f: Finding): boolean => report.failOn.includes(f.kind);
  // A finding whose content another Go may compute differently says which Go it comes from.
  const label = (f: Finding, workspace: boolean): string => `${KIND_LABEL[f.kind]}${producedBy(f.kind, workspace) ? ` (go ${clean(report.go.version)})` : ''}`;
  const out: string[] = [];
  const units = [
    ...report.workspaces.map((w) => ({ dir: w.file, cd: '.', findings: w.findings, workspace: true })),
    ...report.modules.map((m) => ({ dir: m.dir, cd: m.dir, findings: m.findings, workspace: false }))
  ];
  const failing = units.filter((u) => u.findings.some(fails));
  const advisories = [
    ...report.environment.map((f) => ({ dir: '(go settings)', f, workspace: false })),
    ...units.flatMap((u) => u.findings.filter((f) => !fails(f)).map((f) => ({ dir: u.dir, f, workspace: u.workspace })))
  ];
  const n = report.modules.length;
  if (report.outcome === 'error' && n === 0) {
    out.push(`${yellow('!')} ${clean(report.notices.join(' '))}`);
    return `${out.join('\n')}\n`;
  }
  const verdict = failing.length ? red(bold(`✗ ${failing.length} of ${n} failing`)) : green(bold(`✓ ${n} module${n === 1 ? '' : 's'} checked, nothing fails`));
  out.push(`go-mod-hygiene: ${verdict}${advisories.length ? ` · ${advisories.length} advisor${advisories.length === 1 ? 'y' : 'ies'}` : ''}`, '');
  if (!options.color) out[0] = fit(out[0]!);
  for (const u of failing) {
    const fs = u.findings.filter(fails);
    const kinds = KIND_ORDER.filter((k) => fs.some((f) => f.kind === k));
    out.push(fit(`${red('✗')} ${bold(clean(u.dir))}  ${kinds.map((k) => KIND_LABEL[k]).join(', ')}`));
    const fixes = [...new Set(kinds.map((k) => fixCommand(k, u.cd)).filter((x): x is string => x !== null))];
    if (fixes.length) out.push(fit(`    fix: ${unmark(fixes.join(', then '))}`));
  }
  const cleanCount = report.modules.filter((m) => m.findings.length === 0).length;
  if (cleanCount && failing.length + advisories.length > 0) out.push(`${green('✓')} ${cleanCount} module${cleanCount === 1 ? '' : 's'} clean`);
  for (const u of failing) {
    out.push('', bold(`── ${clean(u.dir)}`));
    for (const f of u.findings.filter(fails)) {
      out.push(fit(`${red(label(f, u.workspace))}: ${clean(f.message)}`));
      const detail = f.kind === 'untidy' ? f.changes.diff : 'output' in f ? f.output : 'detail' in f ? f.detail : '';
      if (f.kind === 'checksum-mismatch') {
        out.push(dim(`    ${clean(f.file ?? 'go.sum')}:${f.line ?? '?'}: ${clean(`${f.module} ${f.version}${f.hash === 'go.mod' ? '/go.mod' : ''}`)}`));
        out.push(red(`    - ${clean(f.committed)}`), green(`    + ${clean(f.authoritative)}  (${clean(f.sourceName)})`));
      } else if (detail) {
        for (const line of sanitize(detail).replace(/\n+$/, '').split('\n')) out.push(line.startsWith('+') ? green(`    ${line}`) : line.startsWith('-') ? red(`    ${line}`) : dim(`    ${line}`));
      }
    }
  }
  if (advisories.length) {
    out.push('', bold('advisories (they do not fail):'));
    for (const { dir, f, workspace } of advisories) out.push(fit(`${yellow('!')} ${clean(dir)}: ${label(f, workspace)}: ${clean(f.message)}`));
  }
  return `${out.join('\n')}\n`;
}
