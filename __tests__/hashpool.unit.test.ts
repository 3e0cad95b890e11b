/**
 * The hashing thread's program, run in this thread over a MessageChannel (and once in a real
 * thread), against zips and trees written here: large entries read and inflated in pieces, both
 * ways of inflating, archive/zip's refusals, the tree summary split into parts, and the pair
 * check (a tree compared with its zip, and every way it can differ).
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { MessageChannel } from 'node:worker_threads';
import { HashPool, hashModuleDir, hashModulePair, hashModuleZip, hashWorker, type HashJob, type Lines, type PairLinesResult, type PairResult, type ZipResult } from '../src/go/hashpool.js';
import { summaryHash, zipDirectoryReader, zipEntries, zipEntryAt, zipNameReader } from '../src/go/dirhash.js';
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

/** hashWorker in this thread; `zlibFor` replaces node's zlib (to take the other inflate path), `fsFor` node's fs. */
function inProcess(
  zlibFor: typeof zlib = zlib,
  fsFor: typeof fs = fs
): { ask: (job: HashJob) => Promise<unknown>; forget: (job: number) => void; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  hashWorker({ fs: fsFor, zlib: zlibFor, crypto, path, readZipDirectory: zipDirectoryReader(), zipEntryAt, zipNameReader, port: port2 });
  let id = 0;
  const waiting = new Map<number, (r: { result?: unknown; error?: string }) => void>();
  port1.on('message', (r: { id: number; result?: unknown; error?: string }) => waiting.get(r.id)?.(r));
  return {
    ask: (job) =>
      new Promise((resolve, reject) => {
        waiting.set(++id, (r) => (r.error === undefined ? resolve(r.result) : reject(new Error(r.error))));
        port1.postMessage({ ...job, id });
      }),
    forget: (job) => port1.postMessage({ op: 'forget', job }),
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

/** A part's lines as bytes. */
const bytesOf = (lines: Lines): Uint8Array => new Uint8Array(lines.buffer, 0, lines.length);

let jobs = 0;
/** The zip's Hash1, asked in parts of about `bytes` compressed bytes, put together as hashModuleZip does. */
async function zipInParts(ask: (job: HashJob) => Promise<unknown>, file: string, bytes: number): Promise<{ hash: string; parts: number }> {
  const job = ++jobs;
  const r = (await ask({ op: 'zip', file, job, bytes, count: 1000 })) as ZipResult;
  if ('hash' in r) return { hash: r.hash, parts: 1 };
  const h = crypto.createHash('sha256');
  for (let i = 1; i < r.cuts.length; i++) h.update(bytesOf((await ask({ op: 'ziplines', file, job, from: r.cuts[i - 1]!, to: r.cuts[i]! })) as Lines));
  return { hash: `h1:${h.digest('base64')}`, parts: r.cuts.length - 1 };
}

/** `pair` for a zip and a tree, in parts of about `bytes` compressed bytes, put together as hashModulePair does (without its fallback). */
async function pairInParts(
  ask: (job: HashJob) => Promise<unknown>,
  file: string,
  dir: string,
  bytes: number
): Promise<{ hash: string; same: boolean; compared: number; parts: number }> {
  const job = ++jobs;
  const prefix = 'm@v1.0.0';
  const r = (await ask({ op: 'pair', file, job, dir, prefix, bytes, count: 1000 })) as PairResult;
  if ('hash' in r) return { hash: r.hash, same: r.same, compared: r.compared, parts: 1 };
  const h = crypto.createHash('sha256');
  let { same, compared } = r;
  for (let i = 1; i < r.cuts.length; i++) {
    const [from, to] = [r.cuts[i - 1]!, r.cuts[i]!];
    if (r.same) {
      const part = (await ask({ op: 'pairlines', file, job, dir, prefix, from, to })) as PairLinesResult;
      h.update(bytesOf(part.text));
      same &&= part.same;
      compared += part.compared;
    } else h.update(bytesOf((await ask({ op: 'ziplines', file, job, from, to })) as Lines));
  }
  return { hash: `h1:${h.digest('base64')}`, same, compared, parts: r.cuts.length - 1 };
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

  test('the large entry is read and inflated in several pieces', async () => {
    const [big] = zipEntries(zipDirectoryReader()((p, n) => deflatedZip.subarray(p, p + n), deflatedZip.length));
    // Real reads, recorded: [position, length] of each.
    const reads: [number, number][] = [];
    const recording = {
      ...fs,
      readSync: (fd: number, buffer: Buffer, offset: number, length: number, position: number): number => {
        reads.push([position, length]);
        return fs.readSync(fd, buffer, offset, length, position);
      }
    } as typeof fs;
    const w = inProcess(zlib, recording);
    try {
      expect(await zipInParts(w.ask, deflated, 1 << 30)).toEqual({ hash: expected, parts: 1 });
    } finally {
      w.close();
    }
    const start = big!.headerOffset + 30 + Buffer.byteLength(files[0]!.name);
    const inBig = reads.filter(([p]) => p >= start && p < start + big!.compressedSize);
    // 1 MiB at a time, in order, covering the entry: its 3 MiB are inflated from four reads into one 1 MiB buffer.
    expect(inBig.map(([p]) => p - start)).toEqual([0, 1, 2, 3].map((i) => i << 20));
    expect(inBig.map(([, n]) => n)).toEqual([1 << 20, 1 << 20, 1 << 20, big!.compressedSize - (3 << 20)]);
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

  test('any stored order gives the Hash1 order: ascending runs merged (1, 2, 64), more sorted whole (65, reversed, shuffled), repeated names within and across runs', async () => {
    // 300 names in 10 directories, sorted by their bytes; a repeated name's last entry is its second.
    const sorted = Array.from({ length: 300 }, (_, i) => `m@v1.0.0/d${Math.floor(i / 30)}/f${String(i).padStart(3, '0')}.go`);
    const entry = (name: string, n: number): { name: string; data: Buffer } => ({ name, data: Buffer.from(`package d // ${name} ${n}\n`) });
    /** The sorted names in `runs` ascending runs, the last run first (so each boundary descends). */
    const inRuns = (names: string[], runs: number): string[] =>
      Array.from({ length: runs }, (_, r) => names.slice(Math.floor((r * names.length) / runs), Math.floor(((r + 1) * names.length) / runs))).reverse().flat();
    const shuffled = [...sorted];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const orders: [string, { name: string; data: Buffer }[]][] = [
      ['sorted', sorted.map((n) => entry(n, 0))],
      // go-azure-sdk's: one name stored after all the others.
      ['one late', [...sorted.slice(1), sorted[0]!].map((n) => entry(n, 0))],
      ['2 runs', inRuns(sorted, 2).map((n) => entry(n, 0))],
      ['64 runs', inRuns(sorted, 64).map((n) => entry(n, 0))],
      ['65 runs', inRuns(sorted, 65).map((n) => entry(n, 0))],
      ['reversed', [...sorted].reverse().map((n) => entry(n, 0))],
      ['shuffled', shuffled.map((n) => entry(n, 0))],
      // Repeated names: side by side in one run, in two runs, and in the order sorted whole.
      ['repeated in a run', [...sorted.slice(0, 100), sorted[99]!, ...sorted.slice(100)].map((n, i) => entry(n, i))],
      ['repeated across runs', [...sorted.slice(150), ...sorted.slice(0, 151)].map((n, i) => entry(n, i))],
      ['repeated, sorted whole', [...shuffled, shuffled[5]!, shuffled[200]!].map((n, i) => entry(n, i))]
    ];
    const w = inProcess();
    try {
      for (const [how, entries] of orders) {
        const last = new Map(entries.map((e) => [e.name, sha(e.data)]));
        const want = summaryHash(entries.map((e) => ({ name: Buffer.from(e.name), sha256: last.get(e.name)! })));
        const file = write(`order-${how.replace(/\W/g, '-')}.zip`, makeZip(entries, { deflate: true }));
        expect([how, await zipInParts(w.ask, file, 1 << 30)]).toEqual([how, { hash: want, parts: 1 }]);
        expect([how, (await zipInParts(w.ask, file, 1)).hash]).toEqual([how, want]);
      }
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

  test('a lane told to forget a job drops its plan: a later part of that job reads the zip afresh', async () => {
    const w = inProcess();
    afterThis(w.close);
    const file = write('forgotten.zip', storedZip);
    const part = async (job: number): Promise<string> => {
      const r = (await w.ask({ op: 'zip', file, job, bytes: 1, count: 1000 })) as { cuts: number[] };
      return Buffer.from(bytesOf((await w.ask({ op: 'ziplines', file, job, from: r.cuts[0]!, to: r.cuts[1]! })) as Lines)).toString();
    };
    const job = ++jobs;
    await part(job);
    const same = [{ ...files[0]!, data: Buffer.from('other bytes') }, ...files.slice(1)];
    fs.writeFileSync(file, makeZip(same));
    // Kept, the old zip's plan reads the new file at the old offsets: archive/zip's error here.
    const first = (): Promise<string> =>
      w.ask({ op: 'ziplines', file, job, from: 0, to: 1 }).then(
        (text) => Buffer.from(bytesOf(text as Lines)).toString(),
        (e: Error) => `error: ${e.message}`
      );
    const kept = await first();
    expect(kept).toBe('error: unexpected EOF');
    w.forget(job + 1000); // another job's forget leaves the plan alone
    expect(await first()).toBe(kept);
    w.forget(job);
    expect(await first()).toBe((await part(++jobs)).split('\n')[0] + '\n');
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

test('a zip whose names do not all share the first one\'s module prefix (tampered) is hashed as stored, in parts; its tree is then no twin', async () => {
  const dir = tempDir('gmh-stray-');
  // 600 entries, three parts; the 451st lies outside x.org/p@v1.0.0/, so the 450 names read
  // before it are stored whole again (the directory keeps no prefix apart).
  const names = Array.from({ length: 600 }, (_, i) => `x.org/p@v1.0.0/f${String(i).padStart(3, '0')}.go`);
  names[450] = 'x.org/q@v1.0.0/stray.go';
  const entries = names.map((name, i) => ({ name: Buffer.from(name), data: Buffer.from(`package p // ${i}\n`) }));
  const zip = path.join(dir, 'p.zip');
  fs.writeFileSync(zip, makeZip(entries, { deflate: true }));
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(tree);
  const inTree = entries.filter((_, i) => i !== 450);
  for (const e of inTree) fs.writeFileSync(path.join(tree, e.name.toString().slice('x.org/p@v1.0.0/'.length)), e.data);
  const expected = summaryHash(entries.map((e) => ({ name: e.name, sha256: sha(e.data) })));
  const treeHash = hash1(inTree.map((e) => ({ name: e.name.toString(), data: e.data })));
  expect(treeHash).not.toBe(expected);
  const pool = new HashPool(2);
  try {
    expect(await hashModuleZip(pool, zip)).toBe(expected);
    expect(await hashModulePair(pool, zip, tree, 'x.org/p@v1.0.0')).toEqual({ zip: expected, dir: treeHash, dirFromZip: false });
  } finally {
    await pool.close();
  }
});

test('a zip in many parts with names that are not ASCII, and one that is not UTF-8, is hashed byte for byte (zip, and zip with its tree)', async () => {
  const dir = tempDir('gmh-names-');
  // 600 entries: three parts of at most 256. Two-, three- and four-byte UTF-8, and a name with a 0xff byte.
  const names = Array.from({ length: 600 }, (_, i) => Buffer.from(`x.org/n@v1.0.0/${['é', '日本', '\u{1F600}', 'a'][i % 4]}${i}.go`));
  names[300] = Buffer.concat([Buffer.from('x.org/n@v1.0.0/bad'), Buffer.from([0xff]), Buffer.from('.go')]);
  const entries = names.map((name, i) => ({ name, data: Buffer.from(`package n // ${i}\n`) }));
  const zip = path.join(dir, 'n.zip');
  fs.writeFileSync(zip, makeZip(entries, { deflate: true }));
  const expected = summaryHash(entries.map((e) => ({ name: e.name, sha256: sha(e.data) })));
  // The extracted tree, without the name that is not UTF-8 (HashDir refuses such a name).
  const utf8 = entries.filter((_, i) => i !== 300);
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(tree);
  for (const e of utf8) fs.writeFileSync(path.join(tree, e.name.toString().slice('x.org/n@v1.0.0/'.length)), e.data);
  const zip8 = path.join(dir, 'n8.zip');
  fs.writeFileSync(zip8, makeZip(utf8, { deflate: true }));
  const expected8 = hash1(utf8.map((e) => ({ name: e.name.toString(), data: e.data })));
  const pool = new HashPool(2);
  try {
    expect(await hashModuleZip(pool, zip)).toBe(expected);
    expect(await hashModulePair(pool, zip8, tree, 'x.org/n@v1.0.0')).toEqual({ zip: expected8, dir: expected8, dirFromZip: true });
    expect(pool.stats.compared).toBe(utf8.length);
  } finally {
    await pool.close();
  }
});

describe("a part's lines move between the threads in buffers that are written again", () => {
  const dir = tempDir('gmh-lines-');
  const many = Array.from({ length: 300 }, (_, i) => ({ name: `m@v1.0.0/f${String(i).padStart(3, '0')}.go`, data: Buffer.from(`package m // ${i}\n`) }));
  const file = path.join(dir, 'many.zip');
  fs.writeFileSync(file, makeZip(many));
  const line = (i: number): string => `${sha(many[i]!.data)}  ${many[i]!.name}\n`;

  test('a lane writes into the buffer that comes with the request, grows it when too small, and the buffer moves to the asking thread', async () => {
    const w = inProcess();
    afterThis(w.close);
    const job = ++jobs;
    const r = (await w.ask({ op: 'zip', file, job, bytes: 1 << 20, count: 100 })) as { cuts: number[] };
    expect(r.cuts).toEqual([0, 100, 200, 300]);
    // The pool transfers the buffer with the request; this test's channel copies it: the same to the lane.
    const first = (await w.ask({ op: 'ziplines', file, job, from: 0, to: 100, out: new ArrayBuffer(1 << 20) })) as Lines;
    expect(Buffer.from(bytesOf(first)).toString()).toBe(Array.from({ length: 100 }, (_, i) => line(i)).join(''));
    expect(first.buffer.byteLength).toBe(1 << 20); // written into the buffer given
    const tiny = new ArrayBuffer(16);
    const second = (await w.ask({ op: 'ziplines', file, job, from: 100, to: 200, out: tiny })) as Lines;
    expect(Buffer.from(bytesOf(second)).toString()).toBe(Array.from({ length: 100 }, (_, i) => line(100 + i)).join(''));
    expect(second.length).toBeGreaterThan(tiny.byteLength); // so the buffer given had to grow for the lines above
  });

  test('the pool gives a hashed part\'s buffer back with a later part, and keeps no buffer that has moved away', async () => {
    const pool = new HashPool(1);
    try {
      const job = pool.job();
      expect(await pool.zip(file, job, 1 << 20, 100)).toEqual({ cuts: [0, 100, 200, 300], entries: 300 });
      const roomy = new ArrayBuffer(300_000);
      pool.recycle({ buffer: roomy, length: 0 });
      const a = await pool.zipLines(file, job, 0, 100);
      expect(roomy.byteLength).toBe(0); // transferred with the request
      expect(a.buffer.byteLength).toBe(300_000); // and written there
      const b = await pool.zipLines(file, job, 100, 200);
      expect(b.buffer.byteLength).toBe(64 << 10); // no spare: a new buffer of the lane's
      pool.recycle(a);
      pool.recycle({ buffer: roomy, length: 0 }); // moved away (detached): not kept
      const c = await pool.zipLines(file, job, 200, 300);
      expect(a.buffer.byteLength).toBe(0);
      expect(c.buffer.byteLength).toBe(300_000); // a's buffer, written again
      expect(Buffer.from(bytesOf(c)).toString()).toBe(Array.from({ length: 100 }, (_, i) => line(200 + i)).join(''));
      const d = await pool.zipLines(file, job, 0, 100);
      expect(d.buffer.byteLength).toBe(64 << 10); // nothing kept: the detached one was not
      expect(Buffer.from(bytesOf(d)).toString()).toBe(Array.from({ length: 100 }, (_, i) => line(i)).join(''));
      pool.forget(job);
    } finally {
      await pool.close();
    }
  });
});

describe('a zip and its extracted tree in one pass (the pair check)', () => {
  const dir = tempDir('gmh-pairs-');
  const deflated = path.join(dir, 'deflated.zip');
  const stored = path.join(dir, 'stored.zip');
  fs.writeFileSync(deflated, makeZip(files, { deflate: true, dataDescriptor: true }));
  fs.writeFileSync(stored, makeZip(files));
  const expected = hash1(files);
  /** The zip's files extracted, as go extracts them, then edited. */
  const extracted = (edit: (root: string) => void = () => {}): string => {
    const root = fs.mkdtempSync(path.join(dir, 'm@v1.0.0-'));
    for (const f of files) fs.writeFileSync(path.join(root, f.name.slice('m@v1.0.0/'.length)), f.data);
    edit(root);
    return root;
  };
  const twin = extracted();
  /** HashDir's answer for a tree, as hashModuleDir computes it. */
  const treeHash = async (ask: (job: HashJob) => Promise<unknown>, root: string): Promise<string> =>
    ((await ask({ op: 'tree', dir: root, prefix: 'm@v1.0.0', limit: 100 })) as { hash: string }).hash;

  for (const [how, z] of [
    ['into a reused buffer', zlib],
    ['with inflateRawSync', publicZlib]
  ] as const) {
    test(`a tree with the zip's files and bytes is its twin, whole or in parts, deflated (${how}) or stored: every file compared`, async () => {
      const w = inProcess(z);
      afterThis(w.close);
      for (const file of [deflated, stored]) {
        expect(await pairInParts(w.ask, file, twin, 1 << 30)).toEqual({ hash: expected, same: true, compared: files.length, parts: 1 });
        const parts = await pairInParts(w.ask, file, twin, 1);
        expect(parts).toEqual({ hash: expected, same: true, compared: files.length, parts: expect.any(Number) });
        expect(parts.parts).toBeGreaterThan(2);
      }
      expect(await treeHash(w.ask, twin)).toBe(expected);
    });

    test(`any difference and the tree is not the zip's twin (deflated ${how}, and stored): the zip's hash is unchanged`, async () => {
      const w = inProcess(z);
      afterThis(w.close);
      const flip = (name: string, at: number) => (root: string) => {
        const b = fs.readFileSync(path.join(root, name));
        b[at < 0 ? b.length + at : at]! ^= 1;
        fs.writeFileSync(path.join(root, name), b);
      };
      const trees: Record<string, string> = {
        'large entry, a byte near its end': extracted(flip('big.txt', -2)),
        'large entry, a byte in its second MiB': extracted(flip('big.txt', (1 << 20) + 5)),
        'large entry, one byte more': extracted((r) => fs.appendFileSync(path.join(r, 'big.txt'), 'x')),
        'large entry, one byte short': extracted((r) => fs.truncateSync(path.join(r, 'big.txt'), (3 << 20) - 1)),
        'small file, a byte': extracted(flip('small.go', 0)),
        'small file, one byte more': extracted((r) => fs.appendFileSync(path.join(r, 'small.go'), '\n')),
        'small file, one byte short': extracted((r) => fs.truncateSync(path.join(r, 'small.go'), 3)),
        'empty file, no longer empty': extracted((r) => fs.writeFileSync(path.join(r, 'empty'), 'x')),
        'a file added': extracted((r) => fs.writeFileSync(path.join(r, 'added'), '')),
        'a file removed': extracted((r) => fs.rmSync(path.join(r, 'empty'))),
        'a file renamed': extracted((r) => fs.renameSync(path.join(r, 'small.go'), path.join(r, 'small.txt'))),
        'a file that cannot be read (a link to a directory)': extracted((r) => {
          fs.rmSync(path.join(r, 'empty'));
          fs.symlinkSync(dir, path.join(r, 'empty'));
        }),
        'not a directory': path.join(dir, 'nowhere')
      };
      for (const [what, root] of Object.entries(trees)) {
        for (const file of [deflated, stored]) {
          for (const bytes of [1 << 30, 1]) {
            const r = await pairInParts(w.ask, file, root, bytes);
            expect({ what, hash: r.hash, same: r.same }).toEqual({ what, hash: expected, same: false });
          }
        }
        if (what !== 'not a directory' && !what.startsWith('a file that cannot')) expect(await treeHash(w.ask, root)).not.toBe(expected);
      }
    });
  }

  test('a symbolic link to a file with the same bytes is the same, as HashDir opens it', async () => {
    const w = inProcess();
    afterThis(w.close);
    const linked = extracted((r) => {
      fs.renameSync(path.join(r, 'small.go'), path.join(dir, 'small-target.go'));
      fs.symlinkSync(path.join(dir, 'small-target.go'), path.join(r, 'small.go'));
    });
    expect(await treeHash(w.ask, linked)).toBe(expected);
    expect(await pairInParts(w.ask, deflated, linked, 1 << 30)).toEqual({ hash: expected, same: true, compared: files.length, parts: 1 });
  });

  test('a tree in directories is a twin though walking it gives another order than the bytes (a/b before a.txt); a file moved is not', async () => {
    const w = inProcess();
    afterThis(w.close);
    const nested = ['a/b.go', 'a.txt', 'a-b/c/d.go', 'a0', 'a/z/y.go', 'b'].map((f, i) => ({ name: `m@v1.0.0/${f}`, data: Buffer.from(`file ${i}\n`) }));
    const file = path.join(dir, 'nested.zip');
    fs.writeFileSync(file, makeZip(nested, { deflate: true, dataDescriptor: true }));
    const write = (edit: (root: string) => void = () => {}): string => {
      const root = fs.mkdtempSync(path.join(dir, 'nested-'));
      for (const f of nested) {
        const at = path.join(root, f.name.slice('m@v1.0.0/'.length));
        fs.mkdirSync(path.dirname(at), { recursive: true });
        fs.writeFileSync(at, f.data);
      }
      edit(root);
      return root;
    };
    // An empty directory lists no file: HashDir does not see it either.
    const twin = write((r) => fs.mkdirSync(path.join(r, 'a', 'empty')));
    for (const bytes of [1 << 30, 1]) {
      expect(await pairInParts(w.ask, file, twin, bytes)).toEqual({ hash: hash1(nested), same: true, compared: nested.length, parts: expect.any(Number) });
    }
    const moved = write((r) => fs.renameSync(path.join(r, 'a', 'b.go'), path.join(r, 'a', 'z', 'b.go')));
    for (const bytes of [1 << 30, 1]) expect((await pairInParts(w.ask, file, moved, bytes)).same).toBe(false);
  });

  test('a zip with a repeated name is no tree\'s twin', async () => {
    const w = inProcess();
    afterThis(w.close);
    const twice = [files[1]!, files[2]!, files[1]!];
    const file = path.join(dir, 'twice.zip');
    fs.writeFileSync(file, makeZip(twice));
    const root = extracted((r) => ['big.txt', 'stored.bin'].forEach((f) => fs.rmSync(path.join(r, f))));
    for (const bytes of [1 << 30, 1]) expect((await pairInParts(w.ask, file, root, bytes)).same).toBe(false);
  });

  test('hashModulePair on real threads: the zip\'s hash for a twin, without hashing it; else the tree hashed as hashModuleDir does', async () => {
    const pool = new HashPool(2);
    try {
      expect(await hashModulePair(pool, deflated, twin, 'm@v1.0.0')).toEqual({ zip: expected, dir: expected, dirFromZip: true });
      // One pair request on the worker, then its two parts: the worker and this thread.
      expect(pool.stats).toEqual({ files: 0, compared: files.length, zipEntries: files.length, dirs: 1, here: 1, renewed: 0 });

      const changed = extracted((r) => fs.appendFileSync(path.join(r, 'big.txt'), 'x'));
      const alone = await hashModuleDir(pool, changed, 'm@v1.0.0');
      expect(alone).not.toBe(expected);
      expect(await hashModulePair(pool, stored, changed, 'm@v1.0.0')).toEqual({ zip: expected, dir: alone, dirFromZip: false });

      // A module in parts: bytes that differ in its last part, and names that differ.
      const many = Array.from({ length: 700 }, (_, i) => ({ name: `x.org/m@v0.1.0/p${i % 7}/f${String(i).padStart(3, '0')}.go`, data: Buffer.from(`package p // ${i}\n`) }));
      const manyZip = path.join(dir, 'many.zip');
      fs.writeFileSync(manyZip, makeZip(many, { deflate: true }));
      const manyHash = hash1(many);
      const tree = (edit: (root: string) => void = () => {}): string => {
        const root = tempDir('gmh-pairtree-');
        writeFiles(root, Object.fromEntries(many.map((f) => [f.name.slice('x.org/m@v0.1.0/'.length), f.data.toString()])));
        edit(root);
        return root;
      };
      const before = { ...pool.stats };
      expect(await hashModulePair(pool, manyZip, tree(), 'x.org/m@v0.1.0')).toEqual({ zip: manyHash, dir: manyHash, dirFromZip: true });
      expect(pool.stats.compared - before.compared).toBe(700);
      expect(pool.stats.files - before.files).toBe(0);
      const last = tree((r) => fs.writeFileSync(path.join(r, 'p6/f699.go'), 'package p // 6!!\n'));
      const added = tree((r) => fs.writeFileSync(path.join(r, 'p0/zz.go'), 'package p\n'));
      for (const root of [last, added]) {
        expect(await hashModulePair(pool, manyZip, root, 'x.org/m@v0.1.0')).toEqual({ zip: manyHash, dir: await hashModuleDir(pool, root, 'x.org/m@v0.1.0'), dirFromZip: false });
      }

      // A tree that cannot be hashed fails as hashModuleDir fails.
      await expect(hashModulePair(pool, deflated, path.join(dir, 'nowhere'), 'm@v1.0.0')).rejects.toThrow(/ENOENT/);
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
  // Go sorts names by their bytes; JavaScript's < compares UTF-16 units. The two names starting with z differ in exactly that.
  const byBytes = summaryHash(Object.entries(tree).map(([name, data]) => ({ name: Buffer.from(`m@v1.0.0/${name}`), sha256: sha(data) })));
  const byUtf16 = `h1:${crypto
    .createHash('sha256')
    .update(
      Object.keys(tree)
        .map((n) => `m@v1.0.0/${n}`)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((n) => `${sha(tree[n.slice('m@v1.0.0/'.length)]!)}  ${n}\n`)
        .join('')
    )
    .digest('base64')}`;

  test('a small tree is hashed whole; a large one comes back as its files, sorted by their UTF-8 bytes', async () => {
    const w = inProcess();
    afterThis(w.close);
    expect(await w.ask({ op: 'tree', dir: root, prefix: 'm@v1.0.0', limit: 100 })).toEqual({ hash: byBytes, files: 16 });
    const r = (await w.ask({ op: 'tree', dir: root, prefix: 'm@v1.0.0', limit: 4 })) as { list: string[] };
    expect(r.list.slice(-2)).toEqual(['z\uFF21.txt', 'z\u{1F600}.txt']);
    const text = (await w.ask({ op: 'lines', dir: root, prefix: 'm@v1.0.0', files: r.list })) as string;
    expect(`h1:${crypto.createHash('sha256').update(text).digest('base64')}`).toBe(byBytes);
    expect(byBytes).not.toBe(byUtf16);
    expect(hash1(Object.entries(tree).map(([name, data]) => ({ name: `m@v1.0.0/${name}`, data })))).toBe(byBytes);
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

describe('lanes: this thread and worker threads', () => {
  const root = tempDir('gmh-lanes-');
  const zips = tempDir('gmh-lanes-zips-'); // outside the tree hashed as `root`
  const tree: Record<string, string> = { 'go.mod': 'module m\n', 'a.go': 'package m\n' };
  writeFiles(root, tree);
  const expected = hash1(Object.entries(tree).map(([name, data]) => ({ name: `m@v1.0.0/${name}`, data })));
  /**
   * This process's OS threads, once the count holds for 100 ms: a thread an earlier test's pool
   * ended can still be exiting when a test starts, and counting it made "one more" read as none.
   */
  const threads = async (): Promise<number> => {
    const count = (): number => fs.readdirSync('/proc/self/task').length;
    let last = count();
    for (let stable = 0, polls = 0; stable < 5 && polls < 200; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const now = count();
      stable = now === last ? stable + 1 : 0;
      last = now;
    }
    return last;
  };

  test('a pool of one lane hashes on this thread and starts no thread', async () => {
    const before = await threads();
    const pool = new HashPool(1);
    try {
      const hashes = await Promise.all([1, 2, 3].map(() => hashModuleDir(pool, root, 'm@v1.0.0')));
      expect(hashes).toEqual([expected, expected, expected]);
      expect(pool.stats.here).toBe(3);
      expect(await threads()).toBe(before);
    } finally {
      await pool.close();
    }
  });

  test('with two lanes, the worker takes a lone request; this thread takes one only while the worker is busy', async () => {
    const pool = new HashPool(2);
    try {
      expect(await hashModuleDir(pool, root, 'm@v1.0.0')).toBe(expected);
      expect(pool.stats.here).toBe(0);
      expect(await Promise.all([hashModuleDir(pool, root, 'm@v1.0.0'), hashModuleDir(pool, root, 'm@v1.0.0')])).toEqual([expected, expected]);
      expect(pool.stats.here).toBe(1);
    } finally {
      await pool.close();
    }
  });

  test('this thread takes no request while thisThreadWhen says no: the worker does them all, one after the other', async () => {
    let allowed = false;
    const pool = new HashPool(2, () => allowed);
    try {
      const three = [1, 2, 3].map(() => hashModuleDir(pool, root, 'm@v1.0.0'));
      expect(await Promise.all(three)).toEqual([expected, expected, expected]);
      expect(pool.stats.here).toBe(0);
      allowed = true;
      expect(await Promise.all([hashModuleDir(pool, root, 'm@v1.0.0'), hashModuleDir(pool, root, 'm@v1.0.0')])).toEqual([expected, expected]);
      expect(pool.stats.here).toBe(1);
    } finally {
      await pool.close();
    }
  });

  // 5,000 entries: 20 parts of 256, more than are in flight at once (their lines are hashed in order as they come).
  const big = Array.from({ length: 5000 }, (_, i) => ({ name: `x.org/big@v1.0.0/d${i % 9}/f${String(i).padStart(4, '0')}.go`, data: Buffer.from(`package d // ${i}\n`) }));
  const bigZip = path.join(zips, 'gmh-lanes-big.zip');
  fs.writeFileSync(bigZip, makeZip(big, { deflate: true }));
  const bigTree = tempDir('gmh-lanes-bigtree-');
  writeFiles(bigTree, Object.fromEntries(big.map((f) => [f.name.slice('x.org/big@v1.0.0/'.length), f.data.toString()])));
  const bigHash = hash1(big);

  test('a zip or tree in many parts gives the same hash with its parts hashed in order as they come', async () => {
    const pool = new HashPool(2);
    try {
      expect(await hashModuleZip(pool, bigZip)).toBe(bigHash);
      expect(await hashModuleDir(pool, bigTree, 'x.org/big@v1.0.0')).toBe(bigHash);
      expect(await hashModulePair(pool, bigZip, bigTree, 'x.org/big@v1.0.0')).toEqual({ zip: bigHash, dir: bigHash, dirFromZip: true });
      fs.writeFileSync(path.join(bigTree, 'd0/f0000.go'), 'package d // 0!\n');
      const changed = await hashModuleDir(pool, bigTree, 'x.org/big@v1.0.0');
      expect(changed).not.toBe(bigHash);
      expect(await hashModulePair(pool, bigZip, bigTree, 'x.org/big@v1.0.0')).toEqual({ zip: bigHash, dir: changed, dirFromZip: false });
      fs.writeFileSync(path.join(bigTree, 'd0/f0000.go'), big[0]!.data);
    } finally {
      await pool.close();
    }
  });

  test('a zip of many files is hashed on the worker threads only: this thread would hold a second plan of it', async () => {
    const hashTwice = async (pool: HashPool): Promise<void> => {
      expect(await Promise.all([hashModuleZip(pool, bigZip), hashModulePair(pool, bigZip, bigTree, 'x.org/big@v1.0.0')])).toEqual([
        bigHash,
        { zip: bigHash, dir: bigHash, dirFromZip: true }
      ]);
    };
    const small = new HashPool(2);
    try {
      // Under the count: this thread takes parts while the worker is busy.
      expect(small.lanesFor(bigZip)).toBe('any');
      await hashTwice(small);
      expect(small.stats.here).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
    const large = new HashPool(2);
    large.workersOnlyZipEntries = big.length;
    try {
      expect(large.lanesFor(bigZip)).toBe('workers');
      expect(large.lanesFor(path.join(root, 'no-such.zip'))).toBe('any');
      // One file fewer than the count: not.
      const fewer = path.join(zips, 'gmh-lanes-fewer.zip');
      fs.writeFileSync(fewer, makeZip(big.slice(1), { deflate: true }));
      expect(large.lanesFor(fewer)).toBe('any');
      await hashTwice(large);
      expect(large.stats.here).toBe(0);
      // A small request queued behind them is still this thread's to take.
      expect(await Promise.all([hashModuleZip(large, bigZip), hashModuleDir(large, root, 'm@v1.0.0'), hashModuleDir(large, root, 'm@v1.0.0')])).toEqual([bigHash, expected, expected]);
      expect(large.stats.here).toBeGreaterThan(0);
    } finally {
      await large.close();
    }
    // The only lane takes everything.
    const one = new HashPool(1);
    one.workersOnlyZipEntries = 1;
    try {
      expect(await hashModuleZip(one, bigZip)).toBe(bigHash);
    } finally {
      await one.close();
    }
  });

  test('once the zips for worker threads only are done, each worker thread is ended and a fresh one takes its place (a busy one after its answer)', async () => {
    const pool = new HashPool(3);
    pool.workersOnlyZipEntries = big.length;
    try {
      // Two such zips at once: the threads are renewed when the last is done, not before.
      expect(await Promise.all([hashModuleZip(pool, bigZip), hashModulePair(pool, bigZip, bigTree, 'x.org/big@v1.0.0')])).toEqual([
        bigHash,
        { zip: bigHash, dir: bigHash, dirFromZip: true }
      ]);
      expect(pool.stats.renewed).toBe(2);
      // Nothing else renews them: trees, large and small.
      expect(await hashModuleDir(pool, bigTree, 'x.org/big@v1.0.0')).toBe(bigHash);
      expect(await hashModuleDir(pool, root, 'm@v1.0.0')).toBe(expected);
      expect(pool.stats.renewed).toBe(2);
      // A tree hashed on the threads while the zip is: requests of a thread ended midway go to the fresh ones.
      expect(await Promise.all([hashModuleZip(pool, bigZip), hashModuleDir(pool, bigTree, 'x.org/big@v1.0.0'), hashModuleZip(pool, bigZip)])).toEqual([bigHash, bigHash, bigHash]);
      expect(pool.stats.renewed).toBe(4);
    } finally {
      await pool.close();
    }
  });

  test('a small zip is this thread\'s at any time and starts no thread; the first larger one starts the workers', async () => {
    const smallZip = path.join(zips, 'gmh-lanes-small.zip');
    fs.writeFileSync(smallZip, makeZip(Object.entries(tree).map(([name, data]) => ({ name: `m@v1.0.0/${name}`, data: Buffer.from(data) }))));
    const before = await threads();
    const pool = new HashPool(2, () => false);
    try {
      expect(pool.lanesFor(smallZip)).toBe('here');
      expect(pool.lanesFor(bigZip)).toBe('any');
      // While thisThreadWhen says no (go running), small zips are still hashed here, and no thread started.
      expect(await Promise.all([hashModuleZip(pool, smallZip), hashModulePair(pool, smallZip, root, 'm@v1.0.0')])).toEqual([
        expected,
        { zip: expected, dir: expected, dirFromZip: true }
      ]);
      expect(pool.stats.here).toBe(2);
      expect(await threads()).toBe(before);
      // A zip over the size: the worker thread starts and takes it.
      expect(await hashModuleZip(pool, bigZip)).toBe(bigHash);
      expect(await threads()).toBe(before + 1);
      expect(pool.stats.here).toBe(2);
      // Started with a 1 MiB young generation (HASH_THREAD_YOUNG_MB): the thread itself is this pool's only Worker.
      const started = (pool as unknown as { lanes: { here: boolean; resourceLimits?: { maxYoungGenerationSizeMb?: number } }[] }).lanes.filter((l) => !l.here);
      expect(started.map((l) => l.resourceLimits?.maxYoungGenerationSizeMb)).toEqual([1]);
      // One byte under the zip's size: no longer this thread's.
      pool.hereZipBytes = fs.statSync(smallZip).size - 1;
      expect(pool.lanesFor(smallZip)).toBe('any');
    } finally {
      await pool.close();
    }
  });

  test("a closed pool refuses requests, this thread's lane included", async () => {
    const pool = new HashPool(1);
    await pool.close();
    await expect(hashModuleDir(pool, root, 'm@v1.0.0')).rejects.toThrow('the hash pool is closed');
  });
});

describe('thread priority', () => {
  test('a hashing thread lowers its own priority to nice 10 on Linux; the thread that started it keeps its own', async () => {
    const os = await import('node:os');
    const { Worker } = await import('node:worker_threads');
    const { lowerThreadPriority } = await import('../src/go/hashpool.js');
    const mainBefore = os.getPriority();
    const source = `const { parentPort } = require('node:worker_threads');
      parentPort.postMessage((${String(lowerThreadPriority)})(require('node:fs'), require('node:os')));`;
    const w = new Worker(source, { eval: true });
    const reported = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    if (process.platform === 'linux') expect(reported).toBe(Math.max(10, mainBefore));
    else expect(reported).toBeNull();
    expect(os.getPriority()).toBe(mainBefore);
  });
});
