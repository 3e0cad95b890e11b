import { chmod, copyFile, link, lstat, mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseGoSum } from '../go/parse.js';
import type { GoRunner } from '../go/runner.js';
import { describeFailure } from '../go/runner.js';

/**
 * What is cached comes from cache/download: the zips, .mod and .info files and the checksum
 * database lookups and tiles. The extracted trees are left out: go rebuilds them from the zips
 * without the network, they double the archive, and their read-only directories are what makes tar
 * fail when restoring over an existing module cache.
 */
export function downloadDir(modcache: string): string {
  return join(modcache, 'cache', 'download');
}

/**
 * Where the archive is built and restored: a copy (hard links) of the part of cache/download the
 * checked modules need. One fixed path, because @actions/cache's entry version hashes the path list;
 * inside the module cache, so links and renames stay on one file system.
 */
export function stagingDir(modcache: string): string {
  return join(modcache, 'cache', 'go-mod-hygiene');
}

/**
 * Removes the staging directory. Its files are links to the module cache's own: they are unlinked
 * as they are (a chmod would change the module cache's files too); only a tree that will not go
 * that way is made writable first.
 */
export async function removeStaging(modcache: string): Promise<void> {
  const stage = stagingDir(modcache);
  await rm(stage, { recursive: true, force: true }).catch(() => removeTree(stage));
}

/** The paths given to @actions/cache; save and restore must pass exactly these. */
export function cachePaths(modcache: string): string[] {
  return [stagingDir(modcache)];
}

/** GOMODCACHE as go sees it. `cwd` should be outside any module so no toolchain switch can happen. */
export async function goModCache(go: GoRunner, cwd: string, goEnv: Record<string, string>): Promise<string> {
  const r = await go.run(['env', 'GOMODCACHE'], { cwd, env: { GOWORK: 'off', ...goEnv, GOTOOLCHAIN: 'local' } });
  const dir = r.stdout.trim();
  if (r.exitCode !== 0) throw new Error(describeFailure(r));
  if (!dir || !isAbsolute(dir)) throw new Error(`go env GOMODCACHE gave ${JSON.stringify(dir)}`);
  return dir;
}

/** Module paths and versions as the module cache spells them on disk: `!` before a lower-cased capital. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** A file under a directory: its path relative to it (with `/`), modification time and size. */
interface FileEntry {
  rel: string;
  mtimeMs: number;
  size: number;
}

async function listFiles(dir: string, base = dir, out: FileEntry[] = []): Promise<FileEntry[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  await Promise.all(
    entries.map(async (e) => {
      const abs = join(dir, e.name);
      if (e.isDirectory()) await listFiles(abs, base, out);
      else if (e.isFile()) {
        const st = await lstat(abs);
        out.push({ rel: relative(base, abs).split(sep).join('/'), mtimeMs: st.mtimeMs, size: st.size });
      }
    })
  );
  return out;
}

/**
 * Module versions the checked modules need, keyed `<escaped path>@<escaped version>` as the module
 * cache names them: `zip` needs every file of the version, `mod` (a go.sum `/go.mod` line only) its
 * .mod and .info.
 */
export type NeededVersions = Map<string, 'zip' | 'mod'>;

/** The versions that go.sum / go.work.sum texts name. */
export function neededFromGoSums(texts: string[]): NeededVersions {
  const needed: NeededVersions = new Map();
  for (const text of texts) {
    for (const e of parseGoSum(text).entries) {
      const key = `${escapeModulePath(e.module)}@${escapeModulePath(e.version)}`;
      if (!e.goMod) needed.set(key, 'zip');
      else if (!needed.has(key)) needed.set(key, 'mod');
    }
  }
  return needed;
}

/** One line per version, `zip <key>` or `mod <key>`: how main hands the set to the post step. */
export function formatNeeded(needed: NeededVersions): string {
  return [...needed].map(([k, v]) => `${v} ${k}\n`).join('');
}

