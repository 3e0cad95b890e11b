import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { SkippedModule } from '../report/model.js';

export interface Discovery {
  /** Module directories to check, relative to the root with `/` separators, sorted. */
  modules: string[];
  skipped: SkippedModule[];
  /** go.work files found, relative to the root. */
  workspaces: string[];
}

/** Directories whose go.mod files are skipped by default, with the reason reported. */
const SKIP_DIRS: Record<string, string> = {
  vendor: 'under vendor/',
  testdata: 'under testdata/'
};
/** Directories never descended into. */
const NEVER_WALK = new Set(['node_modules', '.git']);

function toSlash(p: string): string {
  return p.split(sep).join('/') || '.';
}

/**
 * Finds go.mod files below `root`. With no patterns: every module except those under
 * vendor/, testdata/, node_modules/ and dot-directories. Patterns are globs of module
 * directories relative to `root`; `!pattern` excludes. Only-negative lists start from the default set.
 */
export async function discoverModules(root: string, patterns: string[]): Promise<Discovery> {
  const found: { dir: string; defaultSkip: string | null }[] = [];
  const workspaces: string[] = [];
  async function walk(abs: string, inherited: string | null): Promise<void> {
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    const rel = toSlash(relative(root, abs));
    if (entries.some((e) => e.isFile() && e.name === 'go.mod')) found.push({ dir: rel, defaultSkip: inherited });
    if (entries.some((e) => e.isFile() && e.name === 'go.work') && inherited === null) {
      workspaces.push(rel === '.' ? 'go.work' : `${rel}/go.work`);
    }
    const dirs = entries.filter((e) => e.isDirectory() && !NEVER_WALK.has(e.name)).map((e) => e.name).sort();
    for (const name of dirs) {
      if (name.startsWith('.')) continue;
      await walk(join(abs, name), inherited ?? SKIP_DIRS[name] ?? null);
    }
  }
  await walk(root, null);

  const positive = patterns.filter((p) => !p.startsWith('!')).map(normalisePattern);
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => normalisePattern(p.slice(1)));
  const isIncluded = positive.length ? picomatch(positive, { dot: true }) : null;
  const isExcluded = negative.length ? picomatch(negative, { dot: true }) : null;

  const modules: string[] = [];
  const skipped: SkippedModule[] = [];
  for (const { dir, defaultSkip } of found) {
    if (isExcluded?.(dir)) skipped.push({ dir, reason: 'excluded by the modules input' });
    else if (isIncluded) {
      if (isIncluded(dir)) modules.push(dir);
      else skipped.push({ dir, reason: 'not matched by the modules input' });
    } else if (defaultSkip) skipped.push({ dir, reason: defaultSkip });
    else modules.push(dir);
  }
  return { modules: modules.sort(compareDirs), skipped: skipped.sort((a, b) => compareDirs(a.dir, b.dir)), workspaces };
}

function normalisePattern(p: string): string {
  const trimmed = p.trim().replace(/^\.\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/** Root first, then lexical by path segments. */
export function compareDirs(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '.') return -1;
  if (b === '.') return 1;
  return a < b ? -1 : 1;
}
