/**
 * Drives the real @actions/cache (v2 protocol) against the loopback fake, pinning down how
 * the library reacts to hits, misses, conflicts, faults, denials and corrupt archives.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { restoreCache, saveCache } from '@actions/cache';
import { BlockBlobClient } from '@azure/storage-blob';
import {
  ALREADY_EXISTS_MESSAGE,
  READ_DENIED_MESSAGE,
  WRITE_DENIED_MESSAGE,
  cacheVersion,
  captureActionsOutput,
  setEnv,
  startCacheService,
  type FakeCacheService
} from './helpers/cache-service.js';

let root: string;
let modcache: string;
let fake: FakeCacheService;
let restoreEnv: () => void;
let keyCounter = 0;
/** A key no other test uses, so tests do not depend on each other's entries. */
const freshKey = (label: string): string => `go-mod-${label}-${++keyCounter}`;

/** Relative path → sha256 and mode of every file under `dir`. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else {
        const sha = createHash('sha256').update(readFileSync(p)).digest('hex');
        out[relative(dir, p)] = `${sha} ${(statSync(p).mode & 0o777).toString(8)}`;
      }
    }
  };
  walk(dir);
  return out;
}

function writeModcache(seed: string): Record<string, string> {
  rmSync(modcache, { recursive: true, force: true });
  const files: Record<string, string | Buffer> = {
    'cache/download/example.com/m/@v/list': `v1.0.0\n${seed}\n`,
    'cache/download/example.com/m/@v/v1.0.0.mod': 'module example.com/m\n\ngo 1.21\n',
    'cache/download/example.com/m/@v/v1.0.0.zip': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)),
    'example.com/m@v1.0.0/go.mod': 'module example.com/m\n\ngo 1.21\n'
  };
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(join(modcache, rel, '..'), { recursive: true });
    writeFileSync(join(modcache, rel), data);
  }
  chmodSync(join(modcache, 'example.com/m@v1.0.0/go.mod'), 0o444); // Go writes extracted modules read-only
  return snapshot(modcache);
}

/** What 6.3.0 logs (core.info) for any CreateCacheEntry failure other than a write denial. */
const reserveFailed = (key: string): string =>
  `Failed to save: Unable to reserve cache with key ${key}, another job may be creating this cache.`;
/** Saves the module cache under `key` and returns the library's result. */
const save = (key: string) => captureActionsOutput(() => saveCache([modcache], key));
const restore = (key: string, restoreKeys: string[] = [], lookupOnly = false) =>
  captureActionsOutput(() => restoreCache([modcache], key, restoreKeys, { lookupOnly }));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cache-fake-test-'));
  const workspace = join(root, 'ws');
  modcache = join(workspace, 'gomodcache');
  mkdirSync(workspace, { recursive: true });
  fake = await startCacheService(join(root, 'service'));
  restoreEnv = setEnv({ ...fake.env(), GITHUB_WORKSPACE: workspace });
});

afterAll(async () => {
  restoreEnv();
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  fake.requests.length = 0;
});

