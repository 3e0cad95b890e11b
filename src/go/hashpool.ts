/**
 * Hashing the module cache on worker threads and this thread (HashPool's lanes): the hashes
 * `go mod verify` compares with a module's .ziphash, computed file by file so that one large
 * module is spread over every lane. Hashing only reads.
 *
 * The pair check (hashModulePair). For a version whose zip and extracted tree are both in the
 * cache, go computes HashZip and HashDir, each Hash1 = sha256 over the lines
 * "<hex sha256 of the content>  <name>\n", names sorted by their bytes; the names are the zip's
 * entry names, and the tree's files as "<path>@<version>/<file>". When the zip's sorted names are
 * exactly the tree's sorted names (byte for byte, none repeated) and each tree file has exactly
 * the bytes of the entry of the same name, every line is the same, so HashDir equals HashZip.
 * So the zip is hashed as always (inflated, with every check archive/zip makes), and each tree
 * file is read alongside its entry and compared with the inflated bytes, piece by piece for a
 * large one, without hashing it; the tree is listed exactly as for HashDir (listTree). When
 * anything differs (the names, a file's size or bytes, a file that cannot be read, a tree that
 * cannot be listed), nothing is guessed: the tree is hashed on its own, as for a tree without its
 * zip (hashModuleDir), and the answer is the one hashing both always gave. A large zip is cut
 * into parts as for hashModuleZip, and each part compares its own files.
 */
import * as nodeCrypto from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import * as nodeZlib from 'node:zlib';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { zipDirectoryReader, zipEntryAt, zipNameReader, type ZipDirectory, type ZipDirectoryReader, type ZipEntry } from './dirhash.js';

/**
 * What a worker is asked. `tree`, `zip` and `pair` hash a small tree, zip or zip and tree whole,
 * and say how to split a large one; `lines`, `ziplines` and `pairlines` do one part.
 */
export type HashJob =
  | { op: 'tree'; dir: string; prefix: string; limit: number }
  | { op: 'lines'; dir: string; prefix: string; files: string[] }
  | { op: 'zip'; file: string; job: number; bytes: number; count: number }
  | { op: 'ziplines'; file: string; job: number; from: number; to: number; out?: ArrayBuffer }
  | { op: 'pair'; file: string; job: number; dir: string; prefix: string; bytes: number; count: number }
  | { op: 'pairlines'; file: string; job: number; dir: string; prefix: string; from: number; to: number; out?: ArrayBuffer };
type HashRequest = HashJob & { id: number };
/** A zip's parts are all answered: a lane holding its plan drops it (no answer is sent). */
type ForgetRequest = { op: 'forget'; job: number };

/**
 * Zips of this many files or more are hashed on the worker threads only: each lane that takes a
 * part of a zip holds its plan (every entry's name and place: ~8 MB for a zip of 135,000 files,
 * and the buffers it was read into, which the lane keeps), so this thread taking a part would
 * double it. Counted, not sized: a few large files make a small plan, and this thread's help
 * matters for them (issue 16: a 16 MiB size limit made the 24-module benchmark 1.35× slower).
 */
export const WORKERS_ONLY_ZIP_ENTRIES = 20_000;
/**
 * Zips of at most this many bytes (and one part's entries) are hashed on this thread at any time,
 * go running or not, and start no worker thread: under a millisecond of work, where a thread takes
 * tens of ms of CPU to start (issue 17: most of the test suite's checks, and small repositories).
 */
export const HERE_ZIP_BYTES = 64 * 1024;
/**
 * Which lanes may take a zip's requests: `here`, a small zip (HERE_ZIP_BYTES), this thread at any
 * time; `any`, a worker thread, or this thread while thisThreadWhen allows; `workers`, worker
 * threads only (WORKERS_ONLY_ZIP_ENTRIES).
 */
export type Lanes = 'here' | 'any' | 'workers';
/**
 * The hashing threads' V8 young generation, in MiB. Their objects are short-lived (the buffers are
 * kept), and with more room the few that live across a part are promoted and pile up in the old
 * generation: while go-azure-sdk's 135,561-entry zip was hashed, a thread's heap grew from 13 to
 * 22 MiB. terraform under Node 24 (BENCHMARKS.md, ninth session): node's peak 144–151 MiB with 1
 * against 148–153 with 4 (16: 149–151), the CPU the same (the 24-module monorepo 0.997×, terraform
 * 1.010×, paired rounds).
 */
export const HASH_THREAD_YOUNG_MB = 1;

/** Parts of one large zip or tree in flight at once; their lines are hashed in order as they come. */
const PARTS_IN_FLIGHT = 16;
/** Buffers of hashed parts' lines kept for later parts (HashPool.recycle): enough for every part in flight. */
const SPARE_BUFFERS = 2 * PARTS_IN_FLIGHT;

/** `tree`: the Hash1 of the whole tree, or its files (sorted as Hash1 sorts them) to be hashed in parts. */
export type TreeResult = { hash: string; files: number } | { list: string[] };
/** `zip`: the Hash1 of the whole zip, or the boundaries of its parts in Hash1 order. */
export type ZipResult = { hash: string; entries: number } | { cuts: number[]; entries: number };
/**
 * `pair`: the zip's result as `zip` gives it, and whether the tree is still known to be the zip's
 * twin (`same`: the same names, and, for the entries done so far, the same bytes). `compared`:
 * tree files read and compared with their entry.
 */
export type PairResult = ZipResult & { same: boolean; compared: number };
/**
 * A part's summary lines (`ziplines`, `pairlines`): the first `length` bytes of `buffer`. The
 * buffer moves (is transferred) from the lane, and goes back to a lane, to be written again, with
 * a later part (`out`, HashPool.recycle), so neither thread allocates for a part. A buffer copied
 * per part was garbage as soon as it was hashed, but freed only at a full collection: ~36 MB of
 * them were held at the peak of a terraform check (issue 16, P5).
 */
export type Lines = { buffer: ArrayBuffer; length: number };
/** `pairlines`: the zip's summary lines for a part, and whether the tree's files of that part have the same bytes. */
export type PairLinesResult = { text: Lines; same: boolean; compared: number };

/** What hashWorker needs; node's modules in a thread, or fakes in a test. */
export interface WorkerEnv {
  fs: typeof import('node:fs');
  zlib: typeof import('node:zlib');
  crypto: typeof import('node:crypto');
  path: typeof import('node:path');
  readZipDirectory: ZipDirectoryReader;
  zipEntryAt: typeof zipEntryAt;
  zipNameReader: typeof zipNameReader;
  port: Pick<MessagePort, 'on' | 'postMessage'>;
}

