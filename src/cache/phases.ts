import { randomUUID } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Settings } from '../settings.js';
import type { GoRunner } from '../go/runner.js';
import type { Logger } from '../util/log.js';
import type { CacheModifiedFinding, Report } from '../report/model.js';
import { discoverModules } from '../engine/discover.js';
import { resolveAuthoritativeHashes } from '../engine/checksums.js';
import { firstErrorLine } from '../engine/checksums.js';
import { parseGoSum, parseJsonStream } from '../go/parse.js';
import { readGoEnvironment } from '../go/env.js';
import { mapPool, realClock } from '../util/retry.js';
import { READ_LIMITS, readCheckoutText, unsafeForGo } from '../util/checkout.js';
import { summariseModFile } from '../go/modfile.js';
import { isInside } from '../engine/directives.js';
import { wrapError } from '../util/errors.js';
import { computeCacheKey } from './key.js';
import {
  cachePaths,
  fileClock,
  formatNeeded,
  goModCache,
  neededFromGoSums,
  parseNeeded,
  removeModuleVersion,
  removeStaging,
  stageNeeded,
  stagingDir,
  unstage,
  type NeededVersions
} from './modcache.js';
import { actionsCacheIO, CacheOutputs, CacheState, type CacheMatch, type CacheIO } from './store.js';

/** What main and post need from the cache side. */
export interface CachePhaseContext {
  settings: Settings;
  go: GoRunner;
  log: Logger;
  /** Process environment (RUNNER_OS, ACTIONS_* ...). */
  env: Record<string, string | undefined>;
  /**
   * Cache service, state and outputs. When absent the @actions implementations are created and kept
   * here, so main's phases that share this context also share in-memory state.
   */
  io?: CacheIO;
}

function ioOf(ctx: CachePhaseContext): CacheIO {
  return (ctx.io ??= actionsCacheIO());
}

const exists = (p: string): Promise<boolean> =>
  lstat(p).then(
    () => true,
    () => false
  );

/** Key, paths and module cache of this run; null (with the reason logged) when there is nothing to cache. */
interface Plan {
  key: string;
  restoreKeys: string[];
  paths: string[];
  modcache: string;
  /** The versions the checked go.sum and go.work.sum files name: what a saved cache keeps. */
  needed: NeededVersions;
}

async function plan(ctx: CachePhaseContext): Promise<Plan | null> {
  const { settings, log } = ctx;
  const io = ioOf(ctx);
  if (!(await io.store.available())) {
    log.warning('Module cache: the runner provides no cache service (ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL unset); caching is skipped.');
    return null;
  }
  const key = await computeCacheKey(settings.workingDirectory, settings.modules, settings.cache.prefix, ctx.env);
  if (key.basis === 'none') {
    log.info('Module cache: no go.mod found, nothing to cache.');
    return null;
  }
  if (key.basis === 'go.mod') log.info('Module cache: no go.sum found; the key is computed from the go.mod files.');
  await mkdir(settings.tempDir, { recursive: true });
  const modcache = await goModCache(ctx.go, settings.tempDir, settings.goEnv);
  // Read with the key, so what is kept matches the go.sum files the key names even if a later step edits them.
  const sums =
    key.basis === 'go.sum'
      ? await Promise.all(key.files.map(async (f) => {
          const r = await readCheckoutText(settings.workingDirectory, join(settings.workingDirectory, f), READ_LIMITS.sumFile);
          return r.ok ? r.text : '';
        }))
      : [];
  return { key: key.key, restoreKeys: key.restoreKeys, paths: cachePaths(modcache), modcache, needed: neededFromGoSums(sums) };
}

function setOutputs(io: CacheIO, match: CacheMatch, key: string, matched: string): void {
  io.outputs.set(CacheOutputs.Hit, String(match === 'exact'));
  io.outputs.set(CacheOutputs.Match, match);
  io.outputs.set(CacheOutputs.Key, key);
  io.outputs.set(CacheOutputs.MatchedKey, matched);
}

const hitOf = (key: string, matched: string | undefined): CacheMatch => (matched === undefined ? 'miss' : matched === key ? 'exact' : 'partial');

/**
 * Restores into the staging directory, then moves the files into cache/download. A restore that
 * failed part-way (a corrupted archive) leaves its files in the staging directory only, and they
 * are removed, so go never trusts half an archive.
 */
