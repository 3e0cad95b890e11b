/**
 * Which pull request `mode: publish` may post on. The report is an artifact of the triggering
 * run, and for a fork that run executed the fork's own workflow: everything in it is untrusted.
 * So the pull request comes from the event (`github.event.workflow_run`) and the API, never from
 * the report; the report must agree with both, and its head must still be the PR's head.
 */
import { COMMIT_SHA } from '../report/validate.js';
import { readReportFile } from '../report/read.js';
import type { Report } from '../report/model.js';
import { GitHubApiError, type GitHubApi, type PullRequestInfo } from './api.js';
import type { RunContext } from './context.js';

/** The parts of `github.event.workflow_run` publish mode reads. */
export interface WorkflowRun {
  id: number;
  headSha: string;
  headBranch: string;
  /** owner/name of the repository the head commit is in: the fork, for a fork's PR. */
  headRepository: string;
  headOwner: string;
  /** The event that triggered the run. */
  event: string;
  /** Numbers GitHub lists in `pull_requests` (same-repository PRs; empty for forks). */
  pullRequests: number[];
}

export type ParsedWorkflowRun = { ok: true; run: WorkflowRun } | { ok: false; problem: string };

const REPO_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const OWNER = /^[A-Za-z0-9_.-]+$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `workflow_run` from the event payload; a payload without the fields we need is refused, naming the field. */
export function parseWorkflowRun(value: unknown): ParsedWorkflowRun {
  const refuse = (problem: string): ParsedWorkflowRun => ({ ok: false, problem });
  if (!isObject(value)) return refuse('the event payload has no workflow_run object');
  const { id, head_sha: headSha, head_branch: headBranch, head_repository: headRepo, event, pull_requests: prs } = value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return refuse('workflow_run.id is not a run id');
  if (typeof headSha !== 'string' || !COMMIT_SHA.test(headSha)) return refuse('workflow_run.head_sha is not a commit SHA');
  // Git refuses control characters in branch names; anything else is quoted when logged.
  // eslint-disable-next-line no-control-regex
  if (typeof headBranch !== 'string' || headBranch === '' || headBranch.length > 255 || /[\u0000-\u001f\u007f]/.test(headBranch)) return refuse('workflow_run.head_branch is not a branch name');
  if (!isObject(headRepo) || typeof headRepo['full_name'] !== 'string' || !REPO_NAME.test(headRepo['full_name'])) return refuse('workflow_run.head_repository.full_name is not owner/name');
  const owner = isObject(headRepo['owner']) ? headRepo['owner']['login'] : undefined;
  const headOwner = typeof owner === 'string' ? owner : headRepo['full_name'].split('/')[0]!;
  if (!OWNER.test(headOwner)) return refuse('workflow_run.head_repository.owner.login is not an owner name');
  if (typeof event !== 'string' || !/^[a-z_]{1,64}$/.test(event)) return refuse('workflow_run.event is not an event name');
  const pullRequests = Array.isArray(prs) ? prs.map((p) => (isObject(p) ? p['number'] : undefined)).filter((n): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0) : [];
  return { ok: true, run: { id, headSha, headBranch, headRepository: headRepo['full_name'], headOwner, event, pullRequests } };
}

/** Where to publish, or why not. `warning`: the report or event is not what it should be; `info`: nothing to do (e.g. the PR moved on). */
export type PublishTarget =
  | { ok: true; pr: { number: number; headSha: string; headRepo: string | null }; runUrl: string | null }
  | { ok: false; level: 'info' | 'warning'; reason: string };

const PR_EVENTS = ['pull_request', 'pull_request_target'];

/**
 * Finds the pull request the report may be posted on. Under `workflow_run`: the PR whose head is
 * the run's head SHA (from `pull_requests`, or for forks by head owner:branch), which must be the
 * one the report names, with the head the report was made for. Otherwise only the PR number the
 * workflow author gave (`requested`), again with the report's head still its head.
 */
