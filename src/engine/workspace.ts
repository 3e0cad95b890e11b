/**
 * go.work checks, reported apart from the modules: every `use` exists inside the repository and
 * has a go.mod; go.work.sum agrees with the authoritative hashes like a go.sum; a vendor/ made by
 * `go work vendor` is consistent and fresh; and `go work sync` would not change any module's
 * requirements. go runs on a scratch copy of the workspace.
 */
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { GoRunner, GoResult } from '../go/runner.js';
import { classifyGoError, compareGoVersions, parseFileLineErrors, parseGoSum } from '../go/parse.js';
import { summariseModFile } from '../go/modfile.js';
import type { GoSettings } from '../go/env.js';
import type { Finding, WorkspaceReport } from '../report/model.js';
import type { BackoffPolicy, Clock } from '../util/retry.js';
import { lookUpHashes, type HashLookups, sumFileFindings, firstErrorLine, rebuildGoSum } from './checksums.js';
import { goVersionFinding, isInside, needsNewerGo, toolchainCanSwitch, toolchainUnavailable } from './directives.js';
import { consistencyFindings, isWorkspaceVendor, vendorDrift, vendorFailure, type VendorResult } from './vendor.js';
import { formatGoDiff } from './tidy.js';
import { MISSING, READ_LIMITS, readCheckoutText, resolveInCheckout, unreadableFinding, unsafeForGo } from '../util/checkout.js';

export interface WorkspaceContext {
  go: GoRunner;
  clock: Clock;
  policy: BackoffPolicy;
  /** Absolute checked root; `file` is relative to it. */
  root: string;
  repoRoot: string;
  scratch: string;
  env: Record<string, string>;
  goSettings: GoSettings;
  goVersion: string;
  /** The run's checksum lookups, shared with the modules. */
  hashLookups: HashLookups;
}

/** What `go work sync` does to a module's go.mod, in words: requirements it raises, requirements it adds. */
export function syncChangeWords(before: string, after: string): string {
  const requires = (text: string): Map<string, string> => new Map(summariseModFile(text).requires.map((r) => [r.path, r.version]));
  const was = requires(before);
  const now = requires(after);
  let raised = 0;
  let added = 0;
  for (const [path, version] of now) {
    const old = was.get(path);
    if (old === undefined) added++;
    else if (old !== version) raised++;
  }
  const adds = `${added} requirement${added === 1 ? '' : 's'} the workspace builds with ${added === 1 ? 'is' : 'are'} missing`;
  if (added && raised) return `its requirements are older than the versions the workspace builds with, and ${adds}`;
  if (added) return adds;
  return 'its requirements are older than the versions the workspace builds with';
}

function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

/**
 * Whether `p` may be copied with its links resolved: it stays inside `realRoot`, is a regular file
 * or directory, and is no link to a directory that contains it (a loop).
 */
function safeToCopy(realRoot: string, p: string): boolean {
  try {
    const real = realpathSync(p);
    if (!isInside(realRoot, real)) return false;
    const st = statSync(real);
    if (st.isDirectory()) return !lstatSync(p).isSymbolicLink() || !isInside(real, realpathSync(dirname(p)));
    return st.isFile();
  } catch {
    return false; // broken links and loops: go would fail on them anyway
  }
}

