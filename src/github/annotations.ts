import { diffChangeBlocks, parseTidyDiff } from '../go/parse.js';
import { FINDING_KINDS, type Finding, type FindingKind, type Report } from '../report/model.js';

export interface Annotation {
  level: 'error' | 'warning';
  /** Absent for findings about the run's settings. */
  file?: string;
  line?: number;
  title: string;
  message: string;
}

/** GitHub shows only this many annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Most important first; kinds not listed (advisories) come after, in FINDING_KINDS order. */
const IMPORTANCE: FindingKind[] = [
  'checksum-mismatch',
  'proxy-modified',
  'cache-modified',
  'unreadable',
  'vendor-modified',
  'malformed',
  'replace-conflict',
  'replace-local',
  'workspace-error',
  'vendor-inconsistent',
  'tidy-error',
  'internal-error',
  'download-error',
  'go-version',
  'untidy',
  'risky-setting',
  'retracted',
  'deprecated'
];
const rankOf = (k: FindingKind): number => (IMPORTANCE.includes(k) ? IMPORTANCE.indexOf(k) : IMPORTANCE.length + FINDING_KINDS.indexOf(k));

function lineOf(f: Finding): number | undefined {
  if (f.line) return f.line;
  if (f.kind === 'untidy') {
    const section = parseTidyDiff(f.changes.diff).find((s) => s.file === 'go.mod');
    const first = section ? diffChangeBlocks(section.text)[0] : undefined;
    if (first) return first.removed.length ? first.oldStart : (first.anchor?.line ?? first.oldStart);
  }
  return undefined;
}

/**
 * With input `only-new-issues` on a pull request: whose each finding is (the PR scope). As
 * golangci-lint-action's input of that name outputs only the PR's issues, findings already there
 * get no annotation (the comment and job summary keep them); the run's go settings always do.
 */
export interface OnlyNewIssues {
  scope: (dir: string, f: Finding) => 'pr' | 'before';
}

/**
 * Annotations on the exact lines, most important first, at most ten per level (what GitHub shows).
 * Findings that fail the step are errors, the rest warnings. `pathPrefix` is the checked root relative to the repository root.
 */
export function planAnnotations(report: Report, pathPrefix: string, onlyNew?: OnlyNewIssues): Annotation[] {
  const all: (Annotation & { rank: number })[] = [];
  const add = (f: Finding, fallback: string | null, dir: string | null): void => {
    const mine = !onlyNew || onlyNew.scope(dir ?? '.', f) === 'pr';
    if (!mine && dir !== null) return;
    const rel = f.file ?? fallback;
    const line = lineOf(f);
    all.push({
      level: report.failOn.includes(f.kind) && mine ? 'error' : 'warning',
      ...(rel ? { file: [pathPrefix, rel].filter(Boolean).join('/') } : {}),
      ...(rel && line ? { line } : {}),
      title: `go-mod-hygiene: ${f.kind}`,
      message: f.message.slice(0, 4000),
      rank: rankOf(f.kind)
    });
  };
  for (const f of report.environment) add(f, null, null);
  for (const w of report.workspaces) for (const f of w.findings) add(f, w.file, w.file);
  for (const m of report.modules) for (const f of m.findings) add(f, m.dir === '.' ? 'go.mod' : `${m.dir}/go.mod`, m.dir);
  all.sort((a, b) => a.rank - b.rank);
  const out: Annotation[] = [];
  for (const level of ['error', 'warning'] as const) {
    out.push(...all.filter((a) => a.level === level).slice(0, ANNOTATIONS_PER_LEVEL).map(({ rank, ...a }) => (void rank, a)));
  }
  return out;
}