export async function resolvePublishTarget(report: Report, ctx: RunContext, api: GitHubApi, requested: number | null): Promise<PublishTarget> {
  const warn = (reason: string): PublishTarget => ({ ok: false, level: 'warning', reason });
  const skip = (reason: string): PublishTarget => ({ ok: false, level: 'info', reason });
  const context = report.context;
  if (!context) return warn('the report has no run context: it was not written by the action on a pull request run');
  if (context.repository.toLowerCase() !== ctx.repository.toLowerCase()) return warn(`the report was written for ${context.repository}, not ${ctx.repository}`);
  const claimed = context.pullRequest;
  if (!claimed) return warn(`the report names no pull request: it was written on a ${context.event} event`);
  try {
    if (ctx.eventName === 'workflow_run') {
      const parsed = ctx.workflowRun ?? { ok: false, problem: 'the event payload has no workflow_run object' };
      if (!parsed.ok) return warn(parsed.problem);
      const run = parsed.run;
      if (!PR_EVENTS.includes(run.event)) return skip(`the triggering run was a ${run.event} event, not a pull request`);
      if (claimed.headSha !== run.headSha) return warn(`the report was made for head ${claimed.headSha}, but the triggering run was for ${run.headSha}`);
      const found = run.pullRequests.length ? await pullsByNumber(api, run.pullRequests) : await api.listOpenPullsByHead(`${run.headOwner}:${run.headBranch}`);
      const fromRun = found.filter((p) => p.state === 'open' && p.headRef === run.headBranch && p.headRepo?.toLowerCase() === run.headRepository.toLowerCase());
      const current = fromRun.filter((p) => p.headSha === run.headSha);
      const branch = `${run.headOwner}:${JSON.stringify(run.headBranch)}`;
      if (current.length === 0) {
        if (fromRun.length) {
          return skip(`pull request #${fromRun.map((p) => p.number).join(', #')} has moved on from ${run.headSha} to ${fromRun.map((p) => p.headSha).join(', ')}; the run for the new head publishes its own report`);
        }
        return skip(`no open pull request of this repository has ${branch} at ${run.headSha} as its head`);
      }
      const pr = current.find((p) => p.number === claimed.number);
      if (!pr) return warn(`the report names pull request #${claimed.number}, but the triggering run is for #${current.map((p) => p.number).join(', #')}`);
      if (requested !== null && requested !== pr.number) return warn(`the pull-request input is #${requested}, but the triggering run is for #${pr.number}`);
      return { ok: true, pr: { number: pr.number, headSha: pr.headSha, headRepo: pr.headRepo }, runUrl: `${ctx.serverUrl}/${ctx.repository}/actions/runs/${run.id}` };
    }
    if (requested === null) return warn(`outside a workflow_run event the pull request must be given as the pull-request input (this is a ${ctx.eventName || 'unknown'} event)`);
    if (claimed.number !== requested) return warn(`the report names pull request #${claimed.number}, not #${requested} (the pull-request input)`);
    const [pr] = await pullsByNumber(api, [requested]);
    if (!pr) return warn(`pull request #${requested} does not exist in ${ctx.repository}`);
    if (pr.state !== 'open') return skip(`pull request #${requested} is ${pr.state}`);
    if (pr.headSha !== claimed.headSha) return skip(`pull request #${requested} has moved on from ${claimed.headSha} (the report's head) to ${pr.headSha}; a report for the new head publishes its own`);
    return { ok: true, pr: { number: pr.number, headSha: pr.headSha, headRepo: pr.headRepo }, runUrl: ctx.runUrl };
  } catch (e) {
    if (e instanceof GitHubApiError) return warn(`the pull request could not be looked up (${e.message})`);
    throw e;
  }
}

/** The pull requests with these numbers in this repository; numbers that do not exist here are left out. */
async function pullsByNumber(api: GitHubApi, numbers: number[]): Promise<PullRequestInfo[]> {
  const out: PullRequestInfo[] = [];
  for (const n of numbers) {
    try {
      out.push(await api.getPull(n));
    } catch (e) {
      if (e instanceof GitHubApiError && e.status === 404) continue;
      throw e;
    }
  }
  return out;
}

/** A saved report ready to post: validated, with the context of the pull request it may go to. */
export type SavedReport = { ok: true; report: Report; ctx: RunContext & { pullRequest: NonNullable<RunContext['pullRequest']> } } | { ok: false; level: 'info' | 'warning'; reason: string };

/**
 * Reads the report at `path` (bounded, validated) and resolves where it may be posted. `api` is
 * null without a token: the report is still validated, nothing is looked up or posted.
 */
export async function prepareSavedReport(path: string, ctx: RunContext, api: GitHubApi | null, requested: number | null): Promise<SavedReport> {
  const read = await readReportFile(path);
  if (!read.ok) return { ok: false, level: 'warning', reason: `the file is not a go-mod-hygiene report of this version:\n${read.problems.map((p) => `  ${p}`).join('\n')}` };
  if (!api) return { ok: false, level: 'info', reason: 'no token to post with' };
  const target = await resolvePublishTarget(read.report, ctx, api, requested);
  if (!target.ok) return target;
  const { number, headSha, headRepo } = target.pr;
  return {
    ok: true,
    report: read.report,
    ctx: { ...ctx, runUrl: target.runUrl, pullRequest: { number, headSha, headRepo, fork: headRepo?.toLowerCase() !== ctx.repository.toLowerCase() } }
  };
}
