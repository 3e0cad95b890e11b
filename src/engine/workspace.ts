/**
 * go.work checks, reported apart from the modules: every `use` exists inside the repository and
 * has a go.mod; go.work.sum agrees with the authoritative hashes like a go.sum; and `go work sync`
 * (run on a scratch copy of the workspace) would not change any module's requirements.
 */
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { GoRunner, GoResult } from '../go/runner.js';
import { classifyGoError, parseFileLineErrors, parseGoSum } from '../go/parse.js';
import { summariseModFile } from '../go/modfile.js';
import type { GoSettings } from '../go/env.js';
import type { Finding, WorkspaceReport } from '../report/model.js';
import type { BackoffPolicy, Clock } from '../util/retry.js';
import { resolveAuthoritativeHashes, type HashLookups, sumFileFindings, firstErrorLine, rebuildGoSum, emptyDirIn } from './checksums.js';
import { goVersionFinding, isInside, needsNewerGo } from './directives.js';
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
  const edit = await go(['work', 'edit', '-json', abs], workDir, ctx.env);
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
    findings.push(goVersionFinding('go.work', summary.go.version, ctx.goVersion, file, summary.go.line));
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
    const resolved = await resolveAuthoritativeHashes(parsed.entries, {
      go: ctx.go,
      emptyDir: await emptyDirIn(ctx.scratch),
      env: ctx.env,
      goSettings: ctx.goSettings,
      policy: ctx.policy,
      clock: ctx.clock,
      shared: ctx.hashLookups
    });
    log.push(`go.work.sum: ${parsed.entries.length} lines`);
    const result = sumFileFindings(parsed, resolved, relOf(sumFile), 'go.work.sum');
    if (result.unchecked.length) skippedSteps.push({ step: 'checksums of some go.work.sum lines', reason: result.unchecked.join('; ') });
    if (result.corrected.size || parsed.malformed.length) correctedSum = rebuildGoSum(sumText, result.corrected, new Set(parsed.malformed.map((m) => m.line)));
    return result.findings;
  };

  // go work sync on a scratch copy: which module's go.mod would change.
  const syncCheck = async (): Promise<Finding[]> => {
    const out: Finding[] = [];
    if (findings.some((f) => f.kind === 'workspace-error' || f.kind === 'go-version')) {
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
    const raw = await go(['work', 'sync'], dirname(copiedWork), { ...ctx.env, GOWORK: copiedWork });
    // go names files in the scratch copy; say where they are in the repository.
    const sync = { ...raw, stderr: raw.stderr.split(copy).join(base) };
    if (sync.exitCode !== 0) {
      // Failures whose cause is reported elsewhere (a wrong go.sum line in a module, a local replacement
      // outside the repository) or is not the workspace's (the network) do not make a second finding.
      const elsewhere = /checksum mismatch/.test(sync.stderr)
        ? 'a go.sum line disagrees with the authoritative hash (reported with the module)'
        : /\(replaced by [./\\]/.test(sync.stderr)
          ? 'a local replacement points outside the workspace (see the replace-local findings)'
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
        message: `go work sync would change ${gomod}: its requirements are older than the versions the workspace builds with`,
        module: moduleDir,
        diff: formatGoDiff(gomod, before, after, 'synced')
      });
    }
    return out;
  };
  const sums = await sumCheck();
  const synced = await syncCheck();
  findings.push(...sums, ...synced);
  return done();
}
