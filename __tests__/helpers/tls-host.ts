/**
 * HTTPS hosts with made-up names for offline tests: an HTTP proxy on 127.0.0.1
 * that accepts CONNECT to `<host>:443` for the given hosts and terminates TLS
 * itself, with a certificate signed by a CA generated for this run. A client
 * that trusts exactly that CA (SSL_CERT_FILE for go, GIT_SSL_CAINFO for git) and
 * uses the proxy (HTTPS_PROXY) reaches `https://<host>/` without DNS.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

/** Runs a command without a shell; rejects with its stderr when it fails. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
  });
}

/** A throwaway CA and a server certificate for `hosts` signed by it (valid for one day). */
export async function makeCertificates(dir: string, hosts: string[], path: string): Promise<{ ca: string; cert: string; key: string }> {
  await mkdir(dir, { recursive: true });
  const env = { PATH: path, OPENSSL_CONF: '/dev/null' };
  const f = (n: string): string => join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=go-mod-hygiene test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { env });
  await run('openssl', ['req', '-new', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', `/CN=${hosts[0]}`], { env });
  const san = hosts.map((h) => `DNS:${h}`).join(',');
  await writeFile(f('server.ext'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n`);
  await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-out', f('server.pem'), '-days', '1', '-extfile', f('server.ext')], { env });
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

export interface TlsHosts {
  /** `http://127.0.0.1:<port>`: the HTTPS proxy clients go through. */
  proxyUrl: string;
  /** PEM of the CA that signed the server certificate. */
  caFile: string;
  /** CONNECT targets asked for, in order (e.g. `git.example.test:443`). */
  connects: string[];
  /** Proxy variables for a client (git and go), without the CA: give it as GIT_SSL_CAINFO or SSL_CERT_FILE. */
  proxyEnv: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the CONNECT proxy; requests inside the tunnels (after TLS) go to `handler`. */
export async function startTlsHosts(options: { hosts: string[]; workDir: string; path: string; handler: RequestListener }): Promise<TlsHosts> {
  const certs = await makeCertificates(join(options.workDir, 'tls'), options.hosts, options.path);
  const secureContext = createSecureContext({ cert: await readFile(certs.cert), key: await readFile(certs.key) });
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const inner: Server = createServer(options.handler);
  const proxy: Server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' }).end('this proxy only tunnels HTTPS (CONNECT)\n');
  });
  proxy.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    socket.on('error', () => undefined);
    if (!options.hosts.some((h) => target === `${h}:443`)) {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    const tls = new TLSSocket(socket, { isServer: true, secureContext });
    tls.on('error', () => socket.destroy());
    inner.emit('connection', tls);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  const proxyUrl = `http://127.0.0.1:${port}`;
  return {
    proxyUrl,
    caFile: certs.ca,
    connects,
    proxyEnv: { https_proxy: proxyUrl, HTTPS_PROXY: proxyUrl, no_proxy: '', NO_PROXY: '' },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => resolve());
      })
  };
}
