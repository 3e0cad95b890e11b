/**
 * A module proxy behind credentials, as Athens, Artifactory or Nexus run one:
 * the GOPROXY file layout of a directory served over HTTPS at a made-up host
 * (through tls-host's CONNECT proxy), answering 401 without the right Basic
 * password or Bearer token. Requests are recorded without their secrets.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkAuth } from './git-server.js';
import { startTlsHosts } from './tls-host.js';

export interface ModuleHostRequest {
  path: string;
  auth: 'none' | 'basic' | 'bearer' | 'other';
  user?: string;
  authorized: boolean;
  status: number;
}

export interface ModuleHost {
  /** `https://<host>`: give it to go in GOPROXY. */
  url: string;
  /** What go needs to reach it: the HTTPS proxy and the CA to trust (SSL_CERT_FILE). */
  clientEnv: Record<string, string>;
  requests: ModuleHostRequest[];
  close(): Promise<void>;
}

/** Serves `dir` (written by writeProxy) at `https://<host>/`, to clients that send `token` as the Basic password or a Bearer token. */
export async function startModuleHost(options: { host: string; dir: string; token: string; workDir: string; path: string }): Promise<ModuleHost> {
  const requests: ModuleHostRequest[] = [];
  const root = resolve(options.dir);
  const tls = await startTlsHosts({
    hosts: [options.host],
    workDir: options.workDir,
    path: options.path,
    handler: (req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', `https://${options.host}`).pathname);
      const entry: ModuleHostRequest = { path, ...checkAuth(req.headers.authorization, options.token), status: 0 };
      requests.push(entry);
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      if (!entry.authorized) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="modules"', 'content-type': 'text/plain' }).end('authentication required\n');
        return;
      }
      const file = join(root, path);
      if (!file.startsWith(`${root}/`) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      res.writeHead(200).end(readFileSync(file));
    }
  });
  return {
    url: `https://${options.host}`,
    clientEnv: { ...tls.proxyEnv, SSL_CERT_FILE: tls.caFile },
    requests,
    close: () => tls.close()
  };
}
