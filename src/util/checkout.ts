/**
 * The one place files of the checkout are opened. A pull request controls the checkout, so any
 * file in it may be a symbolic link to a secret (`/proc/self/environ`, the runner's files), to a
 * device (`/dev/zero`) or to a directory outside it. Such files are refused, never read, and the
 * refusal is reported; links that stay inside the repository are followed as usual.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { UnreadableFinding } from '../report/model.js';

const MiB = 1024 * 1024;

/**
 * How much is read from a checkout file, at most. go.sum files of the largest repositories are a
 * few MB; a file over its cap is refused, so a committed giant cannot stall or exhaust the run.
 */
export const READ_LIMITS = {
  /** go.mod and go.work. */
  modFile: 16 * MiB,
  /** go.sum, go.work.sum and vendor/modules.txt. */
  sumFile: 16 * MiB,
  /** Any other file (vendored sources are compared with what go writes, whose size bounds them). */
  other: 256 * MiB
} as const;

/** Why a checkout file was not read; `problem` completes "<file> …; not read". */
export interface Refusal {
  reason: 'outside' | 'not-a-file' | 'too-large' | 'unreadable';
  problem: string;
}

export type CheckoutRead = { ok: true; data: Buffer } | { ok: false; missing: true } | { ok: false; missing: false; refusal: Refusal };

const realRoots = new Map<string, Promise<string>>();

/** The repository root with its own links resolved (the temp dir of macOS runners is one). */
function realRoot(repoRoot: string): Promise<string> {
  let r = realRoots.get(repoRoot);
  if (!r) {
    r = realpath(repoRoot).catch(() => repoRoot);
    realRoots.set(repoRoot, r);
  }
  return r;
}

function inside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException | null)?.code ?? 'error';
}

