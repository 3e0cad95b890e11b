import { readFileSync } from 'node:fs';
import { parseWorkflowRun, type ParsedWorkflowRun } from './publish-target.js';

/** Where the run happens, read once from the runner's environment and event payload. */
export interface RunContext {
  /** `owner/name`. */
  repository: string;
  owner: string;
  repo: string;
  eventName: string;
  sha: string;
  /** Set on pull_request and pull_request_target events. */
  pullRequest: { number: number; headSha: string; headRepo: string | null; fork: boolean } | null;
  serverUrl: string;
  apiUrl: string;
  runUrl: string | null;
  /** Set on workflow_run events: the triggering run, or why the payload cannot be used. */
  workflowRun?: ParsedWorkflowRun;
}

interface PullRequestPayload {
  pull_request?: { number: number; head: { sha: string; repo?: { full_name?: string; fork?: boolean } | null } };
  workflow_run?: unknown;
}

/** Reads the context from GITHUB_* variables; a missing or unreadable payload means no PR. */
export function readRunContext(env: Record<string, string | undefined>): RunContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let payload: PullRequestPayload = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestPayload;
    } catch {
      payload = {};
    }
  }
  const pr = (eventName === 'pull_request' || eventName === 'pull_request_target') && payload.pull_request ? payload.pull_request : null;
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    repository,
    owner,
    repo,
    eventName,
    sha: env.GITHUB_SHA ?? '',
    pullRequest: pr
      ? {
          number: pr.number,
          headSha: pr.head.sha,
          headRepo: pr.head.repo?.full_name ?? null,
          fork: Boolean(pr.head.repo?.fork) || (pr.head.repo?.full_name ?? repository) !== repository
        }
      : null,
    serverUrl,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    runUrl: env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : null,
    ...(eventName === 'workflow_run' ? { workflowRun: parseWorkflowRun(payload.workflow_run) } : {})
  };
}
