import * as core from '@actions/core';
import { createGoRunner } from '../go/runner.js';
import { runEngine } from '../engine/engine.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeJsonReport } from '../report/json.js';
import { parseSettings, type Settings } from '../settings.js';
import { restorePhase, warmPhase, afterCheckPhase } from '../cache/phases.js';
import { realClock } from '../util/retry.js';
import { wrapError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { Report, ChecksumMismatchFinding } from '../report/model.js';
import { FINDING_KINDS } from '../report/model.js';
import { Outputs } from '../constants.js';

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
  const mismatches = report.modules.flatMap((m) =>
    m.findings
      .filter((f): f is ChecksumMismatchFinding => f.kind === 'checksum-mismatch')
      .map((f) => ({ dir: m.dir, module: f.module, version: f.version, hash: f.hash, committed: f.committed, authoritative: f.authoritative, source: f.sourceName, line: f.line }))
  );
  core.setOutput(Outputs.Mismatches, JSON.stringify(mismatches));
  for (const kind of FINDING_KINDS) core.setOutput(`${kind}-count`, String(report.counts[kind]));
}

/** The main step: restore the cache, check, report, fail by policy. */
export async function runMain(env: Record<string, string | undefined> = process.env): Promise<void> {
  try {
    const settings = parseSettings((name) => core.getInput(name), env);
    if (settings.github.token) core.setSecret(settings.github.token);
    const goEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const go = createGoRunner({ goBinary: 'go', env: goEnv, timeoutMs: 20 * 60 * 1000 });
    const cacheCtx = { settings, go, log: actionsLogger, env };
    if (settings.mode === 'warm') {
      await warmPhase(cacheCtx);
      return;
    }
    await restorePhase(cacheCtx);
    const report = await runEngine(
      {
        root: settings.workingDirectory,
        modules: settings.modules,
        failOn: settings.failOn,
        downloadAttempts: settings.downloadAttempts,
        concurrency: settings.concurrency,
        tempDir: settings.tempDir,
        tidyMode: 'auto',
        goEnv: settings.goEnv,
        retryBaseMs: 1000
      },
      { go, clock: realClock, random: Math.random, log: actionsLogger }
    );
    await afterCheckPhase(cacheCtx, report);
    await publishReport(report, settings);
    if (report.failed) {
      core.setFailed(report.outcome === 'error' ? report.notices.join(' ') || 'nothing was checked' : `go-mod-hygiene: findings that fail by policy (${report.failOn.filter((k) => report.counts[k] > 0).join(', ')})`);
    }
  } catch (e) {
    core.setFailed(wrapError(e).message);
  }
}

/** Everything a report goes to: JSON file, job summary, outputs. */
async function publishReport(report: Report, settings: Settings): Promise<void> {
  await writeJsonReport(settings.reportPath, report);
  const hint = `The full report is in ${settings.reportPath}.`;
  let md = renderMarkdown(report, { title: 'go-mod-hygiene', fullReportHint: hint });
  if (md.length > SUMMARY_LIMIT) md = renderMarkdown(report, { title: 'go-mod-hygiene', detail: () => 'short', fullReportHint: hint });
  await core.summary.addRaw(md).write();
  setOutputs(report, settings.reportPath);
}
