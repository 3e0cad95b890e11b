import * as core from '@actions/core';
import { createGoRunner } from '../go/runner.js';
import { runEngine } from '../engine/engine.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeJsonReport } from '../report/json.js';
import { parseSettings, checkWorkingDirectory, InputError, type Settings } from '../settings.js';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { readRunContext, type RunContext } from '../github/context.js';
import { createGitHubApi } from '../github/api.js';
import { publishToGitHub } from '../github/publish.js';
import { planAnnotations } from '../github/annotations.js';
import { renderBody } from '../github/comment.js';
import { restorePhase, warmPhase, afterCheckPhase } from '../cache/phases.js';
import { realClock } from '../util/retry.js';
import { wrapError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { Report, ChecksumMismatchFinding } from '../report/model.js';
import { FINDING_KINDS } from '../report/model.js';
import { Outputs } from '../constants.js';
import { preparePrivateAccess, type PrivateAccess } from '../go/private.js';

/** Step summaries over 1 MiB are dropped by the runner; stay well below. */
export const SUMMARY_LIMIT = 1000 * 1024;

export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  group: (title, lines) => {
    core.startGroup(title);
    for (const l of lines) core.info(l);
    core.endGroup();
  }
};

/** Sets the step outputs from a report. */
export function setOutputs(report: Report, reportPath: string): void {
  core.setOutput(Outputs.Result, report.outcome);
  core.setOutput(Outputs.ReportPath, reportPath);
  core.setOutput(Outputs.UntidyModules, JSON.stringify(report.modules.filter((m) => m.findings.some((f) => f.kind === 'untidy')).map((m) => m.dir)));
  // go.sum lines per module, then go.work.sum lines (dir = the go.work file).
  const mismatches = [...report.modules.map((m) => ({ dir: m.dir, findings: m.findings })), ...report.workspaces.map((w) => ({ dir: w.file, findings: w.findings }))].flatMap((m) =>
    m.findings
      .filter((f): f is ChecksumMismatchFinding => f.kind === 'checksum-mismatch')
      .map((f) => ({ dir: m.dir, module: f.module, version: f.version, hash: f.hash, committed: f.committed, authoritative: f.authoritative, source: f.sourceName, file: f.file, line: f.line }))
  );
  core.setOutput(Outputs.Mismatches, JSON.stringify(mismatches));
  for (const kind of FINDING_KINDS) core.setOutput(`${kind}-count`, String(report.counts[kind]));
}

/** The main step: restore the cache, check, report, fail by policy. */
export async function runMain(env: Record<string, string | undefined> = process.env): Promise<void> {
  let privateAccess: PrivateAccess | null = null;
  try {
    const settings = parseSettings((name) => core.getInput(name), env);
    if (settings.github.token) core.setSecret(settings.github.token);
    const ctx = readRunContext(env);
    if (settings.mode === 'publish') {
      await runPublish(settings, ctx, env);
      return;
    }
    checkWorkingDirectory(settings, (name) => core.getInput(name));
    let goEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    if (settings.privateModules) {
      // The token reaches only the git that go runs, through a temporary git config (never the user's, never logged).
      for (const secret of [settings.privateModules.token]) core.setSecret(secret);
      privateAccess = await preparePrivateAccess(settings.privateModules.token, settings.privateModules.hosts, settings.tempDir, goEnv);
      for (const secret of privateAccess.secrets) core.setSecret(secret);
      goEnv = { ...goEnv, ...privateAccess.env };
      core.info(`Private modules: git credentials for ${privateAccess.hosts.join(', ')} given to go's git only.`);
    }
    const go = createGoRunner({ goBinary: 'go', env: goEnv, timeoutMs: settings.commandTimeoutMs });
    const cacheCtx = { settings, go, log: actionsLogger, env };
    if (settings.mode === 'warm') {
      await warmPhase(cacheCtx);
      return;
    }
    await restorePhase(cacheCtx);
    const checked = await runEngine(
      {
        root: settings.workingDirectory,
        modules: settings.modules,
        failOn: settings.failOn,
        downloadAttempts: settings.downloadAttempts,
        concurrency: settings.concurrency,
        tempDir: settings.tempDir,
        tidyMode: 'auto',
        goEnv: settings.goEnv,
        retryBaseMs: 1000,
        repoRoot: repositoryRoot(env.GITHUB_WORKSPACE, settings.workingDirectory),
        lookups: settings.lookups,
        updates: settings.updates
      },
      { go, clock: realClock, random: Math.random, log: actionsLogger }
    );
    const pathPrefix = relativePrefix(env.GITHUB_WORKSPACE, settings.workingDirectory);
    const report: Report = {
      ...checked,
      context: {
        repository: ctx.repository,
        event: ctx.eventName,
        sha: ctx.sha,
        pullRequest: ctx.pullRequest ? { number: ctx.pullRequest.number, headSha: ctx.pullRequest.headSha } : null,
        pathPrefix
      }
    };
    await afterCheckPhase(cacheCtx, report);
    await publishReport(report, settings);
    for (const a of planAnnotations(report, pathPrefix)) {
      const props = { title: a.title, ...(a.file ? { file: a.file } : {}), ...(a.line ? { startLine: a.line } : {}) };
      if (a.level === 'error') core.error(a.message, props);
      else core.warning(a.message, props);
    }
    try {
      await publishToPullRequestOrIssue(report, settings, ctx, pathPrefix);
    } catch (e) {
      // Publishing trouble never changes the outcome: the summary, report and annotations are complete.
      core.warning(`go-mod-hygiene: the pull request comment or tracking issue was not posted: ${wrapError(e).message}`);
    }
    if (report.failed) {
      core.setFailed(report.outcome === 'error' ? report.notices.join(' ') || 'nothing was checked' : `go-mod-hygiene: findings that fail by policy (${report.failOn.filter((k) => report.counts[k] > 0).join(', ')})`);
    }
  } catch (e) {
    core.setFailed(wrapError(e).message);
  } finally {
    await privateAccess?.cleanup();
  }
}

