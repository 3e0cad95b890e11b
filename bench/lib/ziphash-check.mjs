// Every module zip in one or more module caches hashed by the hash pool and compared with the
// .ziphash go wrote beside it (dirhash.HashZip, computed by go when it downloaded the zip). The
// pool is the TypeScript compiled on its own, as for hashmem.mjs:
//   mkdir /tmp/hps && cp -r src /tmp/hps/ && ln -s "$PWD/node_modules" /tmp/hps/ && echo '{"type":"module"}' > /tmp/hps/package.json
//   (cd /tmp/hps && npx tsc src/go/hashpool.ts --outDir /tmp/hp --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck --types node)
//   echo '{"type":"module"}' > /tmp/hp/package.json
//   node bench/lib/ziphash-check.mjs /tmp/hp/go/hashpool.js <GOMODCACHE>...
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [hp, ...caches] = process.argv.slice(2);
const { HashPool, hashModuleZip } = await import(hp);
const pool = new HashPool(2, () => true);
const zips = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.zip') && existsSync(`${p.slice(0, -4)}.ziphash`)) zips.push(p);
  }
};
for (const mc of caches) walk(join(mc, 'cache', 'download'));
let differ = 0;
const t0 = Date.now();
for (const zip of zips) {
  const want = readFileSync(`${zip.slice(0, -4)}.ziphash`, 'utf8').trim();
  const got = await hashModuleZip(pool, zip).catch((err) => `error: ${err.message}`);
  if (got !== want) {
    differ++;
    console.log('differs', zip, want, got);
  }
}
console.log(`${zips.length - differ} of ${zips.length} zips hash as go recorded, ${differ} differ (${Date.now() - t0} ms)`);
await pool.close();
process.exit(differ === 0 ? 0 : 1);
