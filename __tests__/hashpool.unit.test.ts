/**
 * The hashing thread's program, run in this thread over a MessageChannel (and once in a real
 * thread), against zips and trees written here: large entries read and inflated in pieces, both
 * ways of inflating, archive/zip's refusals, and the tree summary split into parts.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { MessageChannel } from 'node:worker_threads';
import { HashPool, hashModuleDir, hashModuleZip, hashWorker, type HashJob, type ZipResult } from '../src/go/hashpool.js';
import { summaryHash, zipDirectoryReader } from '../src/go/dirhash.js';
import { hash1 } from '../src/go/hash.js';
import { cleanupTemp, tempDir, writeFiles } from './helpers/fixtures.js';
import { makeZip } from './helpers/zip.js';

afterAll(cleanupTemp);
/** Clean-ups for the current test, run even when it fails (an open port would keep jest alive). */
const cleanups: (() => void)[] = [];
const afterThis = (fn: () => void): void => void cleanups.push(fn);
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

const sha = (data: Buffer | string): string => crypto.createHash('sha256').update(data).digest('hex');
/** Incompressible, so that a deflated entry spans several 1 MiB reads. */
const noise = (n: number): Buffer => crypto.randomBytes(n);

/** hashWorker in this thread; `zlibFor` replaces node's zlib (to take the other inflate path). */
function inProcess(zlibFor: typeof zlib = zlib): { ask: (job: HashJob) => Promise<unknown>; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  hashWorker({ fs, zlib: zlibFor, crypto, path, readZipDirectory: zipDirectoryReader(), port: port2 });
  let id = 0;
  const waiting = new Map<number, (r: { result?: unknown; error?: string }) => void>();
  port1.on('message', (r: { id: number; result?: unknown; error?: string }) => waiting.get(r.id)?.(r));
  return {
    ask: (job) =>
      new Promise((resolve, reject) => {
        waiting.set(++id, (r) => (r.error === undefined ? resolve(r.result) : reject(new Error(r.error))));
        port1.postMessage({ ...job, id });
      }),
    close: () => {
      port1.close();
      port2.close();
    }
  };
}

/** zlib whose streams do not expose the handle: the one-shot inflateRawSync path. */
const publicZlib = new Proxy(zlib, {
  get(target, prop, receiver) {
    if (prop !== 'createInflateRaw') return Reflect.get(target, prop, receiver) as unknown;
    return (...args: Parameters<typeof zlib.createInflateRaw>) => Object.assign(zlib.createInflateRaw(...args), { _handle: undefined });
  }
});

let jobs = 0;
/** The zip's Hash1, asked in parts of about `bytes` compressed bytes, put together as hashModuleZip does. */
async function zipInParts(ask: (job: HashJob) => Promise<unknown>, file: string, bytes: number): Promise<{ hash: string; parts: number }> {
  const job = ++jobs;
  const r = (await ask({ op: 'zip', file, job, bytes, count: 1000 })) as ZipResult;
  if ('hash' in r) return { hash: r.hash, parts: 1 };
  const h = crypto.createHash('sha256');
  for (let i = 1; i < r.cuts.length; i++) h.update((await ask({ op: 'ziplines', file, job, from: r.cuts[i - 1]!, to: r.cuts[i]! })) as Uint8Array);
  return { hash: `h1:${h.digest('base64')}`, parts: r.cuts.length - 1 };
}

/** The offset of the i-th central directory header. */
function central(zip: Buffer, i: number): number {
  let at = -1;
  for (let k = 0; k <= i; k++) at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 1);
  return at;
}

const files = [
  { name: 'm@v1.0.0/big.txt', data: noise(3 << 20) },
  { name: 'm@v1.0.0/small.go', data: Buffer.from('package m\n') },
  { name: 'm@v1.0.0/empty', data: Buffer.alloc(0) },
  { name: 'm@v1.0.0/stored.bin', data: noise((2 << 20) + 7) }
];