async function restore(ctx: CachePhaseContext, p: Plan): Promise<string | undefined> {
  const stage = stagingDir(p.modcache);
  await removeStaging(p.modcache);
  let matched: string | undefined;
  try {
    matched = await ioOf(ctx).store.restore(p.paths, p.key, p.restoreKeys, false);
  } catch (e) {
    ctx.log.warning(`Module cache not restored: ${wrapError(e).message}`);
  }
  if (matched === undefined) {
    if (await exists(stage)) {
      await removeStaging(p.modcache);
      ctx.log.warning('Module cache: the restore failed part-way; the partly restored files were removed.');
    }
    return undefined;
  }
  try {
    await unstage(p.modcache);
  } catch (e) {
    await removeStaging(p.modcache).catch(() => undefined);
    ctx.log.warning(`Module cache: the restored files could not be moved into the module cache: ${wrapError(e).message}`);
    return undefined;
  }
  return matched;
}

/** The file system's time now: what was written after it, this run downloaded. */
const clockNow = (ctx: CachePhaseContext): Promise<number> => fileClock(join(ctx.settings.tempDir, 'go-mod-hygiene'));

/** Restores the module cache before the engine runs; records state for the post step. */
export async function restorePhase(ctx: CachePhaseContext): Promise<void> {
  if (ctx.settings.cache.mode === 'off') return;
  const io = ioOf(ctx);
  try {
    const p = await plan(ctx);
    if (!p) {
      setOutputs(io, 'miss', '', '');
      return;
    }
    io.state.set(CacheState.Key, p.key);
    io.state.set(CacheState.Paths, JSON.stringify(p.paths));
    io.state.set(CacheState.ModCache, p.modcache);
    const matched = await restore(ctx, p);
    const hit = hitOf(p.key, matched);
    io.state.set(CacheState.MatchedKey, matched ?? '');
    if (hit !== 'exact') {
      io.state.set(CacheState.Since, String(await clockNow(ctx)));
      // A file, not state: the list can be longer than an environment variable may be.
      const file = join(ctx.settings.tempDir, 'go-mod-hygiene', `cache-needed-${randomUUID()}.txt`);
      await writeFile(file, formatNeeded(p.needed));
      io.state.set(CacheState.Needed, file);
    }
    ctx.log.info(
      hit === 'exact'
        ? `Module cache restored from ${p.key}.`
        : hit === 'partial'
          ? `Module cache restored from ${matched!} (go.sum changed since; only the difference is downloaded).`
          : `No module cache for ${p.key}.`
    );
    setOutputs(io, hit, p.key, matched ?? '');
  } catch (e) {
    ctx.log.warning(`Module cache: ${wrapError(e).message}`);
  }
}

/**
 * After the check: a restored cache with cache-modified findings is not trusted — its bad
 * entries are removed and the post step is told not to save it.
 */
export async function afterCheckPhase(ctx: CachePhaseContext, report: Report): Promise<void> {
  if (ctx.settings.cache.mode === 'off') return;
  const io = ioOf(ctx);
  const bad = new Map<string, CacheModifiedFinding>();
  for (const m of report.modules) {
    for (const f of m.findings) if (f.kind === 'cache-modified') bad.set(`${f.module}@${f.version}`, f);
  }
  if (bad.size === 0 || !io.state.get(CacheState.Key)) return;
  const list = [...bad.keys()].sort();
  io.state.set(CacheState.NoSave, `the module cache failed verification (${list.join(', ')})`);
  const matched = io.state.get(CacheState.MatchedKey);
  const modcache = io.state.get(CacheState.ModCache);
  if (!matched || !modcache) {
    ctx.log.warning(`Module cache entries fail verification (${list.join(', ')}); the cache will not be saved.`);
    return;
  }
  const failed: string[] = [];
  for (const f of bad.values()) {
    try {
      await removeModuleVersion(modcache, f.module, f.version);
    } catch (e) {
      failed.push(`${f.module}@${f.version}: ${wrapError(e).message}`);
    }
  }
  ctx.log.warning(
    `The module cache restored from ${matched} fails verification for ${list.join(', ')}. ` +
      `${failed.length ? `Could not remove: ${failed.join('; ')}. ` : 'These were removed from the module cache, so the next run downloads them again. '}` +
      'This cache will not be saved.'
  );
}

