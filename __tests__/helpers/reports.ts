/** Report builders shared by the renderer tests: a report is its findings plus what follows from them. */
import { allFindings, emptyCounts, type ChecksumMismatchFinding, type Finding, type ModuleReport, type Report } from '../../src/report/model.js';

/** Two well-formed h1: hashes for findings built by hand (H1 stands for the authoritative one). */
export const H1 = 'h1:k9hKehKLSaUN84qgrOzM3hTf7U3f1KcvzHB5WrhUp3U=';
export const H2 = 'h1:RoSVX5u/ULGjZRyB/KehUBf2ef4jFw7ttIVfcVzXoH4=';

/** A go.sum line of example.com/lib v1.0.0 that the checksum database contradicts (H2 committed, H1 authoritative). */
export const checksumMismatch = (over: Partial<ChecksumMismatchFinding> = {}): ChecksumMismatchFinding => ({
  kind: 'checksum-mismatch',
  file: 'go.sum',
  line: 3,
  message: 'x',
  module: 'example.com/lib',
  version: 'v1.0.0',
  hash: 'zip',
  committed: H2,
  authoritative: H1,
  source: 'checksum-database',
  sourceName: 'sum.golang.org',
  ...over
});

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