describe('fake cache service with the real @actions/cache', () => {
  test('save then restore into a cleared directory gives identical files', async () => {
    const key = freshKey('roundtrip');
    const before = writeModcache('roundtrip');
    const saved = await save(key);
    expect(saved.value).toBeGreaterThan(0);
    expect(saved.warnings).toEqual([]);
    expect(fake.requests.map((r) => [r.op, r.detail, r.status])).toEqual([
      ['CreateCacheEntry', undefined, 200],
      ['upload', 'put', 201],
      ['FinalizeCacheEntryUpload', undefined, 200]
    ]);
    const entry = fake.entries().find((e) => e.key === key);
    // zstd is installed, so the library uses zstd-without-long; the version hash depends on it.
    expect(entry).toMatchObject({ id: saved.value, finalized: true, version: cacheVersion([modcache], 'zstd-without-long') });
    expect(readFileSync(entry!.blobPath).subarray(0, 4)).toEqual(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])); // zstd magic
    expect(entry!.sizeBytes).toBe(statSync(entry!.blobPath).size);

    rmSync(modcache, { recursive: true, force: true });
    const restored = await restore(key);
    expect(restored.value).toBe(key);
    expect(restored.infos).toContain(`Cache hit for: ${key}`);
    expect(snapshot(modcache)).toEqual(before);
    expect(fake.count('download', 'get')).toBe(1);
  });

  test('miss: unknown key, or a known key saved with different paths (version mismatch)', async () => {
    const key = freshKey('miss');
    writeModcache('miss');
    expect((await save(key)).value).toBeGreaterThan(0);
    expect((await restore(freshKey('nothing'))).value).toBeUndefined();
    const otherPaths = await captureActionsOutput(() => restoreCache([modcache, join(root, 'other')], key));
    expect(otherPaths.value).toBeUndefined();
    expect(otherPaths.warnings).toEqual([]);
    expect(fake.count('download')).toBe(0);
  });

  test('restore keys: exact key first, then prefixes in order, newest entry per prefix', async () => {
    const version = cacheVersion([modcache]);
    const p = freshKey('prefix');
    const seed = freshKey('seed');
    writeModcache('prefix');
    await save(seed);
    const data = readFileSync(fake.entries().find((e) => e.key === seed)!.blobPath);
    const at = (s: number): Date => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
    fake.addEntry({ key: `${p}-linux-old`, version, data, createdAt: at(1) });
    fake.addEntry({ key: `${p}-linux-new`, version, data, createdAt: at(3) });
    fake.addEntry({ key: `${p}-linux-middle`, version, data, createdAt: at(2) }); // created later, but older timestamp
    fake.addEntry({ key: `${p}-linux-newest-other-version`, version: 'x', data, createdAt: at(9) });

    const lookup = async (key: string, restoreKeys: string[]): Promise<string | undefined> =>
      (await restore(key, restoreKeys, true)).value;
    expect(await lookup(`${p}-linux-old`, [`${p}-`])).toBe(`${p}-linux-old`);
    expect(await lookup(`${p}-linux-zzz`, [`${p}-linux-`])).toBe(`${p}-linux-new`);
    expect(await lookup(`${p}-linux-zzz`, [`${p}-nope-`, `${p}-linux-m`, `${p}-linux-`])).toBe(`${p}-linux-middle`);
    expect(await lookup(`${p}-linux-`, [])).toBe(`${p}-linux-new`); // the primary key is also a prefix
    expect(await lookup(`${p}-windows`, [`${p}-mac`])).toBeUndefined();

    const full = await restore(`${p}-linux-zzz`, [`${p}-linux-`]);
    expect(full.value).toBe(`${p}-linux-new`);
    expect(full.infos).toContain(`Cache hit for restore-key: ${p}-linux-new`);

    // Fallback scope (GitHub: default branch) is searched only after the run's own scope.
    fake.addEntry({ key: `${p}-linux-main`, version, data, scope: 'refs/heads/main', createdAt: at(5) });
    fake.scope = 'refs/pull/7/merge';
    fake.fallbackScopes = ['refs/heads/main'];
    try {
      fake.addEntry({ key: `${p}-linux-pr`, version, data, createdAt: at(0) });
      expect(await lookup(`${p}-linux-zzz`, [`${p}-linux-`])).toBe(`${p}-linux-pr`);
      expect(await lookup(`${p}-linux-main`, [])).toBe(`${p}-linux-main`);
    } finally {
      fake.scope = 'refs/heads/main';
      fake.fallbackScopes = [];
    }

  });

  test('lookupOnly returns the matched key without touching the blob', async () => {
    const key = freshKey('lookup');
    writeModcache('lookup');
    await save(key);
    fake.requests.length = 0;
    const r = await restore(key, [], true);
    expect(r.value).toBe(key);
    expect(r.infos).toContain('Lookup only - skipping download');
    expect(fake.requests.map((q) => q.op)).toEqual(['GetCacheEntryDownloadURL']);
  });

  test('saving an existing key: 409 already_exists, library returns -1 and only logs at info level', async () => {
    const key = freshKey('dup');
    writeModcache('dup');
    expect((await save(key)).value).toBeGreaterThan(0);
    const count = fake.entries().length;
    fake.requests.length = 0;
    const again = await save(key);
    expect(again.value).toBe(-1);
    expect(fake.requests.map((r) => [r.op, r.status])).toEqual([['CreateCacheEntry', 409]]);
    expect(fake.entries()).toHaveLength(count);
    // 6.3.0 folds every CreateCacheEntry failure into ReserveCacheError (core.info, no annotation) and drops the 409 text.
    expect(again.warnings).toEqual([]);
    expect(again.errors).toEqual([]);
    expect(again.infos).toContain(reserveFailed(key));
    expect(again.output).toContain(ALREADY_EXISTS_MESSAGE); // only in the ::debug:: line
  });

  test('500 on CreateCacheEntry is retried (3 s back-off) and the save then succeeds', async () => {
    const key = freshKey('retry');
    writeModcache('retry');
    fake.failNext({ method: 'CreateCacheEntry', status: 500 });
    const r = await save(key);
    expect(r.value).toBeGreaterThan(0);
    expect(fake.requests.filter((q) => q.op === 'CreateCacheEntry').map((q) => q.status)).toEqual([500, 200]);
    expect(r.infos.some((l) => l.startsWith('Attempt 1 of 5 failed with error: Failed request: (500)'))).toBe(true);
  }, 30_000);

  test.each([
    { status: 501, why: 'non-retryable 5xx' },
    { status: 429, why: 'rate limited, never retried' },
    { status: 403, why: 'forbidden' }
  ])('$status on CreateCacheEntry ($why): -1, one attempt, no upload, info-level log', async ({ status }) => {
    const key = freshKey(`fail${status}`);
    writeModcache('fail');
    fake.failNext({ method: 'CreateCacheEntry', status, headers: { 'retry-after': '60' } });
    const r = await save(key);
    expect(r.value).toBe(-1);
    expect(fake.requests.map((q) => [q.op, q.status])).toEqual([['CreateCacheEntry', status]]);
    expect(r.errors).toEqual([]);
    expect(r.infos).toContain(reserveFailed(key));
    if (status === 429) expect(r.warnings).toEqual(["You've hit a rate limit, your rate limit will reset in 60 seconds"]);
    else expect(r.warnings).toEqual([]);
  });

  test('read-only token: write denied is a warning and -1; the same token can still restore', async () => {
    const key = freshKey('ro');
    writeModcache('ro');
    await save(key);
    const back = setEnv(fake.env({ access: 'read' }));
    try {
      fake.requests.length = 0;
      const denied = await save(freshKey('ro-new'));
      expect(denied.value).toBe(-1);
      expect(fake.requests.map((q) => [q.op, q.status])).toEqual([['CreateCacheEntry', 200]]);
      expect(denied.warnings).toEqual([expect.stringContaining(`More details: ${WRITE_DENIED_MESSAGE}`)]);
      expect(denied.warnings[0]).toMatch(/^Failed to save: Unable to reserve cache with key go-mod-ro-new-\d+\. /);
      expect((await restore(key, [], true)).value).toBe(key);
    } finally {
      back();
    }
  });

  test('token without read scope: restore warns "cache read denied" and reports a miss', async () => {
    const back = setEnv(fake.env({ access: 'none' }));
    try {
      const r = await restore(freshKey('noread'));
      expect(r.value).toBeUndefined();
      expect(r.warnings).toEqual([expect.stringContaining(READ_DENIED_MESSAGE)]);
      expect(fake.requests.map((q) => [q.op, q.status])).toEqual([['GetCacheEntryDownloadURL', 403]]);
    } finally {
      back();
    }
  });

  test('no ACTIONS_RUNTIME_TOKEN: saveCache rejects, restoreCache only warns', async () => {
    writeModcache('notoken');
    const back = setEnv({ ACTIONS_RUNTIME_TOKEN: undefined });
    try {
      const saving = captureActionsOutput(() => saveCache([modcache], freshKey('notoken')));
      await expect(saving).rejects.toThrow('Unable to get the ACTIONS_RUNTIME_TOKEN env variable');
      const r = await restore(freshKey('notoken'));
      expect(r.value).toBeUndefined();
      expect(r.warnings).toEqual(['Failed to restore: Unable to get the ACTIONS_RUNTIME_TOKEN env variable']);
      expect(fake.requests).toEqual([]);
    } finally {
      back();
    }
  });

  test.each(['garbage', 'flip', 'truncate'] as const)('corrupt archive (%s): restore warns, returns undefined', async (mode) => {
    const key = freshKey(`corrupt-${mode}`);
    writeModcache('corrupt');
    await save(key);
    rmSync(modcache, { recursive: true, force: true });
    fake.corruptNext(mode);
    const r = await restore(key);
    expect(r.value).toBeUndefined();
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^Failed to restore: .*tar/)]);
    // One-shot: the stored blob is intact, so the next restore works.
    const again = await restore(key);
    expect(again.value).toBe(key);
  });

  test('archive damaged on disk is served as is', async () => {
    const key = freshKey('disk');
    writeModcache('disk');
    await save(key);
    const entry = fake.entries().find((e) => e.key === key)!;
    writeFileSync(entry.blobPath, 'not an archive');
    const r = await restore(key);
    expect(r.value).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
  });

  test('blob upload: a 500 is retried by the Azure SDK; a 403 leaves a dangling reservation', async () => {
    writeModcache('upload');
    fake.failNext({ method: 'upload', status: 500 });
    const ok = await save(freshKey('up500'));
    expect(ok.value).toBeGreaterThan(0);
    expect(fake.requests.filter((q) => q.op === 'upload').map((q) => q.status)).toEqual([500, 201]);

    const key = freshKey('up403');
    fake.requests.length = 0;
    fake.failNext({ method: 'upload', status: 403 });
    const denied = await save(key);
    expect(denied.value).toBe(-1);
    expect(fake.requests.map((q) => [q.op, q.status])).toEqual([['CreateCacheEntry', 200], ['upload', 403]]);
    expect(denied.warnings).toHaveLength(2); // uploadCacheArchiveSDK's own warning, then "Failed to save: ..."
    expect(denied.warnings[1]).toMatch(/^Failed to save: /);
    expect(fake.entries().find((e) => e.key === key)).toMatchObject({ finalized: false });
    // The unfinalized reservation still blocks the key, as on the real service until it expires.
    expect((await save(key)).value).toBe(-1);
    expect(fake.requests.at(-1)).toMatchObject({ op: 'CreateCacheEntry', status: 409 });
  }, 30_000);

  test('blob download 500: not retried, restore warns and reports a miss', async () => {
    const key = freshKey('down500');
    writeModcache('down');
    await save(key);
    fake.failNext({ method: 'download', status: 500 });
    const r = await restore(key);
    expect(r.value).toBeUndefined();
    expect(r.warnings).toEqual(['Failed to restore: downloadCache failed: Cache service responded with 500']);
  });

  test('twirp endpoint rejects calls without a valid bearer token', async () => {
    const url = `${fake.url}twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`;
    const body = '{"key":"k","version":"v"}';
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
  });
});

