/**
 * What `go mod verify` computes over the module cache, minus the hashing threads (hashpool.ts):
 * where go keeps a module version (modfetch.CachePath, DownloadDir), a zip's central directory as
 * archive/zip reads it, and the dirhash Hash1 summary (golang.org/x/mod/sumdb/dirhash).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { escapeModulePath } from '../cache/modcache.js';

/** The files go keeps for one module version. */
export interface CachedModulePaths {
  zip: string;
  ziphash: string;
  /** Present while go extracts the zip; the tree does not count as downloaded until it is gone. */
  partial: string;
  /** The extracted tree. */
  dir: string;
}

export function cachedModulePaths(modcache: string, path: string, version: string): CachedModulePaths {
  const base = join(modcache, 'cache', 'download', escapeModulePath(path), '@v', escapeModulePath(version));
  return {
    zip: `${base}.zip`,
    ziphash: `${base}.ziphash`,
    partial: `${base}.partial`,
    dir: join(modcache, `${escapeModulePath(path)}@${escapeModulePath(version)}`)
  };
}

/** One file of a zip, with what is needed to read, inflate and check it. */
export interface ZipEntry {
  /** The name as stored (raw bytes: dirhash hashes names byte for byte). */
  name: Buffer;
  /** Offset of the local file header. */
  headerOffset: number;
  compressedSize: number;
  size: number;
  /** 0 stored, 8 deflate; anything else is an error when read. */
  method: number;
  crc32: number;
  /** General purpose flag bit 3: a data descriptor follows the data. */
  dataDescriptor: boolean;
}

/** Reads `length` bytes at `position`; fewer at the end of the file. The reader does not use a result after its next call. */
export type ReadAt = (position: number, length: number) => Buffer;

/**
 * A zip's central directory, compactly, in stored order: one typed array per field and every name
 * in one buffer. A module zip of 135,000 files (terraform's go-azure-sdk) takes ~15 MB so, where an
 * object and a Buffer per entry took ~75 MB (issue 16, P5).
 */
export interface ZipDirectory {
  count: number;
  /**
   * What every name starts with, stored once: a module zip's `<module>@<version>/`, which is half
   * the bytes of go-azure-sdk's 135,561 names. Empty when the first name has no such part or a
   * later name does not start with it (or is nothing more): the names are then stored whole.
   */
  prefix: Buffer;
  /**
   * Every entry's name after `prefix` (its stored part: raw bytes, never empty when the prefix is
   * not), front-coded in stored order: entry i's stored part is the first `shared[i]` bytes of
   * entry i - 1's, then names[nameAt[i], nameAt[i + 1]). `shared` is 0 for every 16th entry (and
   * wherever nothing is shared), where decoding can start: see zipNameReader. A module zip's
   * neighbours share most of their path: go-azure-sdk's 135,561 names take 2.5 MiB so, 8.7 MiB
   * without.
   */
  names: Buffer;
  nameAt: Uint32Array;
  shared: Uint16Array;
  headerOffset: Float64Array;
  compressedSize: Float64Array;
  size: Float64Array;
  method: Uint16Array;
  crc32: Uint32Array;
  /** 1 when general purpose flag bit 3 is set. */
  dataDescriptor: Uint8Array;
}

/**
 * Reads a zip's central directory; throws an Error named ZipFormatError with archive/zip's message
 * where it has one. The directory it returns is valid until its next call: a reader keeps its
 * buffers from one call to the next (see zipDirectoryReader).
 */
export type ZipDirectoryReader = (readAt: ReadAt, size: number) => ZipDirectory;

/**
 * Entry i of a directory as an object, named `name` (its whole name, or its stored part: a
 * ZipEntry's name is only read for its last byte in the hashing threads, and the stored part's
 * last byte is the whole name's). Self-contained: the hashing threads run it from its source text.
 */
export function zipEntryAt(d: ZipDirectory, i: number, name: Buffer): ZipEntry {
  return {
    name,
    headerOffset: d.headerOffset[i]!,
    compressedSize: d.compressedSize[i]!,
    size: d.size[i]!,
    method: d.method[i]!,
    crc32: d.crc32[i]!,
    dataDescriptor: d.dataDescriptor[i] === 1
  };
}

/**
 * A reader of a directory's names (see ZipDirectory.names): entry i's stored part, a view of the
 * reader's own buffer that is valid until its next call. The next entry costs one copy, an entry
 * further on one per entry in between, any other one at most 15 (from the last entry at or
 * before it that shares nothing). Self-contained: the hashing threads run it from its source text.
 */