export function parseNeeded(text: string): NeededVersions {
  const needed: NeededVersions = new Map();
  for (const line of text.split('\n')) {
    const m = /^(zip|mod) (\S+)$/.exec(line);
    if (m) needed.set(m[2]!, m[1] as 'zip' | 'mod');
  }
  return needed;
}

/** The file system's "now": files written after this call have this modification time or a later one. */
export async function fileClock(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const marker = join(dir, `.gmh-clock-${process.pid}-${Date.now()}`);
  await writeFile(marker, '');
  try {
    return (await lstat(marker)).mtimeMs;
  } finally {
    await rm(marker, { force: true });
  }
}

/** What {@link stageNeeded} put in the staging directory. */
export interface StageResult {
  /** .zip, .mod, .info and .ziphash files of module versions. */
  moduleFiles: number;
  /** Of those, how many were written after `since`: downloaded by this run. */
  fresh: number;
  /** Checksum database lookups and tiles, and @v/list files. */
  otherFiles: number;
  bytes: number;
}

const VERSION_FILE = /^(.+)\.(info|mod|zip|ziphash)$/;

/** `tile/<H>/<L|data>/x001/x234/067` → [H, L, 1234067]; null for partial tiles and other names. */
function parseTile(parts: string[]): [number, string, number] | null {
  const [h, level, ...index] = parts;
  if (!h || !level || index.length === 0 || !/^\d+$/.test(h)) return null;
  if (!index.every((p, i) => (i < index.length - 1 ? /^x\d{3}$/.test(p) : /^\d{3}$/.test(p)))) return null;
  return [Number(h), level, Number(index.map((p) => p.replace(/^x/, '')).join(''))];
}

/**
 * Fills the staging directory (emptied first) with hard links to (copies of, where linking fails)
 * the files of cache/download that the next run needs:
 * - every file of a `zip` version, .mod and .info of a `mod` version, and @v/list of their modules;
 * - any .zip/.mod/.info/.ziphash written after `since` (this run downloaded it, so a check needs it:
 *   a version missing from go.sum, a toolchain);
 * - checksum database lookups of those versions, and the full tiles on their records' paths
 *   (go caches only full tiles; one that is not kept is fetched again when needed).
 * Versions no go.sum names any more, and files that were there before and are not needed, are left out:
 * a partial restore does not carry them from entry to entry.
 */
export async function stageNeeded(modcache: string, needed: NeededVersions, since: number): Promise<StageResult> {
  const dl = downloadDir(modcache);
  const stage = stagingDir(modcache);
  await removeStaging(modcache);
  const files = await listFiles(dl);
  const keep: FileEntry[] = [];
  const result: StageResult = { moduleFiles: 0, fresh: 0, otherFiles: 0, bytes: 0 };
  const keptModules = new Set<string>();
  const lists: FileEntry[] = [];
  const lookups: FileEntry[] = [];
  const tiles: { f: FileEntry; host: string; tile: [number, string, number] | null }[] = [];
  for (const f of files) {
    const fresh = f.mtimeMs >= since;
    if (f.rel.startsWith('sumdb/')) {
      const parts = f.rel.split('/');
      const host = parts[1] ?? '';
      if (parts[2] === 'lookup' && parts.length > 3) lookups.push(f);
      else if (parts[2] === 'tile') tiles.push({ f, host, tile: parseTile(parts.slice(3)) });
      continue;
    }
    const m = /^(.+)\/@v\/([^/]+)$/.exec(f.rel);
    if (!m) continue;
    if (m[2] === 'list') {
      lists.push(f);
      continue;
    }
    const v = VERSION_FILE.exec(m[2]!);
    if (!v) continue; // .lock, .partial, temporary files
    const kind = needed.get(`${m[1]}@${v[1]}`);
    if (fresh || kind === 'zip' || (kind === 'mod' && (v[2] === 'mod' || v[2] === 'info'))) {
      keep.push(f);
      keptModules.add(m[1]!);
      result.moduleFiles++;
      if (fresh) result.fresh++;
    }
  }
  for (const f of lists) if (keptModules.has(f.rel.slice(0, -'/@v/list'.length))) keep.push(f);
  // Records whose lookups are kept, per checksum database: their tiles are kept too.
  const records = new Map<string, number[]>();
  for (const f of lookups) {
    const [, host = '', , ...rest] = f.rel.split('/');
    if (!(f.mtimeMs >= since || needed.has(rest.join('/')))) continue;
    keep.push(f);
    const id = Number((await readFile(join(dl, f.rel), 'utf8')).split('\n', 1)[0]);
    if (Number.isSafeInteger(id) && id >= 0) records.set(host, [...(records.get(host) ?? []), id]);
  }
  for (const { f, host, tile } of tiles) {
    const onPath = (): boolean => {
      if (!tile) return false;
      const [h, level, index] = tile;
      const shift = 2 ** (h * (level === 'data' ? 1 : Number(level) + 1));
      return Number.isFinite(shift) && (records.get(host) ?? []).some((r) => Math.floor(r / shift) === index);
    };
    if (f.mtimeMs >= since || onPath()) keep.push(f);
  }
  result.otherFiles = keep.length - result.moduleFiles;
  const made = new Set<string>();
  for (const f of keep) {
    const to = join(stage, f.rel);
    const parent = dirname(to);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    const from = join(dl, f.rel);
    try {
      await link(from, to);
    } catch {
      await copyFile(from, to);
      // The restored file's time tells the next run it was not downloaded by it.
      await utimes(to, f.mtimeMs / 1000, f.mtimeMs / 1000);
    }
    result.bytes += f.size;
  }
  return result;
}

