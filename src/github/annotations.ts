import { diffChangeBlocks, parseTidyDiff } from '../go/parse.js';
import type { Finding, FindingKind, Report } from '../report/model.js';

export interface Annotation {
  level: 'error' | 'warning';
  file: string;
  line?: number;
  title: string;
  message: string;
}

/** GitHub shows only this many annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

const IMPORTANCE: FindingKind[] = ['checksum-mismatch', 'cache-modified', 'malformed', 'tidy-error', 'download-error', 'go-version', 'untidy'];

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
 * Annotations on the exact lines, most important first, at most ten per level (what GitHub shows).
 * Kinds in fail-on are errors, the rest warnings. `pathPrefix` is the checked root relative to the repository root.
 */
export function planAnnotations(report: Report, pathPrefix: string): Annotation[] {
  const all: (Annotation & { rank: number })[] = [];
  for (const m of report.modules) {
    for (const f of m.findings) {
      const file = [pathPrefix, f.file ?? (m.dir === '.' ? 'go.mod' : `${m.dir}/go.mod`)].filter(Boolean).join('/');
      const line = lineOf(f);
      all.push({
        level: report.failOn.includes(f.kind) ? 'error' : 'warning',
        file,
        ...(line ? { line } : {}),
        title: `go-mod-hygiene: ${f.kind}`,
        message: f.message.slice(0, 4000),
        rank: IMPORTANCE.indexOf(f.kind)
      });
    }
  }
  all.sort((a, b) => a.rank - b.rank);
  const out: Annotation[] = [];
  for (const level of ['error', 'warning'] as const) {
    out.push(...all.filter((a) => a.level === level).slice(0, ANNOTATIONS_PER_LEVEL).map(({ rank, ...a }) => (void rank, a)));
  }
  return out;
}
