import { allFindings, type Finding, type Report } from '../report/model.js';
import { ENVIRONMENT_KEY, renderMarkdown, type DetailLevel, type RenderOptions } from '../report/markdown.js';

/** GitHub rejects comment and issue bodies longer than this. */
export const BODY_LIMIT = 65_536;

/** The hidden marker that finds this job's comment again. The key is ours or the user's input: made safe for an HTML comment. */
export function commentMarker(kind: 'comment' | 'audit', key: string): string {
  return `<!-- go-mod-hygiene:${kind}:${key.replace(/--+/g, '-').replace(/[<>\n\r]/g, '_')} -->`;
}

export interface BodyOptions {
  title: string;
  marker: string;
  /** Where the full report is, said when details had to be shortened. */
  fullReportHint: string;
  limit?: number;
  /** On a pull request: whose each finding is (see RenderOptions.scope). */
  scope?: RenderOptions['scope'];
  /** The job summary: every module in a folded table, every advisory. */
  allModules?: boolean;
  /** Input `only-new-issues` (see RenderOptions.onlyNewIssues). */
  onlyNewIssues?: boolean;
}

/**
 * Renders the report for a comment or issue body that fits the limit. What fails is given up
 * last: first the advisories are shortened, then left out; then failing details are shortened
 * module by module (largest first), then dropped; then the list of failing modules is cut.
 */
export function renderBody(report: Report, options: BodyOptions): string {
  const limit = options.limit ?? BODY_LIMIT;
  const wrap = (md: string): string => (options.marker ? `${options.marker}\n${md}` : md);
  const levels = new Map<string, DetailLevel>();
  let advisories: DetailLevel = 'full';
  const render = (extra: { maxDetails?: number; maxRows?: number } = {}): string =>
    wrap(
      renderMarkdown(report, {
        title: options.title,
        detail: (d) => levels.get(d) ?? 'full',
        advisories,
        fullReportHint: options.fullReportHint,
        ...(options.scope ? { scope: options.scope } : {}),
        ...(options.allModules ? { allModules: true } : {}),
        ...(options.onlyNewIssues ? { onlyNewIssues: true } : {}),
        ...extra
      })
    );
  let body = render();
  if (body.length <= limit) return body;
  for (const level of ['short', 'none'] as const) {
    advisories = level;
    body = render();
    if (body.length <= limit) return body;
  }
  const fails = (f: Finding): boolean => report.failOn.includes(f.kind);
  const bySize = [
    { key: ENVIRONMENT_KEY, findings: report.environment },
    ...report.workspaces.map((w) => ({ key: w.file, findings: w.findings })),
    ...report.modules.map((m) => ({ key: m.dir, findings: m.findings }))
  ]
    .map((u) => ({ key: u.key, failing: u.findings.filter(fails) }))
    .filter((u) => u.failing.length > 0)
    .map((u) => ({ key: u.key, size: JSON.stringify(u.failing).length }))
    .sort((a, b) => b.size - a.size);
  // Shorten the largest units first, as few as fit: the body only shrinks as more are shortened, so
  // the fewest is found by bisection (a few renders, not one per module: 300 modules took ~600).
  const keys = bySize.map((u) => u.key);
  for (const level of ['short', 'none'] as const) {
    const before = new Map(levels);
    const shortenFirst = (n: number): string => {
      levels.clear();
      for (const [k, v] of before) levels.set(k, v);
      for (const k of keys.slice(0, n)) levels.set(k, level);
      return render();
    };
    if (shortenFirst(keys.length).length <= limit) {
      let lo = 1;
      let hi = keys.length;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (shortenFirst(mid).length <= limit) hi = mid;
        else lo = mid + 1;
      }
      return shortenFirst(lo);
    }
  }
  for (let maxDetails = bySize.length; maxDetails >= 0; maxDetails = maxDetails > 8 ? Math.floor(maxDetails / 2) : maxDetails - 1) {
    body = render({ maxDetails });
    if (body.length <= limit) return body;
  }
  for (let maxRows = bySize.length; maxRows >= 0; maxRows = Math.floor(maxRows / 2)) {
    body = render({ maxDetails: 0, maxRows });
    if (body.length <= limit) return body;
    if (maxRows === 0) break;
  }
  return wrap(`### ${options.title}\n\nThe report is too large for a comment. ${options.fullReportHint}\n`);
}

/** The short body a comment gets when nothing it reported fails any more (advisories, if any, are in the job summary). */
export function resolvedBody(report: Report, marker: string, title: string): string {
  const n = report.modules.length;
  const all = allFindings(report);
  // Failures left here are already there: only-new-issues does not count them against the PR, and the resolved comment must not call them clean.
  const failures = all.filter((f) => report.failOn.includes(f.kind)).length;
  const advisories = all.length - failures;
  const advice = `${advisories} ${advisories === 1 ? 'advisory' : 'advisories'}`;
  if (failures) {
    const what = `${failures} ${failures === 1 ? 'failure' : 'failures'} already there${advisories ? ` and ${advice}` : ''}`;
    return `${marker}\n### ${title}\n\n✅ Resolved: nothing this PR changed fails. ${what} (not changed by this PR, not failing it: only-new-issues) ${failures + advisories === 1 ? 'is' : 'are'} in the job summary.\n`;
  }
  const rest = advisories ? ` ${advice} on lines this PR did not change ${advisories === 1 ? 'is' : 'are'} in the job summary.` : '';
  return `${marker}\n### ${title}\n\n✅ Resolved: ${n === 1 ? 'the module is' : `all ${n} modules are`} tidy, go.sum matches the authoritative hashes, and the module cache verified.${rest}\n`;
}
