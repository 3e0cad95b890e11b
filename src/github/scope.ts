/**
 * What a pull request changed, and so whose each finding is: *this PR* or *already there*.
 * Pure: the PR's file list (with patches, as GitHub's "list pull request files" gives them) in,
 * a classification out.
 */
import type { Finding, Report } from '../report/model.js';
import { allFindings } from '../report/model.js';
import type { FindingScope } from '../report/markdown.js';

export interface PrFile {
  /** Path relative to the repository root. */
  filename: string;
  /** Unified diff hunks; absent for binary files and very large diffs. */
  patch?: string;
}

/** Line numbers of the new file that the patch adds or changes. */
export function patchAddedLines(patch: string): Set<number> {
  const out = new Set<number>();
  let line = 0;
  for (const l of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (line === 0 || l.startsWith('-') || l.startsWith('\\')) continue;
    if (l.startsWith('+')) out.add(line);
    line++;
  }
  return out;
}

export interface PrScope {
  /** Module directories (and go.work files) of the report with a file the PR changed. */
  touched: Set<string>;
  /**
   * A failing finding is the PR's when the PR changed a Go file of its module (its go.mod, go.sum,
   * vendor/, or a .go file, whose imports tidy follows). An advisory only when it sits on a line the PR
   * changed (or in a changed file, when it names no line): touching a module does not make its
   * old pseudo-versions this PR's business.
   */
  scope: (dir: string, f: Finding) => FindingScope;
}

/** Files that can change what go mod tidy, verify or vendor say: go.mod, go.sum, vendor/, Go sources (tidy follows their imports). A README is not one. */
function goRelevant(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === 'go.mod' || base === 'go.sum' || base.endsWith('.go') || path.startsWith('vendor/') || path.includes('/vendor/');
}

/** `pathPrefix` is the checked root relative to the repository root ('' for the root). */
export function prScope(report: Pick<Report, 'modules' | 'workspaces' | 'failOn'>, files: PrFile[], pathPrefix: string): PrScope {
  const pre = pathPrefix ? `${pathPrefix.replace(/\/+$/, '')}/` : '';
  // Path relative to the checked root → lines added (null: no patch, the whole file counts as changed).
  const changed = new Map<string, Set<number> | null>();
  for (const f of files) {
    if (!f.filename.startsWith(pre)) continue;
    changed.set(f.filename.slice(pre.length), f.patch === undefined ? null : patchAddedLines(f.patch));
  }
  // Innermost module first; the root module owns whatever no other does.
  const dirs = report.modules.map((m) => m.dir).filter((d) => d !== '.').sort((a, b) => b.length - a.length);
  const hasRoot = report.modules.some((m) => m.dir === '.');
  const owner = (path: string): string | undefined => dirs.find((d) => path === d || path.startsWith(`${d}/`)) ?? (hasRoot ? '.' : undefined);
  const touched = new Set<string>();
  for (const p of changed.keys()) {
    if (!goRelevant(p)) continue;
    const o = owner(p);
    if (o !== undefined) touched.add(o);
  }
  for (const w of report.workspaces) if (changed.has(w.file) || changed.has(`${w.file}.sum`)) touched.add(w.file);
  const onChangedLine = (f: Finding): boolean => {
    if (!f.file) return false;
    const lines = changed.get(f.file);
    if (lines === undefined) return false;
    return lines === null || f.line === undefined || lines.has(f.line);
  };
  const fails = (f: Finding): boolean => report.failOn.includes(f.kind);
  return {
    touched,
    scope: (dir, f) => ((fails(f) ? touched.has(dir) || onChangedLine(f) : onChangedLine(f)) ? 'pr' : 'before')
  };
}

/** Every finding with the directory (or go.work file) the scope is asked with. */
function placedFindings(report: Pick<Report, 'modules' | 'workspaces' | 'environment'>): { dir: string; f: Finding }[] {
  return [
    ...report.environment.map((f) => ({ dir: '.', f })),
    ...report.workspaces.flatMap((w) => w.findings.map((f) => ({ dir: w.file, f }))),
    ...report.modules.flatMap((m) => m.findings.map((f) => ({ dir: m.dir, f })))
  ];
}

/** `only-new-issues`: the step fails only for failing findings of this PR (and when nothing could be checked). */
export function failsOnlyNew(report: Report, scope: PrScope): boolean {
  if (report.outcome === 'error') return report.failed;
  return placedFindings(report).some(({ dir, f }) => report.failOn.includes(f.kind) && scope.scope(dir, f) === 'pr');
}

/**
 * `comment: auto` on a PR: something fails the step (whoever's it is; with only-new-issues only this
 * PR's failures do), or an advisory sits on a line the PR changed. Under only-new-issues, failures
 * already there are like advisories the PR did not touch: in the job summary, no reason to comment.
 */
export function worthAComment(report: Report, scope: PrScope, onlyNewIssues = false): boolean {
  if (report.outcome === 'error') return true;
  if (onlyNewIssues ? failsOnlyNew(report, scope) : allFindings(report).some((f) => report.failOn.includes(f.kind))) return true;
  return placedFindings(report).some(({ dir, f }) => !report.failOn.includes(f.kind) && scope.scope(dir, f) === 'pr');
}