/** The post step: saves the module cache when main says it should. */
export async function savePhase(ctx: CachePhaseContext): Promise<void> {
  const { settings, log } = ctx;
  if (settings.mode === 'warm' || settings.cache.mode === 'off') return;
  const io = ioOf(ctx);
  if (settings.cache.mode === 'read') {
    log.info('Module cache: cache is read, not saving.');
    return;
  }
  try {
    const key = io.state.get(CacheState.Key);
    if (!key) {
      log.info('Module cache: nothing to save (no key from the main step).');
      return;
    }
    const noSave = io.state.get(CacheState.NoSave);
    if (noSave) {
      log.info(`Module cache not saved: ${noSave}.`);
      return;
    }
    if (io.state.get(CacheState.MatchedKey) === key) {
      log.info(`Module cache: exact hit on ${key}, not saving.`);
      return;
    }
    if (writeForbidden(ctx)) return;
    const paths = JSON.parse(io.state.get(CacheState.Paths) || '[]') as string[];
    const neededFile = io.state.get(CacheState.Needed);
    const needed = parseNeeded(neededFile ? await readFile(neededFile, 'utf8').catch(() => '') : '');
    if (neededFile) await rm(neededFile, { force: true });
    const since = Number(io.state.get(CacheState.Since) || Infinity);
    await stageAndSave(ctx, io.state.get(CacheState.ModCache), paths, key, needed, since, io.state.get(CacheState.MatchedKey) || null);
  } catch (e) {
    log.warning(`Module cache not saved: ${wrapError(e).message}`);
  }
}

/** True (after one notice) when the runner's cache policy forbids saving: nothing is staged or uploaded. */
function writeForbidden(ctx: CachePhaseContext): boolean {
  const why = ioOf(ctx).store.writeForbidden();
  if (why) ioOf(ctx).notice(`Module cache not saved: ${why}.`);
  return why !== null;
}

/**
 * Saves what the checked modules need (see stageNeeded): on a miss whenever there is any, after a
 * partial restore only when this run downloaded something.
 */
async function stageAndSave(
  ctx: CachePhaseContext,
  modcache: string,
  paths: string[],
  key: string,
  needed: NeededVersions,
  since: number,
  restoredFrom: string | null
): Promise<void> {
  try {
    const staged = await stageNeeded(modcache, needed, since);
    if (staged.moduleFiles === 0) {
      ctx.log.info('Module cache: it holds nothing the checked modules need, nothing to save.');
      return;
    }
    if (restoredFrom !== null && staged.fresh === 0) {
      ctx.log.info(`Module cache: nothing new was downloaded since the restore from ${restoredFrom}, not saving.`);
      return;
    }
    ctx.log.info(
      `Module cache: saving ${staged.moduleFiles} module file(s) and ${staged.otherFiles} other file(s), ` +
        `${(staged.bytes / 1048576).toFixed(1)} MiB before compression.`
    );
    await save(ctx, paths, key);
  } finally {
    await removeStaging(modcache);
  }
}

async function save(ctx: CachePhaseContext, paths: string[], key: string): Promise<void> {
  const io = ioOf(ctx);
  const r = await io.store.save(paths, key);
  if (r.denied) io.notice(`Module cache not saved: the cache service does not let this run write caches (${r.denied}).`);
  // -1: the library has said why (another job saved the key first, cache-mode...).
  else if (r.id === -1) ctx.log.info(`Module cache not saved under ${key}.`);
  else ctx.log.info(`Module cache saved under ${key}.`);
}

