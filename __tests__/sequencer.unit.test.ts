import { expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import LongestFirst, { SECONDS, type SequencedTest as Test } from './helpers/sequencer.mjs';

const context = { config: { cache: false, rootDir: '/r' }, hasteFS: { getSize: () => 100 } };
const at = (name: string): Test => ({ path: `/r/__tests__/${name}`, context, duration: undefined });
const names = (tests: Test[]): string[] => tests.map((t) => t.path.split('/').pop()!);

test('with no timings (a fresh clone): longest first by the table, files it does not know last', () => {
  const seq = new LongestFirst({ contexts: [], globalConfig: {} });
  const order = seq.sort(['version.unit.test.ts', 'new.int.test.ts', 'e2e-badinput.int.test.ts', 'cache-phases.int.test.ts', 'verify.int.test.ts'].map(at));
  expect(names(order).slice(0, 3)).toEqual(['cache-phases.int.test.ts', 'e2e-badinput.int.test.ts', 'verify.int.test.ts']);
  expect(names(order).slice(3).sort()).toEqual(['new.int.test.ts', 'version.unit.test.ts']);
});

test("jest's own timing, once it has one, comes before the table", () => {
  const seq = new LongestFirst({ contexts: [], globalConfig: {} });
  // What jest keeps after a run: [failed ? 0 : 1, milliseconds] per test file path.
  (seq as unknown as { _cache: Map<unknown, object> })._cache.set(context, { '/r/__tests__/version.unit.test.ts': [1, 60_000] });
  expect(names(seq.sort(['cache-phases.int.test.ts', 'version.unit.test.ts'].map(at)))).toEqual(['version.unit.test.ts', 'cache-phases.int.test.ts']);
});

test('every file the table names is a test file here (a renamed file would silently count 1 s)', () => {
  const here = readdirSync(dirname(fileURLToPath(import.meta.url)));
  expect(Object.keys(SECONDS).filter((name) => !here.includes(name))).toEqual([]);
  expect(Object.keys(SECONDS).length).toBeGreaterThan(20);
});
