import { getOctokit } from '@actions/github';
import { backoffDelay, type Clock } from '../util/retry.js';

/** The parts of GitHub's REST API the action uses; the real one wraps octokit, tests use a loopback server. */
export interface GitHubApi {
  listIssueComments(issue: number): Promise<Comment[]>;
  createIssueComment(issue: number, body: string): Promise<Comment>;
  updateIssueComment(id: number, body: string): Promise<Comment>;
  getPull(pr: number): Promise<PullRequestInfo>;
  /** Open pull requests whose head is `owner:branch` (the only way to find a fork's PR from a workflow_run). */
  listOpenPullsByHead(head: string): Promise<PullRequestInfo[]>;
  listPullFiles(pr: number): Promise<{ filename: string; patch?: string }[]>;
  listReviewComments(pr: number): Promise<Comment[]>;
  createReview(pr: number, review: { commitId: string; body: string; comments: ReviewComment[] }): Promise<void>;
  deleteReviewComment(id: number): Promise<void>;
  listIssues(label: string): Promise<Issue[]>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<Issue>;
  updateIssue(number: number, patch: { body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'reopened' }): Promise<Issue>;
}

export interface Comment {
  id: number;
  body: string;
  htmlUrl: string;
  author: string;
  authorType: string;
}

/** What publish mode needs to know of a pull request to trust it is the run's own. */
export interface PullRequestInfo {
  number: number;
  state: string;
  headSha: string;
  headRef: string;
  /** owner/name of the head repository; null when the fork was deleted. */
  headRepo: string | null;
}

export interface ReviewComment {
  path: string;
  line: number;
  startLine?: number;
  body: string;
}

export interface Issue {
  number: number;
  state: string;
  body: string;
  htmlUrl: string;
  isPullRequest: boolean;
}

/** An API error with the status and GitHub's message. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly operation: string
  ) {
    super(`${operation}: ${status} ${message}`);
    this.name = 'GitHubApiError';
  }

  /** A read-only token (fork PRs, Dependabot): writing is not allowed. */
  get isForbidden(): boolean {
    return this.status === 403 && !/rate limit/i.test(this.message);
  }
}