/** Directories never copied into the scratch workspace. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'vendor']);
const REPLACED_OUTSIDE = 'a local replacement points outside the workspace (see the replace-local findings)';
/** go failed on a module replaced by a directory (`(replaced by ../x)`), which the scratch copy does not hold. */
const replacedOutside = (stderr: string): boolean => /\(replaced by [./\\]/.test(stderr);

/** Checks the go.work at `file` (relative to ctx.root). Writes only under ctx.scratch. */
export async function checkWorkspace(file: string, ctx: WorkspaceContext): Promise<{ report: WorkspaceReport; log: string[] }> {
  const abs = join(ctx.root, file);
  const workDir = dirname(abs);
  const relOf = (p: string): string => relative(ctx.root, p).split(sep).join('/') || '.';
  const findings: Finding[] = [];
  const skippedSteps: WorkspaceReport['skippedSteps'] = [];
  const log: string[] = [];
  const go = async (args: string[], cwd: string, env: Record<string, string>): Promise<GoResult> => {
    const r = await ctx.go.run(args, { cwd, env });
    log.push(`$ go ${args.join(' ')}  → exit ${r.exitCode} (${r.durationMs} ms)`);
    return r;
  };
  const read = await readCheckoutText(ctx.repoRoot, abs, READ_LIMITS.modFile);
  const text = read.ok ? read.text : '';
  const summary = summariseModFile(text);
  const done = (): { report: WorkspaceReport; log: string[] } => ({
    report: { file, uses: summary.uses.map((u) => u.dir), status: findings.length ? 'findings' : 'clean', findings, skippedSteps },
    log
  });
  if (!read.ok) {
    findings.push(unreadableFinding(file, read.missing ? MISSING : read.refusal));
    skippedSteps.push({ step: 'workspace', reason: 'go.work was not read' });
    return done();
  }

  // go.work itself, parsed by go.
  // Parsing needs no toolchain switch (GOTOOLCHAIN=auto would try one for a newer go line).
  const edit = await go(['work', 'edit', '-json', abs], workDir, { ...ctx.env, GOTOOLCHAIN: 'local' });
  if (edit.exitCode !== 0) {
    const at = parseFileLineErrors(edit.stderr, 'go.work')[0];
    findings.push({
      kind: 'malformed',
      file,
      ...(at ? { line: at.line } : {}),
      message: at ? `go.work:${at.line}: ${at.message}` : 'go.work cannot be parsed',
      detail: edit.stderr.trim()
    });
    skippedSteps.push({ step: 'workspace', reason: 'go.work cannot be parsed' });
    return done();
  }
  if (summary.go && needsNewerGo(summary.go.version, ctx.goVersion, ctx.env)) {
    findings.push(goVersionFinding('go.work', summary.go.version, ctx.goVersion, file, summary.go.line, undefined, ctx.env.GOTOOLCHAIN));
  } else if (toolchainCanSwitch(ctx.env)) {
    // GOTOOLCHAIN lets go switch to the Go the workspace asks for; when it cannot get it, that is the finding.
    const probe = await go(['version'], workDir, { ...ctx.env, GOWORK: abs });
    const failed = probe.exitCode === 0 ? null : toolchainUnavailable(probe.stderr);
    if (failed) {
      const required = summary.go && compareGoVersions(summary.go.version, ctx.goVersion) > 0 ? summary.go.version : failed.version;
      findings.push(
        goVersionFinding('go.work', required, ctx.goVersion, file, summary.go?.line, `GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN} could not get go${failed.version}: ${failed.message}`)
      );
    }
  }

  // Every use directory: inside the repository, present, with a go.mod.
  const useDirs: string[] = [];
  for (const u of summary.uses) {
    const dir = resolve(workDir, u.dir);
    // Where the directory really is: a link inside the repository to outside of it is outside.
    const where = isInside(ctx.repoRoot, dir) ? await resolveInCheckout(ctx.repoRoot, dir) : null;
    const gomod = where && 'real' in where ? await resolveInCheckout(ctx.repoRoot, join(dir, 'go.mod')) : null;
    const problem = !where || ('refusal' in where && where.refusal.reason === 'outside')
      ? 'is outside the repository'
      : !('real' in where) || !(await isDirectory(where.real))
        ? 'does not exist'
        : !gomod || 'missing' in gomod
          ? 'has no go.mod'
          : null;
    if (gomod && 'refusal' in gomod) {
      findings.push(unreadableFinding(relOf(join(dir, 'go.mod')), gomod.refusal));
    } else if (problem) {
      findings.push({ kind: 'workspace-error', file, line: u.line, message: `use ${u.dir}: the directory ${problem}`, use: u.dir, detail: `use ${u.dir}: ${problem}` });
    } else useDirs.push(dir);
  }

  const sumFile = join(workDir, 'go.work.sum');
  const sumRead = await readCheckoutText(ctx.repoRoot, sumFile, READ_LIMITS.sumFile);
  if (!sumRead.ok && !sumRead.missing) findings.push(unreadableFinding(relOf(sumFile), sumRead.refusal));
  const sumText = sumRead.ok ? sumRead.text : null;
  // go.work.sum, line by line against the authoritative hashes; sync then runs on the corrected file.
  let correctedSum: string | null = sumText;
  const sumCheck = async (): Promise<Finding[]> => {
    if (sumText === null) return [];
    const parsed = parseGoSum(sumText);
    const resolved = await lookUpHashes(parsed.entries, ctx);
    log.push(`go.work.sum: ${parsed.entries.length} lines`);
    const result = sumFileFindings(parsed, resolved, relOf(sumFile), 'go.work.sum');
    if (result.unchecked.length) skippedSteps.push({ step: 'checksums of some go.work.sum lines', reason: result.unchecked.join('; ') });
    if (result.corrected.size || parsed.malformed.length) correctedSum = rebuildGoSum(sumText, result.corrected, new Set(parsed.malformed.map((m) => m.line)));
    return result.findings;
  };

  // vendor/ made by `go work vendor` belongs to the workspace: checked here, in workspace mode.
  const vendored = await isWorkspaceVendor(workDir, ctx.repoRoot);

  // go work vendor and go work sync on a scratch copy of the workspace, with every go.sum corrected.
  const syncCheck = async (): Promise<Finding[]> => {
    const out: Finding[] = [];
    if (findings.some((f) => f.kind === 'workspace-error' || f.kind === 'go-version')) {
      if (vendored) skippedSteps.push({ step: 'vendor', reason: 'the workspace cannot be loaded as it is' });
      skippedSteps.push({ step: 'go work sync', reason: 'the workspace cannot be loaded as it is' });
      return out;
    }
    // go reads every use's sources: nothing of them may lead out of the repository.
    const unsafe = await unsafeForGo(ctx.repoRoot, useDirs);
    for (const u of unsafe) out.push(unreadableFinding(relOf(u.path), u.refusal));
    if (unsafe.length || findings.some((f) => f.kind === 'unreadable')) {
      skippedSteps.push({ step: 'go work sync', reason: 'a file go would read was not read' });
      return out;
    }
    const base = useDirs.every((d) => isInside(workDir, d)) ? workDir : ctx.repoRoot;
    const copy = join(ctx.scratch, 'workspace');
    const realRepo = realpathSync(ctx.repoRoot);
    await cp(base, copy, {
      recursive: true,
      // Links are copied as what they point to, so go in the copy can neither write through one into
      // the checkout nor follow one out of it (those are left out), nor loop.
      dereference: true,
      filter: (src) => src === base || (!NOT_COPIED.has(src.slice(src.lastIndexOf(sep) + 1)) && safeToCopy(realRepo, src))
    });
    const copiedWork = join(copy, relative(base, abs));
    if (correctedSum !== null && correctedSum !== sumText) await writeFile(join(dirname(copiedWork), 'go.work.sum'), correctedSum);
    // A wrong hash in a module's go.sum is that module's finding: here it would only stop go.
    await Promise.all(useDirs.map((d) => correctModuleSum(d, join(copy, relative(base, d)))));
    if (vendored) {
      const v = await vendorCheck(dirname(copiedWork), copiedWork);
      out.push(...v.findings);
      skippedSteps.push(...v.skipped);
    }
    const raw = await go(['work', 'sync'], dirname(copiedWork), { ...ctx.env, GOWORK: copiedWork });
    // go names files in the scratch copy; say where they are in the repository.
    const sync = { ...raw, stderr: raw.stderr.split(copy).join(base) };
    if (sync.exitCode !== 0) {
      // Failures whose cause is reported elsewhere (a wrong go.sum line in a module, a local replacement
      // outside the repository) or is not the workspace's (the network) do not make a second finding.
      const elsewhere = /checksum mismatch/.test(sync.stderr)
        ? 'a go.sum line disagrees with the authoritative hash (reported with the module)'
        : replacedOutside(sync.stderr)
          ? REPLACED_OUTSIDE
          : classifyGoError(sync.stderr) === 'network'
            ? firstErrorLine(sync.stderr)
            : null;
      if (elsewhere) {
        skippedSteps.push({ step: 'go work sync', reason: elsewhere });
      } else {
        out.push({ kind: 'workspace-error', file, message: `go work sync fails: ${firstErrorLine(sync.stderr)}`, detail: sync.stderr.trim() });
      }
      return out;
    }
    for (const dir of useDirs) {
      const was = await readCheckoutText(ctx.repoRoot, join(dir, 'go.mod'), READ_LIMITS.modFile);
      if (!was.ok) continue; // checked above: cannot happen unless the checkout changes meanwhile
      const before = was.text;
      const after = await readFile(join(copy, relative(base, dir), 'go.mod'), 'utf8').catch(() => before);
      if (before === after) continue;
      const moduleDir = relOf(dir);
      const gomod = moduleDir === '.' ? 'go.mod' : `${moduleDir}/go.mod`;
      out.push({
        kind: 'workspace-sync',
        file: gomod,
        message: `go work sync would change ${gomod}: ${syncChangeWords(before, after)}`,
        module: moduleDir,
        diff: formatGoDiff(gomod, before, after, 'synced')
      });
    }
    return out;
  };
  /** Writes `from`'s go.sum into `to` with every wrong hash replaced by the authoritative one. */
  const correctModuleSum = async (from: string, to: string): Promise<void> => {
    const read = await readCheckoutText(ctx.repoRoot, join(from, 'go.sum'), READ_LIMITS.sumFile);
    if (!read.ok) return;
    const text = read.text;
    const parsed = parseGoSum(text);
    const resolved = await lookUpHashes(parsed.entries, ctx);
    const { corrected } = sumFileFindings(parsed, resolved, '', 'go.sum');
    if (corrected.size || parsed.malformed.length) await writeFile(join(to, 'go.sum'), rebuildGoSum(text, corrected, new Set(parsed.malformed.map((m) => m.line))));
  };

  /** The committed vendor/ beside go.work, checked in workspace mode in the scratch copy `dir`. */
  const vendorCheck = async (dir: string, work: string): Promise<VendorResult> => {
    const env = { ...ctx.env, GOWORK: work };
    const rel = (f: string): string => relOf(join(workDir, f));
    let fresh = join(ctx.scratch, 'vendor-out', 'vendor');
    let made = await go(['work', 'vendor', '-o', fresh], dir, env);
    let drift = made.exitCode === 0 ? await vendorDrift(workDir, fresh, rel, 'go work vendor', ctx.repoRoot) : [];
    // go work vendor copies from the module cache: when it is modified (the modules report it), its
    // tampered files must not be the reference, so vendor/ is compared with modules downloaded afresh.
    let cleanFailed = false;
    if (drift.some((f) => f.kind === 'vendor-modified') && (await go(['mod', 'verify'], dir, env)).exitCode !== 0) {
      const clean = join(ctx.scratch, 'clean-modcache');
      log.push(`the module cache does not verify: vendor/ is compared with modules downloaded into ${clean}`);
      fresh = join(ctx.scratch, 'vendor-clean-out', 'vendor');
      made = await go(['work', 'vendor', '-o', fresh], dir, { ...env, GOMODCACHE: clean, GOFLAGS: [ctx.env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' ') });
      drift = made.exitCode === 0 ? await vendorDrift(workDir, fresh, rel, 'go work vendor', ctx.repoRoot) : [];
      cleanFailed = made.exitCode !== 0;
    }
    // Consistency reads only vendor/modules.txt: the committed one (read safely), placed in the copy.
    const modulesTxt = await readCheckoutText(ctx.repoRoot, join(workDir, 'vendor', 'modules.txt'), READ_LIMITS.sumFile);
    let result: VendorResult;
    if (modulesTxt.ok) {
      await mkdir(join(dir, 'vendor'), { recursive: true });
      await writeFile(join(dir, 'vendor', 'modules.txt'), modulesTxt.text);
      result = consistencyFindings(await go(['list', '-mod=vendor', '-m'], dir, env), rel);
      await rm(join(dir, 'vendor'), { recursive: true, force: true }); // go work sync must not see it
    } else {
      result = { findings: [unreadableFinding(rel('vendor/modules.txt'), modulesTxt.missing ? MISSING : modulesTxt.refusal)], skipped: [{ step: 'vendor consistency', reason: 'vendor/modules.txt was not read' }] };
      drift = drift.filter((f) => !(f.kind === 'unreadable' && f.file === rel('vendor/modules.txt')));
    }
    if (made.exitCode !== 0) {
      // As for go work sync: a replacement that leads out of the copy is the replace-local finding's cause.
      const why = replacedOutside(made.stderr) ? REPLACED_OUTSIDE : vendorFailure(made, 'go work vendor');
      result.skipped.push({ step: 'vendor freshness', reason: cleanFailed ? `the module cache is modified and a clean copy could not be downloaded: ${why}` : why });
    }
    result.findings.push(...drift);
    return result;
  };

  const sums = await sumCheck();
  const synced = await syncCheck();
  findings.push(...sums, ...synced);
  return done();
}
