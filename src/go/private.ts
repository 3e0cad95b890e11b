/**
 * Private modules: hands a token to the git processes that go starts, through
 * a temporary global git config that only those processes see.
 *
 * The token travels as an `http.<url>.extraHeader` (Basic auth), not inside
 * insteadOf URLs. Git 2.39 removes credentials from the URLs in its own error
 * messages, but a URL with credentials still reaches places we show or keep:
 * GIT_TRACE prints the `git remote-https <url>` command line, GIT_CURL_VERBOSE /
 * GIT_TRACE_CURL print curl's "Issue another request to this URL: 'https://user:token@…'",
 * the URL is in the argv of git-remote-https (visible in `ps`), and after a
 * successful fetch git hands URL credentials to the user's credential helper
 * (`credential.helper=store` wrote the token to ~/.git-credentials). A header is
 * sent up front (no 401 round trip), is redacted in git's traces, and never
 * enters the credential machinery. insteadOf is used only to send ssh-style
 * URLs of the same hosts to https.
 */
import { access, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Environment variables preparePrivateAccess sets for go (and so for the git it runs). */
export const PrivateEnv = {
  /** Replaces the user's global git config with ours, which includes it. */
  GitConfigGlobal: 'GIT_CONFIG_GLOBAL',
  /** 0: git fails instead of asking for a user name on a terminal. */
  GitTerminalPrompt: 'GIT_TERMINAL_PROMPT',
  /** Empty: git skips GIT_ASKPASS / core.askPass / SSH_ASKPASS programs (an editor's askpass would wait for a click). */
  GitAskpass: 'GIT_ASKPASS',
  /** never: Git Credential Manager shows no dialog. */
  GcmInteractive: 'GCM_INTERACTIVE',
  /** 1: git's traces redact the Authorization header even if the user set GIT_TRACE_REDACT=0. */
  GitTraceRedact: 'GIT_TRACE_REDACT'
} as const;

/** User name GitHub expects with an installation or personal token; other forges accept any user name with a token. */
const TOKEN_USER = 'x-access-token';

export interface PrivateAccess {
  /** Variables to add to every go process's environment. Holds no secret (only the config file's path). */
  env: Record<string, string>;
  /** Hosts given, normalised (host lower-cased, no trailing slash, duplicates removed). */
  hosts: string[];
  /** Values to mask in logs: the token and the encoded header credential. */
  secrets: string[];
  /** Removes the temporary config. Idempotent. */
  cleanup(): Promise<void>;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`, 'i');
const SEGMENT_RE = /^[A-Za-z0-9._~-]+$/;
const EXAMPLES = 'a host name such as github.com or git.corp.example, optionally with a path prefix such as github.com/my-org';

/** Validates one private-hosts entry (a host name like github.com or git.corp.example, optionally with a path prefix like github.com/my-org); returns an error string or null. */
export function checkPrivateHost(entry: string): string | null {
  const shown = JSON.stringify(entry);
  if (entry.trim() === '') return `empty entry: give ${EXAMPLES}`;
  if (/\s/.test(entry)) return `${shown} contains whitespace: give one host per entry`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return `${shown}: give the host without a scheme (github.com/my-org, not https://github.com/my-org)`;
  if (entry.includes('@')) return `${shown}: give the host without a user name (github.com, not git@github.com)`;
  if (/[*?[\]]/.test(entry)) return `${shown}: wildcards are not supported, list each host`;
  const slash = entry.indexOf('/');
  const hostPort = slash < 0 ? entry : entry.slice(0, slash);
  const path = slash < 0 ? '' : entry.slice(slash + 1).replace(/\/+$/, '');
  const m = /^([^:]*)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!m || !HOST_RE.test(m[1] ?? '') || hostPort.length > 253) return `${shown} is not ${EXAMPLES}`;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return `${shown}: port out of range`;
  if (path) {
    for (const seg of path.split('/')) {
      if (!SEGMENT_RE.test(seg) || seg === '.' || seg === '..') return `${shown}: the path prefix may hold only letters, digits and . _ ~ - between single slashes`;
    }
  }
  return null;
}

/** `GitHub.com/my-org/` → `github.com/my-org`. Assumes checkPrivateHost accepted the entry. */
export function normalisePrivateHost(entry: string): string {
  const slash = entry.indexOf('/');
  const host = (slash < 0 ? entry : entry.slice(0, slash)).toLowerCase();
  const path = slash < 0 ? '' : entry.slice(slash + 1).replace(/\/+$/, '');
  return path ? `${host}/${path}` : host;
}

/** A value in git-config double quotes. Git has no escape for a line break, so one is refused. */
function quoteValue(v: string): string {
  if (/[\n\r\0]/.test(v)) throw new Error('a git config value cannot contain a line break or NUL');
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t')}"`;
}

/** A subsection name (`[url "…"]`): only \ and " are escaped there. */
function quoteSubsection(v: string): string {
  if (/[\n\r\0]/.test(v)) throw new Error('a git config section name cannot contain a line break or NUL');
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The Authorization header value for `token` (Basic, as actions/checkout sends it). */
export function basicCredential(token: string): string {
  return Buffer.from(`${TOKEN_USER}:${token}`, 'utf8').toString('base64');
}

/**
 * The temporary global config: the user's own config files first, then per
 * host the ssh → https rewrites and the Authorization header. `hosts` must be
 * normalised. An empty extraHeader first clears headers that an included file
 * set for the same URL, so exactly one Authorization header is sent.
 */
export function renderPrivateConfig(token: string, hosts: string[], includes: string[]): string {
  const lines = ['# go-mod-hygiene: temporary git config for private modules; deleted when the run ends.'];
  if (includes.length) {
    lines.push('[include]');
    for (const p of includes) lines.push(`\tpath = ${quoteValue(p)}`);
  }
  const header = `Authorization: Basic ${basicCredential(token)}`;
  for (const entry of hosts) {
    const slash = entry.indexOf('/');
    const hostPort = slash < 0 ? entry : entry.slice(0, slash);
    const path = slash < 0 ? '' : `${entry.slice(slash + 1)}/`;
    const https = `https://${hostPort}/${path}`;
    // ssh has its own port: with an https port given, ssh URLs of that host cannot be mapped.
    if (!hostPort.includes(':')) {
      lines.push(`[url ${quoteSubsection(https)}]`);
      // go pings ssh://host/… and git+ssh://host/… when https fails; mapping them keeps go off port 22.
      for (const from of [`ssh://git@${hostPort}/`, `git+ssh://git@${hostPort}/`, `ssh://${hostPort}/`, `git+ssh://${hostPort}/`, `git@${hostPort}:`]) {
        lines.push(`\tinsteadOf = ${quoteValue(from + path)}`);
      }
    }
    lines.push(`[http ${quoteSubsection(https)}]`, '\textraHeader =', `\textraHeader = ${quoteValue(header)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** The files git reads as the global config in `env`, in git's order (GIT_CONFIG_GLOBAL replaces both defaults). */
export async function userGlobalConfigs(env: Record<string, string | undefined>): Promise<string[]> {
  if (env.GIT_CONFIG_GLOBAL) return (await exists(env.GIT_CONFIG_GLOBAL)) ? [env.GIT_CONFIG_GLOBAL] : [];
  const candidates: string[] = [];
  if (env.XDG_CONFIG_HOME) candidates.push(join(env.XDG_CONFIG_HOME, 'git', 'config'));
  else if (env.HOME) candidates.push(join(env.HOME, '.config', 'git', 'config'));
  if (env.HOME) candidates.push(join(env.HOME, '.gitconfig'));
  const found: string[] = [];
  for (const c of candidates) if (await exists(c)) found.push(c);
  return found;
}

/**
 * Writes the temporary config (mode 0600, in a fresh directory under
 * `tempDir`) and returns the environment that points go's git at it. `env` is
 * the environment go will run with; it decides which user config is included.
 * Throws on an unusable token or host entry, without repeating the token.
 */
export async function preparePrivateAccess(
  token: string,
  hosts: string[],
  tempDir: string,
  env: Record<string, string | undefined>
): Promise<PrivateAccess> {
  if (token === '') throw new Error("Invalid input 'private-token': it is empty.");
  if ([...token].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) throw new Error("Invalid input 'private-token': it contains a line break or another control character.");
  if (hosts.length === 0) throw new Error("Invalid input 'private-hosts': no host given for 'private-token'.");
  for (const h of hosts) {
    const problem = checkPrivateHost(h);
    if (problem) throw new Error(`Invalid input 'private-hosts': ${problem}.`);
  }
  const normalised = [...new Set(hosts.map(normalisePrivateHost))];
  const includes = await userGlobalConfigs(env);
  const text = renderPrivateConfig(token, normalised, includes);

  const dir = await mkdtemp(join(tempDir, 'gmh-git-'));
  const file = join(dir, 'gitconfig');
  try {
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600); // the umask cannot widen it, but make the intent explicit
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  let removed = false;
  return {
    env: {
      [PrivateEnv.GitConfigGlobal]: file,
      [PrivateEnv.GitTerminalPrompt]: '0',
      [PrivateEnv.GitAskpass]: '',
      [PrivateEnv.GcmInteractive]: 'never',
      [PrivateEnv.GitTraceRedact]: '1'
    },
    hosts: normalised,
    secrets: [token, basicCredential(token)],
    async cleanup() {
      if (removed) return;
      await rm(dir, { recursive: true, force: true });
      removed = true;
    }
  };
}