/**
 * The worker's whole program. It runs from its source text (`String(hashWorker)`), so it must
 * not use anything from this module's scope: only its argument and globals. Every request is
 * answered synchronously, in order.
 */
export function hashWorker(env: WorkerEnv): void {
  const { fs, zlib, crypto, path, readZipDirectory, zipEntryAt, zipNameReader, port } = env;
  const CHUNK = 1 << 20;
  const FORMAT = 'zip: not a valid zip file';
  const CHECKSUM = 'zip: checksum error';
  const EMPTY = crypto.createHash('sha256').digest('hex');
  // Reused buffers: thousands of small allocations per module would otherwise pile up in the
  // thread's heap between collections (tens of MB per thread).
  // One byte over CHUNK: data of at most CHUNK bytes fits with room to spare, so a full buffer means more.
  const input = Buffer.allocUnsafe(CHUNK + 1);
  const output = Buffer.allocUnsafe(CHUNK + 1);
  const block = Buffer.allocUnsafe(2 * CHUNK);
  const scratch = Buffer.allocUnsafe(256 << 10);
  // A tree file's bytes, read to be compared with its zip entry's (the pair check).
  const mirror = Buffer.allocUnsafe(CHUNK + 1);

  const fail = (message: string): never => {
    throw new Error(message);
  };
  // Most files are small: one call hashes them without a Hash object (crypto.hash, Node >= 20.12).
  const sha256 = (data: Buffer): string =>
    typeof crypto.hash === 'function' ? crypto.hash('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
  let table: Uint32Array | null = null;
  const crc32 = (data: Buffer, prev: number): number => {
    if (typeof zlib.crc32 === 'function') return zlib.crc32(data, prev);
    if (!table) {
      table = new Uint32Array(256);
      for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
      }
    }
    let c = ~prev;
    for (const b of data) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return ~c >>> 0;
  };
  const readAt = (fd: number, position: number, length: number, into?: Buffer): Buffer => {
    const out = into ?? Buffer.allocUnsafe(length);
    let n = 0;
    while (n < length) {
      const r = fs.readSync(fd, out, n, length - n, position + n);
      if (r === 0) break;
      n += r;
    }
    return out.subarray(0, n);
  };

  // Inflating into a buffer of our own goes through the stream's handle, which is not public
  // API: used when it looks as expected, else the one-shot inflateRawSync (one allocation per entry).
  // Not `instanceof`: run in another realm (a test's vm context), zlib's array is not the realm's Uint32Array.
  type RawHandle = { writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void };
  type Inflater = ReturnType<typeof zlib.createInflateRaw> & { _handle?: RawHandle; _writeState?: Uint32Array };
  let inflater: Inflater | null = null;
  const reusable = ((): boolean => {
    const s = zlib.createInflateRaw() as Inflater;
    const ok = typeof s._handle?.writeSync === 'function' && Object.prototype.toString.call(s._writeState) === '[object Uint32Array]' && s._writeState!.length === 2;
    s.close();
    return ok;
  })();
  /**
   * Inflates the raw deflate data that `read(offset, length)` gives, `compressedSize` bytes in all.
   * With `take`, the output goes to it piece by piece; without, it is returned whole (at most
   * CHUNK bytes are expected: more is an error).
   */
  function inflate(read: (offset: number, length: number) => Buffer, compressedSize: number, size: number, take?: (data: Buffer) => void): Buffer {
    if (!reusable) {
      let data = Buffer.alloc(0);
      try {
        data = zlib.inflateRawSync(read(0, compressedSize), { maxOutputLength: size + 1 });
      } catch (err) {
        fail(`flate: ${err instanceof Error ? err.message : String(err)}`);
      }
      take?.(data);
      return data;
    }
    if (inflater && !inflater.destroyed) inflater.reset();
    else {
      inflater = zlib.createInflateRaw();
      inflater.on('error', () => {}); // seen synchronously through .destroyed/.errored below
    }
    const s = inflater;
    const state = s._writeState!;
    let outOff = 0;
    for (let off = 0; ; ) {
      const piece = read(off, Math.min(CHUNK, compressedSize - off));
      off += piece.length;
      const last = off >= compressedSize || piece.length === 0;
      let inOff = 0;
      let inLen = piece.length;
      for (;;) {
        s._handle!.writeSync(last ? zlib.constants.Z_FINISH : zlib.constants.Z_NO_FLUSH, piece, inOff, inLen, output, outOff, output.length - outOff);
        if (s.destroyed) fail(`flate: ${s.errored?.message ?? 'inflate failed'}`);
        const [availOut, availIn] = [state[0]!, state[1]!];
        const produced = output.length - outOff - availOut;
        if (take) {
          if (produced > 0) take(output.subarray(outOff, outOff + produced));
        } else outOff += produced;
        inOff += inLen - availIn;
        inLen = availIn;
        if (availOut === 0) {
          if (!take) fail(FORMAT); // more than CHUNK bytes where at most CHUNK were announced
          continue; // the output buffer filled up: more to come
        }
        // End of the deflate stream (bytes after it are ignored, as Go's reader does), or all input given.
        if (availIn > 0 || last) return output.subarray(0, outOff);
        break;
      }
    }
  }

  // dirhash.HashDir: os.Open follows symbolic links; the file is read to its end.
  const hashFile = (file: string): string => {
    const fd = fs.openSync(file, 'r');
    try {
      let n = 0;
      for (let r = 1; r > 0 && n < input.length; n += r) r = fs.readSync(fd, input, n, input.length - n, n);
      if (n <= CHUNK) return sha256(input.subarray(0, n));
      const h = crypto.createHash('sha256').update(input.subarray(0, n));
      for (let pos = n; ; ) {
        const r = fs.readSync(fd, input, 0, CHUNK, pos);
        if (r === 0) break;
        h.update(input.subarray(0, r));
        pos += r;
      }
      return h.digest('hex');
    } finally {
      fs.closeSync(fd);
    }
  };

  // dirhash.DirFiles's walk: filepath.Walk (lstat, so a symbolic link is a file), names joined
  // with `/`, a name that is not UTF-8 an error. Each directory's entries come in byte order, and
  // `file` is told each file's relative name; when it says false the walk stops and returns false.
  const walkTree = (dir: string, file: (rel: string) => boolean): boolean => {
    if (!fs.lstatSync(dir).isDirectory()) fail(`${dir} is not a directory`);
    const walk = (abs: string, rel: string): boolean => {
      for (const d of fs.readdirSync(abs, { withFileTypes: true, encoding: 'buffer' }).sort((a, b) => Buffer.compare(a.name, b.name))) {
        const name = d.name.toString('utf8');
        if (!Buffer.from(name, 'utf8').equals(d.name)) fail(`${abs}: a file name that is not UTF-8`);
        const r = rel ? `${rel}/${name}` : name;
        if (d.isDirectory() ? !walk(path.join(abs, name), r) : !file(r)) return false;
      }
      return true;
    };
    return walk(dir, '');
  };
  // dirhash.DirFiles: the walk's files, sorted as Go sorts strings: by their UTF-8 bytes.
  const listTree = (dir: string): string[] => {
    const out: string[] = [];
    walkTree(dir, (r) => {
      out.push(r);
      return true;
    });
    // UTF-16 order differs from byte order only around surrogates.
    if (out.some((f) => /[\ud800-\uffff]/.test(f))) return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  };
  /** dirhash.Hash1's summary lines for these files (in the order given). */
  const lines = (dir: string, prefix: string, files: string[]): string => {
    let text = '';
    for (const f of files) {
      if (f.includes('\n')) fail('dirhash: filenames with newlines are not supported');
      text += `${hashFile(path.join(dir, f))}  ${prefix}/${f}\n`;
    }
    return text;
  };

  // The pair check: a tree file read alongside the zip entry of the same name, piece by piece as
  // the entry is inflated, and compared with the entry's bytes (not hashed). It never throws: a
  // file that cannot be opened or read, fewer bytes, more bytes or other bytes only make
  // `twin.same` false (the tree is then hashed as HashDir does, which meets the same thing).
  const twin = { fd: -1, at: 0, same: false };
  const twinOpen = (file: string): void => {
    twin.at = 0;
    try {
      twin.fd = fs.openSync(file, 'r'); // follows a symbolic link, as os.Open in HashDir
      twin.same = true;
    } catch {
      twin.fd = -1;
      twin.same = false;
    }
  };
  /** The next bytes of the entry: the file must have the same ones at the same place. */
  const twinCompare = (data: Buffer): void => {
    for (let off = 0; twin.same && off < data.length; off += mirror.length) {
      const want = data.subarray(off, off + mirror.length);
      try {
        twin.same = readAt(twin.fd, twin.at, want.length, mirror).equals(want);
      } catch {
        twin.same = false;
      }
      twin.at += want.length;
    }
  };
  /** The entry is done: the file must end there too. Whether every byte was the same. */
  const twinClose = (): boolean => {
    if (twin.fd < 0) return false;
    try {
      if (twin.same) twin.same = readAt(twin.fd, twin.at, 1, mirror).length === 0;
    } catch {
      twin.same = false;
    }
    try {
      fs.closeSync(twin.fd);
    } catch {
      // nothing to do: the bytes were read
    }
    twin.fd = -1;
    return twin.same;
  };

  // A zip's entries in Hash1 order (names by their bytes, repeated names kept), each read from the
  // last entry of its name as HashZip does. Kept for the parts of the job asked about last (`job`:
  // one number per hashing of a zip, so that a later check of the same file reads it afresh).
  // Compact (typed arrays, the names front-coded in one buffer): a zip of 135,000 files makes a
  // plan of ~8 MB.
  type ZipPlan = {
    job: number;
    file: string;
    dir: ZipDirectory;
    /**
     * Entries in Hash1 order: `name[k]` the stored index of the k-th name, `read[k]` of the entry
     * read for it (the last of that name). The same array when no name is repeated.
     */
    name: Uint32Array;
    read: Uint32Array;
    count: number;
    /** The directory's names, one at a time (zipNameReader). */
    names: (i: number) => Buffer;
  };
  let plan: ZipPlan | null = null;
  // The plan's two orders, kept for the next plan as readZipDirectory keeps the directory's buffers.
  let orders = new Uint32Array(0);
  /** Stored order is sorted in runs this many or fewer are merged; more (no zip go writes has) are sorted whole. */
  const MERGED_RUNS = 64;
  const nameOf = (p: ZipPlan, k: number): Buffer => p.names(p.name[k]!);
  /**
   * The stored indices in Hash1 order (names by their bytes; a repeated name's entries in stored
   * order) into `name`; whether a name is repeated. Go writes a module zip in about that order
   * (git's: a directory sorts as its name and a slash), so the stored order is one ascending run
   * (most zips: nothing to do) or a few (go-azure-sdk's 135,561 names: 2; the go toolchain's
   * 11,514: 31), which are merged, the names read as they come: they are never all held whole.
   * `names` reads the directory's names (the plan's reader).
   */
  const hashOrder = (dir: ZipDirectory, name: Uint32Array, names: (i: number) => Buffer): boolean => {
    const { count, names: stored, nameAt, shared } = dir;
    // Where each ascending run starts: entry i is below entry i - 1, which it shares shared[i]
    // bytes with (the names decoded here in place, nothing allocated per name).
    const starts: number[] = [0];
    let repeated = false;
    let before = Buffer.allocUnsafe(256);
    let length = 0;
    for (let i = 0; i < count && starts.length <= MERGED_RUNS; i++) {
      const s = shared[i]!;
      const from = nameAt[i]!;
      const to = nameAt[i + 1]!;
      if (i > 0) {
        const c = stored.compare(before, s, length, from, to);
        if (c < 0) starts.push(i);
        else if (c === 0) repeated = true;
      }
      if (s + to - from > before.length) {
        const more = Buffer.allocUnsafe(2 * (s + to - from));
        before.copy(more, 0, 0, s);
        before = more;
      }
      length = s + stored.copy(before, s, from, to);
    }
    if (starts.length === 1) {
      // Stored in Hash1 order (most zips): a repeated name's entries are side by side.
      for (let i = 0; i < count; i++) name[i] = i;
      return repeated;
    }
    // Found again below, over every name (the scan above may have stopped early).
    repeated = false;
    if (starts.length > MERGED_RUNS) {
      // Sorted whole: every name read out of the front coding first.
      const whole = Buffer.allocUnsafe(nameAt[count]! + shared.reduce((n, s) => n + s, 0));
      const at = new Uint32Array(count + 1);
      for (let i = 0; i < count; i++) at[i + 1] = at[i]! + names(i).copy(whole, at[i]);
      for (let i = 0; i < count; i++) name[i] = i;
      name.sort((a, b) => whole.compare(whole, at[b], at[b + 1], at[a], at[a + 1]) || a - b);
      for (let k = 1; k < count && !repeated; k++) repeated = whole.compare(whole, at[name[k - 1]!], at[name[k - 1]! + 1], at[name[k]!], at[name[k]! + 1]) === 0;
      return repeated;
    }
    // The runs merged: each run's next entry is in a heap ordered by name, then stored index.
    starts.push(count);
    const runs = starts.slice(0, -1).map((from, r) => ({ next: from, end: starts[r + 1]!, names: zipNameReader(dir) }));
    const below = (a: (typeof runs)[number], b: (typeof runs)[number]): boolean => {
      const c = a.names(a.next).compare(b.names(b.next));
      return c < 0 || (c === 0 && a.next < b.next);
    };
    const heap = [...runs];
    const sift = (at: number): void => {
      for (;;) {
        const [l, r] = [2 * at + 1, 2 * at + 2];
        let least = at;
        if (l < heap.length && below(heap[l]!, heap[least]!)) least = l;
        if (r < heap.length && below(heap[r]!, heap[least]!)) least = r;
        if (least === at) return;
        [heap[at], heap[least]] = [heap[least]!, heap[at]!];
        at = least;
      }
    };
    for (let at = (heap.length >> 1) - 1; at >= 0; at--) sift(at);
    let last = Buffer.allocUnsafe(256);
    let lastLength = -1;
    for (let k = 0; k < count; k++) {
      const run = heap[0]!;
      const i = run.next;
      const n = run.names(i);
      name[k] = i;
      if (!repeated && lastLength === n.length && n.compare(last, 0, lastLength) === 0) repeated = true;
      if (n.length > last.length) last = Buffer.allocUnsafe(2 * n.length);
      lastLength = n.copy(last);
      if (++run.next === run.end) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      if (heap.length > 0) sift(0);
    }
    return repeated;
  };
  const planZip = (file: string, job: number): ZipPlan => {
    if (plan?.job === job) return plan;
    plan = null; // the previous zip's plan can go before this one is built
    const fd = fs.openSync(file, 'r');
    try {
      const dir = readZipDirectory((position, length) => readAt(fd, position, length, length <= scratch.length ? scratch : undefined), fs.fstatSync(fd).size);
      const { count } = dir;
      if (orders.length < 2 * count) orders = new Uint32Array(2 * count);
      const name = orders.subarray(0, count);
      const names = zipNameReader(dir);
      let read = name;
      if (hashOrder(dir, name, names)) {
        // A repeated name's entries are side by side, its last entry last: each reads that one.
        read = orders.subarray(count, 2 * count);
        const same = (k: number, l: number): boolean => {
          const a = Buffer.from(names(name[k]!));
          return a.equals(names(name[l]!));
        };
        for (let k = count - 1; k >= 0; k--) read[k] = k + 1 < count && same(k, k + 1) ? read[k + 1]! : name[k]!;
      }
      plan = { job, file, dir, name, read, count, names };
      return plan;
    } finally {
      fs.closeSync(fd);
    }
  };

  // archive/zip File.Open + checksumReader: local header, size, CRC-32 and data descriptor checks.
  // With `compare`, the content also goes to twinCompare, as it comes.
  const hashEntry = (e: ZipEntry, at: (position: number, length: number, into?: Buffer) => Buffer, compare = false): string => {
    const header = at(e.headerOffset, 30);
    if (header.length < 30) fail('unexpected EOF');
    if (header.readUInt32LE(0) !== 0x04034b50) fail(FORMAT);
    const body = e.headerOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (e.name.length > 0 && e.name[e.name.length - 1] === 0x2f) {
      if (e.size !== 0) fail(FORMAT); // a directory entry reads as empty, and must claim nothing
      if (compare) twin.same = false; // no tree lists a directory as a file (never asked: the names differ first)
      return EMPTY;
    }
    if (e.method !== 0 && e.method !== 8) fail('zip: unsupported compression algorithm');
    const read = (offset: number, length: number): Buffer => at(body + offset, length, length <= CHUNK ? input : undefined);
    let crc = 0;
    let n = 0;
    let digest: () => string;
    if (e.size <= CHUNK) {
      // Small (most entries): the content whole, hashed in one call.
      const data = e.method === 8 ? inflate(read, e.compressedSize, e.size) : read(0, e.compressedSize);
      if (data.length > e.size) fail(FORMAT);
      n = data.length;
      crc = crc32(data, 0);
      if (compare) twinCompare(data);
      const hex = n === e.size ? sha256(data) : '';
      digest = () => hex;
    } else {
      const h = crypto.createHash('sha256');
      const take = (data: Buffer): void => {
        n += data.length;
        if (n > e.size) fail(FORMAT);
        h.update(data);
        crc = crc32(data, crc);
        if (compare) twinCompare(data);
      };
      if (e.method === 8) inflate(read, e.compressedSize, e.size, take);
      else {
        for (let off = 0; off < e.compressedSize; ) {
          const piece = read(off, Math.min(CHUNK, e.compressedSize - off));
          if (piece.length === 0) break;
          take(piece);
          off += piece.length;
        }
      }
      digest = () => h.digest('hex');
    }
    if (n !== e.size) fail('unexpected EOF');
    if (e.dataDescriptor) {
      const d = at(body + e.compressedSize, 16);
      const signed = d.length >= 4 && d.readUInt32LE(0) === 0x08074b50;
      if (d.length < (signed ? 16 : 12)) fail('unexpected EOF');
      if (d.readUInt32LE(signed ? 4 : 0) !== e.crc32 || crc !== e.crc32) fail(CHECKSUM);
    } else if (e.crc32 !== 0 && crc !== e.crc32) fail(CHECKSUM);
    return digest();
  };
  // Summary lines are written into a buffer grown by doubling: a part's into the buffer that came
  // with its request (else a new one), which then moves to the pool's thread (see Lines); a whole
  // zip's into `whole`, kept here. Not Buffer.allocUnsafe: a small one is a slice of node's shared
  // pool, which a transfer would take away.
  type Sink = { buf: Buffer; used: number };
  const sinkOf = (out: ArrayBuffer | undefined): Sink => ({ buf: Buffer.from(out ?? new ArrayBuffer(64 << 10)), used: 0 });
  const whole = sinkOf(undefined);
  /** `<hex>  <name>\n`, the name written as its directory stores it: `prefix` then the rest. */
  const line = (s: Sink, hex: string, prefix: Buffer, name: Buffer): void => {
    const n = hex.length + 3 + prefix.length + name.length;
    if (s.used + n > s.buf.length) {
      const more = Buffer.from(new ArrayBuffer(Math.max(2 * s.buf.length, s.used + n)));
      s.buf.copy(more, 0, 0, s.used);
      s.buf = more;
    }
    s.used += s.buf.write(hex, s.used, 'latin1');
    s.buf[s.used++] = 0x20;
    s.buf[s.used++] = 0x20;
    s.used += prefix.copy(s.buf, s.used);
    s.used += name.copy(s.buf, s.used);
    s.buf[s.used++] = 0x0a;
  };
  /**
   * Hash1's summary lines for entries [from, to) of the plan, written to `sink`. With `tree` (the
   * pair check), each entry's bytes are also compared with the file of the same name under
   * `tree.dir` (its name less the `tree.skip` bytes of "<prefix>/"), until one differs: `same`
   * says whether all did.
   */
  const zipLines = (p: ZipPlan, from: number, to: number, sink: Sink, tree?: { dir: string; skip: number }): { same: boolean; compared: number } => {
    const fd = fs.openSync(p.file, 'r');
    try {
      const d = p.dir;
      let lo = Infinity;
      let hi = 0;
      for (let k = from; k < to; k++) {
        const i = p.read[k]!;
        lo = Math.min(lo, d.headerOffset[i]!);
        hi = Math.max(hi, d.headerOffset[i]! + 30 + d.prefix.length + d.shared[i]! + (d.nameAt[i + 1]! - d.nameAt[i]!) + d.compressedSize[i]! + 16 + 1024);
      }
      // One read for a run of neighbouring entries (Go writes a module zip in about Hash1 order);
      // anything outside it is read on its own.
      const held = hi - lo <= block.length ? readAt(fd, lo, hi - lo, block) : Buffer.alloc(0);
      const at = (position: number, length: number, into?: Buffer): Buffer =>
        position >= lo && position + length <= lo + held.length ? held.subarray(position - lo, position - lo + length) : readAt(fd, position, length, into);
      let previous = -1;
      let hex = '';
      let same = tree !== undefined;
      let compared = 0;
      for (let k = from; k < to; k++) {
        const name = nameOf(p, k);
        if (name.includes(0x0a)) fail('dirhash: filenames with newlines are not supported');
        const r = p.read[k]!;
        if (r === previous) {
          same = false; // a repeated name: no tree has it twice (the pair job ruled it out)
          line(sink, hex, d.prefix, name);
          continue;
        }
        // The name's stored part only (no copy per entry): hashEntry reads just its last byte.
        const e = zipEntryAt(d, r, name);
        if (same) {
          // The file's path in the tree: the whole name after "<module>@<version>/" (tree.skip bytes).
          const file = tree!.skip >= d.prefix.length ? name.toString('utf8', tree!.skip - d.prefix.length) : Buffer.concat([d.prefix.subarray(tree!.skip), name]).toString('utf8');
          twinOpen(path.join(tree!.dir, file));
          compared++;
          try {
            hex = hashEntry(e, at, true);
          } finally {
            same = twinClose();
          }
        } else hex = hashEntry(e, at);
        previous = r;
        line(sink, hex, d.prefix, name);
      }
      return { same, compared };
    } finally {
      fs.closeSync(fd);
    }
  };
  /** Where to cut the plan into parts of about `bytes` compressed bytes or `count` entries: [0, ..., entries]. */
  const cutsOf = (p: ZipPlan, bytes: number, count: number): number[] => {
    const cuts: number[] = [0];
    let size = 0;
    for (let i = 0; i < p.count; i++) {
      if (i > cuts[cuts.length - 1]! && (size >= bytes || i - cuts[cuts.length - 1]! >= count)) {
        cuts.push(i);
        size = 0;
      }
      size += p.dir.compressedSize[p.read[i]!]!;
    }
    cuts.push(p.count);
    return cuts;
  };
  const summary = (text: Buffer | string): string => `h1:${crypto.createHash('sha256').update(text).digest('base64')}`;
  /** The whole zip's Hash1 when it is small, else where to cut it into parts of about `bytes` compressed bytes or `count` entries. */
  const zipJob = (file: string, job: number, bytes: number, count: number): ZipResult => {
    const p = planZip(file, job);
    const cuts = cutsOf(p, bytes, count);
    if (cuts.length > 2) return { cuts, entries: p.count };
    whole.used = 0;
    zipLines(p, 0, p.count, whole);
    return { hash: summary(whole.buf.subarray(0, whole.used)), entries: p.count };
  };
  /**
   * Whether the tree's files, as HashDir lists them (listTree), have exactly the zip's names
   * ("<prefix>/<file>", byte for byte), none repeated. The tree is walked, not listed: each file's
   * name is looked up among the plan's sorted names (the next one first: a directory's files come
   * in that order), and the counts compared, so a tree of 135,000 files is never held as a list.
   * A tree that cannot be listed is not a twin: it is then hashed on its own, and fails there as
   * it does in HashDir.
   */
  const sameNames = (p: ZipPlan, dir: string, prefix: string): boolean => {
    for (let i = 1; i < p.count; i++) if (p.read[i] === p.read[i - 1]) return false;
    // A whole name against the k-th in Hash1 order: its first bytes against the prefix, the rest against the stored part.
    const head = p.dir.prefix;
    const compare = (b: Buffer, k: number): number => b.compare(head, 0, head.length, 0, Math.min(b.length, head.length)) || b.compare(nameOf(p, k), 0, undefined, head.length);
    let last = -1;
    const known = (b: Buffer): boolean => {
      if (last + 1 < p.count && compare(b, last + 1) === 0) return (last += 1), true;
      let [lo, hi] = [0, p.count - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const c = compare(b, mid);
        if (c === 0) return (last = mid), true;
        if (c < 0) hi = mid - 1;
        else lo = mid + 1;
      }
      return false;
    };
    let files = 0;
    try {
      return walkTree(dir, (r) => ++files <= p.count && known(Buffer.from(`${prefix}/${r}`))) && files === p.count;
    } catch {
      return false;
    }
  };
  /** `zip` for a zip and its extracted tree: the zip hashed, and the tree compared with it, in one pass when small. */
  const pairJob = (file: string, job: number, dir: string, prefix: string, bytes: number, count: number): PairResult => {
    const p = planZip(file, job);
    const same = sameNames(p, dir, prefix);
    const cuts = cutsOf(p, bytes, count);
    if (cuts.length > 2) return { cuts, entries: p.count, same, compared: 0 };
    whole.used = 0;
    const r = zipLines(p, 0, p.count, whole, same ? { dir, skip: Buffer.byteLength(prefix) + 1 } : undefined);
    return { hash: summary(whole.buf.subarray(0, whole.used)), entries: p.count, same: r.same, compared: r.compared };
  };

  /** The answer, and the buffer that moves with it (a part's lines). */
  const handle = (m: HashRequest): [unknown, ArrayBuffer?] => {
    if (m.op === 'ziplines' || m.op === 'pairlines') {
      const sink = sinkOf(m.out);
      const r = zipLines(planZip(m.file, m.job), m.from, m.to, sink, m.op === 'pairlines' ? { dir: m.dir, skip: Buffer.byteLength(m.prefix) + 1 } : undefined);
      const text: Lines = { buffer: sink.buf.buffer as ArrayBuffer, length: sink.used };
      return [m.op === 'ziplines' ? text : ({ text, same: r.same, compared: r.compared } satisfies PairLinesResult), text.buffer];
    }
    return [answer(m)];
  };
  const answer = (m: Exclude<HashRequest, { op: 'ziplines' | 'pairlines' }>): unknown => {
    if (m.op === 'zip') return zipJob(m.file, m.job, m.bytes, m.count);
    if (m.op === 'pair') return pairJob(m.file, m.job, m.dir, m.prefix, m.bytes, m.count);
    if (m.op === 'lines') return lines(m.dir, m.prefix, m.files);
    const list = listTree(m.dir);
    if (list.length > m.limit) return { list } satisfies TreeResult;
    return { hash: summary(lines(m.dir, m.prefix, list)), files: list.length } satisfies TreeResult;
  };
  port.on('message', (m: HashRequest | ForgetRequest) => {
    if (m.op === 'forget') {
      if (plan?.job === m.job) plan = null;
      return; // no answer: the pool sends it to every lane, outside its one-request-per-lane count
    }
    try {
      const [result, moved] = handle(m);
      port.postMessage({ id: m.id, result }, moved ? [moved] : []);
    } catch (err) {
      port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}

/**
 * Lowers the calling thread's scheduling priority (nice 10), on Linux, where a thread has a
 * priority of its own. Hashing is the long pole but can wait: the go processes and the main
 * thread, which starts them, decide when the build list is known, so on a runner with few CPUs
 * they go first and the hashing takes the rest. Elsewhere, or when not allowed: nothing.
 * Runs inside the thread from its source text, like hashWorker.
 */
export function lowerThreadPriority(fs: typeof import('node:fs'), os: typeof import('node:os')): number | null {
  try {
    const tid = Number(/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]);
    if (!tid) return null;
    os.setPriority(tid, Math.max(os.getPriority(tid), 10));
    return os.getPriority(tid);
  } catch {
    return null;
  }
}

const WORKER_SOURCE = `'use strict';
const { parentPort } = require('node:worker_threads');
(${String(lowerThreadPriority)})(require('node:fs'), require('node:os'));
(${String(hashWorker)})({
  fs: require('node:fs'), zlib: require('node:zlib'), crypto: require('node:crypto'), path: require('node:path'),
  readZipDirectory: (${String(zipDirectoryReader)})(), zipEntryAt: ${String(zipEntryAt)},
  zipNameReader: ${String(zipNameReader)}, port: parentPort
});
`;

/** What the pool has done, for logs and tests. */
export interface HashPoolStats {
  /** Files of extracted module trees read and hashed. */
  files: number;
  /** Files of extracted module trees read and compared with their zip entry's bytes instead (the pair check; not hashed). */
  compared: number;
  /** Zip entries read, inflated and hashed. */
  zipEntries: number;
  /** Module trees listed. */
  dirs: number;
  /** Requests answered on this thread (the pool's first lane), not on a worker thread. */
  here: number;
  /** Worker threads ended and started afresh once the zips for worker threads only were done (renewWorkers). */
  renewed: number;
}

type HashReply = { id: number; result: unknown } | { id: number; error: string };

interface Pending {
  request: HashRequest;
  lanes: Lanes;
  resolve: (result: unknown) => void;
  reject: (e: Error) => void;
}

/** A lane of the pool: a worker thread, or this thread (the end of a channel whose other end runs hashWorker here). */
interface Lane {
  postMessage(request: HashRequest | ForgetRequest, transfer?: ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
  stop(): Promise<void>;
  here: boolean;
  /** A worker thread ended on purpose (renewWorkers): its exit is not a failure. */
  retired?: boolean;
}

/**
 * Hashing lanes fed from one queue, one request per lane at a time: this thread and
 * `threads - 1` worker threads. This thread takes a request only when every worker is busy and
 * `thisThreadWhen` allows it (the engine: while no go process runs, as a request blocks this
 * thread, which starts go and reads its output, for its duration). It saves starting one thread
 * (tens of ms of CPU, a noticeable share of a check of one small module). Small zips are this
 * thread's at any time, and the worker threads start with the first request that is not: a
 * repository of small modules starts none. The workers run at a lower priority
 * (lowerThreadPriority); this thread cannot, as it also starts go.
 */
export class HashPool {
  readonly stats: HashPoolStats = { files: 0, compared: 0, zipEntries: 0, dirs: 0, here: 0, renewed: 0 };
  private readonly lanes: Lane[] = [];
  private readonly idle: Lane[] = [];
  private readonly busy = new Map<Lane, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private jobs = 1;
  private broken: Error | null = null;

  constructor(
    private readonly threads: number,
    private readonly thisThreadWhen: () => boolean = () => true
  ) {}

  /** A module tree: its Hash1 when it has at most `limit` files, else its files to hash with lines(). */
  async tree(dir: string, prefix: string, limit: number): Promise<TreeResult> {
    this.stats.dirs++;
    const r = (await this.submit({ op: 'tree', dir, prefix, limit })) as TreeResult;
    if ('hash' in r) this.stats.files += r.files;
    return r;
  }

  /** Hash1 summary lines (`<sha256 hex>  <prefix>/<file>\n`) for some files of a tree. */
  lines(dir: string, prefix: string, files: string[]): Promise<string> {
    this.stats.files += files.length;
    return this.submit({ op: 'lines', dir, prefix, files }) as Promise<string>;
  }

  /** A number for one hashing of one zip, given with each of its requests. */
  job(): number {
    return this.jobs++;
  }

  /**
   * A zip's job is over (every part answered, or it failed; hashModuleZip and hashModulePair
   * always say so): the lanes that hold its plan drop it now rather than when their next zip comes
   * (a plan of a zip of 135,000 files is ~15 MB, held for the rest of the run otherwise), and the
   * last large job renews the worker threads (renewWorkers).
   */
  forget(job: number): void {
    for (const lane of this.lanes) lane.postMessage({ op: 'forget', job });
    if (this.large.delete(job) && this.large.size === 0) this.renewWorkers();
  }

  /** Jobs of zips for worker threads only (`workers`) not yet forgotten. */
  private readonly large = new Set<number>();
  /** Worker threads to end and replace once their request is answered (renewWorkers). */
  private readonly retiring = new Set<Lane>();
  /** Threads being ended, awaited by close(). */
  private readonly stopping: Promise<void>[] = [];

  /**
   * Every large zip's job (`workers` lanes, WORKERS_ONLY_ZIP_ENTRIES files or more) is forgotten:
   * each worker thread is ended and a fresh one started in its place, at once when idle, else when
   * its request is answered. An ended thread's memory goes back to the system at once: the buffers
   * a thread grew for such a zip (its directory, plan and heap, ~40 MB for go-azure-sdk's 135,000
   * files) would otherwise stay for the rest of the run, being kept for the next zip or waiting on
   * collections that need not come (issue 16, P5: terraform's peak). A thread costs tens of ms to
   * start; such a zip takes seconds.
   */
  private renewWorkers(): void {
    for (const lane of this.lanes) if (!lane.here) this.retiring.add(lane);
    for (const lane of [...this.idle]) if (this.retiring.has(lane)) this.replace(lane);
    this.dispatch();
  }

  private replace(lane: Lane): void {
    this.retiring.delete(lane);
    for (const list of [this.lanes, this.idle]) {
      const at = list.indexOf(lane);
      if (at >= 0) list.splice(at, 1);
    }
    lane.retired = true;
    this.stats.renewed++;
    this.stopping.push(lane.stop());
    if (!this.broken) this.startWorker();
  }

  /** Zips of at least this many files go to worker threads only (WORKERS_ONLY_ZIP_ENTRIES; tests lower it). */
  workersOnlyZipEntries = WORKERS_ONLY_ZIP_ENTRIES;

  /** Zips of at most this many bytes are this thread's (HERE_ZIP_BYTES; tests lower it). */
  hereZipBytes = HERE_ZIP_BYTES;

  /**
   * Which lanes may take a zip's requests (see Lanes), from its size and the entry count of its
   * end record, read at the file's end (module zips have no comment). A zip64 count (0xffff) is
   * many; a zip that cannot be read, or has a comment, is `any` (its hashing finds what is wrong
   * with it).
   */
  lanesFor(file: string): Lanes {
    let fd = -1;
    try {
      fd = nodeFs.openSync(file, 'r');
      const size = nodeFs.fstatSync(fd).size;
      if (size < 22) return 'any';
      const end = Buffer.alloc(22);
      if (nodeFs.readSync(fd, end, 0, 22, size - 22) !== 22 || end.readUInt32LE(0) !== 0x06054b50) return 'any';
      const entries = end.readUInt16LE(10);
      if (entries >= Math.min(this.workersOnlyZipEntries, 0xffff)) return 'workers';
      return size <= this.hereZipBytes && entries <= ZIP_TASK_ENTRIES ? 'here' : 'any';
    } catch {
      return 'any';
    } finally {
      if (fd >= 0) nodeFs.closeSync(fd);
    }
  }

  /** A module zip: its Hash1 when it is small, else where to cut it for zipLines(). */
  async zip(file: string, job: number, bytes: number, count: number, lanes: Lanes = 'any'): Promise<ZipResult> {
    if (lanes === 'workers') this.large.add(job);
    const r = (await this.submit({ op: 'zip', file, job, bytes, count }, lanes)) as ZipResult;
    if ('hash' in r) this.stats.zipEntries += r.entries;
    return r;
  }

  /** Hash1 summary lines for entries [from, to) of a zip, in Hash1 order. */
  zipLines(file: string, job: number, from: number, to: number, lanes: Lanes = 'any'): Promise<Lines> {
    this.stats.zipEntries += to - from;
    return this.submit({ op: 'ziplines', file, job, from, to }, lanes) as Promise<Lines>;
  }

  private readonly spare: ArrayBuffer[] = [];
  /** A part's lines are hashed: its buffer goes back to a lane with a later part, to be written again (see Lines). */
  recycle(lines: Lines): void {
    if (this.spare.length < SPARE_BUFFERS && lines.buffer.byteLength > 0) this.spare.push(lines.buffer);
  }

  /** A module zip and its extracted tree: the zip as zip() gives it, and whether the tree is its twin so far. */
  async pair(file: string, job: number, dir: string, prefix: string, bytes: number, count: number, lanes: Lanes = 'any'): Promise<PairResult> {
    this.stats.dirs++;
    if (lanes === 'workers') this.large.add(job);
    const r = (await this.submit({ op: 'pair', file, job, dir, prefix, bytes, count }, lanes)) as PairResult;
    if ('hash' in r) this.stats.zipEntries += r.entries;
    this.stats.compared += r.compared;
    return r;
  }

  /** zipLines() for entries [from, to), each compared with the tree's file of the same name. */
  async pairLines(file: string, job: number, dir: string, prefix: string, from: number, to: number, lanes: Lanes = 'any'): Promise<PairLinesResult> {
    this.stats.zipEntries += to - from;
    const r = (await this.submit({ op: 'pairlines', file, job, dir, prefix, from, to }, lanes)) as PairLinesResult;
    this.stats.compared += r.compared;
    return r;
  }

  async close(): Promise<void> {
    this.fail(new Error('the hash pool is closed'));
    this.retiring.clear();
    await Promise.all([...this.lanes.splice(0).map((l) => l.stop()), ...this.stopping.splice(0)]);
  }

  private submit(job: HashJob, lanes: Lanes = 'any'): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.queue.push({ request: { ...job, id: this.nextId++ }, lanes, resolve, reject });
      if (this.lanes.length === 0) this.attach(this.thisThread());
      // Worker threads are started by the first request that is not this thread's alone.
      if (lanes !== 'here' && !this.workersStarted) this.startWorkers();
      this.dispatch();
    });
  }

  private workersStarted = false;

  private startWorkers(): void {
    this.workersStarted = true;
    for (let i = 1; i < Math.max(1, this.threads) && !this.broken; i++) this.startWorker();
  }

  private startWorker(): void {
    let w: Worker;
    try {
      w = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: HASH_THREAD_YOUNG_MB } });
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const stop = async (): Promise<void> => {
      await w.terminate();
    };
    const lane: Worker & Lane = Object.assign(w, { here: false, stop });
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => {
      if (!this.broken && !lane.retired) this.fail(new Error(`a hashing thread exited (${code})`));
    });
    this.attach(lane);
  }

  /** The lane on this thread: hashWorker listens on one end of a channel, the pool talks to the other. */
  private thisThread(): Lane & { on: MessagePort['on'] } {
    const { port1, port2 } = new MessageChannel();
    hashWorker({ fs: nodeFs, zlib: nodeZlib, crypto: nodeCrypto, path: nodePath, readZipDirectory: zipDirectoryReader(), zipEntryAt, zipNameReader, port: port2 });
    port2.unref(); // the pool's end is referenced while a request is out; this one never keeps the process alive
    return Object.assign(port1, {
      here: true,
      stop: () => {
        port1.close();
        return Promise.resolve();
      }
    });
  }

  private attach(lane: Lane & { on(event: 'message', listener: (reply: HashReply) => void): unknown }): void {
    lane.unref();
    lane.on('message', (reply: HashReply) => {
      const p = this.busy.get(lane);
      this.busy.delete(lane);
      this.idle.push(lane);
      if (p) {
        if (lane.here) this.stats.here++;
        if ('error' in reply) p.reject(new Error(reply.error));
        else p.resolve(reply.result);
      }
      if (this.retiring.has(lane)) this.replace(lane);
      this.dispatch();
    });
    this.lanes.push(lane);
    this.idle.push(lane);
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      // Worker threads first: this thread only when they are all busy, and when allowed.
      let at = this.idle.findIndex((l) => !l.here);
      let take = 0;
      if (at < 0) {
        // This thread: any request when it is the only lane; else the first small one, or, when
        // allowed, the first that is not for worker threads only.
        const only = this.lanes.length === 1;
        const allowed = !only && this.thisThreadWhen();
        take = this.queue.findIndex((q) => only || q.lanes === 'here' || (allowed && q.lanes === 'any'));
        if (take >= 0) at = 0;
      }
      if (at < 0) break;
      const lane = this.idle.splice(at, 1)[0]!;
      const p = this.queue.splice(take, 1)[0]!;
      this.busy.set(lane, p);
      lane.ref();
      const r = p.request;
      const out = r.op === 'ziplines' || r.op === 'pairlines' ? this.spare.pop() : undefined;
      if (out) lane.postMessage({ ...(r as Extract<HashRequest, { op: 'ziplines' | 'pairlines' }>), out }, [out]);
      else lane.postMessage(r);
    }
    // Idle lanes must not keep the process alive.
    for (const l of this.idle) l.unref();
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const p of [...this.busy.values(), ...this.queue.splice(0)]) p.reject(e);
    this.busy.clear();
  }
}

