/**
 * Loopback fake of the GitHub Actions cache service v2 for tests that drive the
 * real `@actions/cache`: Twirp JSON (`/twirp/github.actions.results.api.v1.CacheService/*`)
 * plus the Azure-blob-style signed URLs the archive is uploaded to and downloaded from.
 * Entries live on disk under `dir` (metadata `entries/<id>.json`, archive `entries/<id>.blob`),
 * so tests can inspect or damage them and a new fake on the same dir sees them again.
 *
 * Protocol facts this mirrors (checked against @actions/cache 6.3.0):
 * - every env var is read at call time, not at import: setting process.env in a test works;
 * - the client builds `new URL('/twirp/...', ACTIONS_RESULTS_URL)`, so any path in the URL is dropped;
 * - "already exists" is HTTP 409 `{code:'already_exists'}`; a read-only token gets HTTP 200
 *   `{ok:false, message:'cache write denied: ...'}` (the only shape 6.3.0 turns into CacheWriteDeniedError);
 * - a token without read scopes gets 403 `{code:'permission_denied', msg:'cache read denied: ...'}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export type TwirpMethod = 'GetCacheEntryDownloadURL' | 'CreateCacheEntry' | 'FinalizeCacheEntryUpload';
/** What a request was: a Twirp call, a blob upload (any PUT) or a blob download (GET or HEAD). */
export type Op = TwirpMethod | 'upload' | 'download';
/** Token kinds: `write` can save and restore, `read` is what untrusted runs get, `none` cannot even read. */
export type Access = 'write' | 'read' | 'none';
export type Compression = 'zstd-without-long' | 'zstd' | 'gzip';

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  scope: string;
  /** Archive size; 0 until finalized. */
  sizeBytes: number;
  /** ISO time of CreateCacheEntry; "newest" in prefix matching means the latest of these. */
  createdAt: string;
  /** False while reserved and not yet finalized: invisible to restore, still blocks a second reservation. */
  finalized: boolean;
  /** The archive as stored (cache.tzst / cache.tgz bytes). */
  blobPath: string;
}

export interface RequestRecord {
  op: Op | 'unknown';
  /** HTTP method. */
  http: string;
  /** Blob sub-operation: `put` (single shot), `block`, `blocklist`, `get`, `head`. */
  detail?: string;
  key?: string;
  status: number;
  /** Answered by failNext / corruptNext rather than by the service logic. */
  injected?: boolean;
}

export interface Fault {
  /** Which requests to hit; any request when omitted. */
  method?: Op;
  /** HTTP status; 0 resets the connection instead of answering. */
  status: number;
  /** How many matching requests to answer this way (default 1). */
  count?: number;
  /** Raw body (string) or JSON body; default is a Twirp or Azure error matching `status`. */
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * `garbage`: every byte inverted; `flip`: the middle byte inverted;
 * `truncate`: first half only, with a matching Content-Length (a short read would fail earlier, in the download).
 */
export type Corruption = 'garbage' | 'flip' | 'truncate';

export interface FakeCacheService {
  /** Value for ACTIONS_RESULTS_URL (ends in `/`). */
  readonly url: string;
  /** Where entries (`entries/`) and the library's RUNNER_TEMP (`runner-temp/`) live. */
  readonly dir: string;
  /** Scope new entries get and that restore searches first (GitHub: the run's ref). */
  scope: string;
  /** Scopes restore falls back to, in order (GitHub: the base / default branch). */
  fallbackScopes: string[];
  readonly requests: RequestRecord[];
  /** Env vars that make @actions/cache use this fake; `undefined` means "must be unset". */
  env(opts?: { access?: Access }): Record<string, string | undefined>;
  /** All entries, finalized or not, oldest first. */
  entries(): CacheEntry[];
  /** Seeds a finalized entry without going through the library. */
  addEntry(e: { key: string; version: string; data: Buffer | string; scope?: string; createdAt?: Date }): CacheEntry;
  /** Number of recorded requests of `op` (optionally with a blob sub-operation). */
  count(op: Op, detail?: string): number;
  failNext(fault: Fault): void;
  corruptNext(mode?: Corruption): void;
  /** Keep idle keep-alive connections open for ever, as some services do (node closes them after 5 s). */
  holdIdleConnections(): void;
  close(): Promise<void>;
}

const SERVICE = 'github.actions.results.api.v1.CacheService';
const ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-cache';
const TWIRP_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  408: 'deadline_exceeded',
  409: 'already_exists',
  412: 'failed_precondition',
  429: 'resource_exhausted',
  500: 'internal',
  501: 'unimplemented',
  503: 'unavailable'
};
export const WRITE_DENIED_MESSAGE = 'cache write denied: token has no writable cache scopes';
export const READ_DENIED_MESSAGE = 'cache read denied: token has no readable cache scopes';
export const ALREADY_EXISTS_MESSAGE = 'cache entry with the same key, version, and scope already exists';

