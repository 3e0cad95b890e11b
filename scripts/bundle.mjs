// Bundles each entry point with @vercel/ncc into dist/<entry>/index.js (ESM).
// Everything is written to a sibling directory first and swapped in only once every entry has
// bundled: a failed build leaves the previous dist/ as it was.
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile, chmod, rename } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' };
const out = process.argv[2] ?? join(root, 'dist');
const next = join(dirname(out), `.${basename(out)}.next-${process.pid}`);
const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);

/**
 * licenses.txt for one entry: every package any of its chunks holds, with its license and license
 * file, in the form ncc writes. Written here because ncc's own (license-webpack-plugin) writes one
 * file per chunk under one name, so the last chunk's overwrites the entry's, and it leaves out the
 * packages whose ES modules a lazily loaded chunk concatenates (@actions/cache's storage SDK).
 */
function licenses(stats) {
  const packages = new Map();
  const visit = (m) => {
    for (const inner of m.modules ?? []) visit(inner);
    const at = (m.name ?? '').lastIndexOf('node_modules/');
    if (at < 0) return;
    const parts = m.name.slice(at + 'node_modules/'.length).split('/');
    const dir = join(root, m.name.slice(0, at), 'node_modules', ...parts.slice(0, parts[0].startsWith('@') ? 2 : 1));
    if (packages.has(dir)) return;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)([.-]|$)/i.test(f));
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? '');
    const text = file ? readFileSync(join(dir, file), 'utf8') : '';
    packages.set(dir, [pkg.name, license, text].filter(Boolean).join('\n'));
  };
  for (const m of stats.toJson({ all: false, modules: true, nestedModules: true }).modules) visit(m);
  return [...new Set(packages.values())].sort().join('\n\n');
}

let swapped = false;
try {
  for (const [name, entry] of Object.entries(entries)) {
    // cache: false — ncc's persistent webpack cache (~/.cache/ncc/<hash of cwd>) outlives checkouts:
    // after a build of another commit at the same path, the stats it restores list the bundled
    // modules differently, so licenses.txt came out different from a cold build's (CI failed so).
    const { code, assets, stats } = await ncc(join(root, entry), {
      minify: false, sourceMap: false, quiet: true, target: 'es2022', cache: false
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
    await writeFile(join(dir, 'licenses.txt'), licenses(stats));
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