export function zipNameReader(d: ZipDirectory): (i: number) => Buffer {
  const { names, nameAt, shared } = d;
  let buf = Buffer.allocUnsafe(256);
  let at = -1;
  let length = 0;
  return (i) => {
    if (i !== at) {
      let j = i;
      while (shared[j] !== 0 && j - 1 !== at) j--;
      for (; j <= i; j++) {
        const s = shared[j]!;
        const n = s + nameAt[j + 1]! - nameAt[j]!;
        if (n > buf.length) {
          const more = Buffer.allocUnsafe(Math.max(2 * buf.length, n));
          buf.copy(more, 0, 0, s);
          buf = more;
        }
        names.copy(buf, s, nameAt[j], nameAt[j + 1]);
        length = n;
      }
      at = i;
    }
    return buf.subarray(0, length);
  };
}

/** Every entry of a directory as an object, in stored order, each with its whole name (a copy). */
export function zipEntries(d: ZipDirectory): ZipEntry[] {
  const nameOf = zipNameReader(d);
  return Array.from({ length: d.count }, (_, i) => zipEntryAt(d, i, Buffer.concat([d.prefix, nameOf(i)])));
}

/**
 * The central directory of a zip of `size` bytes, in stored order, as archive/zip's Reader.init
 * reads it (the end record in the last 1 KiB or 65 KiB, zip64, the base offset quirk, the entry
 * count compared modulo 65536). Self-contained, because the hashing threads run it from its
 * source text: call it to get the reader.
 *
 * The reader keeps its buffers (the names and one typed array per field) from one call to the
 * next and grows them only for a larger directory, so a directory it returns is views of them,
 * valid until its next call. A run that reads many large directories so allocates for the largest
 * once: buffers allocated per zip stayed resident long after they were garbage, ~80 MB of them in
 * one hashing thread at the peak of a terraform check (issue 16, P5).
 */
