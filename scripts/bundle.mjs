// Bundles each entry point with @vercel/ncc into dist/<entry>/index.js (ESM).
// Everything is written to a sibling directory first and swapped in only once every entry has
// bundled: a failed build leaves the previous dist/ as it was.
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile, chmod, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' };
const out = process.argv[2] ?? join(root, 'dist');
const next = join(dirname(out), `.${basename(out)}.next-${process.pid}`);
const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);

let swapped = false;
try {
  for (const [name, entry] of Object.entries(entries)) {
    const { code, assets } = await ncc(join(root, entry), {
      minify: false, sourceMap: false, license: 'licenses.txt', quiet: true, target: 'es2022'
    });
    const dir = join(next, name);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'index.js');
    await writeFile(file, name === 'cli' && !code.startsWith('#!') ? `#!/usr/bin/env node\n${code}` : code);
    if (name === 'cli') await chmod(file, 0o755);
    for (const [asset, { source }] of Object.entries(assets)) {
      await mkdir(dirname(join(dir, asset)), { recursive: true });
      await writeFile(join(dir, asset), source);
    }
  }
  await writeFile(join(next, 'package.json'), '{ "type": "module" }\n');
  await rename(out, old).catch((e) => {
    if (e.code !== 'ENOENT') throw e;
  });
  await rename(next, out);
  swapped = true;
} finally {
  await rm(next, { recursive: true, force: true });
  if (swapped) await rm(old, { recursive: true, force: true });
  // The swap failed half-way: the previous bundle goes back (no-op when it was never moved).
  else await rename(old, out).catch(() => {});
}
