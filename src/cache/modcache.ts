import { createHash } from 'node:crypto';
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { GoRunner } from '../go/runner.js';
import { describeFailure } from '../go/runner.js';

/**
 * The part of the module cache that is cached: cache/download holds the zips, .mod and .info files
 * and the checksum database tiles. The extracted trees are left out: go rebuilds them from the zips
 * without the network, they double the archive, and their read-only directories are what makes tar
 * fail when restoring over an existing module cache.
 */
export function downloadDir(modcache: string): string {
  return join(modcache, 'cache', 'download');
}

/** The paths given to @actions/cache; save and restore must pass exactly these. */
export function cachePaths(modcache: string): string[] {
  return [downloadDir(modcache)];
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

async function walkFiles(dir: string, onFile: (rel: string) => void, skip: (rel: string) => boolean, base = dir): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const abs = join(dir, e.name);
    const rel = relative(base, abs).split(sep).join('/');
    if (skip(rel)) continue;
    if (e.isDirectory()) await walkFiles(abs, onFile, skip, base);
    else if (e.isFile()) onFile(rel);
  }
}

/**
 * Names of the .zip and .mod files under cache/download as `<count>:<sha256>`: equal before and after
 * the check means nothing new was downloaded and there is nothing worth saving.
 */
export async function fingerprint(dir: string): Promise<string> {
  const names: string[] = [];
  await walkFiles(
    dir,
    (rel) => {
      if (rel.endsWith('.zip') || rel.endsWith('.mod')) names.push(rel);
    },
    (rel) => rel === 'sumdb'
  );
  names.sort();
  return `${names.length}:${createHash('sha256').update(names.join('\n')).digest('hex')}`;
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
