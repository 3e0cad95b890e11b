import type { Report } from '../report/model.js';
import type { GitHubSettings } from '../settings.js';
import type { Logger } from '../util/log.js';
import { GitHubApiError, type GitHubApi } from './api.js';
import type { RunContext } from './context.js';
import { commentMarker, renderBody, resolvedBody } from './comment.js';
import { planSuggestions, suggestionBody, suggestionIdOf } from './suggestions.js';
import { syncAuditIssue } from './audit.js';
import { prScope, worthAComment, type PrFile, type PrScope } from './scope.js';
import { wrapError } from '../util/errors.js';

export interface PublishResult {
  commentUrl: string | null;
  auditIssueUrl: string | null;
  /** Set when a write was refused for lack of permission; the step does not fail for it. */
  forbidden: string | null;
  /** Set when a write failed for another reason (a 422, a 5xx after the retries): warned, the step does not fail for it. */
  notPosted: string | null;
}

export interface PublishOptions {
  settings: GitHubSettings;
  /** The checked root relative to the repository root, for file paths in the PR. */
  pathPrefix: string;
  fullReportHint: string;
  log: Logger;
  /** The PR's changed files when the caller already has them (the main step reads them for `only-new-issues`). */
  prFiles?: PrFile[] | null;
  /** Input `only-new-issues`: the comment's verdict counts only this PR's failures; those already there are folded apart. */
  onlyNewIssues?: boolean;
}

const TITLE = 'go-mod-hygiene';

/**
 * Posts the report where people work: on a PR one comment (found by its marker, updated in
 * place) plus review suggestions; without a PR the tracking issue. A 403 (read-only token) is a
 * warning naming the permission; any other failure is a warning saying what was not posted.
 */
export async function publishToGitHub(report: Report, ctx: RunContext, api: GitHubApi, options: PublishOptions): Promise<PublishResult> {
  const result: PublishResult = { commentUrl: null, auditIssueUrl: null, forbidden: null, notPosted: null };
  const guard = async (what: string, permission: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof GitHubApiError && e.isForbidden) {
        result.forbidden = permission;
        options.log.warning(
          `go-mod-hygiene could not ${what}: the token may not write (${e.message}). Grant \`permissions: ${permission}\` to the job. ` +
            'Pull requests from forks (and Dependabot) get a read-only token: use the two-workflow pattern with `mode: publish` (see the README). ' +
            'The full report is in the job summary.'
        );
        return;
      }
      // Any other trouble (422, 5xx after the retries, the network): a warning; the outcome follows the findings.
      result.notPosted = what;
      options.log.warning(`go-mod-hygiene could not ${what}: ${wrapError(e).message}. The outcome is unchanged; the full report is in the job summary and the JSON report.`);
    }
  };
  const pr = ctx.pullRequest;
  if (pr) {
    const files = options.prFiles !== undefined ? options.prFiles : await readPullFiles(api, pr.number, options.log);
    const scope = files ? prScope(report, files, options.pathPrefix) : null;
    await guard('write the pull request comment', 'pull-requests: write', async () => {
      result.commentUrl = await upsertComment(api, pr.number, report, options, scope);
    });
    if (options.settings.suggestions && !result.forbidden && !result.notPosted && files) {
      await guard('post review suggestions', 'pull-requests: write', () => syncSuggestions(api, pr.number, pr.headSha, report, options, files));
    }
  } else if (options.settings.auditIssue) {
    await guard('update the tracking issue', 'issues: write', async () => {
      const { action, issue } = await syncAuditIssue(api, report, {
        label: options.settings.auditLabel,
        key: options.settings.commentKey,
        fullReportHint: options.fullReportHint,
        runUrl: ctx.runUrl
      });
      result.auditIssueUrl = issue?.htmlUrl ?? null;
      options.log.info(`tracking issue: ${action}${issue ? ` (#${issue.number})` : ''}`);
    });
  }
  return result;
}

/** The PR's changed files; null (with a warning) when they cannot be read: the comment then covers every finding. */
export async function readPullFiles(api: GitHubApi, prNumber: number, log: Logger): Promise<PrFile[] | null> {
  try {
    return await api.listPullFiles(prNumber);
  } catch (e) {
    if (!(e instanceof GitHubApiError)) throw e;
    log.warning(`go-mod-hygiene could not read the pull request's files (${e.message}): findings are not split into this PR's and earlier ones.`);
    return null;
  }
}

async function upsertComment(api: GitHubApi, prNumber: number, report: Report, options: PublishOptions, scope: PrScope | null): Promise<string | null> {
  if (options.settings.comment === 'never') return null;
  const marker = commentMarker('comment', options.settings.commentKey);
  const existing = (await api.listIssueComments(prNumber)).filter((c) => c.body.startsWith(marker));
  const mine = existing.find((c) => c.authorType === 'Bot') ?? existing[0];
  // With the PR's files known, advisories it did not touch are no reason to comment: they are in the job summary.
  const onlyNew = Boolean(options.onlyNewIssues && scope);
  const problems = scope ? worthAComment(report, scope, onlyNew) : report.outcome !== 'clean';
  let body: string;
  if (problems || options.settings.comment === 'always') {
    body = renderBody(report, { title: TITLE, marker, fullReportHint: options.fullReportHint, ...(scope ? { scope: scope.scope } : {}), ...(onlyNew ? { onlyNewIssues: true } : {}) });
  } else if (mine) {
    body = resolvedBody(report, marker, TITLE);
  } else {
    return null; // clean, and nothing reported earlier: no comment
  }
  if (mine) {
    if (mine.body === body) return mine.htmlUrl;
    return (await api.updateIssueComment(mine.id, body)).htmlUrl;
  }
  return (await api.createIssueComment(prNumber, body)).htmlUrl;
}

/** Posts new suggestions in one review, skips those already posted, deletes ours that no longer apply. */
async function syncSuggestions(api: GitHubApi, prNumber: number, headSha: string, report: Report, options: PublishOptions, files: PrFile[]): Promise<void> {
  const planned = planSuggestions(report, files, options.pathPrefix);
  const posted = (await api.listReviewComments(prNumber)).map((c) => ({ id: c.id, sid: suggestionIdOf(c.body) })).filter((c) => c.sid !== null);
  const postedIds = new Set(posted.map((c) => c.sid));
  const plannedIds = new Set(planned.map((s) => s.id));
  for (const old of posted.filter((c) => !plannedIds.has(c.sid!))) await api.deleteReviewComment(old.id);
  const fresh = planned.filter((s) => !postedIds.has(s.id));
  if (fresh.length === 0) return;
  try {
    await api.createReview(prNumber, {
      commitId: headSha,
      body: `go-mod-hygiene: \`go mod tidy\` would change ${fresh.length === 1 ? 'one place' : `${fresh.length} places`} in go.mod. Commit the suggestions, or run \`go mod tidy\`.`,
      comments: fresh.map((s) => ({ path: s.path, line: s.line, ...(s.startLine !== s.line ? { startLine: s.startLine } : {}), body: suggestionBody(s) }))
    });
  } catch (e) {
    // Lines GitHub cannot place (e.g. the checked merge commit differs from the head): say so, keep the comment.
    if (e instanceof GitHubApiError && e.status === 422) options.log.warning(`go-mod-hygiene: review suggestions not posted: ${e.message}`);
    else throw e;
  }
}
