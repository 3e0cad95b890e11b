/**
 * The module cache check of `go mod verify`, done once per module version per run instead of
 * once per module that lists it. For each module version in the build list (cmd/go/internal/modcmd
 * verifyMod): nothing downloaded, nothing to check; a zip or extracted tree without .ziphash is
 * "missing ziphash"; otherwise the zip's hash and the tree's hash must equal .ziphash. A tree
 * whose zip is there too is compared with the zip in the same pass, and gets the zip's hash when
 * it has exactly the zip's files and bytes (then HashDir equals HashZip: see hashpool.ts); else
 * it is hashed on its own, as go does.
 *
 * The build list comes from `go list -m -json -mod=mod all` with the module's scratch go.mod: the
 * graph `go mod verify` loads, with the same go.mod checks against go.sum. Node only ever proves a
 * build list clean: a wrong hash cannot match .ziphash by accident. Anything else (a finding, an
 * unreadable file, a zip archive/zip would refuse, a thread failure) is handed to `go mod verify`
 * itself, whose report is the one given, in go's words.
 */
import { readFile, stat } from 'node:fs/promises';
import type { GoResult } from '../go/runner.js';
import { parseJsonStream, parseVerify, type VerifyProblem } from '../go/parse.js';
import { cachedModulePaths, goTrimSpace, type CachedModulePaths } from '../go/dirhash.js';
import { HashPool, hashModuleDir, hashModulePair, hashModuleZip, type HashPoolStats } from '../go/hashpool.js';
import { wrapError } from '../util/errors.js';
import { mapPool } from '../util/retry.js';
import { firstErrorLine } from './checksums.js';

/** Module versions of one module hashed at once: enough to keep every thread busy, few enough to bound memory. */
const VERSIONS_IN_FLIGHT = 4;

/** The module cache check of one module. */
export interface CacheVerifyOutcome {
  /** What `go mod verify` reports, in its order (the shape parseVerify gives). */
  problems: VerifyProblem[];
  /** Set when the check could not run (go's first error line); problems is then empty. */
  error: string | null;
}

/** Runs go in the module's directory (and logs the call). */
export type RunGo = (args: string[]) => Promise<GoResult>;

/** One per run, shared by every module: it remembers what it has hashed. */
export interface ModuleCacheVerifier {
  /**
   * Checks the module cache for the build list of the module whose scratch go.mod is `modfile`.
   * `owner` names the module for the statistics (default: modfile): results computed for another
   * owner count as reused.
   */
  verify(modfile: string, run: RunGo, log: string[], owner?: string): Promise<CacheVerifyOutcome>;
  readonly stats: VerifierStats;
  /** Stops the hashing threads. */
  close(): Promise<void>;
}

export interface VerifierStats {
  /** Module versions checked (once each, unless their files changed in between). */
  versions: number;
  zipsHashed: number;
  /** Extracted trees whose Hash1 was computed: hashed, or taken from their zip's (dirsFromZip). */
  dirsHashed: number;
  /** Trees with exactly their zip's files and bytes, whose Hash1 is therefore the zip's: compared, not hashed. */
  dirsFromZip: number;
  /** Checks answered from another module's result. */
  reused: number;
  /** Modules checked with `go mod verify` instead. */
  fallbacks: number;
  pool: HashPoolStats;
}

export interface VerifierOptions {
  /** GOMODCACHE as go reports it; empty means unknown (then every module uses go mod verify). */
  modcache: string;
  /** Hashing lanes: this thread and threads - 1 worker threads. */
  threads: number;
  /** When this thread may hash (HashPool's thisThreadWhen): the engine says while no go process runs. */
  thisThreadWhen?: () => boolean;
  /** Have `go mod verify` confirm and word what node finds wrong (default true; tests compare the two). */
  confirm?: boolean;
}

interface ListedModule {
  Path: string;
  Version?: string;
  Main?: boolean;
}

type VersionResult = { sure: true; problems: VerifyProblem[] } | { sure: false; reason: string };

type Presence = 'present' | 'absent';
interface Observed {
  zip: Presence;
  dir: Presence;
  ziphash: { text: string } | { code: string; message: string };
}

