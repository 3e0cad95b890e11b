/**
 * vendor/ checks. The go command only checks that vendor/modules.txt agrees with go.mod; it never
 * hashes vendored files, so an edited vendored file builds and passes `go mod verify`. Freshness is
 * therefore checked by running `go mod vendor -o` into scratch and comparing the two trees.
 */
import { spawn } from 'node:child_process';
import { open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { openCheckoutFile, READ_LIMITS, readCheckoutText, resolveInCheckout, unreadableFinding, type Refusal } from '../util/checkout.js';
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

/** Bytes read at a time from each side of a pair by compareTrees. */
const COMPARE_CHUNK = 64 * 1024;

/** Reads into `buf` until it is full or the file ends; the bytes read. */
async function fill(handle: FileHandle, buf: Buffer): Promise<number> {
  let n = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buf, n, buf.length - n, null);
    if (bytesRead === 0) return n;
    n += bytesRead;
    if (n === buf.length) return n;
  }
}

/** A committed file that opened but could not be read through (EIO, say): refused, as readCheckoutFile refuses it. */
class CommittedUnreadable extends Error {
  constructor(readonly cause: unknown) {
    super('committed file unreadable');
  }
  get refusal(): Refusal {
    return { reason: 'unreadable', problem: `cannot be read (${(this.cause as NodeJS.ErrnoException | null)?.code ?? 'error'})` };
  }
}

/**
 * Whether the committed file has exactly the bytes of the fresh one (both opened):
 * both are read a chunk at a time into `a` and `b`, which are reused from pair to pair. Reading a
 * whole file per side allocated ~20,000 buffers on moby's vendor/ (9,711 files), and the memory
 * they left behind raised the run's peak by ~9 MiB (issue 16, P5).
 */
async function sameBytes(committed: FileHandle, fresh: FileHandle, a: Buffer, b: Buffer): Promise<boolean> {
  for (;;) {
    const [n, m] = await Promise.all([fill(committed, a).catch((e: unknown) => Promise.reject(new CommittedUnreadable(e))), fill(fresh, b)]);
    if (n !== m || a.compare(b, 0, m, 0, n) !== 0) return false;
    if (n < a.length) return true;
  }
}

/**
 * Compares the committed vendor tree (in the checkout under `repoRoot`) with a fresh one. A
 * committed file is opened only when its size is at most the fresh one's; one that is refused (a
 * link out of the repository, no regular file) is in `refused`, not compared.
 */
