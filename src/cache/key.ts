import { createHash } from 'node:crypto';
import { join, posix } from 'node:path';
import { discoverModules } from '../engine/discover.js';
import { READ_LIMITS, readCheckoutFile } from '../util/checkout.js';

/** The cache key of a set of modules and where it came from. */
export interface CacheKey {
  /** `<prefix>-<os>-<arch>-<sha256>`. */
  key: string;
  /** `<prefix>-<os>-<arch>-`: a changed go.sum restores the newest cache of the same platform. */
  restoreKeys: string[];
  /** The files hashed, relative to the working directory with `/` separators, in hash order. */
  files: string[];
  /** `go.sum` normally; `go.mod` when no module has a go.sum; `none` when there is no module. */
  basis: 'go.sum' | 'go.mod' | 'none';
}

/** Bumped when what is cached changes shape, so old entries are no longer restored. */
const KEY_FORMAT = 'gmh-cache-2';

const RUNNER_OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };
const RUNNER_ARCH: Partial<Record<string, string>> = { x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' };

/** RUNNER_OS-RUNNER_ARCH, or the same names derived from this process outside a runner. */
export function platformPart(env: Record<string, string | undefined>): string {
  const os = env.RUNNER_OS || RUNNER_OS[process.platform] || process.platform;
  const arch = env.RUNNER_ARCH || RUNNER_ARCH[process.arch] || process.arch;
  return `${os}-${arch}`;
}

/** sha256 over the names and contents of `files` (read from `root`), in the given order. */
export async function hashFiles(root: string, files: string[]): Promise<string> {
  const h = createHash('sha256').update(`${KEY_FORMAT}\n`);
  for (const f of files) {
    // A file the checks refuse to read (a link out of the repository, a device) adds its refusal instead.
    const read = await readCheckoutFile(root, join(root, f), READ_LIMITS.sumFile);
    const data = read.ok ? read.data : Buffer.from(read.missing ? 'missing' : `refused: ${read.refusal.reason}`);
    h.update(`${f}\0${createHash('sha256').update(data).digest('hex')}\n`);
  }
  return h.digest('hex');
}

async function exists(root: string, file: string): Promise<boolean> {
  return (await readCheckoutFile(root, file, READ_LIMITS.sumFile)).ok;
}

/**
 * The key over every go.sum (and go.work.sum) of the modules that are checked; over their go.mod
 * files when none has a go.sum, so a repository without dependencies still gets a stable key.
 */
export async function computeCacheKey(
  root: string,
  patterns: string[],
  prefix: string,
  env: Record<string, string | undefined>
): Promise<CacheKey> {
  const discovery = await discoverModules(root, patterns);
  const inDir = (dir: string, name: string): string => (dir === '.' ? name : posix.join(dir, name));
  const sums: string[] = [];
  for (const dir of discovery.modules) if (await exists(root, join(root, inDir(dir, 'go.sum')))) sums.push(inDir(dir, 'go.sum'));
  for (const work of discovery.workspaces) {
    const workSum = `${work}.sum`;
    if (await exists(root, join(root, workSum))) sums.push(workSum);
  }
  const base = `${prefix}-${platformPart(env)}-`;
  let files = sums;
  let basis: CacheKey['basis'] = 'go.sum';
  if (files.length === 0) {
    files = discovery.modules.map((dir) => inDir(dir, 'go.mod'));
    basis = files.length ? 'go.mod' : 'none';
  }
  files = [...new Set(files)].sort();
  return { key: `${base}${await hashFiles(root, files)}`, restoreKeys: [base], files, basis };
}
