/**
 * Against the real Go module proxy and checksum database (run by `npm run test:net`,
 * and by CI when the proxy answers): a real public module with one go.sum hash altered,
 * and the Go < 1.23 path on a real older Go fetched through GOTOOLCHAIN.
 */
import { afterAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { check, cleanupTemp, goEnv, makeRepo, snapshot } from './helpers/fixtures.js';
import { wrongHash } from './helpers/goproxy.js';
import type { ChecksumMismatchFinding, UntidyFinding } from '../src/report/model.js';

afterAll(cleanupTemp);

/** The real proxy and checksum database, with the private module cache and build cache of goEnv(). */
function realEnv(): Record<string, string> {
  return goEnv('https://proxy.golang.org', { GOSUMDB: 'sum.golang.org' });
}

const TEXT_ZIP = 'h1:g61tztE5qeGQ89tm6NTjjM9VPIm088od1l6aSorWRWg=';
const TEXT_MOD = 'h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=';

function textRepo(goSum: string): string {
  return makeRepo({
    'go.mod': 'module example.com/net\n\ngo 1.21\n\nrequire golang.org/x/text v0.3.0\n',
    'go.sum': goSum,
    'main.go': 'package main\n\nimport "golang.org/x/text/language"\n\nfunc main() { _ = language.English }\n'
  });
}

test('a real module with one go.sum hash altered: the mismatch is found against sum.golang.org', async () => {
  const bad = wrongHash('net');
  const root = textRepo(`golang.org/x/text v0.3.0 ${bad}\ngolang.org/x/text v0.3.0/go.mod ${TEXT_MOD}\n`);
  const before = snapshot(root);
  const { report } = await check(root, realEnv());
  expect(snapshot(root)).toEqual(before);
  const mismatches = report.modules[0]!.findings.filter((f): f is ChecksumMismatchFinding => f.kind === 'checksum-mismatch');
  expect(mismatches.map((m) => [m.module, m.version, m.hash, m.committed, m.authoritative, m.source, m.sourceName])).toEqual([
    ['golang.org/x/text', 'v0.3.0', 'zip', bad, TEXT_ZIP, 'checksum-database', 'sum.golang.org']
  ]);
  expect(report.modules[0]!.findings.map((f) => f.kind)).toEqual(['checksum-mismatch']);
}, 300_000);

test('Go 1.22 (no tidy -diff) through GOTOOLCHAIN: the scratch-tidy path reports the same change', async () => {
  const root = textRepo(`golang.org/x/text v0.3.0 ${TEXT_ZIP}\n`);
  const env = realEnv();
  // GOTOOLCHAIN fetches go1.22.12 through the proxy and runs it as "the runner's go".
  const version = execFileSync('go', ['version'], { env: { ...env, GOTOOLCHAIN: 'go1.22.12' }, encoding: 'utf8' });
  expect(version).toMatch(/go1\.22\.12/);
  const { report, calls } = await check(root, env, { goEnv: { GOTOOLCHAIN: 'go1.22.12' } });
  const untidy = report.modules[0]!.findings.filter((f): f is UntidyFinding => f.kind === 'untidy');
  expect(report.go.version).toBe('1.22.12');
  expect(untidy).toHaveLength(1);
  expect(untidy[0]!.changes.sumAdded).toEqual([`golang.org/x/text v0.3.0/go.mod ${TEXT_MOD}`]);
  // -diff was tried, refused by go 1.22, and the scratch tidy ran instead.
  expect(calls.filter((c) => c[1] === 'tidy').map((c) => c.includes('-diff'))).toEqual([true, false]);
}, 600_000);
