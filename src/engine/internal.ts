import type { InternalErrorFinding } from '../report/model.js';
import { wrapError } from '../util/errors.js';

/** What was being done, as the finding says it. */
const DOING: Record<InternalErrorFinding['step'], string> = {
  module: 'checking this module',
  workspace: 'checking this go.work',
  tidy: 'running go mod tidy'
};

/**
 * An exception of go-mod-hygiene's own (a fault in this tool, not something go reported) as a
 * finding, and the log lines that go with it: the stack goes to the log only, for a bug report.
 */
export function internalError(step: InternalErrorFinding['step'], thrown: unknown, file?: string): { finding: InternalErrorFinding; log: string[] } {
  const e = wrapError(thrown);
  const message = e.message.split('\n')[0] ?? '';
  return {
    finding: { kind: 'internal-error', step, ...(file ? { file } : {}), message: `go-mod-hygiene failed while ${DOING[step]}: ${message}`, output: e.message },
    log: [`internal error while ${DOING[step]}: ${e.stack ?? e.message}`]
  };
}
