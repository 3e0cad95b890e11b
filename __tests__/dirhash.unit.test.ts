import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { cachedModulePaths, goTrimSpace, summaryHash, zipDirectoryReader, zipEntries, zipNameReader, type ReadAt } from '../src/go/dirhash.js';
import { hash1 } from '../src/go/hash.js';
import { makeZip } from './helpers/zip.js';

const reader = (zip: Buffer): ReadAt => (position, length) => zip.subarray(position, position + length);
const readZipDirectory = zipDirectoryReader();
const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
/**
 * Stored parts (names after the prefix) front-coded as ZipDirectory.names says, written
 * independently: each name as what it adds to the one before, nothing shared at every 16th.
 */
function frontCoded(parts: string[]): { names: string; shared: number[] } {
  const bytes = parts.map((p) => Buffer.from(p));
  const shared = bytes.map((b, i) => {
    if (i % 16 === 0) return 0;
    let n = 0;
    while (n < b.length && n < bytes[i - 1]!.length && b[n] === bytes[i - 1]![n]) n++;
    return n;
  });
  return { names: Buffer.concat(bytes.map((b, i) => b.subarray(shared[i]))).toString(), shared };
}
const files = [
  { name: 'example.com/lib@v1.0.0/go.mod', data: Buffer.from('module example.com/lib\n') },
  { name: 'example.com/lib@v1.0.0/lib.go', data: Buffer.from('package lib\n'.repeat(200)) },
  { name: 'example.com/lib@v1.0.0/empty.txt', data: Buffer.alloc(0) }
];

describe('module cache paths', () => {
  test('escape capitals in the path and the version, as modfetch does', () => {
    expect(cachedModulePaths('/mc', 'example.com/Upper', 'v1.0.0-RC')).toEqual({
      zip: '/mc/cache/download/example.com/!upper/@v/v1.0.0-!r!c.zip',
      ziphash: '/mc/cache/download/example.com/!upper/@v/v1.0.0-!r!c.ziphash',
      partial: '/mc/cache/download/example.com/!upper/@v/v1.0.0-!r!c.partial',
      dir: '/mc/example.com/!upper@v1.0.0-!r!c'
    });
  });
});

describe('summaryHash (dirhash Hash1)', () => {
  test('is sha256 over "<hex>  <name>" lines in name order', () => {
    const [gomod, lib, empty] = files.map((f) => `${sha(f.data)}  ${f.name}\n`);
    const expected = `h1:${createHash('sha256').update(`${empty}${gomod}${lib}`).digest('base64')}`;
    expect(summaryHash(files.map((f) => ({ name: Buffer.from(f.name), sha256: sha(f.data) })))).toBe(expected);
    expect(hash1(files)).toBe(expected);
  });

  test('sorts names by their UTF-8 bytes, as Go compares strings (not by UTF-16 units)', () => {
    const names = ['m@v1/a\u{1F600}', 'm@v1/a\uFF21']; // F0 9F… sorts after EF BC…, though U+D83D < U+FF21
    const expected = `h1:${createHash('sha256')
      .update(`${sha('2')}  ${names[1]}\n${sha('1')}  ${names[0]}\n`)
      .digest('base64')}`;
    expect(summaryHash([{ name: Buffer.from(names[0]!), sha256: sha('1') }, { name: Buffer.from(names[1]!), sha256: sha('2') }])).toBe(expected);
    // hash1, which the test proxies use for go.sum lines, sorts the same way.
    expect(hash1([{ name: names[0]!, data: '1' }, { name: names[1]!, data: '2' }])).toBe(expected);
  });

  test('refuses a name with a newline, as Hash1 does', () => {
    expect(() => summaryHash([{ name: Buffer.from('m@v1/a\nb'), sha256: sha('') }])).toThrow(/newlines/);
  });
});

test('goTrimSpace trims what bytes.TrimSpace trims, and not a byte order mark', () => {
  expect(goTrimSpace(' \t h1:abc=\r\n')).toBe('h1:abc=');
  expect(goTrimSpace('\u00a0h1:abc=\u3000')).toBe('h1:abc=');
  expect(goTrimSpace('\ufeffh1:abc=\n')).toBe('\ufeffh1:abc=');
});

