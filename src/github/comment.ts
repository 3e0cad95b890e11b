import type { Report } from '../report/model.js';
import { renderMarkdown, type DetailLevel } from '../report/markdown.js';

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
}

/**
 * Renders the report for a comment or issue body that fits the limit: details are
 * shortened module by module (largest first), then dropped, then the table is cut.
 */
export function renderBody(report: Report, options: BodyOptions): string {
  const limit = options.limit ?? BODY_LIMIT;
  const wrap = (md: string): string => `${options.marker}\n${md}`;
  const levels = new Map<string, DetailLevel>(report.modules.map((m) => [m.dir, 'full']));
  const render = (extra: { maxDetails?: number; maxRows?: number } = {}): string =>
    wrap(renderMarkdown(report, { title: options.title, detail: (d) => levels.get(d) ?? 'full', fullReportHint: options.fullReportHint, ...extra }));
  let body = render();
  if (body.length <= limit) return body;
  const bySize = [...report.modules.map((m) => ({ dir: m.dir, findings: m.findings })), ...report.workspaces.map((w) => ({ dir: w.file, findings: w.findings }))]
    .filter((m) => m.findings.length > 0)
    .map((m) => ({ dir: m.dir, size: JSON.stringify(m.findings).length }))
    .sort((a, b) => b.size - a.size);
  for (const level of ['short', 'none'] as const) {
    for (const { dir } of bySize) {
      levels.set(dir, level);
      body = render();
      if (body.length <= limit) return body;
    }
  }
  for (let maxDetails = bySize.length; maxDetails >= 0; maxDetails = maxDetails > 8 ? Math.floor(maxDetails / 2) : maxDetails - 1) {
    body = render({ maxDetails });
    if (body.length <= limit) return body;
  }
  for (let maxRows = report.modules.length; maxRows >= 0; maxRows = Math.floor(maxRows / 2)) {
    body = render({ maxDetails: 0, maxRows });
    if (body.length <= limit) return body;
    if (maxRows === 0) break;
  }
  return wrap(`### ${options.title}\n\nThe report is too large for a comment. ${options.fullReportHint}\n`);
}

/** The short body a comment gets when everything it reported is fixed. */
export function resolvedBody(report: Report, marker: string, title: string): string {
  return `${marker}\n### ${title}\n\n✅ Resolved: all ${report.modules.length} module${report.modules.length === 1 ? '' : 's'} are tidy, go.sum matches the authoritative hashes, and the module cache verified.\n`;
}