/** Zip entries per request: about this many compressed bytes... */
const ZIP_TASK_BYTES = 1 << 20;
/** ...or this many entries. */
const ZIP_TASK_ENTRIES = 256;
/** Files of an extracted tree per request. */
const TREE_TASK_FILES = 64;

/** dirhash.HashZip over a module zip: every entry's name and content, as archive/zip reads them; a large zip is spread over the threads. */
export async function hashModuleZip(pool: HashPool, file: string): Promise<string> {
  const job = pool.job();
  const lanes = pool.lanesFor(file);
  try {
    const first = await pool.zip(file, job, ZIP_TASK_BYTES, ZIP_TASK_ENTRIES, lanes);
    if ('hash' in first) return first.hash;
    const h = nodeCrypto.createHash('sha256');
    await inOrder(
      first.cuts.length - 1,
      (i) => pool.zipLines(file, job, first.cuts[i]!, first.cuts[i + 1]!, lanes),
      (lines) => hashLines(pool, h, lines)
    );
    return `h1:${h.digest('base64')}`;
  } finally {
    pool.forget(job);
  }
}

/** A part's lines into the hash; then its buffer goes back to the pool for a later part (see Lines). */
function hashLines(pool: HashPool, h: nodeCrypto.Hash, lines: Lines): void {
  h.update(new Uint8Array(lines.buffer, 0, lines.length));
  pool.recycle(lines);
}

