import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
import { wrapError } from '../util/errors.js';
import { computeCacheKey } from './key.js';
import { cachePaths, downloadDir, fingerprint, goModCache, removeModuleVersion, removeTree } from './modcache.js';
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
}

async function plan(ctx: CachePhaseContext): Promise<Plan | null> {
  const { settings, log } = ctx;
  const io = ioOf(ctx);
  if (!io.store.available()) {
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
  return { key: key.key, restoreKeys: key.restoreKeys, paths: cachePaths(modcache), modcache };
}

function setOutputs(io: CacheIO, match: CacheMatch, key: string, matched: string): void {
  io.outputs.set(CacheOutputs.Hit, String(match === 'exact'));
  io.outputs.set(CacheOutputs.Match, match);
  io.outputs.set(CacheOutputs.Key, key);
  io.outputs.set(CacheOutputs.MatchedKey, matched);
}

const hitOf = (key: string, matched: string | undefined): CacheMatch => (matched === undefined ? 'miss' : matched === key ? 'exact' : 'partial');

/**
 * Restores paths; a restore that failed part-way (a corrupted archive) must not leave half a
 * cache/download behind when there was none before, or go would trust its files.
 */
async function restore(ctx: CachePhaseContext, p: Plan): Promise<string | undefined> {
  const dl = downloadDir(p.modcache);
  const existed = await exists(dl);
  let matched: string | undefined;
  try {
    matched = await ioOf(ctx).store.restore(p.paths, p.key, p.restoreKeys, false);
  } catch (e) {
    ctx.log.warning(`Module cache not restored: ${wrapError(e).message}`);
  }
  if (matched === undefined && !existed && (await exists(dl))) {
    await removeTree(dl);
    ctx.log.warning('Module cache: the restore failed part-way; the partly restored files were removed.');
  }
  return matched;
}

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
    if (hit !== 'exact') io.state.set(CacheState.Fingerprint, await fingerprint(downloadDir(p.modcache)));
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
    const paths = JSON.parse(io.state.get(CacheState.Paths) || '[]') as string[];
    const dl = downloadDir(io.state.get(CacheState.ModCache));
    if (!(await exists(dl))) {
      log.info('Module cache: nothing was downloaded, nothing to save.');
      return;
    }
    if ((await fingerprint(dl)) === io.state.get(CacheState.Fingerprint)) {
      log.info('Module cache: nothing new was downloaded, not saving.');
      return;
    }
    await save(ctx, paths, key);
  } catch (e) {
    log.warning(`Module cache not saved: ${wrapError(e).message}`);
  }
}

async function save(ctx: CachePhaseContext, paths: string[], key: string): Promise<void> {
  const id = await ioOf(ctx).store.save(paths, key);
  // -1: the library has said why (another job saved the key first, write denied, cache-mode...).
  if (id === -1) ctx.log.info(`Module cache not saved under ${key}.`);
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
    const problems = await downloadAll(ctx);
    if (problems.length) {
      log.warning(`Some modules could not be downloaded; the cache is saved without them:\n${problems.join('\n')}`);
    }
    if (!(await exists(downloadDir(p.modcache)))) {
      log.info('Module cache: nothing was downloaded, nothing to save.');
      return;
    }
    await save(ctx, p.paths, p.key);
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
      const sum = await readFile(join(abs, 'go.sum'), 'utf8').catch(() => null);
      await writeFile(join(scratch, 'go.mod'), await readFile(join(abs, 'go.mod')));
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
