import * as core from '@actions/core';

/**
 * @actions/cache, loaded on first use: with the storage SDK it brings it is about half of the
 * bundle (~0.3 s of CPU to load), and a step with `cache: off` never needs it.
 */
let library: Promise<typeof import('@actions/cache')> | undefined;
const cacheLibrary = (): Promise<typeof import('@actions/cache')> => (library ??= import('@actions/cache'));

/** Names of the cache outputs, as action.yml declares them. */
export const CacheOutputs = {
  /** `'true'` only on an exact hit, as actions/cache and setup-go; `'false'` otherwise. */
  Hit: 'cache-hit',
  /** The detail: exact, partial (restored from a restore key) or miss. */
  Match: 'cache-match',
  Key: 'cache-key',
  MatchedKey: 'cache-matched-key'
} as const;

/** Names under which main hands the cache state to the post step. */
export const CacheState = {
  /** The key computed in main; empty when there was nothing to cache. */
  Key: 'gmh-cache-key',
  /** The key that was restored, if any. */
  MatchedKey: 'gmh-cache-matched-key',
  /** JSON array of the cached paths: save must use exactly the paths restore used. */
  Paths: 'gmh-cache-paths',
  /** GOMODCACHE as go reported it. */
  ModCache: 'gmh-cache-gomodcache',
  /** File of the module versions the checked go.sum files name (formatNeeded), written by main. */
  Needed: 'gmh-cache-needed',
  /** The file system's time right after the restore: module files written later were downloaded by this run. */
  Since: 'gmh-cache-since',
  /** Why post must not save (e.g. the restored cache failed verification); empty when it may. */
  NoSave: 'gmh-cache-no-save'
} as const;

/** `cache-match` values. */
export type CacheMatch = 'exact' | 'partial' | 'miss';

/** What a save did: the entry id, or -1 with `denied` set when the service's policy forbids writes. */
export interface SaveResult {
  id: number;
  /** The service's words when it refused the write by policy (`cache write denied: ...`). */
  denied?: string;
}

/** The cache service. Implementations log their own problems and never throw for service failures. */
export interface CacheStore {
  /** Whether the runner gave this job a cache service at all. */
  available(): Promise<boolean>;
  /** Why the runner's cache policy forbids saving before anything is tried (ACTIONS_CACHE_MODE), or null. */
  writeForbidden(): string | null;
  /** Restores (or with lookupOnly only looks up) and returns the matched key, undefined on a miss or a failure. */
  restore(paths: string[], key: string, restoreKeys: string[], lookupOnly: boolean): Promise<string | undefined>;
  /** Saves; id -1 when the service refused (e.g. the key exists). May throw on invalid input. */
  save(paths: string[], key: string): Promise<SaveResult>;
}

/** State passed from main to post. */
export interface StateStore {
  get(name: string): string;
  set(name: string, value: string): void;
}

/** Step outputs. */
export interface OutputSink {
  set(name: string, value: string): void;
}

/** The side effects the cache phases have, injected so tests can keep state and outputs in memory. */
export interface CacheIO {
  store: CacheStore;
  state: StateStore;
  outputs: OutputSink;
  /** A notice: something the user may want to know once, not a problem. */
  notice(message: string): void;
}

/** ACTIONS_CACHE_MODE values that forbid writes, as @actions/cache reads them (unknown values permit). */
const NO_WRITE_MODES = ['none', 'read'];
/** How @actions/cache words a write refused by the service's policy. */
const WRITE_DENIED = 'cache write denied:';

/**
 * saveCache reports a policy denial only as its own `::warning::` line (after building the whole
 * archive). That line is held back while it runs and returned instead, so the caller can say it once,
 * as a notice; every other line passes through unchanged.
 */
async function saveTakingDenial(paths: string[], key: string): Promise<SaveResult> {
  const lib = await cacheLibrary();
  const stdout = process.stdout;
  const own = Object.getOwnPropertyDescriptor(stdout, 'write');
  const write = stdout.write.bind(stdout) as (...a: unknown[]) => boolean;
  let denied: string | undefined;
  const filter = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const at = text.indexOf(WRITE_DENIED);
    if (text.startsWith('::warning::') && at >= 0 && denied === undefined) {
      denied = text
        .slice(at)
        .trim()
        .replace(/%(25|0D|0A)/g, (_: string, c: string) => (c === '25' ? '%' : ' '));
      rest.find((r): r is () => void => typeof r === 'function')?.();
      return true;
    }
    return write(chunk, ...rest);
  };
  Object.defineProperty(stdout, 'write', { value: filter, configurable: true, writable: true });
  try {
    const id = await lib.saveCache(paths, key);
    return denied === undefined ? { id } : { id, denied };
  } finally {
    if (own) Object.defineProperty(stdout, 'write', own);
    else delete (stdout as { write?: unknown }).write;
  }
}

/** @actions/cache against the runner's cache service. */
export const actionsCacheStore: CacheStore = {
  available: async () => (await cacheLibrary()).isFeatureAvailable(),
  writeForbidden: () => {
    // The library reads the same variable, at call time.
    const mode = (process.env['ACTIONS_CACHE_MODE'] || '').trim().toLowerCase();
    return NO_WRITE_MODES.includes(mode) ? `the runner's cache policy does not permit writes (ACTIONS_CACHE_MODE=${mode})` : null;
  },
  restore: async (paths, key, restoreKeys, lookupOnly) => (await cacheLibrary()).restoreCache(paths, key, restoreKeys, { lookupOnly }),
  save: saveTakingDenial
};

/**
 * core.saveState/getState. The runner only turns saved state into STATE_* variables for the post
 * step, so values set in main are also kept in memory for main's later phases.
 */
export function actionsStateStore(): StateStore {
  const mine = new Map<string, string>();
  return {
    get: (name) => mine.get(name) ?? core.getState(name),
    set: (name, value) => {
      mine.set(name, value);
      core.saveState(name, value);
    }
  };
}

export const actionsOutputs: OutputSink = { set: (name, value) => core.setOutput(name, value) };

/** The real side effects, for main and post. */
export function actionsCacheIO(): CacheIO {
  return { store: actionsCacheStore, state: actionsStateStore(), outputs: actionsOutputs, notice: (m) => core.notice(m) };
}

/** Keeps state and outputs in memory: for the CLI and for tests. */
export function memoryState(initial: Record<string, string> = {}): StateStore & { values: Record<string, string> } {
  const values = { ...initial };
  return { values, get: (name) => values[name] ?? '', set: (name, value) => void (values[name] = value) };
}