/**
 * Runs `count` parts, at most PARTS_IN_FLIGHT at a time, and hands their results to `take` in
 * order as they come: a large zip's or tree's lines are never all held at once.
 */
async function inOrder<T>(count: number, start: (i: number) => Promise<T>, take: (result: T) => void): Promise<void> {
  const flight: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    const p = start(i);
    p.catch(() => {}); // a rejection is thrown when its turn comes; until then it is not unhandled
    flight.push(p);
    if (flight.length >= PARTS_IN_FLIGHT) take(await flight.shift()!);
  }
  while (flight.length) take(await flight.shift()!);
}

/** dirhash.HashDir: every file under dir, named `<prefix>/<relative path>`; a large tree is spread over the threads. */
export async function hashModuleDir(pool: HashPool, dir: string, prefix: string): Promise<string> {
  const first = await pool.tree(dir, prefix, TREE_TASK_FILES);
  if ('hash' in first) return first.hash;
  const { list } = first;
  const h = nodeCrypto.createHash('sha256');
  await inOrder(Math.ceil(list.length / TREE_TASK_FILES), (i) => pool.lines(dir, prefix, list.slice(i * TREE_TASK_FILES, (i + 1) * TREE_TASK_FILES)), (text) => h.update(text));
  return `h1:${h.digest('base64')}`;
}

