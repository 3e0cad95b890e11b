/**
 * A checksum database for offline tests, as static files that go reads through a
 * file:// URL in GOSUMDB (`<name>+<hash>+<key> file:///dir`): signed tree head,
 * `/lookup/<path>@<version>` records and the hash tiles go checks them with
 * (golang.org/x/mod/sumdb's formats: tlog records and tiles of height 8, an
 * Ed25519-signed note). Up to 256 records, all in the first tile.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { escapePath, moduleHashes, type FixtureModule } from './goproxy.js';

const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const recordHash = (data: Buffer): Buffer => sha256(Buffer.from([0]), data);
const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.from([1]), left, right);

/** RFC 6962 Merkle tree hash of the leaves, as tlog.TreeHash computes it. */
function treeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

/** One module version the database vouches for: its go.sum lines (zip and /go.mod). */
export interface SumdbRecord {
  path: string;
  version: string;
  zip: string;
  goMod: string;
}

/** The record a checksum database keeps for a fixture module, from its real content. */
export function sumdbRecord(m: FixtureModule): SumdbRecord {
  const h = moduleHashes(m);
  return { path: m.path, version: m.version, zip: h.zip, goMod: h.goMod };
}

/** Writes the database for `records` under `dir`; returns the GOSUMDB value that points go at it. */
export function writeSumdb(dir: string, name: string, records: SumdbRecord[]): string {
  if (records.length === 0 || records.length > 256) throw new Error('writeSumdb: 1 to 256 records');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const keyBytes = Buffer.concat([Buffer.from([1]), pub]); // algorithm 1: Ed25519
  const keyHash = sha256(Buffer.from(`${name}\n`), keyBytes).subarray(0, 4);
  const verifierKey = `${name}+${keyHash.toString('hex')}+${keyBytes.toString('base64')}`;

  const texts = records.map((r) => Buffer.from(`${r.path} ${r.version} ${r.zip}\n${r.path} ${r.version}/go.mod ${r.goMod}\n`));
  const leaves = texts.map(recordHash);
  const tree = `go.sum database tree\n${leaves.length}\n${treeHash(leaves).toString('base64')}\n`;
  const signature = sign(null, Buffer.from(tree), privateKey);
  const signed = `${tree}\n\u2014 ${name} ${Buffer.concat([keyHash, signature]).toString('base64')}\n`;

  const put = (rel: string, data: string | Buffer): void => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), data);
  };
  records.forEach((r, id) => {
    put(`lookup/${escapePath(r.path)}@${escapePath(r.version)}`, `${id}\n${texts[id]!.toString()}\n${signed}`);
  });
  // Level-0 tile 0 at every width go may ask for (it asks for the tree's width; narrower ones cost nothing).
  for (let w = 1; w <= leaves.length; w++) put(w === 256 ? 'tile/8/0/000' : `tile/8/0/000.p/${w}`, Buffer.concat(leaves.slice(0, w)));
  put('latest', signed);
  return `${verifierKey} file://${dir}`;
}
