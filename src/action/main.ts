import * as core from '@actions/core';
import { createGoRunner } from '../go/runner.js';
import { runEngine } from '../engine/engine.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeJsonReport } from '../report/json.js';
import { parseSettings, checkWorkingDirectory, InputError, type Settings } from '../settings.js';
import { relative, sep } from 'node:path';
import { readRunContext, type RunContext } from '../github/context.js';
import { createGitHubApi } from '../github/api.js';
import { publishToGitHub, readPullFiles } from '../github/publish.js';
import { prepareSavedReport } from '../github/publish-target.js';
import { failsOnlyNew, prScope, type PrFile, type PrScope } from '../github/scope.js';
import { planAnnotations } from '../github/annotations.js';
import { renderBody } from '../github/comment.js';
import { restorePhase, warmPhase, afterCheckPhase } from '../cache/phases.js';
import { realClock } from '../util/retry.js';
import { createProgress, tickEverySecond } from '../util/progress.js';
import { wrapError } from '../util/errors.js';
import { actionsLogger, maskSecrets } from './log.js';
import type { Report, ChecksumMismatchFinding } from '../report/model.js';
import { FINDING_KINDS } from '../report/model.js';
import { Inputs, Outputs } from '../constants.js';
import { preparePrivateAccess, type PrivateAccess } from '../go/private.js';
import { prepareProxyAuth, type ProxyAuth } from '../go/proxyauth.js';
import { mergeShardReports } from '../report/merge.js';
import { collectShardReports } from '../report/shards.js';
import { readReportFile } from '../report/read.js';
// For the entry file, which loads this module on the work thread with one dynamic import.
export { closeDefaultSpawner } from '../go/spawner.js';

/** Step summaries over 1 MiB are dropped by the runner; stay well below. */
export const SUMMARY_LIMIT = 1000 * 1024;

/** Sets the step outputs from a report. */
export function setOutputs(report: Report, reportPath: string): void {
  core.setOutput(Outputs.Result, report.outcome);
  // Whether the step fails by policy: with only-new-issues, failures already there are counted in the *-count outputs but do not make this true.
  core.setOutput(Outputs.Failed, String(report.failed));
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
  let proxyAuth: ProxyAuth | null = null;
  try {
    const settings = parseSettings((name) => core.getInput(name), env);
    maskSecrets(settings, env);
    const ctx = readRunContext(env);
    if (settings.mode === 'publish') {
      await runPublish(settings, ctx, env);
      return;
    }
    if (settings.mode === 'merge') {
      await runMerge(settings, ctx, env);
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
      actionsLogger.info(`Private modules: git credentials for ${privateAccess.hosts.join(', ')} given to go's git only.`);
    }
    if (settings.proxyCredentials.length > 0) {
      // Masked before anything could print them; the .netrc is ours, temporary, and only our go processes read it.
      for (const c of settings.proxyCredentials) core.setSecret(c.password);
      proxyAuth = await prepareProxyAuth(settings.proxyCredentials, settings.tempDir, goEnv);
      for (const secret of proxyAuth.secrets) core.setSecret(secret);
      goEnv = { ...goEnv, ...proxyAuth.env };
      core.info(`Module proxies: credentials for ${proxyAuth.hosts.join(', ')} given to go through a temporary .netrc.`);
    }
    const go = createGoRunner({ goBinary: 'go', env: goEnv, timeoutMs: settings.commandTimeoutMs });
    const cacheCtx = { settings, go, log: actionsLogger, env };
    if (settings.mode === 'warm') {
      await warmPhase(cacheCtx);
      return;
    }
    await restorePhase(cacheCtx);
    // The log gets each module's group as it finishes; a module running long is named each minute, so the log is never silent for long.
    const progress = createProgress('log', (line) => actionsLogger.info(line.replace(/\n$/, '')), realClock);
    const stopTicking = tickEverySecond(progress, realClock);
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
        updates: settings.updates,
        environ: goEnv,
        ...(settings.shard ? { shard: settings.shard } : {})
      },
      { go, clock: realClock, random: Math.random, log: { ...actionsLogger, progress: (state) => progress.update(state) } }
    ).finally(stopTicking);
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
    // A shard reports its part where it runs; the merge job comments for the whole run.
    await finish(report, settings, ctx, pathPrefix, settings.shard === null);
  } catch (e) {
    core.setFailed(wrapError(e).message);
  } finally {
    await privateAccess?.cleanup();
    await proxyAuth?.cleanup();
  }
}

