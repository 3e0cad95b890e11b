// Inflates every deflated entry of module zips the way hashpool.ts can: `handle` (zlib's private
// _handle.writeSync into one reused 1 MiB buffer, the shipped path) or `oneshot` (public
// zlib.inflateRawSync per entry, the fallback). Prints ms and peak RSS for this process.
// usage: node bench/lib/inflate.mjs handle|oneshot ROUNDS ZIP...
import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';

const [how, rounds, ...zips] = process.argv.slice(2);
const CHUNK = 1 << 20;
const output = Buffer.alloc(CHUNK);

function entries(buf) {
  let eocd = buf.length - 22;
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (method === 8) out.push({ data: buf.subarray(start, start + csize), size });
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

const inflater = zlib.createInflateRaw();
inflater.on('error', () => {});
function viaHandle(data) {
  inflater.reset();
  const state = inflater._writeState;
  let total = 0;
  let inOff = 0;
  let inLen = data.length;
  for (;;) {
    inflater._handle.writeSync(zlib.constants.Z_FINISH, data, inOff, inLen, output, 0, CHUNK);
    const [availOut, availIn] = [state[0], state[1]];
    total += CHUNK - availOut;
    inOff += inLen - availIn;
    inLen = availIn;
    if (availOut !== 0) return total;
  }
}
const oneshot = (data, size) => zlib.inflateRawSync(data, { maxOutputLength: size + 1 }).length;

const all = zips.flatMap((z) => entries(readFileSync(z)));
const fn = how === 'handle' ? viaHandle : oneshot;
const t0 = performance.now();
let bytes = 0;
for (let r = 0; r < Number(rounds); r++) for (const e of all) bytes += fn(e.data, e.size);
const ms = performance.now() - t0;
console.log(JSON.stringify({ node: process.version, how, entries: all.length, mib: +(bytes / 2 ** 20).toFixed(1), ms: Math.round(ms), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
