import { describe, expect, test } from '@jest/globals';
import { bucket, parseShard, partition, type ShardItem } from '../src/engine/shard.js';
import { mergeShardReports, type NamedReport } from '../src/report/merge.js';
import type { ModuleReport, Report } from '../src/report/model.js';
import { buildReport, mod as buildModule } from './helpers/reports.js';

describe('parseShard', () => {
  test('I/N, spaces allowed; empty is no sharding', () => {
    expect(parseShard('')).toBeNull();
    expect(parseShard(' 2/4 ')).toEqual({ index: 2, total: 4 });
    expect(parseShard('1 / 1')).toEqual({ index: 1, total: 1 });
  });
  test.each([
    ['2', 'I/N with whole numbers, like 2/4 (from a matrix: ${{ matrix.shard }}/4)'],
    ['0/4', 'I from 1 to N (4)'],
    ['5/4', 'I from 1 to N (4)'],
    ['1/0', 'N from 1 to 256'],
    ['1/300', 'N from 1 to 256'],
    ['a/b', 'I/N with whole numbers, like 2/4 (from a matrix: ${{ matrix.shard }}/4)']
  ])('%j: %s', (value, problem) => {
    expect(parseShard(value)).toEqual({ problem });
  });
});

test('bucket keeps two significant bits', () => {
  expect([1, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 23, 24, 100, 1000].map(bucket)).toEqual([1, 3, 4, 4, 6, 6, 8, 8, 12, 12, 16, 16, 24, 96, 768]);
});

/** A deterministic spread of weights like a monorepo's: a few big modules, many small ones. */
function items(n: number): ShardItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `mod${String(i).padStart(3, '0')}`, weight: 20 + ((i * 7919) % 97) * (i % 10 === 0 ? 30 : 3) }));
}

describe('partition', () => {
  test.each([
    [1, 1],
    [5, 3],
    [24, 4],
    [302, 4],
    [302, 16],
    [3, 8]
  ])('%i items over %i shards: disjoint, complete, in the original order, balanced, and the same every time', (n, total) => {
    const its = items(n);
    const parts = partition(its, total);
    expect(parts).toHaveLength(total);
    const all = parts.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(its.map((i) => i.id).sort());
    for (const p of parts) expect(p).toEqual([...p].sort());
    // The same items given in another order → the same parts (each in the order it was given).
    const sorted = (ps: string[][]): string[][] => ps.map((p) => [...p].sort());
    expect(sorted(partition([...its].reverse(), total))).toEqual(sorted(parts));
    // Each part is a run of neighbours in directory order.
    expect(parts.flatMap((p) => [...p].sort())).toEqual(its.map((i) => i.id).sort());
    // No part exceeds the mean by more than the heaviest item.
    const weightOf = new Map(its.map((i) => [i.id, bucket(i.weight)]));
    const loads = parts.map((p) => p.reduce((s, id) => s + weightOf.get(id)!, 0));
    const mean = loads.reduce((a, b) => a + b, 0) / total;
    const heaviest = Math.max(...its.map((i) => bucket(i.weight)));
    for (const l of loads) expect(l).toBeLessThanOrEqual(mean + heaviest);
  });
  test('every part gets an item while there are enough, however heavy one is', () => {
    const its = [
      { id: 'a', weight: 1000 },
      { id: 'b', weight: 1 },
      { id: 'c', weight: 1 },
      { id: 'd', weight: 1 }
    ];
    expect(partition(its, 4)).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(partition(its, 2)).toEqual([['a'], ['b', 'c', 'd']]);
  });
  test('fewer items than parts: at most one each, spread out', () => {
    const its = ['a', 'b', 'c'].map((id) => ({ id, weight: 40 }));
    expect(partition(its, 8)).toEqual([[], ['a'], [], [], ['b'], [], ['c'], []]);
  });
  test('a new module moves no other module unless a cut passes it, and then only to the next part', () => {
    const its = items(302);
    const shardOf = (parts: string[][]): Map<string, number> => new Map(parts.flatMap((p, k) => p.map((id) => [id, k] as const)));
    for (const total of [4, 16]) {
      const before = shardOf(partition(its, total));
      // A module of ordinary weight in the middle of the tree: the cuts stay where they were.
      const ordinary = shardOf(partition([...its, { id: 'mod150a', weight: 80 }], total));
      for (const [id, k] of before) expect([id, ordinary.get(id)]).toEqual([id, k]);
      // A heavy one shifts the cuts after it, each by a few neighbours.
      const heavy = shardOf(partition([...its, { id: 'mod150a', weight: 1000 }], total));
      const moved = [...before].filter(([id, k]) => heavy.get(id) !== k);
      expect(moved.length).toBeGreaterThan(0);
      expect(moved.length).toBeLessThan(its.length / 10);
      for (const [id, k] of moved) expect([id, Math.abs(heavy.get(id)! - k)]).toEqual([id, 1]);
    }
  });
  test('a go.sum growing by a few lines moves no module', () => {
    const its = items(60);
    const grown = its.map((i) => (bucket(i.weight + 3) === bucket(i.weight) ? { ...i, weight: i.weight + 3 } : i));
    expect(grown.filter((g, k) => g.weight !== its[k]!.weight).length).toBeGreaterThan(30);
    expect(partition(grown, 4)).toEqual(partition(its, 4));
  });
});