describe('zipDirectoryReader (archive/zip)', () => {
  test('stored entries: names, sizes and header offsets in stored order', () => {
    const zip = makeZip(files);
    const entries = zipEntries(readZipDirectory(reader(zip), zip.length));
    expect(entries.map((e) => [e.name.toString(), e.method, e.size, e.compressedSize, e.dataDescriptor])).toEqual(
      files.map((f) => [f.name, 0, f.data.length, f.data.length, false])
    );
    expect(entries[0]!.headerOffset).toBe(0);
    expect(zip.readUInt32LE(entries[1]!.headerOffset)).toBe(0x04034b50);
  });

  test('compact: the prefix every name shares stored once, the rest of every name in one buffer, one typed array per field', () => {
    const zip = makeZip(files);
    const d = readZipDirectory(reader(zip), zip.length);
    expect(d.count).toBe(files.length);
    expect(d.prefix.toString()).toBe('example.com/lib@v1.0.0/');
    expect(d.names.toString()).toBe('go.modlib.goempty.txt');
    expect([...d.nameAt]).toEqual([0, 6, 12, 21]);
    expect([...d.shared]).toEqual([0, 0, 0]);
    expect([d.headerOffset, d.compressedSize, d.size, d.method, d.crc32, d.dataDescriptor].map((a) => [a.constructor.name, a.length])).toEqual(
      ['Float64Array', 'Float64Array', 'Float64Array', 'Uint16Array', 'Uint32Array', 'Uint8Array'].map((t) => [t, files.length])
    );
  });

  test('names stored whole when they share no module prefix: none in the first, a later one without it, one that is only it', () => {
    const whole = (names: string[]): { prefix: string; names: string; shared: number[]; entries: string[] } => {
      const zip = makeZip(names.map((name) => ({ name, data: Buffer.from('x') })));
      const d = readZipDirectory(reader(zip), zip.length);
      return { prefix: d.prefix.toString(), names: d.names.toString(), shared: [...d.shared], entries: zipEntries(d).map((e) => e.name.toString()) };
    };
    // No "@" before a "/" in the first name: nothing taken off.
    expect(whole(['go.mod', 'm@v1/a.go'])).toEqual({ prefix: '', names: 'go.modm@v1/a.go', shared: [0, 0], entries: ['go.mod', 'm@v1/a.go'] });
    // The third name lacks the first's prefix: the two before it are stored whole again, in place.
    expect(whole(['m@v1/a.go', 'm@v1/b/c.go', 'other/d.go', 'm@v1/e.go'])).toEqual({
      prefix: '',
      names: 'm@v1/a.gom@v1/b/c.goother/d.gom@v1/e.go',
      shared: [0, 0, 0, 0],
      entries: ['m@v1/a.go', 'm@v1/b/c.go', 'other/d.go', 'm@v1/e.go']
    });
    // Stored again whole: a name that shared part of the one before now shares the prefix too.
    expect(whole(['m@v1/a/x.go', 'm@v1/a/y.go', 'other'])).toEqual({ prefix: '', names: 'm@v1/a/x.goy.goother', shared: [0, 7, 0], entries: ['m@v1/a/x.go', 'm@v1/a/y.go', 'other'] });
    // A name that is the prefix and nothing more (a directory entry): stored whole (here, all of it shared with the one before), so no stored part is ever empty.
    expect(whole(['m@v1/a.go', 'm@v1/'])).toEqual({ prefix: '', names: 'm@v1/a.go', shared: [0, 5], entries: ['m@v1/a.go', 'm@v1/'] });
    expect(whole(['m@v1/'])).toEqual({ prefix: '', names: 'm@v1/', shared: [0], entries: ['m@v1/'] });
    // A newline in the would-be prefix: kept whole, where the hash refuses it.
    expect(whole(['m\n@v1/a.go']).prefix).toBe('');
    // Every name with it: taken off, and each entry's name whole again.
    expect(whole(['x.org/m@v1.2.3/a.go', 'x.org/m@v1.2.3/b@c/d.go'])).toEqual({
      prefix: 'x.org/m@v1.2.3/',
      names: 'a.gob@c/d.go',
      shared: [0, 0],
      entries: ['x.org/m@v1.2.3/a.go', 'x.org/m@v1.2.3/b@c/d.go']
    });
  });

  test('front-coded names: what each adds to the one before, every 16th whole; read back in any order, and stored whole again after 40 names', () => {
    const parts = Array.from({ length: 40 }, (_, i) => `pkg/${String.fromCharCode(97 + Math.floor(i / 8))}/file${i}.go`);
    const zip = makeZip(parts.map((p) => ({ name: `m@v1/${p}`, data: Buffer.from('x') })));
    const d = readZipDirectory(reader(zip), zip.length);
    expect(d.prefix.toString()).toBe('m@v1/');
    expect({ names: d.names.toString(), shared: [...d.shared] }).toEqual(frontCoded(parts));
    expect([d.shared[15], d.shared[16], d.shared[17], d.shared[32]]).toEqual([11, 0, 11, 0]);
    expect(d.names.length).toBeLessThan(parts.join('').length / 2);
    // One reader, asked forwards, backwards, and jumping across restarts: every name whole each time.
    const nameOf = zipNameReader(d);
    for (const i of [0, 1, 2, 39, 38, 17, 16, 15, 31, 33, 5, 5, 0, 39]) expect(nameOf(i).toString()).toBe(parts[i]);
    // A 41st name without the prefix: the 40 before are stored whole again, each restart with the prefix, the others sharing it.
    const other = makeZip([...parts.map((p) => ({ name: `m@v1/${p}`, data: Buffer.from('x') })), { name: 'other.go', data: Buffer.from('x') }]);
    const w = readZipDirectory(reader(other), other.length);
    expect(w.prefix.length).toBe(0);
    expect(zipEntries(w).map((e) => e.name.toString())).toEqual([...parts.map((p) => `m@v1/${p}`), 'other.go']);
    expect([...w.shared]).toEqual([...frontCoded(parts).shared.map((s, i) => (i % 16 === 0 ? 0 : s + 5)), 0]);
    const again = zipNameReader(w);
    for (const i of [40, 16, 17, 0, 39]) expect(again(i).toString()).toBe(i === 40 ? 'other.go' : `m@v1/${parts[i]}`);
  });

  test('more than 65,535 entries without zip64 (the end record counts modulo 65,536): all read, in order', () => {
    const many = Array.from({ length: 65_540 }, (_, i) => ({ name: `m@v1.0.0/f${i}`, data: Buffer.alloc(0) }));
    const zip = makeZip(many);
    expect(zip.readUInt16LE(zip.length - 12)).toBe(4);
    const d = readZipDirectory(reader(zip), zip.length);
    expect(d.count).toBe(65_540);
    expect(d.size.length).toBe(65_540);
    const entries = zipEntries(d);
    expect([entries[0]!.name.toString(), entries[65_539]!.name.toString()]).toEqual(['m@v1.0.0/f0', 'm@v1.0.0/f65539']);
    expect(zip.readUInt32LE(entries[65_539]!.headerOffset)).toBe(0x04034b50);
    // Exactly 65,536: the end record says 0, and a new reader (nothing kept yet) grows from there.
    const wrapped = makeZip(many.slice(0, 65_536));
    expect(wrapped.readUInt16LE(wrapped.length - 12)).toBe(0);
    const w = zipDirectoryReader()(reader(wrapped), wrapped.length);
    expect(w.count).toBe(65_536);
    expect(zipEntries(w).map((e) => e.name.toString())).toEqual(many.slice(0, 65_536).map((e) => e.name));
    expect([...w.headerOffset.subarray(65_534)].map((o) => wrapped.readUInt32LE(o))).toEqual([0x04034b50, 0x04034b50]);
  });

  test('keeps its buffers for the next call: a smaller directory after a larger one is read into the same memory, and both read right', () => {
    const read = zipDirectoryReader();
    const many = Array.from({ length: 500 }, (_, i) => ({ name: `m@v1.0.0/file${i}.go`, data: Buffer.from(`package m // ${i}\n`) }));
    const large = makeZip(many);
    const small = makeZip(files);
    const first = read(reader(large), large.length);
    const firstRead = zipEntries(first).map((e) => [e.name.toString(), e.size, e.headerOffset, e.crc32]);
    expect(firstRead.map(([name, size]) => [name, size])).toEqual(many.map((f) => [f.name, f.data.length]));
    const second = read(reader(small), small.length);
    expect(zipEntries(second).map((e) => [e.name.toString(), e.size])).toEqual(files.map((f) => [f.name, f.data.length]));
    // No allocation for the smaller one: views of the larger one's buffers.
    expect(second.names.buffer).toBe(first.names.buffer);
    expect([second.nameAt, second.headerOffset, second.size, second.crc32].map((a) => a.buffer)).toEqual([first.nameAt, first.headerOffset, first.size, first.crc32].map((a) => a.buffer));
    // The larger one again, over what the smaller one wrote.
    const third = read(reader(large), large.length);
    expect(zipEntries(third).map((e) => [e.name.toString(), e.size, e.headerOffset, e.crc32])).toEqual(firstRead);
    expect([third.prefix.toString(), third.names.toString(), [...third.shared]]).toEqual(['m@v1.0.0/', ...Object.values(frontCoded(many.map((f) => f.name.slice('m@v1.0.0/'.length))))]);
  });

  test('a directory of megabytes is read a window at a time, headers across its edges and one near a header\'s largest', () => {
    // Names of every length from 1 to 700 bytes, and one of 60,000: headers fall across every
    // place a 256 KiB window can end, and one needs most of a window to itself.
    const many = Array.from({ length: 6000 }, (_, i) => ({ name: `m@v1.0.0/${String(i).padStart(5, '0')}${'x'.repeat(i % 700)}`, data: Buffer.alloc(0) }));
    many.splice(3000, 0, { name: `m@v1.0.0/long${'y'.repeat(60_000)}`, data: Buffer.from('long') });
    const zip = makeZip(many);
    const directory = zip.readUInt32LE(zip.length - 10);
    expect(directory).toBeGreaterThan(2_000_000);
    const reads: number[] = [];
    const d = readZipDirectory((position, length) => {
      reads.push(length);
      return zip.subarray(position, position + length);
    }, zip.length);
    expect(zipEntries(d).map((e) => e.name.toString())).toEqual(many.map((e) => e.name));
    expect({ names: d.names.toString(), shared: [...d.shared] }).toEqual(frontCoded(many.map((e) => e.name.slice('m@v1.0.0/'.length))));
    expect(zip.readUInt32LE(d.headerOffset[3000])).toBe(0x04034b50);
    expect(d.size[3000]).toBe(4);
    // Never the directory whole: no read over 256 KiB, and each byte read about once.
    expect(Math.max(...reads)).toBeLessThanOrEqual(256 << 10);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(directory * 1.5);
    // The last header claiming a name longer than the file, or a count one short: refused as when read whole.
    const last = zip.readUInt32LE(zip.length - 6) + many.slice(0, -1).reduce((n, e) => n + 46 + e.name.length, 0);
    expect(zip.readUInt32LE(last)).toBe(0x02014b50);
    const cut = Buffer.from(zip);
    cut.writeUInt16LE(0xffff, last + 28);
    expect(() => readZipDirectory(reader(cut), cut.length)).toThrow('unexpected EOF');
    const short = Buffer.from(zip);
    short.writeUInt16LE(short.readUInt16LE(short.length - 12) - 1, short.length - 12);
    expect(() => readZipDirectory(reader(short), short.length)).toThrow(expect.objectContaining({ name: 'ZipFormatError' }));
  });

  test('a zip64 record claiming 2^40 entries: refused as a zip error, nothing sized from the claim', () => {
    const plain = makeZip(files);
    const cdSize = plain.readUInt32LE(plain.length - 10);
    const cdOffset = plain.readUInt32LE(plain.length - 6);
    const body = plain.subarray(0, plain.length - 22);
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeBigUInt64LE(2n ** 40n, 24);
    record.writeBigUInt64LE(2n ** 40n, 32);
    record.writeBigUInt64LE(BigInt(cdSize), 40);
    record.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(body.length), 8);
    locator.writeUInt32LE(1, 16);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(0xffffffff, 16);
    const zip = Buffer.concat([body, record, locator, end]);
    expect(() => readZipDirectory(reader(zip), zip.length)).toThrow(expect.objectContaining({ name: 'ZipFormatError' }));
  });

  test('deflated entries with data descriptors, as Go writes module zips', () => {
    const zip = makeZip(files, { deflate: true, dataDescriptor: true });
    const entries = zipEntries(readZipDirectory(reader(zip), zip.length));
    expect(entries.map((e) => [e.method, e.dataDescriptor, e.size])).toEqual(files.map((f) => [8, true, f.data.length]));
    expect(entries[1]!.compressedSize).toBeLessThan(files[1]!.data.length);
  });

  test('an archive comment and bytes before the archive (a non-zero base offset)', () => {
    const inner = makeZip(files);
    const comment = Buffer.from('a comment');
    inner.writeUInt16LE(comment.length, inner.length - 2);
    const zip = Buffer.concat([Buffer.from('#!prefix\n'), inner, comment]);
    const entries = zipEntries(readZipDirectory(reader(zip), zip.length));
    expect(entries.map((e) => e.name.toString())).toEqual(files.map((f) => f.name));
    expect(entries[0]!.headerOffset).toBe(9);
  });

  test('a wrong entry count, a truncated archive and no archive at all are refused', () => {
    const zip = makeZip(files);
    const miscounted = Buffer.from(zip);
    miscounted.writeUInt16LE(4, miscounted.length - 12);
    expect(() => readZipDirectory(reader(miscounted), miscounted.length)).toThrow(expect.objectContaining({ name: 'ZipFormatError' }));
    const cut = zip.subarray(0, zip.length - 30);
    expect(() => readZipDirectory(reader(cut), cut.length)).toThrow(expect.objectContaining({ name: 'ZipFormatError' }));
    const junk = Buffer.alloc(5000, 1);
    expect(() => readZipDirectory(reader(junk), junk.length)).toThrow('zip: not a valid zip file');
  });
});
