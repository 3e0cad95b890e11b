/**
 * The engine on every Go a user has: go1.22 (no `tidy -diff`), 1.24, 1.25, the machine's 1.26
 * and 1.27 (setup-go's `stable`), each fetched once through the Go module proxy as the go command
 * fetches toolchains, into a cache kept between runs. Fixture modules still come from the offline
 * proxy; only the toolchains need the network, so this is part of the network suite.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Report, UntidyFinding } from '../src/report/model.js';
import { createGoRunner } from '../src/go/runner.js';
import { check, cleanupTemp, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { goSumLines, moduleHashes, wrongHash, writeProxy } from './helpers/goproxy.js';
import { ALL_MODULES, appFiles, dep100, lib100, other100 } from './helpers/modules.js';

/** Latest patch of each minor version, as the proxy lists them (2026-11). */
const TOOLCHAINS = ['1.22.12', '1.24.13', '1.25.14', '1.27.4'];
const CACHE = process.env.GMH_TOOLCHAIN_CACHE ?? join(homedir(), '.cache', 'go-mod-hygiene', 'toolchains');
const machineGo = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, '');

/** The bin directory of a Go toolchain: the machine's, or one downloaded through the proxy (once). */
function toolchainBin(version: string): string {
  if (version === machineGo) return join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'bin');
  const mod = `golang.org/toolchain@v0.0.1-go${version}.linux-amd64`;
  const dir = join(CACHE, mod);
  if (!existsSync(join(dir, 'bin', 'go'))) {
    execFileSync('go', ['mod', 'download', mod], { env: { ...process.env, GOMODCACHE: CACHE, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GOPROXY: 'https://proxy.golang.org' }, stdio: 'ignore', timeout: 300_000 });
  }
  // Module zips keep no execute bits: make the toolchain's programs runnable, as the go command does when it switches.
  for (const sub of ['bin', ...readdirSync(join(dir, 'pkg', 'tool')).map((d) => join('pkg', 'tool', d))]) {
    for (const f of readdirSync(join(dir, sub))) chmodSync(join(dir, sub, f), 0o755);
  }
  return join(dir, 'bin');
}

let proxy: string;
beforeAll(() => {
  proxy = writeProxy(join(tempDir('gmh-proxy-'), 'p'), ALL_MODULES);
}, 900_000);
afterAll(cleanupTemp);

const VERSIONS = [...TOOLCHAINS.slice(0, 3), machineGo, TOOLCHAINS[3]!];

async function run(version: string, files: Record<string, string>): Promise<Report> {
  const bin = toolchainBin(version);
  const env = goEnv(proxy, { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` });
  const { report } = await check(makeRepo(files), env, { lookups: false }, () => createGoRunner({ goBinary: join(bin, 'go'), env, timeoutMs: 300_000 }));
  expect(report.go.version).toBe(version);
  return report;
}

const kinds = (r: Report): string[] => r.modules.flatMap((m) => m.findings.map((f) => f.kind));

describe.each(VERSIONS)('go %s', (version) => {
  test('a tidy module with a right go.sum: clean (no false error on this Go)', async () => {
    const r = await run(version, appFiles());
    expect(kinds(r)).toEqual([]);
    expect(r.outcome).toBe('clean');
  }, 600_000);

  test('a wrong go.sum hash and a missing requirement: one checksum-mismatch, one untidy', async () => {
    const files = appFiles();
    files['go.sum'] = files['go.sum']!.replace(moduleHashes(lib100).zip, wrongHash('tc'));
    files['go.mod'] = files['go.mod']!.replace('\nrequire example.com/lib v1.0.0 // indirect\n', '\n');
    const r = await run(version, files);
    expect(kinds(r).sort()).toEqual(['checksum-mismatch', 'untidy']);
    const untidy = r.modules[0]!.findings.find((f): f is UntidyFinding => f.kind === 'untidy');
    expect(untidy?.changes.requiresAdded).toEqual([{ path: 'example.com/lib', version: 'v1.0.0', indirect: true }]);
  }, 600_000);
});

describe('what tidy says depends on the Go that runs it', () => {
  /** Two blocks of direct requirements: go 1.27 merges them when the go line is 1.27 or later. */
  const twoBlocks = (goLine: string): Record<string, string> => ({
    ...appFiles(),
    'go.mod': `module example.com/app\n\ngo ${goLine}\n\nrequire example.com/dep v1.0.0\n\nrequire example.com/other v1.0.0\n\nrequire example.com/lib v1.0.0 // indirect\n`,
    'go.sum': goSumLines([dep100, lib100, other100])
  });
  test('go line 1.26: both Gos leave the blocks as they are', async () => {
    expect(kinds(await run(machineGo, twoBlocks('1.26')))).toEqual([]);
    expect(kinds(await run(TOOLCHAINS[3]!, twoBlocks('1.26')))).toEqual([]);
  }, 600_000);
  test('go line 1.27: go 1.27 merges them (untidy); go 1.26 cannot load the module (go-version)', async () => {
    expect(kinds(await run(TOOLCHAINS[3]!, twoBlocks('1.27')))).toEqual(['untidy']);
    expect(kinds(await run(machineGo, twoBlocks('1.27')))).toEqual(['go-version']);
  }, 600_000);
});