export function zipDirectoryReader(): ZipDirectoryReader {
  const EOCD_SIG = 0x06054b50;
  const EOCD_LEN = 22;
  const CDH_SIG = 0x02014b50;
  const CDH_LEN = 46;
  /** The central directory is read into memory; a larger one is not a module zip. */
  const MAX_DIRECTORY_BYTES = 64 << 20;
  /** The central directory is read this many bytes at a time (more when one header needs it). */
  const WINDOW = 256 << 10;
  /** Every this many entries a name is stored whole (after the prefix), where decoding can start. */
  const RESTART = 16;
  const formatError = (message = 'zip: not a valid zip file'): Error => Object.assign(new Error(message), { name: 'ZipFormatError' });
  const safe = (n: bigint): number => {
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw formatError();
    return Number(n);
  };
  const exact = (b: Buffer, length: number): Buffer => {
    if (b.length !== length) throw formatError('zip: unexpected EOF');
    return b;
  };
  type Header = { entry: Omit<ZipEntry, 'name'> & { nameAt: number; nameLength: number }; next: number };
  /**
   * One central directory header at `pos`, or the error that ends archive/zip's reading loop
   * (ErrFormat, ErrUnexpectedEOF). A read that finds no byte at all is io.EOF, which archive/zip
   * does not take as the end: thrown, unless `probing` (then it is just not a header).
   */
  const parseHeader = (buf: Buffer, pos: number, probing = false): Header | Error => {
    const eof = (): Error => {
      if (probing) return formatError('EOF');
      throw formatError('EOF');
    };
    if (pos >= buf.length) return eof();
    if (buf.length - pos < CDH_LEN) return formatError('unexpected EOF');
    if (buf.readUInt32LE(pos) !== CDH_SIG) return formatError();
    const flags = buf.readUInt16LE(pos + 8);
    const method = buf.readUInt16LE(pos + 10);
    const crc32 = buf.readUInt32LE(pos + 16);
    let compressedSize = buf.readUInt32LE(pos + 20);
    let size = buf.readUInt32LE(pos + 24);
    const nameLen = buf.readUInt16LE(pos + 28);
    const extraLen = buf.readUInt16LE(pos + 30);
    const commentLen = buf.readUInt16LE(pos + 32);
    let headerOffset = buf.readUInt32LE(pos + 42);
    const next = pos + CDH_LEN + nameLen + extraLen + commentLen;
    if (next > pos + CDH_LEN && pos + CDH_LEN >= buf.length) return eof();
    if (next > buf.length) return formatError('unexpected EOF');
    let extra = buf.subarray(pos + CDH_LEN + nameLen, pos + CDH_LEN + nameLen + extraLen);
    let needSize = size === 0xffffffff;
    let needCompressed = compressedSize === 0xffffffff;
    let needOffset = headerOffset === 0xffffffff;
    while (extra.length >= 4) {
      const tag = extra.readUInt16LE(0);
      const fieldSize = extra.readUInt16LE(2);
      if (extra.length - 4 < fieldSize) break;
      let field = extra.subarray(4, 4 + fieldSize);
      extra = extra.subarray(4 + fieldSize);
      if (tag !== 0x0001) continue; // zip64: the sizes and offset that are maxed out, in this order
      const take = (): number | Error => {
        if (field.length < 8) return formatError();
        const v = field.readBigUInt64LE(0);
        field = field.subarray(8);
        return v > BigInt(Number.MAX_SAFE_INTEGER) ? formatError() : Number(v);
      };
      if (needSize) {
        const v = take();
        if (v instanceof Error) return v;
        [size, needSize] = [v, false];
      }
      if (needCompressed) {
        const v = take();
        if (v instanceof Error) return v;
        [compressedSize, needCompressed] = [v, false];
      }
      if (needOffset) {
        const v = take();
        if (v instanceof Error) return v;
        [headerOffset, needOffset] = [v, false];
      }
    }
    if (needCompressed || needOffset) return formatError();
    return { entry: { nameAt: pos + CDH_LEN, nameLength: nameLen, headerOffset, compressedSize, size, method, crc32, dataDescriptor: (flags & 0x8) !== 0 }, next };
  };
  type Fields = {
    capacity: number;
    nameAt: Uint32Array;
    shared: Uint16Array;
    offset: Float64Array;
    compressed: Float64Array;
    sizes: Float64Array;
    methods: Uint16Array;
    crcs: Uint32Array;
    descriptors: Uint8Array;
  };
  const fieldsOf = (capacity: number): Fields => ({
    capacity,
    nameAt: new Uint32Array(capacity + 1),
    shared: new Uint16Array(capacity),
    offset: new Float64Array(capacity),
    compressed: new Float64Array(capacity),
    sizes: new Float64Array(capacity),
    methods: new Uint16Array(capacity),
    crcs: new Uint32Array(capacity),
    descriptors: new Uint8Array(capacity)
  });
  // Kept from one call to the next (see above); never fewer than 16 entries, so that growing by doubling grows.
  let kept = fieldsOf(16);
  let keptNames = Buffer.alloc(0);
  /** The previous entry's stored part, whole: the next one is stored as what it adds to it. */
  let previous = Buffer.alloc(256);
  /** A module zip's `<module>@<version>/`: up to the first slash after the first `@` (a module path has none), when there is one and no newline. */
  const prefixOf = (name: Buffer): Buffer => {
    const at = name.indexOf(0x40);
    const slash = at < 0 ? -1 : name.indexOf(0x2f, at);
    return slash < 0 || name.subarray(0, slash).includes(0x0a) ? Buffer.alloc(0) : Buffer.from(name.subarray(0, slash + 1));
  };
  const findSignatureInBlock = (b: Buffer): number => {
    for (let i = b.length - EOCD_LEN; i >= 0; i--) {
      if (b.readUInt32LE(i) === EOCD_SIG) return b.readUInt16LE(i + EOCD_LEN - 2) + EOCD_LEN + i > b.length ? -1 : i;
    }
    return -1;
  };

  return (readAt, size) => {
    let buf: Buffer | null = null;
    let endOffset = 0;
    for (const [i, want] of [1024, 65 * 1024].entries()) {
      const len = Math.min(want, size);
      const block = exact(readAt(size - len, len), len);
      const p = findSignatureInBlock(block);
      if (p >= 0) {
        buf = block.subarray(p);
        endOffset = size - len + p;
        break;
      }
      if (i === 1 || len === size) throw formatError();
    }
    if (!buf) throw formatError();
    let records = buf.readUInt16LE(10);
    let directorySize = buf.readUInt32LE(12);
    let directoryOffset = buf.readUInt32LE(16);
    // archive/zip compares the directory size with 0xffff too (sic).
    if (records === 0xffff || directorySize === 0xffff || directoryOffset === 0xffffffff) {
      const at = endOffset - 20;
      const loc = at >= 0 ? exact(readAt(at, 20), 20) : null;
      if (loc && loc.readUInt32LE(0) === 0x07064b50 && loc.readUInt32LE(4) === 0 && loc.readUInt32LE(16) === 1) {
        endOffset = safe(loc.readBigUInt64LE(8));
        const b = exact(readAt(endOffset, 56), 56);
        if (b.readUInt32LE(0) !== 0x06064b50) throw formatError();
        records = safe(b.readBigUInt64LE(32));
        directorySize = safe(b.readBigUInt64LE(40));
        directoryOffset = safe(b.readBigUInt64LE(48));
      }
    }
    let baseOffset = endOffset - directorySize - directoryOffset;
    if (baseOffset + directoryOffset < 0 || baseOffset + directoryOffset >= size) throw formatError();
    // A non-zero base offset is dropped when a directory header sits at the stated offset.
    if (baseOffset > 0) {
      const probe = readAt(directoryOffset, CDH_LEN + 3 * 0xffff);
      if (probe.length > 0 && !(parseHeader(probe, 0, true) instanceof Error)) baseOffset = 0;
    }
    const start = baseOffset + directoryOffset;
    let total = size - start;
    if (total > MAX_DIRECTORY_BYTES) throw formatError(`zip: central directory of ${total} bytes`);
    // The directory is read through a window (a header takes at most CDH_LEN + 3 × 65535 bytes),
    // not whole: a zip of 135,000 files has a directory of ~20 MB, garbage once read. Each header
    // is parsed in a window that holds it whole or ends where the directory does, so the checks
    // against the buffer's end are those of reading the directory in one piece. A read that comes
    // back short ends the directory there, as reading it whole would have.
    let win: Buffer = Buffer.alloc(0);
    let winAt = 0;
    const view = (pos: number, need: number): Buffer => {
      const end = Math.min(total, pos + need);
      if (pos < winAt || end > winAt + win.length) {
        const want = Math.min(total - pos, Math.max(WINDOW, need));
        win = readAt(start + pos, want);
        winAt = pos;
        if (win.length < want) total = pos + win.length;
      }
      return win;
    };
    const headerAt = (pos: number): Header | Error => {
      let b = view(pos, CDH_LEN);
      const p = pos - winAt;
      if (b.length - p >= CDH_LEN) b = view(pos, CDH_LEN + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32));
      // The entry's nameAt stays relative to `win`, where its name is copied from before any refill.
      const r = parseHeader(b, pos - winAt);
      if (!(r instanceof Error)) r.next += winAt;
      return r;
    };
    // Field by field into typed arrays sized from the end record's count (exact for a zip64, a
    // lower bound modulo 65536 otherwise), grown when it falls short.
    // A header takes at least CDH_LEN bytes: a count claiming more than fit is not believed (a
    // zip64 record may claim 2^53 entries).
    const expected = Math.min(records, Math.floor(total / CDH_LEN));
    if (kept.capacity < expected) kept = fieldsOf(expected);
    let { capacity, nameAt, shared, offset, compressed, sizes, methods, crcs, descriptors } = kept;
    nameAt[0] = 0;
    // The names, copied out of the window as they come, into one buffer, each as what it adds to
    // the one before (see ZipDirectory.names). Every header takes CDH_LEN bytes besides its name,
    // so the names of the expected count of entries fit in what is left; a directory with more
    // entries than its end record says grows it by doubling.
    const room = total - CDH_LEN * expected;
    if (keptNames.length < room) keptNames = Buffer.allocUnsafe(room);
    let names = keptNames;
    let prefix: Buffer = Buffer.alloc(0);
    let previousLength = 0;
    /**
     * A name that does not start with the prefix: the names stored so far are stored whole again,
     * and so are the rest. Whole names share the prefix besides what their stored parts share:
     * an entry that shares nothing starts with it, and every other entry shares it too.
     */
    const storeWhole = (): void => {
      if (count > 0) {
        let starts = 0;
        for (let i = 0; i < count; i++) if (shared[i] === 0) starts++;
        const whole = Buffer.allocUnsafe(Math.max(names.length, nameAt[count]! + starts * prefix.length));
        let out = 0;
        for (let i = 0; i < count; i++) {
          const [from, to] = [nameAt[i]!, nameAt[i + 1]!];
          nameAt[i] = out;
          if (shared[i] === 0) out += prefix.copy(whole, out);
          else shared[i] = shared[i]! + prefix.length;
          out += names.copy(whole, out, from, to);
        }
        nameAt[count] = out;
        names = keptNames = whole;
        const before = previous;
        if (previousLength + prefix.length > previous.length) previous = Buffer.allocUnsafe(2 * (previousLength + prefix.length));
        before.copy(previous, prefix.length, 0, previousLength); // overlapping when the same buffer: copied as if through a temporary
        prefix.copy(previous, 0);
        previousLength += prefix.length;
      }
      prefix = Buffer.alloc(0);
    };
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, length: number): T => {
      const b = new (a.constructor as new (n: number) => T)(length);
      b.set(a);
      return b;
    };
    let count = 0;
    // archive/zip reads headers until a bad one, then compares only the low 16 bits of the count.
    let r = headerAt(0);
    while (!(r instanceof Error)) {
      if (count === capacity) {
        capacity *= 2;
        [offset, compressed, sizes, methods, crcs, descriptors] = [grow(offset, capacity), grow(compressed, capacity), grow(sizes, capacity), grow(methods, capacity), grow(crcs, capacity), grow(descriptors, capacity)];
        nameAt = grow(nameAt, capacity + 1);
        shared = grow(shared, capacity);
        kept = { capacity, nameAt, shared, offset, compressed, sizes, methods, crcs, descriptors };
      }
      const e = r.entry;
      if (count === 0) prefix = prefixOf(win.subarray(e.nameAt, e.nameAt + e.nameLength));
      let from = e.nameAt;
      if (prefix.length > 0) {
        if (e.nameLength > prefix.length && win.compare(prefix, 0, prefix.length, from, from + prefix.length) === 0) from += prefix.length;
        else storeWhole();
      }
      const length = e.nameAt + e.nameLength - from;
      // What this stored part shares with the one before: nothing at a restart.
      let same = 0;
      if (count % RESTART !== 0) for (const most = Math.min(length, previousLength); same < most && win[from + same] === previous[same]; ) same++;
      if (length > previous.length) {
        const more = Buffer.allocUnsafe(2 * length);
        previous.copy(more, 0, 0, same);
        previous = more;
      }
      win.copy(previous, same, from + same, from + length);
      previousLength = length;
      const used = nameAt[count]!;
      if (used + length - same > names.length) {
        const more = Buffer.allocUnsafe(Math.max(2 * names.length, used + length - same));
        names.copy(more, 0, 0, used);
        names = keptNames = more;
      }
      win.copy(names, used, from + same, from + length);
      shared[count] = same;
      nameAt[count + 1] = used + length - same;
      offset[count] = e.headerOffset + baseOffset;
      compressed[count] = e.compressedSize;
      sizes[count] = e.size;
      methods[count] = e.method;
      crcs[count] = e.crc32;
      descriptors[count] = e.dataDescriptor ? 1 : 0;
      count++;
      r = headerAt(r.next);
    }
    if ((count & 0xffff) !== records % 0x10000) throw r;
    // Views of what was read (no copy: the buffers are kept for the next call).
    const fit = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, length = count): T => a.subarray(0, length) as T;
    return {
      count,
      prefix,
      names: names.subarray(0, nameAt[count]),
      nameAt: fit(nameAt, count + 1),
      shared: fit(shared),
      headerOffset: fit(offset),
      compressedSize: fit(compressed),
      size: fit(sizes),
      method: fit(methods),
      crc32: fit(crcs),
      dataDescriptor: fit(descriptors)
    };
  };
}

/** dirhash.Hash1 from per-file hashes: "h1:" + base64(sha256 of "<hex>  <name>\n" for names in byte order). */
export function summaryHash(files: { name: Buffer; sha256: string }[]): string {
  const sorted = [...files].sort((a, b) => Buffer.compare(a.name, b.name));
  const h = createHash('sha256');
  for (const f of sorted) {
    if (f.name.includes(0x0a)) throw new Error('dirhash: filenames with newlines are not supported');
    h.update(`${f.sha256}  `);
    h.update(f.name);
    h.update('\n');
  }
  return `h1:${h.digest('base64')}`;
}

/** bytes.TrimSpace on a decoded string: ASCII and Unicode White_Space only (not U+FEFF, unlike String.trim). */
export function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
}