/** The checkout (GITHUB_WORKSPACE) when the checked directory is inside it, else the checked directory. */
function repositoryRoot(workspace: string | undefined, dir: string): string {
  if (!workspace) return dir;
  const rel = relative(workspace, dir);
  return rel.startsWith('..') || rel.startsWith(sep) ? dir : workspace;
}

/** The checked root relative to the repository root, with `/`; '' for the root itself. */
function relativePrefix(workspace: string | undefined, dir: string): string {
  if (!workspace) return '';
  const rel = relative(workspace, dir).split(sep).join('/');
  return rel.startsWith('..') ? '' : rel;
}

/** Everything a report goes to locally: JSON file, job summary, outputs. */
/** Each is tried on its own: one that cannot be written (report-path under /proc, say) loses none of the others. */
async function publishReport(report: Report, settings: Settings): Promise<void> {
  let written = true;
  try {
    await writeJsonReport(settings.reportPath, report);
  } catch (e) {
    written = false;
    core.error(`report-path: the JSON report could not be written to ${settings.reportPath}: ${wrapError(e).message}. The job summary, annotations and outputs have the report.`, {
      title: 'go-mod-hygiene: report-path'
    });
  }
  const hint = written ? `The full report is in ${settings.reportPath}.` : '';
  let md = renderMarkdown(report, { title: 'go-mod-hygiene', fullReportHint: hint });
  if (md.length > SUMMARY_LIMIT) md = renderBody(report, { title: 'go-mod-hygiene', marker: '', fullReportHint: hint, limit: SUMMARY_LIMIT });
  try {
    await core.summary.addRaw(md).write();
  } catch (e) {
    core.warning(`The job summary could not be written: ${wrapError(e).message}`);
  }
  setOutputs(report, written ? settings.reportPath : '');
}

async function publishToPullRequestOrIssue(report: Report, settings: Settings, ctx: RunContext, pathPrefix: string): Promise<void> {
  if (!settings.github.token) {
    core.info('No token: the report is in the job summary only.');
    return;
  }
  if (!ctx.pullRequest && !settings.github.auditIssue) return;
  const api = createGitHubApi({ token: settings.github.token, baseUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo, clock: realClock });
  const result = await publishToGitHub(report, ctx, api, {
    settings: settings.github,
    pathPrefix,
    fullReportHint: `The full report is in the job summary${ctx.runUrl ? ` of [this run](${ctx.runUrl})` : ''} and in the JSON report.`,
    log: actionsLogger
  });
  if (result.commentUrl) core.setOutput(Outputs.CommentUrl, result.commentUrl);
  if (result.auditIssueUrl) core.setOutput(Outputs.AuditIssueUrl, result.auditIssueUrl);
}

/** `mode: publish`: post the comment for a report saved by an earlier run (the workflow_run half of the fork pattern). */
async function runPublish(settings: Settings, ctx: RunContext, env: Record<string, string | undefined>): Promise<void> {
  if (!env['INPUT_REPORT-PATH']?.trim()) throw new InputError('report-path', '', 'the path of a JSON report from an earlier run (required with mode: publish)');
  let report: Report;
  try {
    report = JSON.parse(await readFile(settings.reportPath, 'utf8')) as Report;
  } catch (e) {
    throw new Error(`mode: publish: cannot read the report at ${settings.reportPath}: ${wrapError(e).message}`, { cause: e });
  }
  if (report.schemaVersion !== 1 || !Array.isArray(report.modules)) throw new Error(`mode: publish: ${settings.reportPath} is not a go-mod-hygiene report`);
  const pr = report.context?.pullRequest;
  if (!pr || !Number.isInteger(pr.number)) throw new Error('mode: publish: the report names no pull request (it must come from a run on a pull_request event)');
  if (report.context?.repository && report.context.repository !== ctx.repository) {
    throw new Error(`mode: publish: the report is for ${report.context.repository}, not ${ctx.repository}`);
  }
  setOutputs(report, settings.reportPath);
  const pubCtx: RunContext = { ...ctx, pullRequest: { number: pr.number, headSha: pr.headSha, headRepo: null, fork: true } };
  await publishToPullRequestOrIssue(report, settings, pubCtx, report.context?.pathPrefix ?? '');
}
