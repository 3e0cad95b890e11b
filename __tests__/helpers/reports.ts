/** Report builders shared by the renderer tests: a report is its findings plus what follows from them. */
import { allFindings, emptyCounts, type Finding, type ModuleReport, type Report } from '../../src/report/model.js';

/** A module's report with defaults; status follows from the findings. */
export const mod = (dir: string, path: string, findings: Finding[] = [], extra: Partial<ModuleReport> = {}): ModuleReport => ({
  dir,
  path,
  goVersion: '1.21',
  toolchain: null,
  status: findings.length ? 'findings' : 'clean',
  findings,
  skippedSteps: [],
  durationMs: 1,
  ...extra
});

/**
 * A whole report: counts, outcome and failed follow from the findings and failOn (default
 * untidy and checksum-mismatch); `over` replaces anything else.
 */
export function buildReport(parts: Partial<Pick<Report, 'modules' | 'workspaces' | 'environment' | 'failOn'>>, over: Partial<Report> = {}): Report {
  const { modules = [], workspaces = [], environment = [], failOn = ['untidy', 'checksum-mismatch'] } = parts;
  const counts = emptyCounts();
  for (const f of allFindings({ modules, workspaces, environment })) counts[f.kind]++;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    schemaVersion: 1,
    tool: { name: 'go-mod-hygiene', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    root: '/repo',
    go: { version: '1.26.8', env: { GOPROXY: 'https://proxy.golang.org,direct' } },
    workspace: workspaces[0]?.file ?? null,
    workspaces,
    environment,
    modules,
    skipped: [],
    counts,
    failOn,
    outcome: total ? 'findings' : 'clean',
    failed: failOn.some((k) => counts[k] > 0),
    notices: [],
    ...over
  };
}