/** Everything after the check: JSON report, summary, outputs, annotations, the comment or tracking issue (unless `comment` is false), and the outcome. */
async function finish(report: Report, settings: Settings, ctx: RunContext, pathPrefix: string, comment: boolean): Promise<void> {
  // On a PR, what it changed: marks each finding as this PR's or already there, and decides the step under only-new-issues.
  const api = settings.github.token ? createGitHubApi({ token: settings.github.token, baseUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo, clock: realClock }) : null;
  const prFiles = api && ctx.pullRequest ? await readPullFiles(api, ctx.pullRequest.number, actionsLogger) : null;
  const scope = prFiles ? prScope(report, prFiles, pathPrefix) : null;
  // Applied only when the PR's files are known: the verdict, outputs, annotations, summary and comment then all count this PR's failures only.
  const onlyNew = settings.onlyNewIssues && ctx.pullRequest !== null && scope !== null;
  if (settings.onlyNewIssues && ctx.pullRequest && !scope) {
    core.warning(`${Inputs.OnlyNewIssues}: the pull request's changed files could not be read (no token?), so every finding counts.`);
  }
  if (onlyNew && scope) report.failed = failsOnlyNew(report, scope);
  if (report.context) {
    // mode: publish renders the saved report as this run decided it.
    if (onlyNew) report.context.onlyNewIssues = true;
    else delete report.context.onlyNewIssues;
  }
  await publishReport(report, settings, scope, onlyNew);
  for (const a of planAnnotations(report, pathPrefix, onlyNew && scope ? { scope: scope.scope } : undefined)) {
    const props = { title: a.title, ...(a.file ? { file: a.file } : {}), ...(a.line ? { startLine: a.line } : {}) };
    if (a.level === 'error') core.error(a.message, props);
    else core.warning(a.message, props);
  }
  if (comment) {
    try {
      await publishToPullRequestOrIssue(report, settings, ctx, pathPrefix, onlyNew, prFiles);
    } catch (e) {
      // Publishing trouble never changes the outcome: the summary, report and annotations are complete.
      core.warning(`go-mod-hygiene: the pull request comment or tracking issue was not posted: ${wrapError(e).message}`);
    }
  }
  else core.info(`shard ${settings.shard?.index}/${settings.shard?.total}: no comment from a shard; the merge job (mode: merge) publishes the whole run.`);
  if (report.failed) {
    core.setFailed(report.outcome === 'error' ? report.notices.join(' ') || 'nothing was checked' : `go-mod-hygiene: findings that fail by policy (${report.failOn.filter((k) => report.counts[k] > 0).join(', ')})`);
  }
}

/**
 * `mode: merge`: the shards' reports (artifacts, so read bounded and validated) put back into the
 * report one job would have written, then published as a check run publishes it. A missing or
 * foreign shard fails the step with the reasons and posts nothing: never a partial comment.
 */