describe('module zips', () => {
  const dir = tempDir('gmh-zips-');
  const write = (name: string, zip: Buffer): string => {
    fs.writeFileSync(path.join(dir, name), zip);
    return path.join(dir, name);
  };
  const deflatedZip = makeZip(files, { deflate: true, dataDescriptor: true });
  const storedZip = makeZip(files);
  const deflated = write('deflated.zip', deflatedZip);
  const stored = write('stored.zip', storedZip);
  const expected = hash1(files);

  test('the large entry is read and inflated in several pieces', () => {
    const [big] = zipDirectoryReader()((p, n) => deflatedZip.subarray(p, p + n), deflatedZip.length);
    expect(big!.compressedSize).toBeGreaterThan(2 << 20);
  });

  for (const [how, z] of [
    ['into a reused buffer', zlib],
    ['with inflateRawSync', publicZlib]
  ] as const) {
    test(`deflated (${how}) and stored, whole or in parts: the go.sum hash`, async () => {
      const w = inProcess(z);
      try {
        for (const file of [deflated, stored]) {
          expect(await zipInParts(w.ask, file, 1 << 30)).toEqual({ hash: expected, parts: 1 });
          expect(await zipInParts(w.ask, file, 1)).toEqual({ hash: expected, parts: expect.any(Number) });
          expect((await zipInParts(w.ask, file, 1)).parts).toBeGreaterThan(2);
        }
      } finally {
        w.close();
      }
    });
  }

  test('a repeated name is hashed from its last entry, for each occurrence, as HashZip does', async () => {
    const twice = [...files.slice(1, 3), { name: files[1]!.name, data: Buffer.from('package m // second\n') }];
    const file = write('twice.zip', makeZip(twice));
    const w = inProcess();
    try {
      const last = sha(twice[2]!.data);
      const want = summaryHash(twice.map((f) => ({ name: Buffer.from(f.name), sha256: f.name === files[1]!.name ? last : sha(f.data) })));
      expect(await zipInParts(w.ask, file, 1 << 30)).toEqual({ hash: want, parts: 1 });
      expect(await zipInParts(w.ask, file, 1)).toEqual({ hash: want, parts: 2 });
    } finally {
      w.close();
    }
  });

  test('what archive/zip refuses is an error: wrong CRC-32, truncated deflate data, wrong size, bad header offset, a directory with content', async () => {
    const w = inProcess();
    afterThis(w.close);
    const bad = (name: string, zip: Buffer, edit: (z: Buffer) => void): string => {
      const z = Buffer.from(zip);
      edit(z);
      return write(name, z);
    };
    const whole = (file: string) => w.ask({ op: 'zip', file, job: ++jobs, bytes: 1 << 30, count: 1000 });
    await expect(whole(bad('crc.zip', deflatedZip, (z) => z.writeUInt32LE(z.readUInt32LE(central(z, 1) + 16) ^ 1, central(z, 1) + 16)))).rejects.toThrow('zip: checksum error');
    await expect(whole(bad('cut.zip', deflatedZip, (z) => z.writeUInt32LE(z.readUInt32LE(central(z, 0) + 20) - 5000, central(z, 0) + 20)))).rejects.toThrow(/^flate: /);
    await expect(whole(bad('size.zip', storedZip, (z) => z.writeUInt32LE(3, central(z, 1) + 24)))).rejects.toThrow('zip: not a valid zip file');
    await expect(whole(bad('offset.zip', storedZip, (z) => z.writeUInt32LE(z.readUInt32LE(central(z, 1) + 42) + 1, central(z, 1) + 42)))).rejects.toThrow('zip: not a valid zip file');
    await expect(whole(write('dir.zip', makeZip([{ name: 'm@v1.0.0/d/', data: Buffer.from('x') }])))).rejects.toThrow('zip: not a valid zip file');
    expect(await whole(write('emptydir.zip', makeZip([{ name: 'm@v1.0.0/d/', data: Buffer.alloc(0) }])))).toEqual({
      hash: summaryHash([{ name: Buffer.from('m@v1.0.0/d/'), sha256: sha('') }]),
      entries: 1
    });
  });

  test('a zip rewritten between two hashings of it is read afresh, not from the earlier plan', async () => {
    const w = inProcess();
    afterThis(w.close);
    const file = write('rewritten.zip', storedZip);
    expect(await zipInParts(w.ask, file, 1)).toEqual({ hash: expected, parts: expect.any(Number) });
    const other = [...files.slice(1, 3), { name: 'm@v1.0.0/z.go', data: Buffer.from('package m // z\n') }];
    fs.writeFileSync(file, makeZip(other, { deflate: true }));
    expect((await zipInParts(w.ask, file, 1)).hash).toBe(hash1(other));
  });

  test('hashModuleZip on real threads gives the go.sum hash', async () => {
    const pool = new HashPool(2);
    try {
      expect(await hashModuleZip(pool, deflated)).toBe(expected);
      expect(await hashModuleZip(pool, stored)).toBe(expected);
      expect(pool.stats.zipEntries).toBe(2 * files.length);
    } finally {
      await pool.close();
    }
  });
});

