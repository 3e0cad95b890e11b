// Bundles each entry point with @vercel/ncc into dist/<entry>/index.js (ESM).
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' };
const out = process.argv[2] ?? join(root, 'dist');

await rm(out, { recursive: true, force: true });
for (const [name, entry] of Object.entries(entries)) {
  const { code, assets } = await ncc(join(root, entry), {
    minify: false, sourceMap: false, license: 'licenses.txt', quiet: true, target: 'es2022'
  });
  const dir = join(out, name);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'index.js');
  await writeFile(file, name === 'cli' && !code.startsWith('#!') ? `#!/usr/bin/env node\n${code}` : code);
  if (name === 'cli') await chmod(file, 0o755);
  for (const [asset, { source }] of Object.entries(assets)) {
    await mkdir(dirname(join(dir, asset)), { recursive: true });
    await writeFile(join(dir, asset), source);
  }
}
await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
