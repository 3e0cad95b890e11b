import { Inputs } from '../constants.js';
import { InputError, type InputReader } from '../settings.js';

/** Values accepted by the `cache` input. */
export const CACHE_MODES = ['read-write', 'read', 'off'] as const;
/** See {@link CacheSettings.mode}. */
export type CacheMode = (typeof CACHE_MODES)[number];

/** How the module cache is used (inputs `cache`, `cache-prefix`). */
export interface CacheSettings {
  /** `read-write` (or `true`) restores and saves, `read` only restores, `off` (or `false`) does neither. */
  mode: CacheMode;
  /** First part of the cache key. */
  prefix: string;
}

export const DEFAULT_CACHE_PREFIX = 'go-mod-hygiene';

/** `true`/`false` as setup-go users write them in the same job. */
const CACHE_BOOLEANS: Record<string, CacheMode> = { true: 'read-write', false: 'off' };

/** Parses the cache inputs. */
export function parseCacheSettings(input: InputReader): CacheSettings {
  const value = input(Inputs.Cache).trim().toLowerCase() || 'read-write';
  const mode = CACHE_BOOLEANS[value] ?? value;
  if (!(CACHE_MODES as readonly string[]).includes(mode)) throw new InputError(Inputs.Cache, value, `${CACHE_MODES.join(', ')} (or true = read-write, false = off)`);
  const prefix = input(Inputs.CachePrefix).trim() || DEFAULT_CACHE_PREFIX;
  // The service rejects commas in keys and keys over 512 characters; the hash part takes ~90.
  if (prefix.includes(',') || prefix.length > 256) throw new InputError(Inputs.CachePrefix, prefix, 'up to 256 characters, no commas');
  return { mode: mode as CacheMode, prefix };
}