describe('fake blob storage with the Azure SDK directly', () => {
  /** One Twirp call as the library makes it. */
  async function twirp(method: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await fetch(`${fake.url}twirp/github.actions.results.api.v1.CacheService/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fake.env().ACTIONS_RUNTIME_TOKEN}` },
      body: JSON.stringify(body)
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  // @actions/cache switches to staged blocks only above 128 MiB, and to ranged SDK downloads only
  // for *.blob.core.windows.net hosts; exercise those code paths of the fake with small limits.
  test('staged block upload, then HEAD + ranged download', async () => {
    const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251));
    const req = { key: freshKey('blocks'), version: 'v-blocks' };
    const created = await twirp('CreateCacheEntry', req);
    const upload = new BlockBlobClient(String(created['signed_upload_url']));
    await upload.uploadData(data, { blockSize: 1024, maxSingleShotSize: 1024, concurrency: 3 });
    expect(fake.count('upload', 'block')).toBe(10);
    expect(fake.count('upload', 'blocklist')).toBe(1);
    expect(await twirp('FinalizeCacheEntryUpload', { ...req, size_bytes: String(data.length) })).toMatchObject({ ok: true });

    const found = await twirp('GetCacheEntryDownloadURL', { key: req.key, version: req.version });
    const download = new BlockBlobClient(String(found['signed_download_url']));
    expect(await download.downloadToBuffer(0, undefined, { blockSize: 4096 })).toEqual(data);
    expect(fake.count('download', 'head')).toBe(1);
    expect(fake.count('download', 'get')).toBe(3); // 10 000 bytes in 4 KiB ranges
    // The upload URL is write-only and the download URL read-only, like a SAS.
    await expect(new BlockBlobClient(String(created['signed_upload_url'])).downloadToBuffer()).rejects.toThrow();
  });
});