/** The `version` @actions/cache sends: sha256 of paths (as passed, not resolved), compression and salt. */
export function cacheVersion(paths: string[], compression: Compression = 'zstd-without-long', crossOs = false): string {
  const parts = [...paths, compression];
  if (process.platform === 'win32' && !crossOs) parts.push('windows-only');
  parts.push('1.0');
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

/**
 * The files (not directories) in a stored archive, as tar lists them, sorted; `under` cuts each
 * name up to and including that directory and drops names outside it. Needs zstd for .tzst archives.
 */
export function archiveFiles(entry: CacheEntry, under?: string): string[] {
  const data = readFileSync(entry.blobPath);
  const zstd = data.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
  const tar = zstd ? execFileSync('zstd', ['-d', '-q', '-c'], { input: data, maxBuffer: 1 << 30 }) : data;
  const gzip = tar[0] === 0x1f && tar[1] === 0x8b;
  const names = execFileSync('tar', [gzip ? '-tzf' : '-tf', '-', '-P'], { input: tar, maxBuffer: 64 << 20 })
    .toString('utf8')
    .split('\n')
    .filter((n) => n && !n.endsWith('/'));
  if (under === undefined) return names.sort();
  const marker = `${under.replace(/\/+$/, '')}/`;
  return names
    .filter((n) => n.includes(marker))
    .map((n) => n.slice(n.indexOf(marker) + marker.length))
    .sort();
}

/** Applies env vars (`undefined` deletes) and returns a function that puts the old values back. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  const apply = (k: string, v: string | undefined): void => {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  for (const [k, v] of Object.entries(vars)) apply(k, v);
  return () => saved.forEach(([k, v]) => apply(k, v));
}

export interface ActionsOutput<T> {
  value: T;
  /** Everything written to stdout (plain `core.info` lines and `::cmd::` lines). */
  output: string;
  warnings: string[];
  errors: string[];
  /** Lines that are not workflow commands (core.info, tar command echo). */
  infos: string[];
}

