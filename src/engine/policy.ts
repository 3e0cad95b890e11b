import type { Report } from '../report/model.js';

/** Sets outcome and failed from the findings and the fail-on list. Nothing to check is an error, which fails unless fail-on is none. */
export function decideOutcome(report: Report): Report {
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  const failing = report.failOn.some((k) => report.counts[k] > 0);
  // A shard whose share is empty checked nothing, but the run it belongs to did find modules.
  const nothing = report.modules.length === 0 && !(report.shard && report.shard.modules.length > 0);
  const outcome = nothing ? 'error' : total > 0 ? 'findings' : 'clean';
  return { ...report, outcome, failed: failing || (outcome === 'error' && report.failOn.length > 0) };
}
