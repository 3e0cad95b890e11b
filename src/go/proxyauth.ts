/**
 * Credentials for module proxies (Athens, Artifactory, Nexus, …): go sends them
 * from a .netrc (every Go, and GOAUTH's default `netrc` since 1.24). We write a
 * temporary one (0600, in a fresh directory) holding our entries first and then
 * the user's own .netrc entries, and point only our go processes at it with
 * NETRC: the user's files are read, never written, and go sends credentials only
 * over https. A GOAUTH the user set is kept: `netrc` is put in front of it when
 * it is not already there, so the user's own commands still answer for their hosts.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One `proxy-credentials` line: a host (with an optional port) and what go sends it as Basic auth. */
export interface ProxyCredential {
  host: string;
  user: string;
  password: string;
}

const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/**
 * Parses the `proxy-credentials` input: one `host user:token` per line (blank lines and `#`
 * comments skipped). Returns the entries, or the first problem (never repeating a secret).
 */
export function parseProxyCredentials(text: string): { entries: ProxyCredential[] } | { problem: string } {
  const entries: ProxyCredential[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = `line ${i + 1}`;
    const fields = line.split(/\s+/);
    if (fields.length !== 2) return { problem: `${at}: give a host and user:token separated by one space (tokens cannot contain spaces)` };
    const [rawHost, cred] = fields as [string, string];
    const host = rawHost.replace(/^https:\/\//i, '').replace(/\/+$/, '').toLowerCase();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return { problem: `${at}: credentials are sent over https only; give the host without a scheme` };
    if (!HOST_RE.test(host)) return { problem: `${at}: ${JSON.stringify(rawHost)} is not a host name like goproxy.corp.example (a port may follow; no path)` };
    const colon = cred.indexOf(':');
    if (colon <= 0 || colon === cred.length - 1) return { problem: `${at}: give user:token after the host (the user name your proxy expects, then the token or password)` };
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f"]/.test(cred)) return { problem: `${at}: the user or token contains a control character or a quote, which a .netrc cannot hold` };
    entries.push({ host, user: cred.slice(0, colon), password: cred.slice(colon + 1) });
  }
  return { entries };
}

/** What preparing proxy access gives the run. */
export interface ProxyAuth {
  /** Variables for every go process: NETRC (a path, no secret) and GOAUTH when the user's needed `netrc` added. */
  env: Record<string, string>;
  /** Values to mask in logs: each token and each Basic credential as sent. */
  secrets: string[];
  hosts: string[];
  /** Removes the temporary .netrc. Idempotent. */
  cleanup(): Promise<void>;
}

/** The .netrc go reads in `env` when NETRC is not ours: NETRC, else ~/.netrc (~/_netrc first on Windows). */
async function userNetrc(env: Record<string, string | undefined>): Promise<string> {
  const home = env.HOME ?? env.USERPROFILE;
  const candidates = env.NETRC ? [env.NETRC] : home ? [...(process.platform === 'win32' ? [join(home, '_netrc')] : []), join(home, '.netrc')] : [];
  for (const c of candidates) {
    const text = await readFile(c, 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  return '';
}

/** GOAUTH with `netrc` first unless it already names it; null when the user's setting can stay as it is. */
export function goAuthWithNetrc(goauth: string | undefined): string | null {
  const value = (goauth ?? '').trim();
  if (value === '') return null; // the default is netrc
  const commands = value.split(';').map((c) => c.trim());
  if (commands.some((c) => c.split(/\s+/)[0] === 'netrc')) return null;
  return ['netrc', ...commands].join('; ');
}

/**
 * Writes the temporary .netrc and returns the environment that points go at it. `env` is the
 * environment go runs with (for the user's NETRC/HOME/GOAUTH). Throws when GOAUTH=off, which
 * switches every credential off and cannot be combined with another method.
 */
export async function prepareProxyAuth(entries: ProxyCredential[], tempDir: string, env: Record<string, string | undefined>): Promise<ProxyAuth> {
  if ((env.GOAUTH ?? '').trim() === 'off') throw new Error('proxy-credentials cannot be used with GOAUTH=off in the environment, which switches every credential off: unset GOAUTH or drop proxy-credentials');
  const goauth = goAuthWithNetrc(env.GOAUTH);
  // Ours first: go keeps the first entry of a machine. The user's entries follow unless their GOAUTH left netrc out.
  const ours = entries.map((e) => `machine ${e.host} login ${e.user} password ${e.password}`).join('\n');
  const theirs = goauth === null ? await userNetrc(env) : '';
  const dir = await mkdtemp(join(tempDir, 'gmh-netrc-'));
  const file = join(dir, 'netrc');
  try {
    await writeFile(file, `${ours}\n${theirs ? `\n${theirs}\n` : ''}`, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  let removed = false;
  return {
    env: { NETRC: file, ...(goauth !== null ? { GOAUTH: goauth } : {}) },
    secrets: entries.flatMap((e) => [e.password, Buffer.from(`${e.user}:${e.password}`, 'utf8').toString('base64')]),
    hosts: [...new Set(entries.map((e) => e.host))],
    async cleanup() {
      if (removed) return;
      await rm(dir, { recursive: true, force: true });
      removed = true;
    }
  };
}
