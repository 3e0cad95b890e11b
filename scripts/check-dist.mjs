// The committed dist/ is what runners execute: it must equal a fresh bundle of src/.
// Bundles into a temporary directory and compares file by file (mode and content); run by
// `npm run check-dist` in .ci/run, not by `npm test`, because bundling takes minutes here.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** path → "mode sha256" for every file and directory under `dir`. */
function snapshot(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isDirectory()) {
        out.set(`${rel}/`, `dir ${st.mode.toString(8)}`);
        walk(p);
      } else out.set(rel, `${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

/**
 * How a committed file differs from the fresh one: mode, size, and the first differing line of
 * each, so that a CI log shows the cause (an environment-dependent bundle) and not only the name.
 */
function explain(committed, fresh) {
  const [a, b] = [lstatSync(committed), lstatSync(fresh)];
  const out = [`  mode ${a.mode.toString(8)} committed, ${b.mode.toString(8)} fresh; size ${a.size} committed, ${b.size} fresh`];
  const [x, y] = [readFileSync(committed, 'utf8').split('\n'), readFileSync(fresh, 'utf8').split('\n')];
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? x.length : i;
  if (at < Math.max(x.length, y.length)) {
    const show = (s) => (s === undefined ? '(end of file)' : JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s));
    out.push(`  first difference at line ${at + 1}:`, `    committed: ${show(x[at])}`, `    fresh:     ${show(y[at])}`);
  }
  return out.join('\n');
}

const tmp = mkdtempSync(join(tmpdir(), 'gmh-check-dist-'));
try {
  const fresh = join(tmp, 'dist');
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs'), fresh], { cwd: root, stdio: 'inherit' });
  const want = snapshot(fresh);
  const have = snapshot(join(root, 'dist'));
  const differ = [...new Set([...want.keys(), ...have.keys()])].sort().filter((k) => want.get(k) !== have.get(k));
  if (differ.length > 0) {
    for (const k of differ) {
      const what = !have.has(k) ? 'missing from dist/' : !want.has(k) ? 'not in a fresh bundle' : 'differs';
      console.error(`dist/${k}: ${what}`);
      if (what === 'differs' && !k.endsWith('/')) console.error(explain(join(root, 'dist', k), join(fresh, k)));
    }
    console.error('dist/ is stale: run `npm run build` and commit dist/');
    process.exitCode = 1;
  } else console.log(`dist/ matches a fresh bundle (${want.size} entries)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
