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
  const noproxy = settings.GONOPROXY || settings.GOPRIVATE;
  if (!matchPrefixPatterns(noproxy, path)) {
    const proxy = settings.GOPROXY.split(/[,|]/).map((p) => p.trim()).find((p) => p && p !== 'direct' && p !== 'off');
    if (proxy) return { source: 'proxy', name: redactUrl(proxy) };
  }
  return { source: 'direct', name: 'direct (version control origin)' };
}

/** Drops credentials from a URL before it is shown. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/, '//');
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
  const r = await go.run(['env', '-json', ...names], { cwd, env: base });
  if (r.exitCode !== 0) throw new Error(`go env failed: ${describeFailure(r)}`);
  const values = JSON.parse(r.stdout) as Record<string, string>;
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
