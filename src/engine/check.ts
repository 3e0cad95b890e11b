import { mkdir, readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { GoRunner, GoResult } from '../go/runner.js';
import {
  parseGoSum,
  parseTidyDiff,
  parseJsonStream,
  parseFileLineErrors,
  parseRequiresNewerGo,
  compareGoVersions,
  classifyGoError
} from '../go/parse.js';
import type { GoSettings } from '../go/env.js';
import type { Finding, ModuleReport, DownloadErrorFinding } from '../report/model.js';
import { retry, type BackoffPolicy, type Clock } from '../util/retry.js';
import { lookUpHashes, HashLookups, sumFileFindings, downloadError, problemLine, rebuildGoSum } from './checksums.js';
import { checkDirectives, checkDependencyReplaces, goVersionFinding, needsNewerGo, toolchainCanSwitch, toolchainUnavailable } from './directives.js';
import { checkVendor, hasVendorDir, isWorkspaceVendor, type VendorResult } from './vendor.js';
import { lookupModules } from './lookups.js';
import { plainGoModJson, summariseModFile } from '../go/modfile.js';
import { applyGoModDiff, describeTidyChanges, formatGoDiff, formattingOnly, type GoModJson } from './tidy.js';
import { scratchScrubber, scrubFinding } from './scrub.js';
import type { ModuleCacheVerifier } from './verify.js';
import { internalError } from './internal.js';
import { MISSING, READ_LIMITS, readCheckoutText, resolveInCheckout, unreadableFinding, unsafeForGo } from '../util/checkout.js';
import { nonCanonicalRequires } from './versions.js';

export interface ModuleContext {
  go: GoRunner;
  clock: Clock;
  policy: BackoffPolicy;
  /** Absolute path of the repository root. */
  root: string;
  /** A directory this module may use for scratch files. */
  scratch: string;
  /** Environment added to every go call (GOWORK=off, GOFLAGS, ...). */
  env: Record<string, string>;
  goSettings: GoSettings;
  goVersion: string;
  /** `copy` forces the Go < 1.23 path: tidy a scratch go.mod and diff it. */
  tidyMode: 'auto' | 'copy';
  /** Absolute root of the repository: local replacements must stay inside it. */
  repoRoot: string;
  /** GOMODCACHE, where dependencies' go.mod files are read from. */
  gomodcache: string;
  /** Look up retractions and deprecations (one proxy request per required module). */
  lookups: boolean;
  /** Report newer versions of direct dependencies (needs lookups). */
  updates: boolean;
  /** The run's module cache check (go mod verify), shared so each module version is hashed once. */
  moduleCache: ModuleCacheVerifier;
  /** The run's checksum lookups, shared so each module version is looked up once. */
  hashLookups: HashLookups;
}

interface DownloadRecord {
  Path: string;
  Version: string;
  Error?: string;
}

/** Checks one module: go.mod, go.sum against authoritative hashes, download, tidy, verify. Writes only under ctx.scratch. */
export async function checkModule(dir: string, ctx: ModuleContext): Promise<{ report: ModuleReport; log: string[]; localTargets: string[] }> {
  const started = ctx.clock.now();
  const abs = dir === '.' ? ctx.root : join(ctx.root, dir);
  const rel = (f: string): string => (dir === '.' ? f : `${dir}/${f}`);
  const findings: Finding[] = [];
  const skippedSteps: ModuleReport['skippedSteps'] = [];
  const log: string[] = [];
  const localTargets: string[] = [];
  const scrub = scratchScrubber(ctx.scratch, abs, rel);
  const report = (path: string | null, gomod: GoModJson | null): { report: ModuleReport; log: string[]; localTargets: string[] } => ({
    report: {
      dir,
      path,
      goVersion: gomod?.Go ?? null,
      toolchain: gomod?.Toolchain ?? null,
      status: findings.length ? 'findings' : 'clean',
      findings: findings.map((f) => scrubFinding(f, scrub)),
      skippedSteps: skippedSteps.map((s) => ({ step: s.step, reason: scrub(s.reason) })),
      durationMs: ctx.clock.now() - started
    },
    log,
    localTargets
  });
  /** Runs go in the module's directory, logging the call to `to`. */
  const logTo =
    (to: string[]) =>
    async (args: string[], extraEnv: Record<string, string> = {}): Promise<GoResult> => {
      const r = await ctx.go.run(args, { cwd: abs, env: { ...ctx.env, ...extraEnv } });
      to.push(`$ go ${args.join(' ')}  → exit ${r.exitCode} (${r.durationMs} ms)`);
      return r;
    };
  const go = logTo(log);
  const skipRest = (reason: string, ...steps: string[]): void => {
    for (const step of steps) skippedSteps.push({ step, reason });
  };

  // go.mod: the plainest files are read here (plainGoModJson gives what go mod edit -json would);
  // any other is parsed by go itself, so a malformed file is reported exactly as go sees it.
  // Every file of the checkout is read through readCheckoutText: a link out of the repository is refused, not followed.
  const modRead = await readCheckoutText(ctx.repoRoot, join(abs, 'go.mod'), READ_LIMITS.modFile);
  if (!modRead.ok) {
    findings.push(unreadableFinding(rel('go.mod'), modRead.missing ? MISSING : modRead.refusal));
    skipRest('go.mod was not read', 'checksums', 'download', 'tidy', 'verify');
    return report(null, null);
  }
  const gomodText: string | null = modRead.text;
  const plain = gomodText === null ? null : plainGoModJson(gomodText);
  // Parsing needs no toolchain switch (GOTOOLCHAIN=auto would try one for a newer go line).
  const edit = plain ? null : await go(['mod', 'edit', '-json'], { GOTOOLCHAIN: 'local' });
  if (edit && edit.exitCode !== 0) {
    const at = parseFileLineErrors(edit.stderr)[0];
    findings.push({
      kind: 'malformed',
      file: rel('go.mod'),
      ...(at ? { line: at.line } : {}),
      message: at ? `go.mod:${at.line}: ${at.message}` : `go.mod cannot be parsed`,
      detail: edit.stderr.trim()
    });
    skipRest('go.mod cannot be parsed', 'checksums', 'download', 'tidy', 'verify');
    return report(null, null);
  }
  const gomod = plain ?? (JSON.parse(edit!.stdout) as GoModJson);
  const modPath = gomod.Module?.Path || null;
  log.push(`module ${modPath ?? '?'} (go ${gomod.Go ?? 'unset'})`);
  if (!modPath) {
    // Every go command stops here ("missing module declaration"): say so, not a download error from a scratch copy.
    const empty = !gomodText?.trim();
    findings.push({
      kind: 'malformed',
      file: rel('go.mod'),
      message: `go.mod ${empty ? 'is empty' : 'has no module directive'}: go needs a "module <path>" line`,
      detail: 'go: error reading go.mod: missing module declaration'
    });
    skipRest('go.mod has no module directive', 'checksums', 'download', 'tidy', 'verify');
    return report(null, gomod);
  }

  // Why go cannot load this module, if it cannot: the steps that need that (download, tidy, verify,
  // vendor/, lookups) then say so, while those that do not (directives, go.sum hashes) still run.
  let unloadable: string | null = null;
  if (needsNewerGo(gomod.Go, ctx.goVersion, ctx.env)) {
    findings.push(goVersionFinding('go.mod', gomod.Go, ctx.goVersion, rel('go.mod'), undefined, undefined, ctx.env.GOTOOLCHAIN));
    unloadable = `needs go ${gomod.Go}`;
  } else if (toolchainCanSwitch(ctx.env)) {
    // GOTOOLCHAIN lets go switch to the Go that go.mod asks for: when it cannot get it, every go call
    // of this module fails the same way, which is the go-version finding and nothing else.
    const probe = await go(['version']);
    const failed = probe.exitCode === 0 ? null : toolchainUnavailable(probe.stderr);
    if (failed) {
      // The go line, the toolchain line, or GOTOOLCHAIN itself named the Go that could not be had.
      const byGoLine = !!gomod.Go && compareGoVersions(gomod.Go, ctx.goVersion) > 0;
      const who = byGoLine ? 'go.mod' : gomod.Toolchain ? `go.mod's toolchain ${gomod.Toolchain}` : `GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN}`;
      const required = byGoLine ? gomod.Go! : failed.version;
      findings.push(goVersionFinding(who, required, ctx.goVersion, rel('go.mod'), undefined, `GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN} could not get go${failed.version}: ${failed.message}`));
      unloadable = `needs go ${required}`;
    }
  }

  if (gomodText === null) throw new Error(`${rel('go.mod')} cannot be read, though go could`);
  const summary = summariseModFile(gomodText);
  const directives = await checkDirectives(summary, {
    moduleDir: abs,
    repoRoot: ctx.repoRoot,
    file: rel('go.mod'),
    goVersion: ctx.goVersion,
    gotoolchain: ctx.env.GOTOOLCHAIN ?? 'local'
  });
  findings.push(...directives.findings);
  for (const t of directives.localTargets) localTargets.push(t);
  if (directives.blocking) unloadable ??= `go cannot load this module: ${directives.blocking}`;
  const vendored = await hasVendorDir(abs);
  // vendor/ made by `go work vendor` belongs to the go.work beside it and is checked with it.
  const workspaceVendor = vendored && (await isWorkspaceVendor(abs, ctx.repoRoot));
  if (workspaceVendor) log.push('vendor/ was made by go work vendor: checked with the go.work beside it');

  // go runs in the module's directory from here on: whatever it would read there (and in local
  // replacements) must stay inside the repository, or go does not run at all.
  const unsafe = await unsafeForGo(ctx.repoRoot, [abs, ...directives.localTargets]);
  for (const u of unsafe) findings.push(unreadableFinding(relative(ctx.root, u.path).split(sep).join('/'), u.refusal));
  // When go does not run, vendor/ is not compared: a refused vendor/modules.txt is still named.
  const vendorRefusals = async (): Promise<void> => {
    if (!(await hasVendorDir(abs))) return;
    const where = await resolveInCheckout(ctx.repoRoot, join(abs, 'vendor'));
    const txt = 'refusal' in where ? null : await readCheckoutText(ctx.repoRoot, join(abs, 'vendor', 'modules.txt'), READ_LIMITS.sumFile);
    if ('refusal' in where) findings.push(unreadableFinding(rel('vendor'), where.refusal));
    else if (txt && !txt.ok && !txt.missing) findings.push(unreadableFinding(rel('vendor/modules.txt'), txt.refusal));
  };
  const sumRead = await readCheckoutText(ctx.repoRoot, join(abs, 'go.sum'), READ_LIMITS.sumFile);
  if (!sumRead.ok && !sumRead.missing) {
    findings.push(unreadableFinding(rel('go.sum'), sumRead.refusal));
    await vendorRefusals();
    skipRest('go.sum was not read', 'checksums', 'download', 'tidy', 'verify');
    return report(modPath, gomod);
  }

  // go.sum: every line checked against the authoritative hash, all mismatches in one run.
  const sumText: string | null = sumRead.ok ? sumRead.text : null;
  const parsed = parseGoSum(sumText ?? '');
  const checkSums = async (): Promise<ReturnType<typeof sumFileFindings>['corrected']> => {
    const resolved = await lookUpHashes(parsed.entries, ctx);
    const sums = sumFileFindings(parsed, resolved, rel('go.sum'), 'go.sum');
    findings.push(...sums.findings);
    if (sums.unchecked.length) skippedSteps.push({ step: 'checksums of some go.sum lines', reason: sums.unchecked.join('; ') });
    return sums.corrected;
  };
  if (unsafe.length) {
    // The lookups run in an empty scratch directory, not here: they are still done.
    await checkSums();
    await vendorRefusals();
    skipRest(`go would read ${findings.find((f) => f.kind === 'unreadable')!.file!}, which is not read`, 'download', 'tidy', 'verify');
    return report(modPath, gomod);
  }
  const prepare = async (name: string, sum: string | null): Promise<string> => {
    const d = join(ctx.scratch, name);
    await mkdir(d, { recursive: true });
    await writeFile(join(d, 'go.mod'), gomodText);
    if (sum !== null) await writeFile(join(d, 'go.sum'), sum);
    return join(d, 'go.mod');
  };
  const download = async (name: string, sum: string | null) => {
    const modfile = await prepare(name, sum);
    const result = await retry(
      () => go(['mod', 'download', '-json', `-modfile=${modfile}`]),
      (r) => r.exitCode !== 0 && downloadFailures(r).length > 0 && downloadFailures(r).every((f) => f.reason === 'network'),
      ctx.policy,
      ctx.clock
    );
    return { modfile, ...result };
  };
  // The download runs alongside the checksum lookups on the committed go.sum (minus malformed
  // lines); only when a hash turns out wrong is it repeated on the corrected go.sum.
  const withoutMalformed = sumText === null || parsed.malformed.length === 0 ? sumText : rebuildGoSum(sumText, new Map(), new Set(parsed.malformed.map((m) => m.line)));
  const optimistic = unloadable === null ? download('download', withoutMalformed) : null;
  // Tidy starts now too, on the same go.sum as the optimistic download; it is redone when a hash
  // turns out wrong. This early tidy is tried once: on a network failure it waits for the
  // download's verdict and is then run with retries like every other step.
  const crashed = (e: unknown): TidyOutcome => ({ kind: 'crashed', error: e });
  const earlyTidy = optimistic
    ? prepare('tidy', withoutMalformed)
        .then((m) => runTidy(go, ctx, m, gomodText, withoutMalformed, { ...ctx.policy, attempts: 1 }))
        .catch(crashed)
    : null;
  // The module cache check starts as soon as that download is through, without waiting for the
  // lookups: when a hash turns out wrong, it is done again after the corrected download (the
  // versions it hashed meanwhile are not hashed twice), and this early run and its log are dropped.
  const earlyVerifyLog: string[] = [];
  const earlyVerify = optimistic
    ? optimistic
        .then((d) => (d.value.exitCode === 0 ? ctx.moduleCache.verify(d.modfile, logTo(earlyVerifyLog), earlyVerifyLog, abs) : null))
        .catch(() => null)
    : null;
  const corrected = await checkSums();
  log.push(`go.sum: ${parsed.entries.length} lines, ${corrected.size} mismatched, ${parsed.malformed.length} malformed`);

  // The scratch go.sum: committed lines, wrong hashes replaced, malformed lines dropped.
  const repaired = corrected.size > 0 || parsed.malformed.length > 0;
  const scratchSum = sumText === null ? null : repaired ? rebuildGoSum(sumText, corrected, new Set(parsed.malformed.map((m) => m.line))) : sumText;

  // What needs go to load the module; the first is the download.
  const goSteps = ['download', 'tidy', 'verify', ...(vendored && !workspaceVendor ? ['vendor'] : []), ...(ctx.lookups ? ['retractions and deprecations'] : [])];
  if (!optimistic || !earlyTidy || !earlyVerify) {
    skipRest(unloadable ?? 'go cannot load this module', ...goSteps);
    return report(modPath, gomod);
  }

  // Download: everything the module needs, retrying only transient network failures.
  const first = await optimistic;
  // Tidy again (with retries) on the corrected go.sum when a hash was wrong, or when the early
  // try failed on the network; called only once the download has succeeded.
  const tidying = (): Promise<TidyOutcome> =>
    earlyTidy
      .then((early) =>
        corrected.size > 0 || (early.kind === 'error' && early.transient)
          ? prepare('tidy-again', scratchSum).then((m) => runTidy(go, ctx, m, gomodText, scratchSum))
          : early
      )
      .catch(crashed);
  const dl = corrected.size > 0 ? await download('download-again', scratchSum) : first;
  const dlMod = dl.modfile;
  const failures = dl.value.exitCode === 0 ? [] : downloadFailures(dl.value);
  const newer = parseRequiresNewerGo(dl.value.stderr);
  const unavailable = newer ? null : /download go(\S+) for \S+: toolchain not available/.exec(dl.value.stderr);
  if (unavailable) {
    // GOTOOLCHAIN=auto asked the proxy for a toolchain it does not have: the go line (or a dependency's) is the problem.
    const who = gomod.Go && compareGoVersions(gomod.Go, ctx.goVersion) > 0 ? 'go.mod' : 'a dependency';
    const f = goVersionFinding(who, unavailable[1]!, ctx.goVersion, rel('go.mod'), who === 'go.mod' ? summary.go?.line : undefined);
    findings.push({ ...f, message: `${who} requires go >= ${unavailable[1]!}, newer than the go on this runner (${ctx.goVersion}), and GOTOOLCHAIN=${ctx.env.GOTOOLCHAIN ?? 'auto'} could not download it: toolchain not available from the module proxy` });
    skipRest(`needs go ${unavailable[1]!}`, ...goSteps.slice(1));
    await Promise.all([earlyTidy, earlyVerify]);
    return report(modPath, gomod);
  }
  // go could not load this go.mod (a godebug key this Go does not know, say): a line of the file, not a download.
  const loadErrors = /error loading go\.mod/.test(dl.value.stderr) ? parseFileLineErrors(dl.value.stderr).filter((e) => resolve(abs, e.file) === dlMod) : [];
  if (loadErrors.length > 0) {
    for (const e of loadErrors) {
      const unknown = /^unknown godebug /.test(e.message) ? ` (go ${ctx.goVersion} does not know this setting: a newer or older Go may; remove it or run the Go it is meant for)` : '';
      findings.push({ kind: 'malformed', file: rel('go.mod'), line: e.line, message: `go.mod:${e.line}: ${e.message}${unknown}`, detail: `go.mod:${e.line}: ${e.message}` });
    }
    skipRest('go cannot load go.mod', ...goSteps.slice(1));
    await Promise.all([earlyTidy, earlyVerify]);
    return report(modPath, gomod);
  }
  if (newer) {
    findings.push(goVersionFinding(newer.who, newer.required, newer.running, rel('go.mod'), undefined, undefined, ctx.env.GOTOOLCHAIN));
    skipRest(`needs go ${newer.required}`, ...goSteps.slice(1));
    await Promise.all([earlyTidy, earlyVerify]);
    return report(modPath, gomod);
  }
  for (const f of failures) {
    // Already said: a failed lookup of this version, or a proxy serving it modified (go then refuses the download too).
    if (findings.some((x) => (x.kind === 'download-error' || x.kind === 'proxy-modified') && x.module === f.module && x.version === f.version)) continue;
    findings.push(downloadError(f.module, f.version, f.reason, dl.attempts, f.message, rel('go.mod'), undefined));
  }
  findings.push(...nonCanonicalRequires(summary, dl.value.stdout, rel('go.mod')));
  if (failures.length > 0) {
    skipRest('the module graph could not be downloaded', ...goSteps.slice(1));
    await Promise.all([earlyTidy, earlyVerify]);
    return report(modPath, gomod);
  }

  const vendorFromCleanCache = async (): Promise<VendorResult> => {
    const clean = join(ctx.scratch, 'clean-modcache');
    log.push(`the module cache is modified: vendor/ is compared with modules downloaded into ${clean}`);
    const cleanGo = (args: string[]): Promise<GoResult> => go(args, { GOMODCACHE: clean, GOFLAGS: [ctx.env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' ') });
    const r = await checkVendor(cleanGo, abs, await prepare('vendor-clean', scratchSum), join(ctx.scratch, 'vendor-clean-out'), rel, ctx.repoRoot);
    return {
      findings: r.findings,
      skipped: r.skipped.map((x) => (x.step === 'vendor freshness' ? { ...x, reason: `the module cache is modified and a clean copy could not be downloaded: ${x.reason}` } : x))
    };
  };

  // Tidy, the module cache check, vendor/ and the lookups run side by side: verify is the slow one.
  const [tidy, verify, vendor, lookups, ignored] = await Promise.all([
    tidying(),
    dl === first
      ? earlyVerify.then((v) => {
          log.push(...earlyVerifyLog);
          return v ?? ctx.moduleCache.verify(dlMod, go, log, abs);
        })
      : ctx.moduleCache.verify(dlMod, go, log, abs),
    vendored && !workspaceVendor ? prepare('vendor', scratchSum).then((m) => checkVendor(go, abs, m, join(ctx.scratch, 'vendor-out'), rel, ctx.repoRoot)) : null,
    ctx.lookups ? prepare('lookups', scratchSum).then((m) => lookupModules(go, summary, m, rel('go.mod'), { goproxy: ctx.goSettings.GOPROXY, updates: ctx.updates })) : null,
    checkDependencyReplaces(summary, ctx.gomodcache, rel('go.mod'))
  ]);
  if (!ctx.lookups) skippedSteps.push({ step: 'retractions and deprecations', reason: 'switched off (input lookups: false)' });
  if (tidy.kind === 'crashed') {
    const { finding, log: lines } = internalError('tidy', tidy.error, rel('go.mod'));
    findings.push(finding);
    log.push(...lines);
  } else if (tidy.kind === 'error') {
    const at = parseFileLineErrors(tidy.output)[0];
    findings.push({
      kind: 'tidy-error',
      file: rel('go.mod'),
      ...(at ? { line: at.line } : {}),
      message: problemLine(tidy.output),
      output: tidy.output
    });
  } else if (tidy.diff) {
    const sections = parseTidyDiff(tidy.diff);
    const modSection = sections.find((s) => s.file === 'go.mod');
    let after: GoModJson | null = gomod;
    if (modSection) {
      const tidied = applyGoModDiff(gomodText, modSection);
      after = tidied === null ? null : await parseGoModText(go, ctx.scratch, tidied);
    }
    const changes = describeTidyChanges(gomod, after, sections, tidy.diff, repaired);
    findings.push({
      kind: 'untidy',
      file: rel(modSection ? 'go.mod' : 'go.sum'),
      message: sumText === null ? 'go.sum is missing; go mod tidy would create it' : summariseTidy(changes),
      changes
    });
  }

  // Module cache integrity.
  for (const p of verify.problems) {
    findings.push({
      kind: 'cache-modified',
      message: p.text,
      module: p.module,
      version: p.version,
      problem: p.problem,
      ...(p.path ? { path: p.path } : {})
    });
  }
  // go mod vendor copies from the module cache: with the cache modified, its tampered files would
  // be the reference, so vendor/ is compared again with modules downloaded afresh (and hash-checked).
  const vendorResult = vendor && verify.problems.length > 0 ? await vendorFromCleanCache() : vendor;
  if (vendorResult) {
    findings.push(...vendorResult.findings);
    skippedSteps.push(...vendorResult.skipped);
  }

  if (lookups) {
    findings.push(...lookups.findings);
    if (lookups.unavailable) skippedSteps.push({ step: 'retractions and deprecations', reason: `could not be checked: ${lookups.unavailable}` });
  }
  findings.push(...ignored);
  if (verify.error !== null) skippedSteps.push({ step: 'verify', reason: verify.error });
  await earlyVerify; // dropped, but its go processes must be done before the scratch directory goes
  return report(modPath, gomod);
}


function downloadFailures(r: GoResult): { module?: string; version?: string; reason: DownloadErrorFinding['reason']; message: string }[] {
  const records = parseJsonStream<DownloadRecord>(r.stdout).filter((x) => x.Error);
  if (records.length > 0) {
    return records.map((x) => ({ module: x.Path, version: x.Version, reason: classifyGoError(x.Error!), message: x.Error! }));
  }
  if (r.exitCode === 0) return [];
  const m = /(?:go: )?(\S+?)@(v\S+?): /.exec(r.stderr);
  return [{ ...(m ? { module: m[1]!, version: m[2]! } : {}), reason: classifyGoError(r.stderr), message: r.stderr.trim() }];
}

/** `transient`: go failed on the network (retries exhausted, or none allowed). `crashed`: this tool threw, go was not the problem. */
type TidyOutcome = { kind: 'ok'; diff: string } | { kind: 'error'; output: string; transient?: boolean } | { kind: 'crashed'; error: unknown };

async function runTidy(
  go: (args: string[]) => Promise<GoResult>,
  ctx: ModuleContext,
  modfile: string,
  gomodText: string,
  sumText: string | null,
  policy: BackoffPolicy = ctx.policy
): Promise<TidyOutcome> {
  const transient = (r: GoResult): boolean => r.exitCode !== 0 && !r.stdout.trim() && classifyGoError(r.stderr) === 'network';
  const failed = (r: GoResult): TidyOutcome => ({ kind: 'error', output: r.stderr.trim(), transient: transient(r) });
  if (ctx.tidyMode === 'auto') {
    const { value: r } = await retry(() => go(['mod', 'tidy', '-diff', `-modfile=${modfile}`]), transient, policy, ctx.clock);
    if (r.exitCode === 0) return { kind: 'ok', diff: '' };
    if (r.exitCode === 1 && r.stdout.startsWith('diff ')) return { kind: 'ok', diff: r.stdout };
    if (!/flag provided but not defined: -diff/.test(r.stderr)) return failed(r);
  }
  // Go < 1.23: tidy the scratch go.mod/go.sum and diff them ourselves.
  const { value: r } = await retry(() => go(['mod', 'tidy', `-modfile=${modfile}`]), transient, policy, ctx.clock);
  if (r.exitCode !== 0) return failed(r);
  const newMod = await readFile(modfile, 'utf8');
  const newSum = await readFile(modfile.replace(/\.mod$/, '.sum'), 'utf8').catch(() => '');
  return { kind: 'ok', diff: formatGoDiff('go.mod', gomodText, newMod) + formatGoDiff('go.sum', sumText ?? '', newSum) };
}

async function parseGoModText(go: (args: string[]) => Promise<GoResult>, scratch: string, text: string): Promise<GoModJson | null> {
  const plain = plainGoModJson(text);
  if (plain) return plain;
  const d = await mkdtemp(join(scratch, 'tidied-'));
  const file = join(d, 'go.mod');
  await writeFile(file, text);
  const r = await go(['mod', 'edit', '-json', file]);
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as GoModJson) : null;
}

function summariseTidy(c: import('../report/model.js').TidyChanges): string {
  const parts: string[] = [];
  const n = (count: number, what: string): void => {
    if (count) parts.push(`${count} ${what}`);
  };
  n(c.requiresAdded.length, 'require(s) to add');
  n(c.requiresRemoved.length, 'require(s) to remove');
  n(c.versionsChanged.length, 'version change(s)');
  n(c.indirectChanged.length, '// indirect marker(s) to fix');
  if (c.goDirective) parts.push(`go directive ${c.goDirective.from ?? 'unset'} → ${c.goDirective.to ?? 'unset'}`);
  if (c.toolchainDirective) parts.push(`toolchain ${c.toolchainDirective.from ?? 'unset'} → ${c.toolchainDirective.to ?? 'unset'}`);
  n(c.sumAdded.length, 'go.sum line(s) missing');
  n(c.sumRemoved.length, 'go.sum line(s) unused');
  const formatting = formattingOnly(c);
  if (formatting) return `go mod tidy would change only formatting: ${formatting}`;
  return `go mod tidy would change: ${parts.join(', ')}`;
}

