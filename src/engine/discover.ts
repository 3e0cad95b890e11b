import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { SkippedModule } from '../report/model.js';
import { resolveInCheckout, type Refusal } from '../util/checkout.js';

export interface Discovery {
  /** Module directories to check, relative to the root with `/` separators, sorted. */
  modules: string[];
  skipped: SkippedModule[];
  /** go.work files found, relative to the root. */
  workspaces: string[];
  /**
   * Directories that may hold a module but were not read: unreadable, or a symbolic link to a
   * directory outside the repository that has a go.mod. `problem` completes "<dir> …; not read".
   */
  unreadable: { dir: string; problem: string; reason: Refusal['reason'] }[];
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
export async function discoverModules(root: string, patterns: string[], repoRoot: string = root): Promise<Discovery> {
  const found: { dir: string; defaultSkip: string | null }[] = [];
  const workspaces: string[] = [];
  const unreadable: { dir: string; problem: string; reason: Refusal['reason']; defaultSkip: string | null }[] = [];
  const linked: SkippedModule[] = [];
  // Symbolic links to directories are never followed (no loops, nothing outside the repository);
  // a go.mod or go.work that is a link counts, and is then read (or refused) by the check.
  async function walk(abs: string, inherited: string | null): Promise<void> {
    const rel = toSlash(relative(root, abs));
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      unreadable.push({ dir: rel, problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, reason: 'unreadable', defaultSkip: inherited });
      return;
    }
    if (entries.some((e) => !e.isDirectory() && e.name === 'go.mod')) found.push({ dir: rel, defaultSkip: inherited });
    if (entries.some((e) => !e.isDirectory() && e.name === 'go.work') && inherited === null) {
      workspaces.push(rel === '.' ? 'go.work' : `${rel}/go.work`);
    }
    const names = entries.filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !NEVER_WALK.has(e.name) && !e.name.startsWith('.'));
    for (const e of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(abs, e.name);
      if (e.isDirectory()) {
        await walk(path, inherited ?? SKIP_DIRS[e.name] ?? null);
        continue;
      }
      // A link to a directory holding a go.mod: name it instead of leaving the module out unseen.
      if (!(await lstat(join(path, 'go.mod')).catch(() => null))) continue;
      const dir = toSlash(relative(root, path));
      const where = await resolveInCheckout(repoRoot, path);
      if ('refusal' in where) unreadable.push({ dir, ...where.refusal, defaultSkip: inherited });
      else if ('real' in where) linked.push({ dir, reason: `a symbolic link to ${toSlash(relative(root, where.real))} (not followed)` });
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
  // A directory not read may hold modules the patterns ask for: named unless excluded or default-skipped.
  const bases = positive.map((p) => picomatch.scan(p).base);
  const mayHold = (dir: string): boolean =>
    !isIncluded || isIncluded(dir) || bases.some((b) => b === '' || dir === '.' || b === dir || b.startsWith(`${dir}/`) || dir.startsWith(`${b}/`));
  const notRead = unreadable.filter((u) => !isExcluded?.(u.dir) && mayHold(u.dir) && (isIncluded || !u.defaultSkip)).map(({ dir, problem, reason }) => ({ dir, problem, reason }));
  for (const l of linked) if (!isExcluded?.(l.dir) && (!isIncluded || isIncluded(l.dir))) skipped.push(l);
  return {
    modules: modules.sort(compareDirs),
    skipped: skipped.sort((a, b) => compareDirs(a.dir, b.dir)),
    workspaces,
    unreadable: notRead.sort((a, b) => compareDirs(a.dir, b.dir))
  };
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
