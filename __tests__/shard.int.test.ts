/**
 * Sharding with real go: the same repository checked in one run and in three shards; the
 * shards' reports merged give the one run's report (timings aside), findings included.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { mergeShardReports } from '../src/report/merge.js';
import type { Report } from '../src/report/model.js';
import { check, cleanupTemp, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { writeProxy, wrongHash, moduleHashes } from './helpers/goproxy.js';
import { ALL_MODULES, appFiles, lib100 } from './helpers/modules.js';

let proxy: string;
beforeAll(() => {
  proxy = writeProxy(join(tempDir('gmh-proxy-'), 'p'), ALL_MODULES);
});
afterAll(() => cleanupTemp());

/** The report without what differs from run to run (times, the scratch-free root is the same). */
function stable(r: Report): unknown {
  return JSON.parse(JSON.stringify({ ...r, generatedAt: 'T', modules: r.modules.map((m) => ({ ...m, durationMs: 0 })) }));
}

test('three shards merged equal one run: every module once, in order, the same findings and outcome', async () => {
  const files: Record<string, string> = {};
  for (const d of ['a', 'b', 'c', 'd', 'e']) Object.assign(files, appFiles(d, `example.com/${d}`));
  // Findings in two modules: a wrong go.sum hash and a module that is not tidy.
  files['b/go.sum'] = files['b/go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('b'));
  files['d/go.mod'] = files['d/go.mod']!.replace('\nrequire example.com/lib v1.0.0 // indirect\n', '\n');
  files['go.work'] = 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n';
  const repo = makeRepo(files);
  const env = goEnv(proxy);
  const whole = (await check(repo, env, { lookups: false })).report;
  const shards = [];
  for (let i = 1; i <= 3; i++) shards.push((await check(repo, env, { lookups: false, shard: { index: i, total: 3 } })).report);
  // Every shard checks a part, and says what the whole run covers.
  expect(shards.map((s) => s.modules.length).reduce((a, b) => a + b, 0)).toBe(5);
  expect(shards.map((s) => s.workspaces.length).reduce((a, b) => a + b, 0)).toBe(1);
  for (const s of shards) expect(s.shard?.modules).toEqual(['a', 'b', 'c', 'd', 'e']);
  const merged = mergeShardReports(shards.map((report, i) => ({ name: `shard-${i + 1}.json`, report })));
  expect(merged.ok).toBe(true);
  if (!merged.ok) return;
  expect(stable(merged.report)).toEqual(stable(whole));
  expect(whole.counts['checksum-mismatch']).toBe(1);
  expect(whole.counts.untidy).toBe(1);
  expect(merged.report.failed).toBe(true);
}, 180_000);
