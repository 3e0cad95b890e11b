/**
 * Retracted versions, deprecated modules and available updates, from
 * `go list -m -u -retracted -json`. Each costs go a request to the proxy per module
 * (`@v/list` and the latest go.mod). With GOPROXY=off go silently returns nothing,
 * so that case is reported as "not checked", never as "nothing retracted".
 */
import type { GoResult } from '../go/runner.js';
import { parseJsonStream } from '../go/parse.js';
import { versionDistance, type ModFileSummary } from '../go/modfile.js';
import type { Finding, ModuleUpdate, OutdatedFinding } from '../report/model.js';

interface ListRecord {
  Path: string;
  Version?: string;
  Time?: string;
  Indirect?: boolean;
  Update?: { Path: string; Version: string; Time?: string };
  Retracted?: string[];
  Deprecated?: string;
  Error?: { Err: string };
}

export interface LookupResult {
  findings: Finding[];
  /** Why the lookups could not be done (for all modules, or some), if so. */
  unavailable: string | null;
}

/** True when GOPROXY leaves go no way to ask for version lists. */
export function lookupsImpossible(goproxy: string): boolean {
  const entries = goproxy.split(/[,|]/).map((p) => p.trim()).filter(Boolean);
  return entries.length > 0 && entries[0] === 'off';
}

/** Sorts updates furthest behind first: major, then minor, then patch differences, then path. */
export function sortUpdates(updates: ModuleUpdate[]): ModuleUpdate[] {
  const rank = { major: 0, minor: 1, patch: 2, other: 3 } as const;
  return [...updates].sort(
    (a, b) =>
      rank[a.behind] - rank[b.behind] ||
      b.distance[0] - a.distance[0] ||
      b.distance[1] - a.distance[1] ||
      b.distance[2] - a.distance[2] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

/**
 * Runs the lookups for every requirement in go.mod. `updates` adds an `outdated` finding
 * listing newer versions of direct dependencies.
 */
export async function lookupModules(
  go: (args: string[]) => Promise<GoResult>,
  mod: ModFileSummary,
  modfile: string,
  file: string,
  options: { goproxy: string; updates: boolean }
): Promise<LookupResult> {
  const paths = [...new Set(mod.requires.map((r) => r.path))];
  if (paths.length === 0) return { findings: [], unavailable: null };
  if (lookupsImpossible(options.goproxy)) return { findings: [], unavailable: `GOPROXY=${options.goproxy}: go cannot fetch version lists` };
  const r = await go(['list', '-m', '-e', '-u', '-retracted', '-json', '-mod=mod', `-modfile=${modfile}`, ...paths]);
  const records = parseJsonStream<ListRecord>(r.stdout);
  if (r.exitCode !== 0 && records.length === 0) {
    return { findings: [], unavailable: r.stderr.trim().split('\n')[0] ?? `go list exited ${r.exitCode}` };
  }
  const findings: Finding[] = [];
  const failed: string[] = [];
  const updates: ModuleUpdate[] = [];
  const lineOf = (p: string): number | undefined => mod.requires.find((x) => x.path === p)?.line;
  for (const rec of records) {
    if (!rec.Version) continue;
    const line = lineOf(rec.Path);
    const at = { file, ...(line ? { line } : {}) };
    if (rec.Error) failed.push(`${rec.Path}: ${rec.Error.Err.split('\n')[0]!.trim()}`);
    if (rec.Retracted?.length) {
      findings.push({
        kind: 'retracted',
        ...at,
        message: `${rec.Path} ${rec.Version} is retracted by its authors: ${rec.Retracted.join('; ')}`,
        module: rec.Path,
        version: rec.Version,
        reasons: rec.Retracted,
        indirect: Boolean(rec.Indirect),
        ...(rec.Update ? { latest: rec.Update.Version } : {})
      });
    }
    if (rec.Deprecated) {
      findings.push({
        kind: 'deprecated',
        ...at,
        message: `${rec.Path} is deprecated: ${rec.Deprecated}`,
        module: rec.Path,
        version: rec.Version,
        deprecation: rec.Deprecated,
        indirect: Boolean(rec.Indirect)
      });
    }
    const direct = mod.requires.some((x) => x.path === rec.Path && !x.indirect);
    if (options.updates && direct && rec.Update && rec.Update.Version !== rec.Version) {
      const d = versionDistance(rec.Version, rec.Update.Version);
      updates.push({
        path: rec.Path,
        version: rec.Version,
        latest: rec.Update.Version,
        behind: d.level,
        distance: [d.major, d.minor, d.patch],
        ...(rec.Time ? { time: rec.Time } : {}),
        ...(rec.Update.Time ? { latestTime: rec.Update.Time } : {})
      });
    }
  }
  if (updates.length) {
    const sorted = sortUpdates(updates);
    const outdated: OutdatedFinding = {
      kind: 'outdated',
      file,
      message: `${updates.length} direct ${updates.length === 1 ? 'dependency has' : 'dependencies have'} a newer version (furthest behind: ${sorted[0]!.path} ${sorted[0]!.version} → ${sorted[0]!.latest})`,
      updates: sorted
    };
    findings.push(outdated);
  }
  const unavailable = failed.length ? `${failed.length} of ${records.length} module(s) could not be looked up: ${failed[0]}` : null;
  return { findings, unavailable };
}