async function runMerge(settings: Settings, ctx: RunContext, env: Record<string, string | undefined>): Promise<void> {
  const { parts, problems } = await collectShardReports(settings.reports, (path) => readReportFile(path));
  const merged = problems.length ? null : mergeShardReports(parts);
  const refused = problems.length ? problems : merged && !merged.ok ? merged.problems : [];
  if (refused.length || !merged?.ok) {
    core.setFailed(`mode: merge: the shards' reports cannot be merged, nothing was published:\n${refused.map((p) => `- ${p}`).join('\n')}`);
    return;
  }
  const report = merged.report;
  // The merged report is for this run's pull request only when the shards were checked on it: by
  // this action in a workflow (a report the CLI wrote has no context), in this repository, on this
  // commit. The fields compared were validated when the reports were read.
  const foreign = !report.context
    ? 'the shards\' reports have no GitHub context (written by the CLI, not by the action in a workflow)'
    : ctx.repository && report.context.repository !== ctx.repository
      ? `the shards checked ${report.context.repository}, this run is for ${ctx.repository}`
      : ctx.sha && report.context.sha !== ctx.sha
        ? `the shards checked commit ${report.context.sha}, this run is for ${ctx.sha}`
        : null;
  if (foreign) {
    core.setFailed(`mode: merge: ${foreign}: nothing was published`);
    return;
  }
  core.info(`mode: merge: ${parts.length} shard report(s), ${report.modules.length} module(s).`);
  await finish(report, settings, ctx, report.context?.pathPrefix ?? relativePrefix(env.GITHUB_WORKSPACE, settings.workingDirectory), true);
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
async function publishReport(report: Report, settings: Settings, scope: PrScope | null, onlyNewIssues: boolean): Promise<void> {
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
  const prScoped = scope ? { scope: scope.scope, ...(onlyNewIssues ? { onlyNewIssues: true } : {}) } : {};
  let md = renderMarkdown(report, { title: 'go-mod-hygiene', fullReportHint: hint, allModules: true, ...prScoped });
  if (md.length > SUMMARY_LIMIT) md = renderBody(report, { title: 'go-mod-hygiene', marker: '', fullReportHint: hint, limit: SUMMARY_LIMIT, allModules: true, ...prScoped });
  try {
    await core.summary.addRaw(md).write();
  } catch (e) {
    core.warning(`The job summary could not be written: ${wrapError(e).message}`);
  }
  setOutputs(report, written ? settings.reportPath : '');
}

async function publishToPullRequestOrIssue(report: Report, settings: Settings, ctx: RunContext, pathPrefix: string, onlyNewIssues: boolean, prFiles?: PrFile[] | null): Promise<void> {
  if (!settings.github.token) {
    actionsLogger.info('No token: the report is in the job summary only.');
    return;
  }
  if (!ctx.pullRequest && !settings.github.auditIssue) return;
  const api = createGitHubApi({ token: settings.github.token, baseUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo, clock: realClock });
  const result = await publishToGitHub(report, ctx, api, {
    settings: settings.github,
    pathPrefix,
    fullReportHint: `The full report is in the job summary${ctx.runUrl ? ` of [this run](${ctx.runUrl})` : ''} and in the JSON report.`,
    log: actionsLogger,
    onlyNewIssues,
    ...(prFiles !== undefined ? { prFiles } : {})
  });
  if (result.commentUrl) core.setOutput(Outputs.CommentUrl, result.commentUrl);
  if (result.auditIssueUrl) core.setOutput(Outputs.AuditIssueUrl, result.auditIssueUrl);
}

/**
 * `mode: publish`: post the comment for a report saved by an earlier run (the workflow_run half
 * of the fork pattern). The report is untrusted: it is validated field by field, and the pull
 * request comes from the event and the API, never from the report. A refusal is a log line;
 * nothing is posted or deleted.
 */
async function runPublish(settings: Settings, ctx: RunContext, env: Record<string, string | undefined>): Promise<void> {
  if (!env['INPUT_REPORT-PATH']?.trim()) throw new InputError(Inputs.ReportPath, '', 'the path of a JSON report from an earlier run (required with mode: publish)');
  if (ctx.eventName !== 'workflow_run' && settings.pullRequest === null) {
    throw new InputError(Inputs.PullRequest, '', 'the number of the pull request to post on (required with mode: publish outside a workflow_run event, where it comes from the event)');
  }
  const api = settings.github.token ? createGitHubApi({ token: settings.github.token, baseUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo, clock: realClock }) : null;
  const saved = await prepareSavedReport(settings.reportPath, ctx, api, settings.pullRequest);
  if (!saved.ok) {
    const line = `mode: publish: nothing posted from ${settings.reportPath}: ${saved.reason}`;
    if (saved.level === 'warning') core.warning(line);
    else core.info(line);
    return;
  }
  core.info(`mode: publish: posting on pull request #${saved.ctx.pullRequest.number} (head ${saved.ctx.pullRequest.headSha}).`);
  setOutputs(saved.report, settings.reportPath);
  await publishToPullRequestOrIssue(saved.report, settings, saved.ctx, saved.report.context?.pathPrefix ?? '', saved.report.context?.onlyNewIssues === true);
}