/**
 * After a restore into the staging directory: moves the restored files into cache/download,
 * keeping any file already there, and removes the staging directory.
 */
export async function unstage(modcache: string): Promise<void> {
  const dl = downloadDir(modcache);
  const stage = stagingDir(modcache);
  const there = await lstat(dl).then(
    () => true,
    () => false
  );
  if (!there) {
    await rename(stage, dl);
    return;
  }
  const made = new Set<string>();
  for (const f of await listFiles(stage)) {
    const to = join(dl, f.rel);
    const exists = await lstat(to).then(
      () => true,
      () => false
    );
    if (exists) continue;
    const parent = dirname(to);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    await rename(join(stage, f.rel), to);
  }
  await removeStaging(modcache);
}

/** Gives the owner write permission on a tree (go makes module directories read-only) so it can be removed. */
export async function makeWritable(path: string): Promise<void> {
  let st;
  try {
    st = await lstat(path);
  } catch {
    return;
  }
  if (st.isSymbolicLink()) return;
  await chmod(path, st.mode | 0o200);
  if (!st.isDirectory()) return;
  for (const name of await readdir(path)) await makeWritable(join(path, name));
}

/** Removes a tree, read-only or not. */
export async function removeTree(path: string): Promise<void> {
  await makeWritable(path);
  await rm(path, { recursive: true, force: true });
}

const DOWNLOAD_SUFFIXES = ['.info', '.mod', '.zip', '.ziphash', '.lock', '.partial'];

/**
 * Removes one module version from the module cache, extracted tree and cache/download files,
 * so go downloads it again. Returns the paths removed.
 */
export async function removeModuleVersion(modcache: string, module: string, version: string): Promise<string[]> {
  if (!module || !version || /[\0\\]/.test(module + version) || module.split('/').includes('..') || version.includes('/')) {
    throw new Error(`not a module version: ${JSON.stringify(`${module}@${version}`)}`);
  }
  const root = resolve(modcache);
  const inside = (p: string): string => {
    const abs = resolve(root, p);
    if (!abs.startsWith(root + sep)) throw new Error(`${module}@${version} is outside the module cache`);
    return abs;
  };
  const m = escapeModulePath(module);
  const v = escapeModulePath(version);
  const targets = [inside(`${m}@${v}`), ...DOWNLOAD_SUFFIXES.map((s) => inside(join('cache', 'download', m, '@v', `${v}${s}`)))];
  const removed: string[] = [];
  for (const t of targets) {
    const there = await lstat(t).then(
      () => true,
      () => false
    );
    if (!there) continue;
    await removeTree(t);
    removed.push(t);
  }
  return removed;
}