/** Runs `fn` with stdout captured, so @actions/core logs are assertable and kept out of the test output. */
export async function captureActionsOutput<T>(fn: () => Promise<T>): Promise<ActionsOutput<T>> {
  let output = '';
  const own = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const cb = rest.find((r): r is () => void => typeof r === 'function');
    cb?.();
    return true;
  };
  Object.defineProperty(process.stdout, 'write', { value: write, configurable: true, writable: true });
  let value: T;
  try {
    value = await fn();
  } finally {
    if (own) Object.defineProperty(process.stdout, 'write', own);
    else delete (process.stdout as { write?: unknown }).write;
  }
  const unescape = (s: string): string => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const lines = output.split(/\r?\n/).filter((l) => l !== '');
  const cmd = (name: string): string[] =>
    lines.filter((l) => l.startsWith(`::${name}`)).map((l) => unescape(l.slice(l.indexOf('::', 2) + 2)));
  return { value, output, warnings: cmd('warning'), errors: cmd('error'), infos: lines.filter((l) => !l.startsWith('::')) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function keyOf(body: Buffer): string | undefined {
  try {
    const key = (JSON.parse(body.toString('utf8')) as { key?: unknown }).key;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('base64');

/** Starts the fake on 127.0.0.1; without `dir` it uses a fresh temp directory that close() removes. */
export async function startCacheService(dir?: string): Promise<FakeCacheService> {
  const root = dir ?? mkdtempSync(join(tmpdir(), 'fake-cache-'));
  const entriesDir = join(root, 'entries');
  const runnerTemp = join(root, 'runner-temp');
  mkdirSync(entriesDir, { recursive: true });
  mkdirSync(runnerTemp, { recursive: true });

  const secret = randomBytes(16);
  const nonce = randomBytes(6).toString('hex');
  const tokens: Record<Access, string> = { write: `rw.${nonce}`, read: `ro.${nonce}`, none: `no.${nonce}` };
  const requests: RequestRecord[] = [];
  const faults: (Fault & { count: number })[] = [];
  const corruptions: Corruption[] = [];
  const entries = new Map<number, CacheEntry>();
  for (const f of readdirSync(entriesDir).filter((n) => n.endsWith('.json'))) {
    const e = JSON.parse(readFileSync(join(entriesDir, f), 'utf8')) as CacheEntry;
    entries.set(e.id, e);
  }
  let nextId = Math.max(0, ...entries.keys()) + 1;
  let origin = '';

  const save = (e: CacheEntry): void => writeFileSync(join(entriesDir, `${e.id}.json`), `${JSON.stringify(e, null, 2)}\n`);
  const sig = (id: number, perm: 'r' | 'w'): string => createHmac('sha256', secret).update(`${id}:${perm}`).digest('base64url');
  const blobUrl = (id: number, perm: 'r' | 'w'): string =>
    `${origin}/${ACCOUNT}/${CONTAINER}/${id}?sv=2025-11-05&sr=b&sp=${perm}&se=2099-01-01T00%3A00%3A00Z&sig=${sig(id, perm)}`;
  const newest = (a: CacheEntry, b: CacheEntry): number => b.createdAt.localeCompare(a.createdAt) || b.id - a.id;

  function lookup(key: string, restoreKeys: string[], version: string): CacheEntry | undefined {
    // GitHub order: per scope (run's ref, then fallbacks): exact key, then key and restore keys as prefixes, newest first.
    for (const scope of [svc.scope, ...svc.fallbackScopes]) {
      const pool = [...entries.values()].filter((e) => e.finalized && e.version === version && e.scope === scope).sort(newest);
      const prefixHits = [key, ...restoreKeys].map((p) => pool.find((e) => e.key.startsWith(p)));
      const hit = pool.find((e) => e.key === key) ?? prefixHits.find((e) => e !== undefined);
      if (hit) return hit;
    }
    return undefined;
  }

  type Reply = { status: number; headers?: Record<string, string | number>; body?: Buffer | string };
  const json = (status: number, body: unknown): Reply => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  const twirpError = (status: number, msg: string): Reply => json(status, { code: TWIRP_CODES[status] ?? 'unknown', msg });
  const azureError = (status: number, code: string, msg: string): Reply => ({
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${msg}</Message></Error>`
  });

  function twirp(method: TwirpMethod, access: Access, body: Buffer): Reply {
    let req: Record<string, unknown>;
    try {
      req = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(400, 'malformed JSON body');
    }
    const key = typeof req['key'] === 'string' ? req['key'] : '';
    const version = typeof req['version'] === 'string' ? req['version'] : '';
    if (!key || !version) return twirpError(400, 'key and version are required');
    if (method === 'GetCacheEntryDownloadURL') {
      if (access === 'none') return twirpError(403, READ_DENIED_MESSAGE);
      const rk: unknown = req['restore_keys'];
      const restoreKeys = Array.isArray(rk) ? rk.filter((k): k is string => typeof k === 'string') : [];
      const hit = lookup(key, restoreKeys, version);
      if (!hit) return json(200, { ok: false, signed_download_url: '', matched_key: '' });
      return json(200, { ok: true, signed_download_url: blobUrl(hit.id, 'r'), matched_key: hit.key });
    }
    if (access !== 'write') return json(200, { ok: false, message: WRITE_DENIED_MESSAGE });
    const same = [...entries.values()].find((e) => e.key === key && e.version === version && e.scope === svc.scope);
    if (method === 'CreateCacheEntry') {
      if (same) return twirpError(409, ALREADY_EXISTS_MESSAGE);
      const id = nextId++;
      const e: CacheEntry = {
        id,
        key,
        version,
        scope: svc.scope,
        sizeBytes: 0,
        createdAt: new Date().toISOString(),
        finalized: false,
        blobPath: join(entriesDir, `${id}.blob`)
      };
      entries.set(id, e);
      save(e);
      return json(200, { ok: true, signed_upload_url: blobUrl(id, 'w') });
    }
    if (!same || same.finalized) return twirpError(404, 'no cache entry reservation for this key and version');
    const claimed = Number(req['size_bytes'] ?? 0); // int64 arrives as a JSON string
    const actual = existsSync(same.blobPath) ? statSync(same.blobPath).size : -1;
    if (actual < 0) return json(200, { ok: false, message: 'cache entry has no uploaded archive' });
    if (claimed !== actual) return json(200, { ok: false, message: `size mismatch: ${claimed} declared, ${actual} uploaded` });
    Object.assign(same, { finalized: true, sizeBytes: actual });
    save(same);
    return json(200, { ok: true, entry_id: String(same.id) });
  }

  function blob(req: IncomingMessage, url: URL, id: number, body: Buffer, rec: RequestRecord): Reply {
    const e = entries.get(id);
    const write = req.method === 'PUT';
    const perm = write ? 'w' : 'r';
    if (!e || url.searchParams.get('sig') !== sig(id, perm) || url.searchParams.get('sp') !== perm)
      return azureError(403, 'AuthenticationFailed', 'Signature did not match or lacks the permission');
    const common = {
      'x-ms-request-id': randomBytes(8).toString('hex'),
      'x-ms-version': String(req.headers['x-ms-version'] ?? '2025-11-05'),
      date: new Date().toUTCString()
    };
    const written = {
      ...common,
      etag: `"0x${randomBytes(6).toString('hex').toUpperCase()}"`,
      'last-modified': new Date().toUTCString(),
      'x-ms-request-server-encrypted': 'true'
    };
    if (write) {
      if (e.finalized) return azureError(409, 'BlobImmutable', 'Cache entry is already finalized');
      const sentMd5 = req.headers['content-md5'];
      if (typeof sentMd5 === 'string' && sentMd5 !== md5(body)) return azureError(400, 'Md5Mismatch', 'Content-MD5 mismatch');
      const comp = url.searchParams.get('comp');
      const blocks = `${e.blobPath}.blocks`;
      const blockFile = (b64: string): string => join(blocks, Buffer.from(b64).toString('hex'));
      if (comp === 'block') {
        rec.detail = 'block';
        const blockId = url.searchParams.get('blockid');
        if (!blockId) return azureError(400, 'MissingRequiredQueryParameter', 'blockid is required');
        mkdirSync(blocks, { recursive: true });
        writeFileSync(blockFile(blockId), body);
        return { status: 201, headers: { ...common, 'content-md5': md5(body), 'x-ms-request-server-encrypted': 'true' } };
      }
      if (comp === 'blocklist') {
        rec.detail = 'blocklist';
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => m[2] ?? '');
        if (ids.some((b) => !existsSync(blockFile(b)))) return azureError(400, 'InvalidBlockList', 'Unknown block id');
        writeFileSync(e.blobPath, Buffer.concat(ids.map((b) => readFileSync(blockFile(b)))));
        rmSync(blocks, { recursive: true, force: true });
        return { status: 201, headers: written };
      }
      rec.detail = 'put';
      if (comp) return azureError(400, 'UnsupportedQueryParameter', `comp=${comp} is not implemented by the fake`);
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob')
        return azureError(400, 'MissingRequiredHeader', 'x-ms-blob-type: BlockBlob required');
      writeFileSync(e.blobPath, body);
      return { status: 201, headers: { ...written, 'content-md5': md5(body) } };
    }
    rec.detail = req.method === 'HEAD' ? 'head' : 'get';
    if (!e.finalized || !existsSync(e.blobPath)) return azureError(404, 'BlobNotFound', 'The specified blob does not exist.');
    let data = readFileSync(e.blobPath);
    const props = {
      ...common,
      etag: `"${md5(data)}"`,
      'last-modified': new Date(e.createdAt).toUTCString(),
      'accept-ranges': 'bytes',
      'x-ms-blob-type': 'BlockBlob',
      'content-type': 'application/octet-stream'
    };
    if (req.method === 'HEAD') return { status: 200, headers: { ...props, 'content-length': data.length } };
    const mode = corruptions.shift();
    if (mode) {
      rec.injected = true;
      if (mode === 'truncate') data = data.subarray(0, Math.floor(data.length / 2));
      else {
        data = Buffer.from(data);
        const at = mode === 'flip' ? [Math.floor(data.length / 2)] : data.keys();
        for (const i of at) data[i] = (data[i] ?? 0) ^ 0xff;
      }
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers['range'] ?? ''));
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : data.length - 1, data.length - 1);
      if (start >= data.length) return azureError(416, 'InvalidRange', 'The range specified is invalid.');
      const part = data.subarray(start, end + 1);
      return { status: 206, headers: { ...props, 'content-range': `bytes ${start}-${end}/${data.length}` }, body: part };
    }
    return { status: 200, headers: { ...props, 'content-md5': md5(data) }, body: data };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const body = await readBody(req); // read before answering so a fault never races the upload stream
    const rec: RequestRecord = { op: 'unknown', http: req.method ?? '', status: 0 };
    const twirpMatch = new RegExp(`^/twirp/${SERVICE.replace(/\./g, '\\.')}/(\\w+)$`).exec(url.pathname);
    const blobMatch = new RegExp(`^/${ACCOUNT}/${CONTAINER}/(\\d+)$`).exec(url.pathname);
    const method = twirpMatch?.[1];
    if (method === 'GetCacheEntryDownloadURL' || method === 'CreateCacheEntry' || method === 'FinalizeCacheEntryUpload') {
      rec.op = method;
      rec.key = keyOf(body); // logged even when a fault answers
    } else if (blobMatch) {
      rec.op = req.method === 'PUT' ? 'upload' : 'download';
      rec.key = entries.get(Number(blobMatch[1]))?.key;
    }

    const send = (r: Reply): void => {
      rec.status = r.status;
      requests.push(rec);
      const payload = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
      const headers = { 'content-length': payload.length, ...r.headers };
      res.writeHead(r.status, headers).end(req.method === 'HEAD' ? undefined : payload);
    };

    const fault = faults.find((f) => f.count > 0 && (f.method === undefined || f.method === rec.op));
    if (fault) {
      fault.count--;
      rec.injected = true;
      if (fault.status === 0) {
        requests.push(rec);
        req.socket.destroy();
        return;
      }
      const isTwirp = rec.op !== 'upload' && rec.op !== 'download';
      const base = isTwirp
        ? twirpError(fault.status, `injected ${fault.status}`)
        : azureError(fault.status, fault.status >= 500 ? 'InternalError' : 'InjectedError', `injected ${fault.status}`);
      const body = typeof fault.body === 'object' ? JSON.stringify(fault.body) : (fault.body ?? base.body);
      send({ status: fault.status, headers: { ...base.headers, ...fault.headers }, body });
      return;
    }

    if (twirpMatch) {
      if (req.method !== 'POST' || rec.op === 'unknown')
        return send(twirpError(404, `no handler for ${req.method} ${url.pathname}`));
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const access = (Object.keys(tokens) as Access[]).find((a) => tokens[a] === auth);
      if (!access) return send(twirpError(401, 'missing or invalid bearer token'));
      return send(twirp(rec.op as TwirpMethod, access, body));
    }
    if (blobMatch) return send(blob(req, url, Number(blobMatch[1]), body, rec));
    send({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const svc: FakeCacheService = {
    url: `${origin}/`,
    dir: root,
    scope: 'refs/heads/main',
    fallbackScopes: [],
    requests,
    env: ({ access = 'write' } = {}) => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${origin}/`,
      ACTIONS_RUNTIME_TOKEN: tokens[access],
      // Anything but github.com / *.ghe.com / *.localhost means GHES, which forces the v1 protocol.
      GITHUB_SERVER_URL: 'https://github.com',
      // 'read' / 'none' / 'write-only' make the library skip restore or save before any request.
      ACTIONS_CACHE_MODE: undefined,
      // Unset, the library uses /home/actions/temp for its archives.
      RUNNER_TEMP: runnerTemp
    }),
    entries: () => [...entries.values()].sort((a, b) => a.id - b.id).map((e) => ({ ...e })),
    addEntry({ key, version, data, scope, createdAt }) {
      const id = nextId++;
      const e: CacheEntry = {
        id,
        key,
        version,
        scope: scope ?? svc.scope,
        sizeBytes: Buffer.byteLength(data),
        createdAt: (createdAt ?? new Date()).toISOString(),
        finalized: true,
        blobPath: join(entriesDir, `${id}.blob`)
      };
      writeFileSync(e.blobPath, data);
      entries.set(id, e);
      save(e);
      return { ...e };
    },
    count: (op, detail) => requests.filter((r) => r.op === op && (detail === undefined || r.detail === detail)).length,
    failNext: (fault) => void faults.push({ ...fault, count: fault.count ?? 1 }),
    corruptNext: (mode = 'garbage') => void corruptions.push(mode),
    holdIdleConnections: () => void (server.keepAliveTimeout = 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          if (dir === undefined) rmSync(root, { recursive: true, force: true });
          resolve();
        });
      })
  };
  return svc;
}
