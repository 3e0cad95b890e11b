/** GOPRIVATE-style pattern lists and the go settings that decide where a hash is checked. */
import { describeFailure, type GoRunner } from './runner.js';

/** module.MatchPrefixPatterns: does any comma-separated glob match a leading prefix of `path`? */
export function matchPrefixPatterns(globs: string, path: string): boolean {
  for (const raw of globs.split(',')) {
    const glob = raw.trim();
    if (!glob) continue;
    const n = glob.split('/').length;
    const parts = path.split('/');
    if (parts.length < n) continue;
    const prefix = parts.slice(0, n).join('/');
    if (globMatch(glob, prefix)) return true;
  }
  return false;
}

/** path.Match for one glob (`*`, `?`, `[...]`), where `*` does not cross `/`. */
function globMatch(glob: string, s: string): boolean {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) return false;
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith('^')) cls = `^${cls.slice(1)}`;
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < glob.length) re += `\\${glob[++i]}`;
    else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  try {
    return new RegExp(`${re}$`).test(s);
  } catch {
    return false;
  }
}

export interface GoSettings {
  GOPROXY: string;
  GOSUMDB: string;
  GONOSUMDB: string;
  GOPRIVATE: string;
  GONOPROXY: string;
}

export type HashOrigin = { source: 'checksum-database' | 'proxy' | 'direct'; name: string };

/** Where the go command takes the authoritative hash of `path` from, given its settings. */
export function hashOrigin(settings: GoSettings, path: string): HashOrigin {
  const nosumdb = settings.GONOSUMDB || settings.GOPRIVATE;
  if (settings.GOSUMDB !== 'off' && !matchPrefixPatterns(nosumdb, path)) {
    return { source: 'checksum-database', name: (settings.GOSUMDB || 'sum.golang.org').split(/[\s+]/)[0]! };
  }
  const proxy = servingProxy(settings, path);
  return proxy ? { source: 'proxy', name: proxy } : { source: 'direct', name: 'direct (version control origin)' };
}

/** The module proxy go fetches `path` from first (credentials removed), or null when it goes to the origin (GONOPROXY, `direct`). */
export function servingProxy(settings: Pick<GoSettings, 'GOPROXY' | 'GONOPROXY' | 'GOPRIVATE'>, path: string): string | null {
  if (matchPrefixPatterns(settings.GONOPROXY || settings.GOPRIVATE, path)) return null;
  const first = settings.GOPROXY.split(/[,|]/).map((p) => p.trim()).find((p) => p !== '');
  return first && first !== 'direct' && first !== 'off' ? stripUserinfo(first) : null;
}

// scheme://authority, the authority ending where a URL's does or where GOPROXY lists and GOSUMDB split.
const URL_AUTHORITY = /([a-z][a-z0-9+.-]*:\/\/)([^/?#\s,|]*)/gi;

/**
 * Drops the userinfo (`user:password@`) of every URL in a value (a GOPROXY list, GOSUMDB's
 * `name url`, go's output) before it is shown or stored. Like Go's url.Parse, the userinfo ends at
 * the last `@` of the authority.
 */
export function stripUserinfo(value: string): string {
  return value.replace(URL_AUTHORITY, (_, scheme: string, authority: string) => scheme + authority.slice(authority.lastIndexOf('@') + 1));
}

/**
 * The credentials in the URLs of these values, to mask: each userinfo as written and decoded, its
 * password, and the user name when there is no password (a token given as `https://TOKEN@host`,
 * which go prints unredacted).
 */
export function credentialsIn(values: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    for (const m of (v ?? '').matchAll(URL_AUTHORITY)) {
      const authority = m[2]!;
      const at = authority.lastIndexOf('@');
      if (at <= 0) continue;
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(':');
      const secret = colon < 0 ? userinfo : userinfo.slice(colon + 1);
      for (const s of [userinfo, secret]) {
        if (!s) continue;
        out.add(s);
        out.add(safeDecode(s));
      }
    }
  }
  return [...out].filter((s) => s.length >= 3);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A copy of a JSON-like value with userinfo stripped from URLs and each secret replaced by `***` in every string. */
export function redactCredentials<T>(value: T, secrets: readonly string[]): T {
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ordered.reduce((s, secret) => s.split(secret).join('***'), stripUserinfo(v));
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** What `go env` says, and the environment every go call of a run gets. */
export interface GoEnvironment {
  /** The variables asked for, as go resolved them. */
  values: Record<string, string>;
  goSettings: GoSettings;
  /** GOWORK=off, GOTOOLCHAIN (local unless set), GOFLAGS without -mod= (rejected in workspaces, changes tidy), plus the overrides. */
  env: Record<string, string>;
}

const SETTINGS_NAMES = ['GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOFLAGS', 'GOTOOLCHAIN'];

/**
 * Asks go once for its settings (plus `extra` names) and derives the environment for a run.
 * `cwd` must be a neutral directory (no go.mod above it): in a module whose go line asks for a
 * toolchain the proxy cannot serve, GOTOOLCHAIN=auto would make go env itself fail, and that
 * module's go-version finding would become a failed run.
 */
export async function readGoEnvironment(go: GoRunner, cwd: string, overrides: Record<string, string>, extra: string[] = []): Promise<GoEnvironment> {
  const base = { GOWORK: 'off', GOTOOLCHAIN: 'local', ...overrides };
  const names = [...new Set([...extra, ...SETTINGS_NAMES])];
  let r = await go.run(['env', '-json', ...names], { cwd, env: base });
  if (r.exitCode !== 0 && base.GOTOOLCHAIN !== 'local') r = await go.run(['env', '-json', ...names], { cwd, env: { ...base, GOTOOLCHAIN: 'local' } });
  if (r.exitCode !== 0) throw new Error(`go env failed: ${describeFailure(r)}`);
  const values: Record<string, string> = { ...(JSON.parse(r.stdout) as Record<string, string>), GOTOOLCHAIN: base.GOTOOLCHAIN };
  return {
    values,
    goSettings: {
      GOPROXY: values.GOPROXY ?? '',
      GOSUMDB: values.GOSUMDB ?? '',
      GONOSUMDB: values.GONOSUMDB ?? '',
      GOPRIVATE: values.GOPRIVATE ?? '',
      GONOPROXY: values.GONOPROXY ?? ''
    },
    env: {
      ...base,
      GOTOOLCHAIN: values.GOTOOLCHAIN || 'local',
      GOFLAGS: (values.GOFLAGS ?? '').split(/\s+/).filter((f) => f && !f.startsWith('-mod=')).join(' ')
    }
  };
}