export async function compareTrees(
  committed: string,
  fresh: string,
  repoRoot: string
): Promise<{ changed: string[]; missing: string[]; extra: string[]; refused: { file: string; refusal: Refusal }[] }> {
  const [a, b] = await Promise.all([listFiles(committed), listFiles(fresh)]);
  const inA = new Set(a);
  const inB = new Set(b);
  const changed: string[] = [];
  const refused: { file: string; refusal: Refusal }[] = [];
  const bufA = Buffer.alloc(COMPARE_CHUNK);
  const bufB = Buffer.alloc(COMPARE_CHUNK);
  for (const f of a) {
    if (!inB.has(f)) continue;
    const y = await open(join(fresh, f), 'r');
    try {
      const x = await openCheckoutFile(repoRoot, join(committed, f), (await y.stat()).size);
      if (x.ok) {
        try {
          if (!(await sameBytes(x.handle, y, bufA, bufB))) changed.push(f);
        } catch (e) {
          if (!(e instanceof CommittedUnreadable)) throw e;
          refused.push({ file: f, refusal: e.refusal });
        } finally {
          await x.handle.close().catch(() => undefined);
        }
      } else if (x.missing || x.refusal.reason === 'too-large') changed.push(f);
      else refused.push({ file: f, refusal: x.refusal });
    } finally {
      await y.close();
    }
  }
  return { changed, missing: b.filter((f) => !inA.has(f)), extra: a.filter((f) => !inB.has(f)), refused };
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

/** Whether vendor/modules.txt in `dir` was written by `go work vendor` (it starts with `## workspace`); read only when it is safe to. */
export async function isWorkspaceVendor(dir: string, repoRoot: string): Promise<boolean> {
  const text = await readCheckoutText(repoRoot, join(dir, 'vendor', 'modules.txt'), READ_LIMITS.sumFile);
  return text.ok && /^## workspace$/m.test(text.text);
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
  // In workspace mode go repeats a line once per module whose go.mod requires it (16 for cobra on kubernetes).
  const seen = new Set<string>();
  for (const p of problems) {
    if (seen.has(p.text)) continue;
    seen.add(p.text);
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
  const lines = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^go: (downloading|finding) /.test(l));
  // go starts with the import chain (`go: example.com/app imports`): the problem is the line after it.
  return lines.find((l) => !/ (imports|tested by)$/.test(l)) ?? lines[0] ?? `${tool} failed`;
}

/**
 * The findings for the committed `<dir>/vendor` against `fresh`, which `tool` (`go mod vendor`,
 * `go work vendor`) just wrote: a vendor-modified finding when they differ, and an unreadable one
 * for each committed file that is refused (a link out of the repository; modules.txt only when
 * `modulesTxtRefused` did not already say so).
 */
export async function vendorDrift(dir: string, fresh: string, rel: (f: string) => string, tool: string, repoRoot: string, modulesTxtRefused = false): Promise<Finding[]> {
  const committed = join(dir, 'vendor');
  const compared = await compareTrees(committed, fresh, repoRoot);
  const out: Finding[] = [];
  for (const r of compared.refused) if (!(modulesTxtRefused && r.file === 'modules.txt')) out.push(unreadableFinding(rel(`vendor/${r.file}`), r.refusal));
  const ignored = await gitIgnored(dir, compared.missing.map((f) => `vendor/${f}`));
  const diff = { ...compared, missing: compared.missing.filter((f) => !ignored.has(`vendor/${f}`)) };
  const total = diff.changed.length + diff.missing.length + diff.extra.length;
  if (total === 0) return out;
  let modulesTxtDiff: string | undefined;
  if (diff.changed.includes('modules.txt')) {
    const a = await readCheckoutText(repoRoot, join(committed, 'modules.txt'), READ_LIMITS.sumFile);
    const b = await readFile(join(fresh, 'modules.txt'), 'utf8');
    modulesTxtDiff = formatGoDiff('vendor/modules.txt', a.ok ? a.text : '', b, 'vendored');
  }
  const parts: string[] = [];
  if (diff.changed.length) parts.push(`${diff.changed.length} changed`);
  if (diff.missing.length) parts.push(`${diff.missing.length} missing`);
  if (diff.extra.length) parts.push(`${diff.extra.length} extra`);
  out.push({
    kind: 'vendor-modified',
    file: rel(`vendor/${diff.changed[0] ?? diff.extra[0] ?? 'modules.txt'}`),
    message: `vendor/ differs from what ${tool} writes: ${parts.join(', ')} file(s) (first: ${[...diff.changed, ...diff.missing, ...diff.extra][0]!})`,
    changed: diff.changed,
    missing: diff.missing,
    extra: diff.extra,
    ...(modulesTxtDiff ? { modulesTxtDiff } : {})
  });
  return out;
}

/**
 * Checks vendor/ of the module at `moduleDir` (which must have one). `modfile` is a scratch copy
 * of go.mod (with its go.sum) that go may write to; `out` an empty scratch directory.
 */
export async function checkVendor(
  go: (args: string[]) => Promise<GoResult>,
  moduleDir: string,
  modfile: string,
  out: string,
  rel: (f: string) => string,
  repoRoot: string
): Promise<VendorResult> {
  const findings: Finding[] = [];
  const skipped: VendorResult['skipped'] = [];
  const committed = join(moduleDir, 'vendor');
  // go list -mod=vendor reads vendor/modules.txt in the checkout: only when it is safe to read.
  const where = await resolveInCheckout(repoRoot, committed);
  if ('refusal' in where) {
    findings.push(unreadableFinding(rel('vendor'), where.refusal));
    skipped.push({ step: 'vendor', reason: 'vendor/ was not read' });
    return { findings, skipped };
  }
  const modulesTxt = await readCheckoutText(repoRoot, join(committed, 'modules.txt'), READ_LIMITS.sumFile);
  const txtRefused = !modulesTxt.ok && !modulesTxt.missing;
  if (!modulesTxt.ok && !modulesTxt.missing) {
    findings.push(unreadableFinding(rel('vendor/modules.txt'), modulesTxt.refusal));
    skipped.push({ step: 'vendor consistency', reason: 'vendor/modules.txt was not read' });
  } else {
    const c = consistencyFindings(await go(['list', '-mod=vendor', '-m', `-modfile=${modfile}`]), rel);
    findings.push(...c.findings);
    skipped.push(...c.skipped);
  }
  const fresh = join(out, 'vendor');
  const vendor = await go(['mod', 'vendor', `-modfile=${modfile}`, '-o', fresh]);
  if (vendor.exitCode !== 0) {
    skipped.push({ step: 'vendor freshness', reason: vendorFailure(vendor, 'go mod vendor') });
    return { findings, skipped };
  }
  findings.push(...(await vendorDrift(moduleDir, fresh, rel, 'go mod vendor', repoRoot, txtRefused)));
  return { findings, skipped };
}
