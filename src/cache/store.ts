import * as cache from '@actions/cache';
import * as core from '@actions/core';

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
  /** Fingerprint of cache/download right after the restore. */
  Fingerprint: 'gmh-cache-fingerprint',
  /** Why post must not save (e.g. the restored cache failed verification); empty when it may. */
  NoSave: 'gmh-cache-no-save'
} as const;

/** `cache-match` values. */
export type CacheMatch = 'exact' | 'partial' | 'miss';

/** The cache service. Implementations log their own problems and never throw for service failures. */
export interface CacheStore {
  /** Whether the runner gave this job a cache service at all. */
  available(): boolean;
  /** Restores (or with lookupOnly only looks up) and returns the matched key, undefined on a miss or a failure. */
  restore(paths: string[], key: string, restoreKeys: string[], lookupOnly: boolean): Promise<string | undefined>;
  /** Saves and returns the entry id, or -1 when the service refused (e.g. the key exists). May throw on invalid input. */
  save(paths: string[], key: string): Promise<number>;
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
}

/** @actions/cache against the runner's cache service. */
export const actionsCacheStore: CacheStore = {
  available: () => cache.isFeatureAvailable(),
  restore: (paths, key, restoreKeys, lookupOnly) => cache.restoreCache(paths, key, restoreKeys, { lookupOnly }),
  save: (paths, key) => cache.saveCache(paths, key)
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
  return { store: actionsCacheStore, state: actionsStateStore(), outputs: actionsOutputs };
}

/** Keeps state and outputs in memory: for the CLI and for tests. */
export function memoryState(initial: Record<string, string> = {}): StateStore & { values: Record<string, string> } {
  const values = { ...initial };
  return { values, get: (name) => values[name] ?? '', set: (name, value) => void (values[name] = value) };
}