function typeName(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Where `file` (absolute) really is, if it stays inside `repoRoot`: its real path, or the refusal
 * (a link leading out, a link loop, a broken link). `missing` when nothing is there.
 */
export async function resolveInCheckout(repoRoot: string, file: string): Promise<{ real: string } | { missing: true } | { refusal: Refusal }> {
  const root = await realRoot(repoRoot);
  let real: string;
  try {
    real = await realpath(file);
  } catch (e) {
    const c = code(e);
    // Is the path itself absent, or a link that leads nowhere?
    const own = await lstat(file).catch(() => null);
    if (!own) return c === 'ENOENT' || c === 'ENOTDIR' ? { missing: true } : { refusal: { reason: 'unreadable', problem: `cannot be read (${c})` } };
    if (c === 'ELOOP') return { refusal: { reason: 'unreadable', problem: 'is a symbolic link loop' } };
    if (own.isSymbolicLink()) return { refusal: { reason: 'unreadable', problem: 'is a broken symbolic link' } };
    return { refusal: { reason: 'unreadable', problem: `cannot be read (${c})` } };
  }
  if (!inside(root, real)) {
    const own = await lstat(file).catch(() => null);
    const what = (await stat(file).catch(() => null))?.isDirectory() ? 'a directory' : 'a file';
    return {
      refusal: {
        reason: 'outside',
        problem: own?.isSymbolicLink()
          ? `is a symbolic link to ${what} outside the repository`
          : `is reached through a symbolic link to a directory outside the repository`
      }
    };
  }
  return { real };
}

/** A file of the checkout, opened for reading by openCheckoutFile; the caller closes `handle`. */
export type CheckoutOpen = { ok: true; handle: FileHandle; size: number } | { ok: false; missing: true } | { ok: false; missing: false; refusal: Refusal };

/**
 * Opens a file of the checkout: only a regular file, only inside `repoRoot` once every link is
 * resolved, and not when it says it is larger than `limit`. Never blocks on a pipe or opens a device.
 */
export async function openCheckoutFile(repoRoot: string, file: string, limit: number = READ_LIMITS.other): Promise<CheckoutOpen> {
  const where = await resolveInCheckout(repoRoot, file);
  if ('missing' in where) return { ok: false, missing: true };
  if ('refusal' in where) return { ok: false, missing: false, refusal: where.refusal };
  let st;
  try {
    st = await stat(where.real);
  } catch (e) {
    return code(e) === 'ENOENT' ? { ok: false, missing: true } : refused('unreadable', `cannot be read (${code(e)})`);
  }
  if (!st.isFile()) return refused('not-a-file', `is ${typeName(st)}, not a regular file`);
  if (st.size > limit) return refused('too-large', `is larger than ${formatSize(limit)}`);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: should the file be swapped for a pipe after the stat, opening it does not wait for a writer.
    handle = await open(where.real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return refused('unreadable', `cannot be read (${code(e)})`);
  }
  try {
    const again = await handle.stat();
    if (!again.isFile()) {
      await handle.close().catch(() => undefined);
      return refused('not-a-file', `is ${typeName(again)}, not a regular file`);
    }
    return { ok: true, handle, size: again.size };
  } catch (e) {
    await handle.close().catch(() => undefined);
    return refused('unreadable', `cannot be read (${code(e)})`);
  }
}

function refused(reason: Refusal['reason'], problem: string): { ok: false; missing: false; refusal: Refusal } {
  return { ok: false, missing: false, refusal: { reason, problem } };
}

/**
 * Reads a file of the checkout: at most `limit` bytes, only a regular file, only inside
 * `repoRoot` once every link is resolved. Never blocks on a pipe or reads a device.
 */
export async function readCheckoutFile(repoRoot: string, file: string, limit: number = READ_LIMITS.other): Promise<CheckoutRead> {
  const opened = await openCheckoutFile(repoRoot, file, limit);
  if (!opened.ok) return opened;
  const { handle, size } = opened;
  try {
    // The size from stat is not trusted (files that change, or report 0 and hold more): read up to
    // limit + 1. It only sizes the reads: the first takes one byte more than it says, and after a
    // short read one byte tells the end, so a small file costs a buffer of its size, not 64 KiB.
    const chunks: Buffer[] = [];
    let total = 0;
    let next = Math.min(size + 1, 64 * 1024);
    for (;;) {
      const want = Math.min(next, limit + 1 - total);
      if (want <= 0) break;
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(buf, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      next = bytesRead < want ? 1 : 64 * 1024;
    }
    if (total > limit) return refused('too-large', `is larger than ${formatSize(limit)}`);
    return { ok: true, data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (e) {
    return refused('unreadable', `cannot be read (${code(e)})`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readCheckoutFile as UTF-8 text. */
export async function readCheckoutText(
  repoRoot: string,
  file: string,
  limit: number = READ_LIMITS.other
): Promise<{ ok: true; text: string } | { ok: false; missing: true } | { ok: false; missing: false; refusal: Refusal }> {
  const r = await readCheckoutFile(repoRoot, file, limit);
  return r.ok ? { ok: true, text: r.data.toString('utf8') } : r;
}

/** The message of a refusal: `go.sum is a symbolic link to a file outside the repository; not read`. */
export function refusalMessage(file: string, refusal: Refusal): string {
  return refusal.reason === 'unreadable' ? `${file} ${refusal.problem}` : `${file} ${refusal.problem}; not read`;
}

function formatSize(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}

/** A path below a scanned directory that go would read and that leads outside the repository, or is no file. */
export interface UnsafeEntry {
  /** Absolute path as found in the checkout. */
  path: string;
  refusal: Refusal;
}

/**
 * What the go command would read of the module trees at `dirs` (package sources, the go.mod of
 * each) that is a link out of the repository or no regular file. Walks as go does: not into
 * testdata, `_` or `.` directories, vendor/ at a module root, or nested modules; a directory
 * linked inside the repository is walked once at its real place (no loops).
 */
export async function unsafeForGo(repoRoot: string, dirs: string[]): Promise<UnsafeEntry[]> {
  const each = await Promise.all(dirs.map((d) => memo(scans, `${repoRoot}\0${d}`, () => scanTree(repoRoot, d))));
  const all = new Map(each.flat().map((u) => [u.path, u]));
  return [...all.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Scans by directory: a directory shared by many modules (a local replacement target, a workspace
 * use) is walked once per run. The checkout does not change during a run; each run starts afresh.
 */
const scans = new Map<string, Promise<UnsafeEntry[]>>();

/** Forgets earlier scans (a new run, in a process that may run several). */
export function forgetScans(): void {
  scans.clear();
}
function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    cache.set(key, p);
  }
  return p;
}

async function scanTree(repoRoot: string, root: string): Promise<UnsafeEntry[]> {
  const found = new Map<string, UnsafeEntry>();
  const seen = new Set<string>();
  const note = (path: string, refusal: Refusal): void => {
    if (!found.has(path)) found.set(path, { path, refusal });
  };
  /** `real`: the directory's real path when known (reached through real directories only). */
  async function walk(dir: string, real: string | null, isModuleRoot: boolean): Promise<void> {
    if (real === null) {
      const where = await resolveInCheckout(repoRoot, dir);
      if (!('real' in where)) {
        if ('refusal' in where) note(dir, where.refusal);
        return;
      }
      real = where.real;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // go cannot read it either, and fails on its own
    }
    if (!isModuleRoot && entries.some((e) => e.name === 'go.mod' && !e.isDirectory())) return; // a nested module
    const children: Promise<void>[] = [];
    for (const e of entries) {
      if (e.name.startsWith('_') || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      const skippedDir = e.name === 'testdata' || (isModuleRoot && e.name === 'vendor');
      if (e.isDirectory()) {
        if (!skippedDir) children.push(walk(p, join(real, e.name), false));
      } else if (e.name.endsWith('.go') || (isModuleRoot && e.name === 'go.mod')) {
        if (e.isSymbolicLink()) {
          const r = await resolveInCheckout(repoRoot, p);
          if ('refusal' in r && r.refusal.reason === 'outside') note(p, r.refusal);
        } else if (!e.isFile()) {
          const st = await lstat(p).catch(() => null);
          if (st) note(p, { reason: 'not-a-file', problem: `is ${typeName(st)}, not a regular file` });
        }
      } else if (e.isSymbolicLink() && !skippedDir && (await stat(p).catch(() => null))?.isDirectory()) {
        // A link to a directory: go follows it when a package is imported through it.
        children.push(walk(p, null, false));
      }
    }
    await Promise.all(children);
  }
  await walk(root, null, true);
  return [...found.values()];
}

/** The finding for a file or directory of the checkout that was refused. `file` is as findings name it. */
export function unreadableFinding(file: string, refusal: Refusal): UnreadableFinding {
  return { kind: 'unreadable', file, message: refusalMessage(file, refusal), reason: refusal.reason };
}

/** The refusal for a file that disappeared between being found and being read. */
export const MISSING: Refusal = { reason: 'unreadable', problem: 'is missing' };