/** `mode: warm`: fills and saves the module cache; returns when done. */
export async function warmPhase(ctx: CachePhaseContext): Promise<void> {
  const { settings, log } = ctx;
  if (settings.cache.mode !== 'read-write') {
    log.warning(`mode: warm saves the module cache, but cache is ${settings.cache.mode}: nothing to do.`);
    return;
  }
  const io = ioOf(ctx);
  if (writeForbidden(ctx)) return;
  try {
    const p = await plan(ctx);
    if (!p) {
      setOutputs(io, 'miss', '', '');
      return;
    }
    let found: string | undefined;
    try {
      found = await io.store.restore(p.paths, p.key, p.restoreKeys, true);
    } catch (e) {
      log.warning(`Module cache lookup failed: ${wrapError(e).message}`);
    }
    if (found === p.key) {
      log.info(`Module cache ${p.key} exists; nothing to warm.`);
      setOutputs(io, 'exact', p.key, p.key);
      return;
    }
    // Start from the nearest cache, so only the difference comes from the proxy.
    const matched = found === undefined ? undefined : await restore(ctx, p);
    setOutputs(io, hitOf(p.key, matched), p.key, matched ?? '');
    log.info(matched ? `Module cache restored from ${matched}; downloading the rest.` : `No module cache for ${p.key}; downloading every module.`);
    const since = await clockNow(ctx);
    const problems = await downloadAll(ctx);
    if (problems.length) {
      log.warning(`Some modules could not be downloaded; the cache is saved without them:\n${problems.join('\n')}`);
    }
    await stageAndSave(ctx, p.modcache, p.paths, p.key, p.needed, since, null);
  } catch (e) {
    log.warning(`Module cache: ${wrapError(e).message}`);
  }
}


/**
 * Downloads what a check of every module downloads: every go.sum line the way the engine looks it
 * up (from an empty directory, so checksum database lookups are cached too), then the module's own
 * `go mod download`. go.mod/go.sum are copied to a scratch directory and passed with -modfile, so
 * nothing in the checkout is written. Returns the problems, one line each.
 */
async function downloadAll(ctx: CachePhaseContext): Promise<string[]> {
  const { settings, go } = ctx;
  const { goSettings, env } = await readGoEnvironment(go, settings.tempDir, settings.goEnv);
  const discovery = await discoverModules(settings.workingDirectory, settings.modules);
  const scratchRoot = await mkdtemp(join(settings.tempDir, 'go-mod-hygiene-warm-'));
  try {
    const results = await mapPool(discovery.modules, settings.concurrency, async (dir, i) => {
      const abs = dir === '.' ? settings.workingDirectory : join(settings.workingDirectory, dir);
      const scratch = join(scratchRoot, `m${i}`);
      const empty = join(scratch, 'empty');
      await mkdir(empty, { recursive: true });
      const problems: string[] = [];
      // Through the checkout reader, like the checks: nothing leading out of the repository is read.
      const root = settings.workingDirectory;
      const [mod, sumRead] = await Promise.all([readCheckoutText(root, join(abs, 'go.mod'), READ_LIMITS.modFile), readCheckoutText(root, join(abs, 'go.sum'), READ_LIMITS.sumFile)]);
      // go reads the go.mod of each local replacement: none may lead out through a link.
      const targets = mod.ok ? summariseModFile(mod.text).replaces.filter((r) => r.local).map((r) => resolve(abs, r.new.path)) : [];
      const unsafe = await unsafeForGo(root, targets.filter((t) => isInside(root, t)));
      if (!mod.ok || (!sumRead.ok && !sumRead.missing) || unsafe.length) return [`${dir}: not downloaded, a file of the module was not read (the check reports it)`];
      const sum = sumRead.ok ? sumRead.text : null;
      await writeFile(join(scratch, 'go.mod'), mod.text);
      if (sum !== null) await writeFile(join(scratch, 'go.sum'), sum);
      const resolved = await resolveAuthoritativeHashes(parseGoSum(sum ?? '').entries, {
        go,
        emptyDir: empty,
        env,
        goSettings,
        policy: { attempts: settings.downloadAttempts, baseMs: 1000, maxMs: 30000, random: Math.random },
        clock: realClock
      });
      for (const e of resolved.errors) problems.push(`${dir}: ${e.module}@${e.version}: ${firstErrorLine(e.message)}`);
      const r = await go.run(['mod', 'download', '-json', `-modfile=${join(scratch, 'go.mod')}`], { cwd: abs, env });
      if (r.exitCode !== 0) {
        const errors = parseJsonStream<{ Path: string; Version: string; Error?: string }>(r.stdout).filter((x) => x.Error);
        if (errors.length) for (const x of errors) problems.push(`${dir}: ${x.Path}@${x.Version}: ${firstErrorLine(x.Error!)}`);
        else problems.push(`${dir}: ${firstErrorLine(r.stderr)}`);
      }
      return problems;
    });
    return results.flat();
  } finally {
    await rm(scratchRoot, { recursive: true, force: true });
  }
}
