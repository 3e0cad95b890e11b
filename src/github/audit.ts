import type { GitHubApi, Issue } from './api.js';
import type { Report } from '../report/model.js';
import { commentMarker, renderBody } from './comment.js';

export type AuditAction = 'created' | 'updated' | 'reopened' | 'closed' | 'none';

/**
 * Keeps one tracking issue, found by label and hidden marker: created on the first run with
 * findings, updated in place, closed with a comment when everything is clean, reopened when
 * problems come back.
 */
export async function syncAuditIssue(
  api: GitHubApi,
  report: Report,
  options: { label: string; key: string; fullReportHint: string; runUrl: string | null }
): Promise<{ action: AuditAction; issue: Issue | null }> {
  const marker = commentMarker('audit', options.key);
  const existing = (await api.listIssues(options.label)).filter((i) => !i.isPullRequest && i.body.startsWith(marker)).sort((a, b) => a.number - b.number)[0];
  const hasFindings = report.modules.some((m) => m.findings.length > 0) || report.outcome === 'error';
  if (hasFindings) {
    const body = renderBody(report, { title: 'go-mod-hygiene: dependency audit', marker, fullReportHint: options.fullReportHint });
    if (!existing) return { action: 'created', issue: await api.createIssue({ title: 'go-mod-hygiene: Go dependency findings', body, labels: [options.label] }) };
    if (existing.state === 'closed') {
      return { action: 'reopened', issue: await api.updateIssue(existing.number, { body, state: 'open', stateReason: 'reopened' }) };
    }
    return { action: 'updated', issue: await api.updateIssue(existing.number, { body }) };
  }
  if (existing && existing.state === 'open') {
    await api.createIssueComment(existing.number, `✅ Everything is clean now${options.runUrl ? ` ([run](${options.runUrl}))` : ''}: closing.`);
    return { action: 'closed', issue: await api.updateIssue(existing.number, { state: 'closed', stateReason: 'completed' }) };
  }
  return { action: 'none', issue: existing ?? null };
}
