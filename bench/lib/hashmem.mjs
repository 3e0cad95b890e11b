// Peak memory of hashing module versions (zip + extracted tree, the pair check) with the hash
// pool alone, 2 lanes, this thread allowed. The pool is the TypeScript compiled on its own, from a
// copy of src/ (to compare two versions, put the other's src/go files into a second copy):
//   mkdir /tmp/hps && cp -r src /tmp/hps/ && ln -s "$PWD/node_modules" /tmp/hps/ && echo '{"type":"module"}' > /tmp/hps/package.json
//   (cd /tmp/hps && npx tsc src/go/hashpool.ts --outDir /tmp/hp --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck --types node)
//   echo '{"type":"module"}' > /tmp/hp/package.json
//   node bench/lib/hashmem.mjs /tmp/hp/go/hashpool.js <GOMODCACHE> path@version...
import { readFileSync } from 'node:fs';
const [hp, mc, ...mvs] = process.argv.slice(2);
const { HashPool, hashModulePair } = await import(hp);
const pool = new HashPool(2, () => true);
const hwm = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
const t0 = Date.now();
for (const mv of mvs) {
  const [p, v] = mv.split('@');
  const esc = p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
  const r = await hashModulePair(pool, `${mc}/cache/download/${esc}/@v/${v}.zip`, `${mc}/${esc}@${v}`, `${p}@${v}`);
  console.log(mv, r.zip === r.dir || r.dirFromZip ? 'ok' : JSON.stringify(r), `hwm ${hwm()} MiB`, JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, x]) => [k, Math.round(x / 1048576)]))), Date.now() - t0, 'ms');
}
await pool.close?.();
console.log('final hwm', hwm());
process.exit(0);
