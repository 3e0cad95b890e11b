/**
 * A go.mod line the runner's Go cannot load is a malformed line of that file, with go's words,
 * not a download error of "the module graph": a godebug key this Go does not know.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { check, cleanupTemp, goEnv, makeRepo, snapshot, tempDir } from './helpers/fixtures.js';
import { writeProxy } from './helpers/goproxy.js';
import { ALL_MODULES, appFiles } from './helpers/modules.js';

let proxy: string;
beforeAll(() => {
  proxy = writeProxy(join(tempDir('gmh-proxy-'), 'p'), ALL_MODULES);
});
afterAll(cleanupTemp);

test('a godebug key the runner\'s Go does not know: malformed at its line, the go.sum still checked', async () => {
  const files = appFiles();
  files['go.mod'] = files['go.mod']!.replace('go 1.21\n', 'go 1.23\n\ngodebug (\n\tnotakey=1\n\tpanicnil=1\n)\n');
  const repo = makeRepo(files);
  const before = snapshot(repo);
  const { report } = await check(repo, goEnv(proxy), { lookups: false });
  const m = report.modules[0]!;
  expect(m.findings).toEqual([
    {
      kind: 'malformed',
      file: 'go.mod',
      line: 6,
      message: `go.mod:6: unknown godebug "notakey" (go ${report.go.version} does not know this setting: a newer or older Go may; remove it or run the Go it is meant for)`,
      detail: 'go.mod:6: unknown godebug "notakey"'
    }
  ]);
  expect(m.skippedSteps).toEqual([
    { step: 'tidy', reason: 'go cannot load go.mod' },
    { step: 'verify', reason: 'go cannot load go.mod' }
  ]);
  expect(report.failed).toBe(true);
  expect(snapshot(repo)).toEqual(before);
}, 120_000);