/** The Hash1 of a module zip and of its extracted tree, the tree's from the zip's when they are twins (see the top of this file). */
export interface PairHashes {
  zip: string;
  dir: string;
  /** The tree had the zip's names and bytes: its hash is the zip's, and none of its files was hashed. */
  dirFromZip: boolean;
}

/**
 * hashModuleZip and hashModuleDir at once, for a module version whose zip and tree are both in
 * the cache: the zip is hashed, and the tree's files compared with its entries, in one pass; a
 * large zip is spread over the threads as hashModuleZip spreads it, each part comparing its own
 * files. When the tree differs from the zip in any way, the tree is hashed on its own, as
 * hashModuleDir does: the answer is then exactly what hashing both gives.
 */
export async function hashModulePair(pool: HashPool, zip: string, dir: string, prefix: string): Promise<PairHashes> {
  const job = pool.job();
  const lanes = pool.lanesFor(zip);
  try {
    const first = await pool.pair(zip, job, dir, prefix, ZIP_TASK_BYTES, ZIP_TASK_ENTRIES, lanes);
    if ('hash' in first) {
      if (first.same) return { zip: first.hash, dir: first.hash, dirFromZip: true };
      return { zip: first.hash, dir: await hashModuleDir(pool, dir, prefix), dirFromZip: false };
    }
    const { cuts } = first;
    const h = nodeCrypto.createHash('sha256');
    let twins = true;
    const zipParts = inOrder(
      cuts.length - 1,
      (i) =>
        first.same
          ? pool.pairLines(zip, job, dir, prefix, cuts[i]!, cuts[i + 1]!, lanes)
          : pool.zipLines(zip, job, cuts[i]!, cuts[i + 1]!, lanes).then((text) => ({ text, same: false })),
      (part) => {
        hashLines(pool, h, part.text);
        twins &&= part.same;
      }
    );
    // Names that differ are known at once: the tree is then hashed alongside the zip's parts.
    const [, apart] = await Promise.all([zipParts.finally(() => pool.forget(job)), first.same ? null : hashModuleDir(pool, dir, prefix)]);
    const hash = `h1:${h.digest('base64')}`;
    if (apart !== null) return { zip: hash, dir: apart, dirFromZip: false };
    if (twins) return { zip: hash, dir: hash, dirFromZip: true };
    return { zip: hash, dir: await hashModuleDir(pool, dir, prefix), dirFromZip: false };
  } finally {
    pool.forget(job); // again when the parts did (nothing then): also after a failure, and for a zip hashed whole
  }
}
