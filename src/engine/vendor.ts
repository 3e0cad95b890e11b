/**
 * vendor/ checks. The go command only checks that vendor/modules.txt agrees with go.mod; it never
 * hashes vendored files, so an edited vendored file builds and passes `go mod verify`. Freshness is
 * therefore checked by running `go mod vendor -o` into scratch and comparing the two trees.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoResult } from '../go/runner.js';
import { parseVendorInconsistency } from '../go/parse.js';
import type { Finding } from '../report/model.js';
import { formatGoDiff } from './tidy.js';

export interface VendorResult {
  findings: Finding[];
  skipped: { step: string; reason: string }[];
}

/** Files below `dir`, relative with `/`, sorted. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** Compares the committed vendor tree with a fresh one. */
export async function compareTrees(committed: string, fresh: string): Promise<{ changed: string[]; missing: string[]; extra: string[] }> {
  const [a, b] = await Promise.all([listFiles(committed), listFiles(fresh)]);
  const inA = new Set(a);
  const inB = new Set(b);
  const changed: string[] = [];
  for (const f of a) {
    if (!inB.has(f)) continue;
    const [x, y] = await Promise.all([readFile(join(committed, f)), readFile(join(fresh, f))]);
    if (!x.equals(y)) changed.push(f);
  }
  return { changed, missing: b.filter((f) => !inA.has(f)), extra: a.filter((f) => !inB.has(f)) };
}

/**
 * Which of `paths` (relative to `dir`) git would ignore there: files `go mod vendor` writes that a
 * .gitignore keeps out of the repository (moby ignores vendored .editorconfig files) are not drift.
 * Without git, or outside a repository, nothing is treated as ignored.
 */
export function gitIgnored(dir: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return Promise.resolve(new Set());
  return new Promise((resolve) => {
    const child = spawn('git', ['-C', dir, 'check-ignore', '-z', '--stdin'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => resolve(new Set()));
    child.on('close', (code) => resolve(code === 0 ? new Set(out.split('\0').filter(Boolean)) : new Set()));
    child.stdin.on('error', () => undefined);
    child.stdin.end(paths.join('\0') + '\0');
  });
}

/** Whether vendor/modules.txt in `dir` was written by `go work vendor` (it starts with `## workspace`). */
export async function isWorkspaceVendor(dir: string): Promise<boolean> {
  const text = await readFile(join(dir, 'vendor', 'modules.txt'), 'utf8').catch(() => '');
  return /^## workspace$/m.test(text);
}

export async function hasVendorDir(moduleDir: string): Promise<boolean> {
  return stat(join(moduleDir, 'vendor')).then((s) => s.isDirectory(), () => false);
}

/** vendor-inconsistent findings from a failed `go list -mod=vendor -m`, or the reason it could not say. */
export function consistencyFindings(r: GoResult, rel: (f: string) => string): VendorResult {
  const findings: Finding[] = [];
  const skipped: VendorResult['skipped'] = [];
  if (r.exitCode === 0) return { findings, skipped };
  const problems = parseVendorInconsistency(r.stderr);
  for (const p of problems) {
    findings.push({
      kind: 'vendor-inconsistent',
      file: rel('vendor/modules.txt'),
      message: `vendor/modules.txt: ${p.text}`,
      ...(p.module ? { module: p.module } : {}),
      ...(p.version ? { version: p.version } : {}),
      problem: p.text
    });
  }
  if (problems.length === 0) skipped.push({ step: 'vendor consistency', reason: r.stderr.trim().split('\n')[0] ?? 'go list failed' });
  return { findings, skipped };
}

/** Why `go mod vendor` / `go work vendor` failed, without its progress lines. */
export function vendorFailure(r: GoResult, tool: string): string {
  return r.stderr.trim().split('\n').find((l) => !/^go: (downloading|finding) /.test(l)) ?? `${tool} failed`;
}

/**
 * The vendor-modified finding (or null) for the committed `<dir>/vendor` against `fresh`, which
 * `tool` (`go mod vendor`, `go work vendor`) just wrote.
 */
export async function vendorDrift(dir: string, fresh: string, rel: (f: string) => string, tool: string): Promise<Finding | null> {
  const committed = join(dir, 'vendor');
  const compared = await compareTrees(committed, fresh);
  const ignored = await gitIgnored(dir, compared.missing.map((f) => `vendor/${f}`));
  const diff = { ...compared, missing: compared.missing.filter((f) => !ignored.has(`vendor/${f}`)) };
  const total = diff.changed.length + diff.missing.length + diff.extra.length;
  if (total === 0) return null;
  let modulesTxtDiff: string | undefined;
  if (diff.changed.includes('modules.txt')) {
    const [a, b] = await Promise.all([readFile(join(committed, 'modules.txt'), 'utf8'), readFile(join(fresh, 'modules.txt'), 'utf8')]);
    modulesTxtDiff = formatGoDiff('vendor/modules.txt', a, b, 'vendored');
  }
  const parts: string[] = [];
  if (diff.changed.length) parts.push(`${diff.changed.length} changed`);
  if (diff.missing.length) parts.push(`${diff.missing.length} missing`);
  if (diff.extra.length) parts.push(`${diff.extra.length} extra`);
  return {
    kind: 'vendor-modified',
    file: rel(`vendor/${diff.changed[0] ?? diff.extra[0] ?? 'modules.txt'}`),
    message: `vendor/ differs from what ${tool} writes: ${parts.join(', ')} file(s) (first: ${[...diff.changed, ...diff.missing, ...diff.extra][0]!})`,
    changed: diff.changed,
    missing: diff.missing,
    extra: diff.extra,
    ...(modulesTxtDiff ? { modulesTxtDiff } : {})
  };
}

/**
 * Checks vendor/ of the module at `moduleDir` (which must have one). `modfile` is a scratch copy
 * of go.mod (with its go.sum) that go may write to; `out` an empty scratch directory.
 */
export async function checkVendor(go: (args: string[]) => Promise<GoResult>, moduleDir: string, modfile: string, out: string, rel: (f: string) => string): Promise<VendorResult> {
  const { findings, skipped } = consistencyFindings(await go(['list', '-mod=vendor', '-m', `-modfile=${modfile}`]), rel);
  const fresh = join(out, 'vendor');
  const vendor = await go(['mod', 'vendor', `-modfile=${modfile}`, '-o', fresh]);
  if (vendor.exitCode !== 0) {
    skipped.push({ step: 'vendor freshness', reason: vendorFailure(vendor, 'go mod vendor') });
    return { findings, skipped };
  }
  const drift = await vendorDrift(moduleDir, fresh, rel, 'go mod vendor');
  if (drift) findings.push(drift);
  return { findings, skipped };
}
