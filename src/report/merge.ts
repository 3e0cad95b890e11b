/**
 * `mode: merge`: the shards' reports put back into the report one unsharded run would have
 * written. Anything that would make that untrue — a missing or repeated shard, a report from
 * another commit or with other settings, parts that do not add up to what the run discovered —
 * is refused with the reason, never merged into a silently partial report. Pure.
 */
import { allFindings, emptyCounts, type Report } from './model.js';
import { decideOutcome } from '../engine/policy.js';

/** A report as read, with a name for messages (its file). */
export interface NamedReport {
  name: string;
  report: Report;
}

export type MergeResult = { ok: true; report: Report } | { ok: false; problems: string[] };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Fields every shard of one run must agree on, with how a difference is named. */
const AGREE: { what: string; get: (r: Report) => unknown }[] = [
  { what: 'the commit', get: (r) => r.context?.sha ?? null },
  { what: 'the repository', get: (r) => r.context?.repository ?? null },
  { what: 'the pull request', get: (r) => r.context?.pullRequest ?? null },
  { what: 'the checked directory', get: (r) => [r.root, r.context?.pathPrefix ?? null] },
  { what: 'the go-mod-hygiene version', get: (r) => r.tool.version },
  { what: 'the Go version', get: (r) => r.go.version },
  // Where each job keeps its module cache is its own business: it changes no result.
  { what: 'the go settings (GOPROXY, GOFLAGS, …)', get: (r) => Object.entries(r.go.env).filter(([k]) => k !== 'GOMODCACHE') },
  { what: 'fail-on', get: (r) => r.failOn },
  { what: 'the modules, lookups or updates inputs', get: (r) => r.shard!.settings },
  { what: 'the number of shards', get: (r) => r.shard!.total },
  { what: 'the modules discovered', get: (r) => [r.shard!.modules, r.shard!.workspaces, r.skipped] }
];

/** Merges the shards' reports, or says why it will not. */
export function mergeShardReports(parts: NamedReport[]): MergeResult {
  const problems: string[] = [];
  if (parts.length === 0) return { ok: false, problems: ['no shard reports were found'] };
  const unsharded = parts.filter((p) => !p.report.shard);
  for (const p of unsharded) problems.push(`${p.name} is not a shard's report (it has no shard field: was it written with the shard input?)`);
  if (unsharded.length) return { ok: false, problems };

  const first = parts[0]!;
  for (const p of parts.slice(1)) {
    for (const a of AGREE) {
      if (!same(a.get(p.report), a.get(first.report))) problems.push(`${p.name} differs from ${first.name} in ${a.what}: every shard must come from the same run`);
    }
  }
  if (problems.length) return { ok: false, problems };

  const total = first.report.shard!.total;
  const byIndex = new Map<number, NamedReport[]>();
  for (const p of parts) byIndex.set(p.report.shard!.index, [...(byIndex.get(p.report.shard!.index) ?? []), p]);
  for (let i = 1; i <= total; i++) {
    const got = byIndex.get(i) ?? [];
    if (got.length === 0) problems.push(`shard ${i}/${total} is missing`);
    if (got.length > 1) problems.push(`shard ${i}/${total} is given more than once (${got.map((g) => g.name).join(', ')})`);
  }
  for (const i of byIndex.keys()) if (i < 1 || i > total) problems.push(`shard ${i}/${total} is out of range`);
  if (problems.length) return { ok: false, problems };

  const ordered = [...parts].sort((a, b) => a.report.shard!.index - b.report.shard!.index);
  const modules = collect(ordered, first.report.shard!.modules, (r) => r.modules, (m) => m.dir, 'module', problems);
  const workspaces = collect(ordered, first.report.shard!.workspaces, (r) => r.workspaces, (w) => w.file, 'go.work', problems);
  if (problems.length) return { ok: false, problems };

  const notices: string[] = [];
  for (const p of ordered) for (const n of p.report.notices) if (!notices.includes(n)) notices.push(n);
  const generatedAt = ordered.map((p) => p.report.generatedAt).sort().at(-1)!;
  // What one unsharded run would have written: no shard field.
  const merged: Report = { ...first.report, generatedAt, modules, workspaces, notices, counts: emptyCounts() };
  delete merged.shard;
  for (const f of allFindings(merged)) merged.counts[f.kind]++;
  return { ok: true, report: decideOutcome(merged) };
}

/** Each item of the run, from the one shard that has it, in the run's order; a repeat or a gap is a problem. */
function collect<T>(parts: NamedReport[], expected: string[], get: (r: Report) => T[], key: (t: T) => string, noun: string, problems: string[]): T[] {
  const found = new Map<string, { item: T; from: string }>();
  for (const p of parts) {
    for (const item of get(p.report)) {
      const k = key(item);
      const seen = found.get(k);
      if (seen) problems.push(`${noun} ${k} is in ${seen.from} and in ${p.name}`);
      else if (!expected.includes(k)) problems.push(`${noun} ${k} (in ${p.name}) is not one the run discovered`);
      else found.set(k, { item, from: p.name });
    }
  }
  for (const k of expected) if (!found.has(k)) problems.push(`${noun} ${k} is in no shard's report`);
  return expected.filter((k) => found.has(k)).map((k) => found.get(k)!.item);
}
