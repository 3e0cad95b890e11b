import { createHash } from 'node:crypto';

/**
 * dirhash Hash1 over named files: "h1:" + base64(sha256 of the lines
 * "<sha256 hex>  <name>\n" sorted by name). This is the go.sum hash.
 */
export function hash1(files: { name: string; data: Buffer | string }[]): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const summary = createHash('sha256');
  for (const f of sorted) {
    if (f.name.includes('\n')) throw new Error(`file name with newline: ${f.name}`);
    const h = createHash('sha256').update(f.data).digest('hex');
    summary.update(`${h}  ${f.name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

/** The `/go.mod` line hash of a module's go.mod bytes. */
export function goModHash(data: Buffer | string): string {
  return hash1([{ name: 'go.mod', data }]);
}
