import { createHash } from 'node:crypto';
import { summaryHash } from './dirhash.js';

/**
 * dirhash Hash1 over named files: "h1:" + base64(sha256 of the lines
 * "<sha256 hex>  <name>\n" sorted by the names' UTF-8 bytes, as Go sorts strings). This is the go.sum hash.
 */
export function hash1(files: { name: string; data: Buffer | string }[]): string {
  return summaryHash(files.map((f) => ({ name: Buffer.from(f.name), sha256: createHash('sha256').update(f.data).digest('hex') })));
}

/** The `/go.mod` line hash of a module's go.mod bytes. */
export function goModHash(data: Buffer | string): string {
  return hash1([{ name: 'go.mod', data }]);
}
