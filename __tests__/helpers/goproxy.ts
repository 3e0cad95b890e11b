/**
 * Offline Go module proxies for tests: fixture modules written in the GOPROXY
 * file layout, served as file:// or over loopback HTTP with fault injection
 * (status codes with headers, resets, stalls, bodies cut off mid-way),
 * and the go.sum lines (right or deliberately wrong) that go with them.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { hash1, goModHash } from '../../src/go/hash.js';
import { makeZip } from './zip.js';

export interface FixtureModule {
  path: string;
  version: string;
  /** Files of the module; `go.mod` defaults to `module <path>\n\ngo 1.21\n`. */
  files?: Record<string, string>;
  time?: string;
}

/** `example.com/Upper` → `example.com/!upper`, as the proxy protocol escapes paths and versions. */
export function escapePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

function withGoMod(m: FixtureModule): Record<string, string> {
  const files = { ...(m.files ?? {}) };
  files['go.mod'] ??= `module ${m.path}\n\ngo 1.21\n`;
  return files;
}

/** The two correct go.sum hashes of a fixture module. */
export function moduleHashes(m: FixtureModule): { zip: string; goMod: string } {
  const files = withGoMod(m);
  const prefix = `${m.path}@${m.version}/`;
  return {
    zip: hash1(Object.entries(files).map(([name, data]) => ({ name: prefix + name, data }))),
    goMod: goModHash(files['go.mod']!)
  };
}

/** go.sum lines for fixture modules; `zip: false` gives only the `/go.mod` line. */
export function goSumLines(mods: (FixtureModule & { zip?: boolean })[]): string {
  const lines: string[] = [];
  for (const m of mods) {
    const h = moduleHashes(m);
    if (m.zip !== false) lines.push(`${m.path} ${m.version} ${h.zip}`);
    lines.push(`${m.path} ${m.version}/go.mod ${h.goMod}`);
  }
  return `${lines.sort().join('\n')}\n`;
}

/** A syntactically valid h1 hash that no content has: for "wrong hash" scenarios. */
export function wrongHash(seed: string): string {
  return hash1([{ name: 'wrong', data: seed }]);
}

/** Writes fixture modules into `dir` in the GOPROXY layout and returns the file:// URL. */
export function writeProxy(dir: string, modules: FixtureModule[]): string {
  for (const m of modules) {
    const files = withGoMod(m);
    const vdir = join(dir, escapePath(m.path), '@v');
    mkdirSync(vdir, { recursive: true });
    const v = escapePath(m.version);
    const listFile = join(vdir, 'list');
    const list = existsSync(listFile) ? readFileSync(listFile, 'utf8').split('\n').filter(Boolean) : [];
    if (!list.includes(m.version)) list.push(m.version);
    writeFileSync(listFile, `${list.join('\n')}\n`);
    writeFileSync(join(vdir, `${v}.info`), JSON.stringify({ Version: m.version, Time: m.time ?? '2024-01-02T03:04:05Z' }));
    writeFileSync(join(vdir, `${v}.mod`), files['go.mod']!);
    const prefix = `${m.path}@${m.version}/`;
    writeFileSync(
      join(vdir, `${v}.zip`),
      makeZip(Object.entries(files).map(([name, data]) => ({ name: prefix + name, data: Buffer.from(data) })))
    );
  }
  return `file://${dir}`;
}

export interface ProxyServer {
  url: string;
  /** Requests seen, as URL paths, in order. */
  requests: string[];
  /** Answer the next `count` requests whose path matches with `status` (or reset the connection with status 0), with extra headers (Retry-After) and a text body. */
  fail(status: number, count: number, match?: RegExp, headers?: Record<string, string>, body?: string): void;
  /** How many of the faults asked for (fail, stall, truncate) have not been served yet. */
  faultsLeft(): number;
  /** Accept the next `count` matching requests and never answer them. */
  stall(count: number, match?: RegExp): void;
  /** Send the headers and half the body of the next `count` matching requests, then reset the connection. */
  truncate(count: number, match?: RegExp): void;
  close(): Promise<void>;
}

/** Serves a proxy directory over HTTP on 127.0.0.1, counting requests and injecting faults. */
export async function serveProxy(dir: string): Promise<ProxyServer> {
  const requests: string[] = [];
  const faults: { status: number; count: number; match: RegExp; headers?: Record<string, string>; body?: string; mode?: 'stall' | 'truncate' }[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const fault = faults.find((f) => f.count > 0 && f.match.test(path));
    if (fault && fault.mode !== 'truncate') {
      fault.count--;
      if (fault.mode === 'stall') return;
      if (fault.status === 0) {
        req.socket.destroy();
        return;
      }
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers }).end(fault.body ?? `injected ${fault.status}\n`);
      return;
    }
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const data = readFileSync(file);
    if (fault?.mode === 'truncate') {
      fault.count--;
      res.writeHead(200, { 'content-length': String(data.length) });
      res.write(data.subarray(0, data.length >> 1), () => req.socket.destroy());
      return;
    }
    res.writeHead(200).end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail(status, count, match = /./, headers, body) {
      faults.push({ status, count, match, ...(headers ? { headers } : {}), ...(body !== undefined ? { body } : {}) });
    },
    faultsLeft: () => faults.reduce((n, f) => n + f.count, 0),
    stall(count, match = /./) {
      faults.push({ status: 0, count, match, mode: 'stall' });
    },
    truncate(count, match = /./) {
      faults.push({ status: 0, count, match, mode: 'truncate' });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