export function createModuleCacheVerifier(options: VerifierOptions): ModuleCacheVerifier {
  const pool = new HashPool(options.threads, options.thisThreadWhen);
  const stats: VerifierStats = { versions: 0, zipsHashed: 0, dirsHashed: 0, dirsFromZip: 0, reused: 0, fallbacks: 0, pool: pool.stats };
  // Keyed by path@version; a result is reused only while the files go looks at are as they were.
  // `owner`: the module (its scratch go.mod) whose check computed it.
  const memo = new Map<string, { signature: string; result: Promise<VersionResult>; owner: string }>();

  /** One version's result, and whether another module's check had already paid for it. */
  const check = async (path: string, version: string, owner: string): Promise<{ result: VersionResult; reused: boolean }> => {
    const paths = cachedModulePaths(options.modcache, path, version);
    const seen = await observe(paths, path);
    const signature = `${seen.zip} ${seen.dir} ${'text' in seen.ziphash ? `=${seen.ziphash.text}` : `!${seen.ziphash.code}`}`;
    const key = `${path}@${version}`;
    let known = memo.get(key);
    if (known?.signature !== signature) {
      known = { signature, result: verifyVersion(path, version, paths, seen), owner };
      memo.set(key, known);
      stats.versions++;
    }
    const reused = known.owner !== owner;
    if (reused) stats.reused++;
    return { result: await known.result, reused };
  };

  const verifyVersion = async (path: string, version: string, p: CachedModulePaths, seen: Observed): Promise<VersionResult> => {
    const problem = (kind: VerifyProblem['problem'], file: string, text: string): VerifyProblem => ({
      module: path,
      version,
      problem: kind,
      path: file,
      text: `${path} ${version}: ${text}`
    });
    if (!('text' in seen.ziphash)) {
      if (seen.zip === 'absent' && seen.dir === 'absent') return { sure: true, problems: [] };
      if (seen.ziphash.code === 'ENOENT') {
        return { sure: true, problems: [problem('missing-ziphash', p.ziphash, `missing ziphash: open ${p.ziphash}: no such file or directory`)] };
      }
      return { sure: false, reason: `${path} ${version}: ${seen.ziphash.message}` };
    }
    const want = goTrimSpace(seen.ziphash.text);
    const prefix = `${path}@${version}`;
    try {
      let zip: string | null = null;
      let dir: string | null = null;
      if (seen.zip === 'present' && seen.dir === 'present') {
        // Both: the tree is compared with the zip as the zip is hashed, and hashed only if it differs.
        stats.zipsHashed++;
        stats.dirsHashed++;
        const pair = await hashModulePair(pool, p.zip, p.dir, prefix);
        [zip, dir] = [pair.zip, pair.dir];
        if (pair.dirFromZip) stats.dirsFromZip++;
      } else {
        [zip, dir] = await Promise.all([
          seen.zip === 'present' ? (stats.zipsHashed++, hashModuleZip(pool, p.zip)) : null,
          seen.dir === 'present' ? (stats.dirsHashed++, hashModuleDir(pool, p.dir, prefix)) : null
        ]);
      }
      const problems: VerifyProblem[] = [];
      if (zip !== null && zip !== want) problems.push(problem('zip-modified', p.zip, `zip has been modified (${p.zip})`));
      if (dir !== null && dir !== want) problems.push(problem('dir-modified', p.dir, `dir has been modified (${p.dir})`));
      return { sure: true, problems };
    } catch (e) {
      return { sure: false, reason: `${path} ${version}: ${wrapError(e).message}` };
    }
  };

  const fallback = async (modfile: string, run: RunGo, log: string[], reason: string): Promise<CacheVerifyOutcome> => {
    stats.fallbacks++;
    log.push(`module cache: checked with go mod verify (${reason})`);
    const r = await run(['mod', 'verify', `-modfile=${modfile}`]);
    if (r.exitCode === 0) return { problems: [], error: null };
    const problems = parseVerify(r.stderr);
    return { problems, error: problems.length ? null : firstErrorLine(r.stderr) };
  };

  return {
    stats,
    async verify(modfile, run, log, owner = modfile) {
      if (!options.modcache) return fallback(modfile, run, log, 'GOMODCACHE is unknown');
      const started = Date.now();
      // -mod=mod as go mod verify loads the graph: no vendor/ build list, no error for an inconsistent go.mod.
      let listed = await run(['list', '-m', '-json', '-mod=mod', `-modfile=${modfile}`, 'all']);
      if (listed.exitCode !== 0) {
        // go list -m all also fails when a version's .info cannot be read, though the graph loads
        // and go mod verify works: terraform's backend modules hold versions that only the root
        // module replaces (v0.0.0-00010101000000-000000000000, which no proxy serves). With -e every
        // version is listed, errors and all; the list is the whole build list when go mod graph
        // loads the graph (with -e a go.mod that cannot be read would leave modules out silently).
        const why = firstErrorLine(listed.stderr);
        const graph = await run(['mod', 'graph', `-modfile=${modfile}`]);
        if (graph.exitCode !== 0) return fallback(modfile, run, log, `go list -m all failed: ${why}`);
        listed = await run(['list', '-m', '-e', '-json', '-mod=mod', `-modfile=${modfile}`, 'all']);
        if (listed.exitCode !== 0) return fallback(modfile, run, log, `go list -m all failed: ${why}`);
        log.push(`module cache: go list -m all failed (${why}); the build list read with go list -m -e, the graph being whole`);
      }
      let results: { result: VersionResult; reused: boolean }[];
      try {
        const mods = parseJsonStream<ListedModule>(listed.stdout).filter(
          (m): m is ListedModule & { Version: string } => !m.Main && !!m.Version && m.Path !== 'go' && m.Path !== 'toolchain'
        );
        results = await mapPool(mods, VERSIONS_IN_FLIGHT, (m) => check(m.Path, m.Version, owner));
      } catch (e) {
        return fallback(modfile, run, log, wrapError(e).message);
      }
      const problems: VerifyProblem[] = [];
      for (const { result } of results) {
        if (!result.sure) return fallback(modfile, run, log, result.reason);
        problems.push(...result.problems);
      }
      const reused = results.filter((r) => r.reused).length;
      log.push(
        `module cache: ${results.length} module version(s) of the build list checked in ${Date.now() - started} ms` +
          (reused ? ` (${reused} already checked for another module)` : '')
      );
      if (problems.length === 0 || options.confirm === false) return { problems, error: null };
      const confirmed = await fallback(modfile, run, log, problems.map((p) => p.text).join('; '));
      if (confirmed.problems.length === 0) log.push('module cache: go mod verify does not confirm what node found; its report is the one given');
      return confirmed;
    },
    close: () => pool.close()
  };
}