const mod = (dir: string, findings: ModuleReport['findings'] = []): ModuleReport => buildModule(dir, `example.com/${dir}`, findings);

const ALL = ['a', 'b', 'c', 'd'];

function shardReport(index: number, total: number, dirs: string[], over: Partial<Report> = {}): Report {
  const modules = dirs.map((d) => (d === 'c' ? mod(d, [{ kind: 'untidy', message: 'x', changes: { requiresAdded: [], requiresRemoved: [], versionsChanged: [], indirectChanged: [], otherGoModLines: [], sumAdded: [], sumRemoved: [], diff: '', againstCorrectedGoSum: false } }]) : mod(d)));
  return buildReport(
    { modules, failOn: ['untidy'] },
    {
      generatedAt: `2026-11-30T00:00:0${index}.000Z`,
      context: { repository: 'o/r', event: 'pull_request', sha: 'abc', pullRequest: { number: 7, headSha: 'def' }, pathPrefix: '' },
      shard: { index, total, modules: ALL, workspaces: [], settings: { modules: [], lookups: true, updates: false } },
      ...over
    }
  );
}

const named = (r: Report, i = r.shard?.index ?? 0): NamedReport => ({ name: `shard-${i}.json`, report: r });

describe('mergeShardReports', () => {
  const parts = [shardReport(1, 3, ['a', 'd']), shardReport(2, 3, ['b']), shardReport(3, 3, ['c'])];
  test('puts the modules back in the run order, recounts, decides the outcome, and drops the shard field', () => {
    const r = mergeShardReports(parts.map((p) => named(p)).reverse());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.modules.map((m) => m.dir)).toEqual(['a', 'b', 'c', 'd']);
    expect(r.report.counts.untidy).toBe(1);
    expect(r.report.outcome).toBe('findings');
    expect(r.report.failed).toBe(true);
    expect(r.report.generatedAt).toBe('2026-11-30T00:00:03.000Z');
    expect('shard' in r.report).toBe(false);
  });
  test('shards whose jobs keep the module cache in different places still merge', () => {
    const moved = { ...parts[2]!, go: { ...parts[2]!.go, env: { ...parts[2]!.go.env, GOMODCACHE: '/other/runner/go/pkg/mod' } } };
    expect(mergeShardReports([named(parts[0]!), named(parts[1]!), named(moved)]).ok).toBe(true);
  });
  test.each<[string, NamedReport[], string[]]>([
    ['none', [], ['no shard reports were found']],
    ['a missing shard', [named(parts[0]!), named(parts[2]!)], ['shard 2/3 is missing']],
    ['a shard twice', [named(parts[0]!), named(parts[1]!), { name: 'copy.json', report: parts[1]! }, named(parts[2]!)], ['shard 2/3 is given more than once (shard-2.json, copy.json)']],
    ['another commit', [named(parts[0]!), named({ ...parts[1]!, context: { ...parts[1]!.context!, sha: 'other' } }), named(parts[2]!)], ['shard-2.json differs from shard-1.json in the commit: every shard must come from the same run']],
    ['other settings', [named(parts[0]!), named(parts[1]!), named({ ...parts[2]!, failOn: ['untidy', 'retracted'] })], ['shard-3.json differs from shard-1.json in fail-on: every shard must come from the same run']],
    [
      'another GOPROXY',
      [named(parts[0]!), named(parts[1]!), named({ ...parts[2]!, go: { ...parts[2]!.go, env: { GOPROXY: 'https://corp.example/go' } } })],
      ['shard-3.json differs from shard-1.json in the go settings (GOPROXY, GOFLAGS, …): every shard must come from the same run']
    ],
    ['another N', [named(parts[0]!), named(parts[1]!), named(shardReport(3, 4, ['c']))], ['shard-3.json differs from shard-1.json in the number of shards: every shard must come from the same run']],
    ['an unsharded report', [named(parts[0]!), { name: 'plain.json', report: { ...parts[1]!, shard: undefined } }], ['plain.json is not a shard\'s report (it has no shard field: was it written with the shard input?)']],
    ['a module twice', [named(shardReport(1, 3, ['a', 'd'])), named(shardReport(2, 3, ['b', 'd'])), named(parts[2]!)], ['module d is in shard-1.json and in shard-2.json']],
    ['a module in no shard', [named(shardReport(1, 3, ['a'])), named(parts[1]!), named(parts[2]!)], ["module d is in no shard's report"]],
    ['a module the run did not discover', [named(shardReport(1, 3, ['a', 'd', 'e'])), named(parts[1]!), named(parts[2]!)], ['module e (in shard-1.json) is not one the run discovered']]
  ])('refuses %s', (_what, given, problems) => {
    expect(mergeShardReports(given)).toEqual({ ok: false, problems });
  });
});