describe('module trees', () => {
  const root = tempDir('gmh-tree-');
  const tree: Record<string, string> = { 'go.mod': 'module m\n', 'a.go': 'package m\n', 'a/b.go': 'package a\n', 'a/c/d.txt': 'd\n', 'z\u{1F600}.txt': 'emoji\n', 'z\uFF21.txt': 'fullwidth\n' };
  for (let i = 0; i < 10; i++) tree[`many/f${i}.txt`] = `${i}\n`;
  writeFiles(root, tree);
  const expected = hash1(Object.entries(tree).map(([name, data]) => ({ name: `m@v1.0.0/${name}`, data })));
  // hash1 sorts by UTF-16 units; Go sorts by bytes. The two names starting with z differ in exactly that.
  const byBytes = summaryHash(Object.entries(tree).map(([name, data]) => ({ name: Buffer.from(`m@v1.0.0/${name}`), sha256: sha(data) })));

  test('a small tree is hashed whole; a large one comes back as its files, sorted by their UTF-8 bytes', async () => {
    const w = inProcess();
    afterThis(w.close);
    expect(await w.ask({ op: 'tree', dir: root, prefix: 'm@v1.0.0', limit: 100 })).toEqual({ hash: byBytes, files: 16 });
    const r = (await w.ask({ op: 'tree', dir: root, prefix: 'm@v1.0.0', limit: 4 })) as { list: string[] };
    expect(r.list.slice(-2)).toEqual(['z\uFF21.txt', 'z\u{1F600}.txt']);
    const text = (await w.ask({ op: 'lines', dir: root, prefix: 'm@v1.0.0', files: r.list })) as string;
    expect(`h1:${crypto.createHash('sha256').update(text).digest('base64')}`).toBe(byBytes);
    expect(byBytes).not.toBe(expected);
  });

  test('hashModuleDir on real threads, whole and in parts, gives the same hash', async () => {
    const pool = new HashPool(2);
    try {
      expect(await hashModuleDir(pool, root, 'm@v1.0.0')).toBe(byBytes);
      const big = tempDir('gmh-tree-');
      const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i % 7}/f${i}.go`, `package p // ${i}\n`]));
      writeFiles(big, many);
      expect(await hashModuleDir(pool, big, 'x.org/m@v0.1.0')).toBe(hash1(Object.entries(many).map(([name, data]) => ({ name: `x.org/m@v0.1.0/${name}`, data }))));
      expect(pool.stats).toMatchObject({ dirs: 2, files: 16 + 150 });
    } finally {
      await pool.close();
    }
  });

  test('a tree that is a symbolic link, and a name with a newline, are errors as in dirhash', async () => {
    const w = inProcess();
    afterThis(w.close);
    const link = path.join(tempDir('gmh-link-'), 'm@v1.0.0');
    fs.symlinkSync(root, link);
    await expect(w.ask({ op: 'tree', dir: link, prefix: 'm@v1.0.0', limit: 100 })).rejects.toThrow('is not a directory');
    const odd = tempDir('gmh-odd-');
    fs.writeFileSync(path.join(odd, 'a\nb'), 'x');
    await expect(w.ask({ op: 'tree', dir: odd, prefix: 'm@v1.0.0', limit: 100 })).rejects.toThrow(/newlines/);
  });
});