interface OctokitErrorShape {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

function isTransient(status: number, message: string): boolean {
  return status >= 500 || status === 429 || (status === 403 && /secondary rate limit|rate limit exceeded/i.test(message));
}

/** Deadline of one GitHub API request. */
export const GITHUB_REQUEST_TIMEOUT_MS = 60_000;
/** The longest wait before asking again; when GitHub asks for longer, the request fails at once instead of failing again later. */
export const GITHUB_MAX_WAIT_MS = 60_000;
/** GitHub's advice for a secondary rate limit that names no time: wait at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;
/** GitHub's advice against secondary rate limits: at least a second between writes. */
export const GITHUB_WRITE_GAP_MS = 1000;

/**
 * How long GitHub asks us to wait, in ms: `retry-after`, else the primary limit's `x-ratelimit-reset`
 * (plus a second, to ask after it) when no requests remain; null when the headers say neither.
 */
export function requestedWaitMs(headers: Record<string, string | undefined>, now: number): number | null {
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const reset = Number(headers['x-ratelimit-reset']);
  if (headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now) + 1000;
  return null;
}

/**
 * GitHubApi over @actions/github. Retries 5xx, 429 and rate limits, waiting as GitHub's headers ask
 * (retry-after; the reset time of a spent primary limit; a minute for a secondary limit that names
 * none) or with backoff for a 5xx; spaces writes a second apart. The waits go through `clock`.
 */
export function createGitHubApi(options: { token: string; baseUrl: string; owner: string; repo: string; clock: Clock; attempts?: number; timeoutMs?: number }): GitHubApi {
  const octokit = getOctokit(options.token, { baseUrl: options.baseUrl });
  // Every request has a deadline: an API that accepts and never answers costs a warning, not the job.
  const timeoutMs = options.timeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS;
  octokit.hook.before('request', (o) => {
    o.request = { ...o.request, signal: AbortSignal.timeout(timeoutMs) };
  });
  const { owner, repo, clock } = options;
  const attempts = options.attempts ?? 4;
  let lastWrite: number | null = null;
  async function call<T>(operation: string, fn: () => Promise<T>, write = false): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (write) {
        const gap = lastWrite === null ? GITHUB_WRITE_GAP_MS : clock.now() - lastWrite;
        if (gap < GITHUB_WRITE_GAP_MS) await clock.sleep(GITHUB_WRITE_GAP_MS - gap);
        lastWrite = clock.now();
      }
      try {
        return await fn();
      } catch (e) {
        const err = e as OctokitErrorShape;
        const status = typeof err.status === 'number' ? err.status : 0;
        // Past the deadline (octokit reports it as a 500): asking again would only multiply the wait.
        const cause = (e as { cause?: { name?: string } }).cause?.name;
        const aborted = cause === 'TimeoutError' || cause === 'AbortError' || /aborted due to timeout/.test((e as Error).message ?? '');
        let message = aborted ? `no answer within ${timeoutMs / 1000} s (the request was aborted)` : apiMessage(err);
        if (status && !aborted && isTransient(status, message) && attempt < attempts) {
          const asked = requestedWaitMs(err.response?.headers ?? {}, clock.now());
          const delay = asked ?? (/secondary rate limit/i.test(message) ? SECONDARY_LIMIT_WAIT_MS : backoffDelay(attempt, { attempts, baseMs: 1000, maxMs: 30000, random: Math.random }));
          if (delay <= GITHUB_MAX_WAIT_MS) {
            await clock.sleep(delay);
            continue;
          }
          message += ` (GitHub asks to wait ${Math.ceil(delay / 1000)} s before trying again, longer than go-mod-hygiene waits)`;
        }
        throw new GitHubApiError(status, message, operation);
      }
    }
  }
  const write = <T>(operation: string, fn: () => Promise<T>): Promise<T> => call(operation, fn, true);
  const comment = (c: { id: number; body?: string | null; html_url: string; user: { login: string; type: string } | null }): Comment => ({
    id: c.id,
    body: c.body ?? '',
    htmlUrl: c.html_url,
    author: c.user?.login ?? '',
    authorType: c.user?.type ?? ''
  });
  const issue = (i: { number: number; state: string; body?: string | null; html_url: string; pull_request?: unknown }): Issue => ({
    number: i.number,
    state: i.state,
    body: i.body ?? '',
    htmlUrl: i.html_url,
    isPullRequest: Boolean(i.pull_request)
  });
  const pull = (p: { number: number; state: string; head: { sha: string; ref: string; repo: { full_name: string } | null } }): PullRequestInfo => ({
    number: p.number,
    state: p.state,
    headSha: p.head.sha,
    headRef: p.head.ref,
    headRepo: p.head.repo?.full_name ?? null
  });
  return {
    listIssueComments: (n) =>
      call('list comments', async () => (await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: n, per_page: 100 })).map(comment)),
    createIssueComment: (n, body) => write('create comment', async () => comment((await octokit.rest.issues.createComment({ owner, repo, issue_number: n, body })).data)),
    updateIssueComment: (id, body) => write('update comment', async () => comment((await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body })).data)),
    getPull: (n) => call('get pull request', async () => pull((await octokit.rest.pulls.get({ owner, repo, pull_number: n })).data)),
    listOpenPullsByHead: (head) =>
      call('list pull requests', async () => (await octokit.paginate(octokit.rest.pulls.list, { owner, repo, head, state: 'open', per_page: 100 })).map(pull)),
    listPullFiles: (n) =>
      call('list PR files', async () =>
        (await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: n, per_page: 100 })).map((f) => ({ filename: f.filename, ...(f.patch ? { patch: f.patch } : {}) }))
      ),
    listReviewComments: (n) =>
      call('list review comments', async () => (await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: n, per_page: 100 })).map(comment)),
    createReview: (n, r) =>
      write('create review', async () => {
        await octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: n,
          commit_id: r.commitId,
          event: 'COMMENT',
          body: r.body,
          comments: r.comments.map((c) => ({ path: c.path, line: c.line, side: 'RIGHT', ...(c.startLine ? { start_line: c.startLine, start_side: 'RIGHT' } : {}), body: c.body }))
        });
      }),
    deleteReviewComment: (id) =>
      write('delete review comment', async () => {
        await octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: id });
      }),
    listIssues: (label) =>
      call('list issues', async () => (await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: label, state: 'all', per_page: 100 })).map(issue)),
    createIssue: (i) => write('create issue', async () => issue((await octokit.rest.issues.create({ owner, repo, title: i.title, body: i.body, labels: i.labels })).data)),
    updateIssue: (n, p) =>
      write('update issue', async () =>
        issue(
          (
            await octokit.rest.issues.update({
              owner,
              repo,
              issue_number: n,
              ...(p.body !== undefined ? { body: p.body } : {}),
              ...(p.state ? { state: p.state } : {}),
              ...(p.stateReason ? { state_reason: p.stateReason } : {})
            })
          ).data
        )
      )
  };
}

function apiMessage(err: OctokitErrorShape): string {
  const data = err.response?.data as { message?: string; errors?: unknown } | undefined;
  const base = data?.message ?? err.message ?? 'unknown error';
  return data?.errors ? `${base} ${JSON.stringify(data.errors)}` : base;
}