/** What modfetch.DownloadDir, os.Stat(zip) and os.ReadFile(ziphash) tell go mod verify. */
async function observe(p: CachedModulePaths, modulePath: string): Promise<Observed> {
  const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  const [zip, dir, ziphash] = await Promise.all([
    // A zip that cannot be stat'ed for another reason than absence is still opened (and fails).
    stat(p.zip).then(
      (): Presence => 'present',
      (e): Presence => (code(e) === 'ENOENT' ? 'absent' : 'present')
    ),
    downloadDirPresence(p, modulePath),
    readFile(p.ziphash).then(
      (b) => ({ text: b.toString('utf8') }),
      (e: unknown) => ({ code: code(e), message: wrapError(e).message })
    )
  ]);
  return { zip, dir, ziphash };
}

/** modfetch.DownloadDir: the tree counts only once extracted completely (no .partial) and with its .ziphash. */
async function downloadDirPresence(p: CachedModulePaths, modulePath: string): Promise<Presence> {
  const st = await stat(p.dir).catch(() => null);
  if (!st?.isDirectory()) return 'absent';
  const enoent = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';
  // Only absence counts as "does not exist" to go; any other error from these stats and it hashes the tree.
  const partial = await stat(p.partial).then(
    () => 'exists' as const,
    (e: unknown) => (enoent(e) ? ('absent' as const) : ('error' as const))
  );
  if (partial === 'exists') return 'absent';
  if (partial === 'error' || modulePath === 'golang.org/fips140') return 'present';
  return stat(p.ziphash).then(
    (): Presence => 'present',
    (e: unknown): Presence => (enoent(e) ? 'absent' : 'present')
  );
}
