/**
 * A private git host for offline tests: bare repositories served over smart
 * HTTP by git-http-backend (CGI), behind HTTP Basic or Bearer auth, reached by
 * real git through an HTTPS proxy on 127.0.0.1. Git asks the proxy to CONNECT
 * to `<host>:443`; the proxy terminates TLS itself with a certificate signed by
 * a CA generated for this run, so git can trust exactly that CA
 * (GIT_SSL_CAINFO) and module paths can use a made-up dotted host without DNS.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run, startTlsHosts } from './tls-host.js';

/** git-http-backend lives in git's exec path, which differs by platform (Debian: /usr/lib/git-core). */
const HTTP_BACKEND = join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-http-backend');

/** One request the git host answered, without credentials. */
export interface GitRequest {
  method: string;
  /** Host header as sent. */
  host: string;
  path: string;
  query: string;
  /** How the client authenticated, if at all. */
  auth: 'none' | 'basic' | 'bearer' | 'other';
  /** The Basic user name (not a secret); the password is never recorded. */
  user?: string;
  /** Whether the credentials matched the server's token. */
  authorized: boolean;
  /** Authorization headers sent (more than one would be a client bug). */
  authHeaders: number;
  status: number;
}

export interface GitServer {
  /** The host name the server answers for (CONNECT target, certificate, Host header). */
  host: string;
  /** `http://127.0.0.1:<port>`: give it to git as its HTTPS proxy. */
  proxyUrl: string;
  /** PEM of the CA that signed the server certificate. */
  caFile: string;
  /** Requests answered over TLS, in order. */
  requests: GitRequest[];
  /** CONNECT targets asked for, in order (e.g. `git.example.test:443`). */
  connects: string[];
  /** Creates a bare repository `<path>` (e.g. `org/lib.git`) with one commit of `files`, tagged with each of `tags`. */
  addRepo(path: string, files: Record<string, string>, tags: string[]): Promise<void>;
  /** What a git client needs to reach this server: proxy variables and the CA to trust. */
  clientEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface GitServerOptions {
  /** The secret a client must send: as the Basic password (any user name) or as a Bearer token. */
  token: string;
  /** Defaults to `git.example.test`. */
  host?: string;
  /** A scratch directory for the CA, the server key and the repositories. */
  workDir: string;
  /** PATH for git and openssl. */
  path: string;
}

/** How a request authenticated against `token` (Basic password or Bearer). */
export function checkAuth(header: string | undefined, token: string): Pick<GitRequest, 'auth' | 'user' | 'authorized'> {
  if (!header) return { auth: 'none', authorized: false };
  const [scheme = '', value = ''] = header.split(/\s+/, 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    return { auth: 'basic', user, authorized: colon >= 0 && decoded.slice(colon + 1) === token };
  }
  if (/^bearer$/i.test(scheme)) return { auth: 'bearer', authorized: value === token };
  return { auth: 'other', authorized: false };
}

/** Runs git-http-backend as a CGI program for one request and streams its answer back. */
function cgi(req: IncomingMessage, res: ServerResponse, url: URL, projectRoot: string, env: Record<string, string>, user: string): void {
  const cgiEnv: Record<string, string> = {
    ...env,
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    REMOTE_USER: user,
    CONTENT_TYPE: req.headers['content-type'] ?? ''
  };
  if (req.headers['content-length']) cgiEnv.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) cgiEnv.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') cgiEnv.GIT_PROTOCOL = protocol;

  const child = spawn(HTTP_BACKEND, [], { env: cgiEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  child.stderr.resume();
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headerDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i <= 0) continue;
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (/^status$/i.test(name)) status = Number.parseInt(value, 10) || 500;
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end));
  });
  res.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  child.on('error', () => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
  child.on('close', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
}

/** Starts the git host and its proxy on 127.0.0.1. */
export async function startGitServer(options: GitServerOptions): Promise<GitServer> {
  const host = options.host ?? 'git.example.test';
  const reposDir = join(options.workDir, 'repos');
  const serverHome = join(options.workDir, 'server-home');
  await mkdir(reposDir, { recursive: true });
  await mkdir(serverHome, { recursive: true });
  // Git run by the server (and by addRepo) sees no configuration of this machine.
  const gitEnv: Record<string, string> = { PATH: options.path, HOME: serverHome, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

  const requests: GitRequest[] = [];

  // Handles the requests that arrive inside CONNECT tunnels, after TLS.
  const handler: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const auth = checkAuth(req.headers.authorization, options.token);
    const entry: GitRequest = {
      method: req.method ?? '',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: url.search,
      ...auth,
      authHeaders: req.headersDistinct.authorization?.length ?? 0,
      status: 0
    };
    requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    if (entry.host !== host) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('wrong host\n');
      return;
    }
    if (url.searchParams.get('go-get') === '1') {
      // Like GitHub: the go-import tag is public even for private repositories (the first two path elements name the repository).
      const root = `${host}${url.pathname.split('/').slice(0, 3).join('/')}`;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><meta name="go-import" content="${root} git https://${root}"></head></html>\n`);
      return;
    }
    if (!auth.authorized) {
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Basic realm="go-mod-hygiene test"', 'content-type': 'text/plain' }).end('authentication required\n');
      return;
    }
    cgi(req, res, url, reposDir, gitEnv, auth.user ?? 'token');
  };
  const tls = await startTlsHosts({ hosts: [host], workDir: options.workDir, path: options.path, handler });

  return {
    host,
    proxyUrl: tls.proxyUrl,
    caFile: tls.caFile,
    requests,
    connects: tls.connects,
    clientEnv: { ...tls.proxyEnv, GIT_SSL_CAINFO: tls.caFile },
    async addRepo(path, files, tags) {
      const work = join(options.workDir, 'src', path);
      await mkdir(work, { recursive: true });
      for (const [name, content] of Object.entries(files)) {
        await mkdir(dirname(join(work, name)), { recursive: true });
        await writeFile(join(work, name), content);
      }
      const env = {
        ...gitEnv,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.test',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.test',
        GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z',
        GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z'
      };
      await run('git', ['init', '-q', '-b', 'main'], { cwd: work, env });
      await run('git', ['add', '-A'], { cwd: work, env });
      await run('git', ['commit', '-q', '-m', 'fixture'], { cwd: work, env });
      for (const t of tags) await run('git', ['tag', t], { cwd: work, env });
      const bare = join(reposDir, path);
      await mkdir(dirname(bare), { recursive: true });
      await run('git', ['clone', '-q', '--bare', work, bare], { env });
    },
    close: () => tls.close()
  };
}
