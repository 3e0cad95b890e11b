/**
 * The node-side module cache check against `go mod verify` itself: real go, an offline proxy, a
 * private module cache, and the cache tampered with in each way verify reports. Every scenario
 * asserts that the verifier's problems are exactly what go prints, parsed the same way.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGoRunner, type GoRunner } from '../src/go/runner.js';
import { parseVerify, type VerifyProblem } from '../src/go/parse.js';
import { cachedModulePaths } from '../src/go/dirhash.js';
import { createModuleCacheVerifier, type ModuleCacheVerifier } from '../src/engine/verify.js';
import { goSumLines, writeProxy, type FixtureModule } from './helpers/goproxy.js';
import { cleanupTemp, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { ALL_MODULES, appFiles, upper110 } from './helpers/modules.js';
import { makeZip } from './helpers/zip.js';

/** A module whose proxy zip is deflated with data descriptors, as Go's zip writer makes them. */
const deflated: FixtureModule = {
  path: 'example.com/deflated',
  version: 'v1.0.0',
  files: { 'd.go': `package deflated\n\nconst Text = ${JSON.stringify('lorem ipsum '.repeat(400))}\n`, 'sub/x.txt': 'x\n'.repeat(100) }
};

/** Text that deflate cannot shrink much, `n` bytes of it. */
const hexText = (n: number, seed: string): string => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += `${createHash('sha256').update(`${seed}${i}`).digest('hex')}\n`;
  return out.slice(0, n);
};
/** One entry larger than the 1 MiB a hashing thread holds at once (inflated and compared in pieces); deflated like `deflated`. */
const big: FixtureModule = { path: 'example.com/big', version: 'v1.0.0', files: { 'big.go': 'package big\n', 'data/big.txt': hexText(1.5 * 2 ** 20, 'big') } };
/** 603 files: more than the 256 entries of one part, so its zip (and tree) are checked in 3 parts over the threads. */
const many: FixtureModule = {
  path: 'example.com/many',
  version: 'v1.0.0',
  files: {
    'many.go': 'package many\n',
    ...Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`data/f${String(i).padStart(3, '0')}.txt`, `file ${i}\n`])),
    'zz/last.txt': 'the last file\n'
  }
};

let proxy: string;
beforeAll(() => {
  const dir = tempDir('gmh-proxy-');
  proxy = writeProxy(dir, [...ALL_MODULES, upper110, many]);
  for (const m of [deflated, big]) {
    writeProxy(dir, [m]);
    const prefix = `${m.path}@${m.version}/`;
    const files = { 'go.mod': `module ${m.path}\n\ngo 1.21\n`, ...m.files };
    writeFileSync(
      join(dir, 'example.com', m.path.split('/')[1]!, '@v', `${m.version}.zip`),
      makeZip(Object.entries(files).map(([name, data]) => ({ name: prefix + name, data: Buffer.from(data) })), { deflate: true, dataDescriptor: true })
    );
  }
});
afterAll(cleanupTemp);

interface Setup {
  env: Record<string, string>;
  go: GoRunner;
  modcache: string;
  verifier: ModuleCacheVerifier;
  repo: (files: Record<string, string>) => Promise<string>;
  /** Ours next to go's, for the module in `dir`. */
  both: (dir: string) => Promise<{ ours: VerifyProblem[]; theirs: VerifyProblem[]; log: string[] }>;
  lib: ReturnType<typeof cachedModulePaths>;
}

/**
 * A private module cache; repo() writes a module and downloads what it needs (zips and extracted
 * trees). The verifier reports its own findings (confirm: false) unless told otherwise, so that
 * they can be compared with go's.
 */
function setup(confirm = false): Setup {
  const env = goEnv(proxy);
  const go = createGoRunner({ goBinary: 'go', env, timeoutMs: 60_000 });
  const modcache = env.GOMODCACHE!;
  const verifier = createModuleCacheVerifier({ modcache, threads: 2, confirm });
  return {
    env,
    go,
    modcache,
    verifier,
    lib: cachedModulePaths(modcache, 'example.com/lib', 'v1.0.0'),
    async repo(files) {
      const dir = makeRepo(files);
      const r = await go.run(['mod', 'download'], { cwd: dir, env: {} });
      expect(r.stderr).toBe('');
      return dir;
    },
    async both(dir) {
      const log: string[] = [];
      const run = (args: string[]) => go.run(args, { cwd: dir, env: {} });
      const outcome = await verifier.verify(join(dir, 'go.mod'), run, log);
      expect(outcome.error).toBeNull();
      const r = await run(['mod', 'verify']);
      return { ours: outcome.problems, theirs: r.exitCode === 0 ? [] : parseVerify(r.stderr), log };
    }
  };
}

const libZipWith = (body: string): Buffer =>
  makeZip([
    { name: 'example.com/lib@v1.0.0/go.mod', data: Buffer.from('module example.com/lib\n\ngo 1.21\n') },
    { name: 'example.com/lib@v1.0.0/lib.go', data: Buffer.from(body) }
  ]);

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

describe('module cache check without go mod verify', () => {
  let s: Setup;
  beforeAll(() => {
    s = setup();
  });
  afterAll(async () => {
    await s.verifier.close();
  });

  test('clean cache: nothing reported, as go says; the build list is hashed once', async () => {
    const dir = await s.repo(appFiles());
    const { ours, theirs, log } = await s.both(dir);
    expect(theirs).toEqual([]);
    expect(ours).toEqual([]);
    expect(log).toEqual([expect.stringMatching(/^module cache: 3 module version\(s\) of the build list checked in \d+ ms$/)]);
    expect(s.verifier.stats).toMatchObject({ versions: 3, zipsHashed: 3, dirsHashed: 3, dirsFromZip: 3, fallbacks: 0 });
    // Each tree is its zip's twin: its files compared with the entries, none hashed.
    expect(s.verifier.stats.pool).toMatchObject({ files: 0, compared: s.verifier.stats.pool.zipEntries, dirs: 3 });
    expect(s.verifier.stats.pool.compared).toBeGreaterThan(0);
  });

  test('deflated zips with data descriptors, and capitals escaped in cache paths: clean', async () => {
    const files = {
      'go.mod': 'module example.com/d\n\ngo 1.21\n\nrequire (\n\texample.com/Upper v1.1.0\n\texample.com/deflated v1.0.0\n)\n',
      'go.sum': goSumLines([upper110, { ...deflated, files: { 'go.mod': `module ${deflated.path}\n\ngo 1.21\n`, ...deflated.files } }]),
      'main.go': 'package main\n\nimport (\n\t_ "example.com/Upper"\n\t_ "example.com/deflated"\n)\n\nfunc main() {}\n'
    };
    const dir = await s.repo(files);
    const { ours, theirs } = await s.both(dir);
    expect(theirs).toEqual([]);
    expect(ours).toEqual([]);
    expect(s.verifier.stats.fallbacks).toBe(0);
  });
});

describe('tampered caches: the same findings as go mod verify', () => {
  test('zip modified', async () => {
    const s = setup();
    const dir = await s.repo(appFiles());
    writeFileSync(s.lib.zip, libZipWith('package lib\n\nfunc Hello() string { return "evil" }\n'));
    const { ours, theirs } = await s.both(dir);
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([
      { module: 'example.com/lib', version: 'v1.0.0', problem: 'zip-modified', path: s.lib.zip, text: `example.com/lib v1.0.0: zip has been modified (${s.lib.zip})` }
    ]);
    expect(s.verifier.stats.fallbacks).toBe(0);
    await s.verifier.close();
  });

  test('dir modified: a file changed, a file added, a file removed', async () => {
    const s = setup();
    const dir = await s.repo(appFiles());
    makeWritable(s.lib.dir);
    const expected = [{ module: 'example.com/lib', version: 'v1.0.0', problem: 'dir-modified', path: s.lib.dir, text: `example.com/lib v1.0.0: dir has been modified (${s.lib.dir})` }];
    appendFileSync(join(s.lib.dir, 'lib.go'), '// changed\n');
    const r = await s.both(dir);
    expect(r.ours).toEqual(r.theirs);
    expect(r.ours).toEqual(expected);

    // Results are kept for the run, so each variant gets a fresh verifier.
    writeFileSync(join(s.lib.dir, 'lib.go'), 'package lib\n\nfunc Hello() string { return "v1.0.0" }\n');
    mkdirSync(join(s.lib.dir, 'extra'));
    writeFileSync(join(s.lib.dir, 'extra', 'new.go'), 'package extra\n');
    const v2 = createModuleCacheVerifier({ modcache: s.modcache, threads: 1, confirm: false });
    const run = (args: string[]) => s.go.run(args, { cwd: dir, env: {} });
    const added = await v2.verify(join(dir, 'go.mod'), run, []);
    expect(added.problems).toEqual(expected);

    rmSync(join(s.lib.dir, 'extra'), { recursive: true });
    rmSync(join(s.lib.dir, 'lib.go'));
    const v3 = createModuleCacheVerifier({ modcache: s.modcache, threads: 1, confirm: false });
    const removed = await v3.verify(join(dir, 'go.mod'), run, []);
    expect(removed.problems).toEqual(expected);
    expect(parseVerify((await run(['mod', 'verify'])).stderr)).toEqual(expected);
    await Promise.all([s.verifier.close(), v2.close(), v3.close()]);
  });

  test('zip and dir both modified: two findings, zip first', async () => {
    const s = setup();
    const dir = await s.repo(appFiles());
    writeFileSync(s.lib.zip, libZipWith('package lib // zip\n'));
    makeWritable(s.lib.dir);
    writeFileSync(join(s.lib.dir, 'lib.go'), 'package lib // dir\n');
    const { ours, theirs } = await s.both(dir);
    expect(ours).toEqual(theirs);
    expect(ours.map((p) => p.problem)).toEqual(['zip-modified', 'dir-modified']);
    await s.verifier.close();
  });

  test('missing ziphash', async () => {
    const s = setup();
    const dir = await s.repo(appFiles());
    rmSync(s.lib.ziphash);
    const { ours, theirs } = await s.both(dir);
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([
      {
        module: 'example.com/lib',
        version: 'v1.0.0',
        problem: 'missing-ziphash',
        path: s.lib.ziphash,
        text: `example.com/lib v1.0.0: missing ziphash: open ${s.lib.ziphash}: no such file or directory`
      }
    ]);
    await s.verifier.close();
  });

  test('nothing downloaded, a tree without its zip, a half-extracted tree: what go skips is skipped', async () => {
    const s = setup();
    const dir = await s.repo(appFiles());
    // lib: not downloaded at all; other: tree only (zip removed); dep: tampered tree still being extracted.
    makeWritable(s.lib.dir);
    rmSync(s.lib.dir, { recursive: true });
    rmSync(s.lib.zip);
    rmSync(s.lib.ziphash);
    const other = cachedModulePaths(s.modcache, 'example.com/other', 'v1.0.0');
    rmSync(other.zip);
    const dep = cachedModulePaths(s.modcache, 'example.com/dep', 'v1.0.0');
    makeWritable(dep.dir);
    appendFileSync(join(dep.dir, 'dep.go'), '// changed\n');
    writeFileSync(dep.partial, '');
    const { ours, theirs } = await s.both(dir);
    expect(theirs).toEqual([]);
    expect(ours).toEqual([]);
    expect(s.verifier.stats).toMatchObject({ zipsHashed: 1, dirsHashed: 1 });
    await s.verifier.close();
  });

  test('by default a finding is handed to go mod verify, whose report is the one given', async () => {
    const s = setup(true);
    const dir = await s.repo(appFiles());
    writeFileSync(s.lib.zip, libZipWith('package lib // evil\n'));
    const { ours, theirs, log } = await s.both(dir);
    expect(ours).toEqual(theirs);
    expect(ours.map((p) => p.problem)).toEqual(['zip-modified']);
    expect(log).toEqual([
      expect.stringMatching(/^module cache: 3 module version\(s\) of the build list checked in \d+ ms$/),
      `module cache: checked with go mod verify (example.com/lib v1.0.0: zip has been modified (${s.lib.zip}))`
    ]);
    expect(s.verifier.stats.fallbacks).toBe(1);
    await s.verifier.close();
  });

  test('a zip archive/zip refuses (CRC-32 wrong): go mod verify is asked instead, and its words reported', async () => {
    const s = setup();
    const dir = await s.repo(appFiles());
    const zip = libZipWith('package lib\n\nfunc Hello() string { return "v1.0.0" }\n');
    zip.writeUInt32LE(zip.readUInt32LE(14) ^ 1, 14); // local header CRC, then the central directory's
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(zip.readUInt32LE(cd + 16) ^ 1, cd + 16);
    writeFileSync(s.lib.zip, zip);
    const { ours, theirs, log } = await s.both(dir);
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([expect.objectContaining({ module: 'example.com/lib', problem: 'other', text: 'example.com/lib v1.0.0: zip: checksum error' })]);
    expect(log).toContain('module cache: checked with go mod verify (example.com/lib v1.0.0: zip: checksum error)');
    expect(s.verifier.stats.fallbacks).toBe(1);
    await s.verifier.close();
  });

  test('hashing threads unavailable: go mod verify is asked instead', async () => {
    const s = setup();
    const dir = await s.repo(appFiles());
    await s.verifier.close();
    const { ours, theirs, log } = await s.both(dir);
    expect(ours).toEqual(theirs);
    expect(log[0]).toMatch(/^module cache: checked with go mod verify \(.*the hash pool is closed\)$/);
  });
});

describe('a build list go list -m all cannot read whole', () => {
  // terraform's backend modules: the module replaces the repository root (../../../..), whose go.mod
  // requires a sibling at v0.0.0-00010101000000-000000000000 that only the root replaces. The graph
  // loads (go mod verify works) but no proxy serves that version's .info, so go list -m all fails.
  const files = (): Record<string, string> => {
    const app = appFiles();
    return {
      ...app,
      'go.mod': `${app['go.mod']!}\nrequire example.com/root v0.0.0-00010101000000-000000000000\n\nreplace example.com/root => ./root\n`,
      'root/go.mod': 'module example.com/root\n\ngo 1.21\n\nrequire example.com/sibling v0.0.0-00010101000000-000000000000\n\nreplace example.com/sibling => ./sibling\n',
      'root/root.go': 'package root\n'
    };
  };

  test('the build list read with -e once go mod graph loads the graph: checked without go mod verify, tampering found as go finds it', async () => {
    const s = setup();
    const dir = await s.repo(files());
    const plain = await s.go.run(['list', '-m', '-json', '-mod=mod', 'all'], { cwd: dir, env: {} });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('example.com/sibling@v0.0.0-00010101000000-000000000000');
    const clean = await s.both(dir);
    expect([clean.ours, clean.theirs]).toEqual([[], []]);
    expect(clean.log).toEqual([
      expect.stringMatching(/^module cache: go list -m all failed \(.*example\.com\/sibling@v0\.0\.0-00010101000000-000000000000.*\); the build list read with go list -m -e, the graph being whole$/),
      // dep, other, lib; root and sibling too (not in the cache: nothing to check, as go mod verify skips them).
      expect.stringMatching(/^module cache: 5 module version\(s\) of the build list checked in \d+ ms$/)
    ]);
    expect(s.verifier.stats.fallbacks).toBe(0);
    await s.verifier.close();
    // Another cache, tampered before the check (a verifier reuses what it checked in one run).
    const t = setup();
    const dir2 = await t.repo(files());
    writeFileSync(t.lib.zip, libZipWith('package lib\n\nfunc Hello() string { return "evil" }\n'));
    const tampered = await t.both(dir2);
    expect(tampered.ours).toEqual(tampered.theirs);
    expect(tampered.ours.map((p) => p.problem)).toEqual(['zip-modified']);
    expect(t.verifier.stats.fallbacks).toBe(0);
    await t.verifier.close();
  });

  test('a graph that does not load (a go.mod no proxy serves): go mod verify, as before', async () => {
    const s = setup();
    const dir = await s.repo(files());
    // The root now requires a version the proxy does not have at all: its go.mod is needed for the graph.
    writeFileSync(join(dir, 'root/go.mod'), 'module example.com/root\n\ngo 1.16\n\nrequire example.com/lib v1.9.9\n');
    const log: string[] = [];
    const outcome = await s.verifier.verify(join(dir, 'go.mod'), (args) => s.go.run(args, { cwd: dir, env: {} }), log);
    expect(log[0]).toMatch(/^module cache: checked with go mod verify \(go list -m all failed: .*example\.com\/lib@v1\.9\.9/);
    expect(s.verifier.stats.fallbacks).toBe(1);
    expect(outcome.problems).toEqual([]);
    await s.verifier.close();
  });
});

describe('one run, many modules', () => {
  test('a dependency shared by two modules is hashed once', async () => {
    const s = setup();
    const a = await s.repo(appFiles('', 'example.com/a'));
    const b = await s.repo(appFiles('', 'example.com/b'));
    const filesIn = (d: string): number => readdirSync(d, { recursive: true }).filter((f) => statSync(join(d, String(f))).isFile()).length;
    const treeFiles = ['dep', 'lib', 'other'].reduce((n, m) => n + filesIn(cachedModulePaths(s.modcache, `example.com/${m}`, 'v1.0.0').dir), 0);
    const [ra, rb] = await Promise.all([s.both(a), s.both(b)]);
    expect([ra.ours, rb.ours]).toEqual([[], []]);
    expect(s.verifier.stats).toMatchObject({ versions: 3, zipsHashed: 3, dirsHashed: 3, reused: 3 });
    // Each file of each tree and each zip entry read once, not once per module; the trees' files
    // compared with the zips' entries, not hashed.
    expect(s.verifier.stats.pool.compared).toBe(treeFiles);
    expect(s.verifier.stats.pool.files).toBe(0);
    expect(s.verifier.stats.pool.zipEntries).toBe(treeFiles);
    expect([...ra.log, ...rb.log].some((l) => l.endsWith('(3 already checked for another module)'))).toBe(true);
    await s.verifier.close();
  });

  test('a version whose files changed between two modules is checked again', async () => {
    const s = setup();
    const a = await s.repo(appFiles('', 'example.com/a'));
    makeWritable(s.lib.dir);
    rmSync(s.lib.dir, { recursive: true });
    const ra = await s.both(a);
    expect(ra.ours).toEqual([]);
    // The second module's download extracts lib again, and this time the tree is tampered with.
    const b = await s.repo(appFiles('', 'example.com/b'));
    makeWritable(s.lib.dir);
    appendFileSync(join(s.lib.dir, 'lib.go'), '// changed\n');
    const rb = await s.both(b);
    expect(rb.ours).toEqual(rb.theirs);
    expect(rb.ours.map((p) => p.problem)).toEqual(['dir-modified']);
    expect(s.verifier.stats).toMatchObject({ versions: 4, reused: 2 });
    await s.verifier.close();
  });
});

describe('zip and tree in one pass: a tree is compared with its zip, and hashed on its own when it differs', () => {
  let s: Setup;
  let app: string;
  let bigDir: string;
  let manyDir: string;
  beforeAll(async () => {
    s = setup();
    app = await s.repo({
      'go.mod': 'module example.com/p\n\ngo 1.21\n\nrequire (\n\texample.com/big v1.0.0\n\texample.com/many v1.0.0\n)\n',
      'go.sum': goSumLines([big, many]),
      'main.go': 'package main\n\nimport (\n\t_ "example.com/big"\n\t_ "example.com/many"\n)\n\nfunc main() {}\n'
    });
    bigDir = cachedModulePaths(s.modcache, big.path, big.version).dir;
    manyDir = cachedModulePaths(s.modcache, many.path, many.version).dir;
    makeWritable(bigDir);
    makeWritable(manyDir);
  });
  afterAll(async () => {
    await s.verifier.close();
  });

  /** A fresh verifier's findings (results are kept per verifier) next to go's, and its stats. */
  const check = async () => {
    const v = createModuleCacheVerifier({ modcache: s.modcache, threads: 2, confirm: false });
    try {
      const run = (args: string[]) => s.go.run(args, { cwd: app, env: {} });
      const outcome = await v.verify(join(app, 'go.mod'), run, []);
      expect(outcome.error).toBeNull();
      const r = await run(['mod', 'verify']);
      return { ours: outcome.problems, theirs: r.exitCode === 0 ? [] : parseVerify(r.stderr), stats: v.stats };
    } finally {
      await v.close();
    }
  };
  const modified = (m: FixtureModule, dir: string): VerifyProblem[] => [
    { module: m.path, version: m.version, problem: 'dir-modified', path: dir, text: `${m.path} ${m.version}: dir has been modified (${dir})` }
  ];
  /** Edits a file of a tree for the length of `body`, then puts back what was there. */
  const editing = async (file: string, edit: (file: string) => void, body: () => Promise<void>): Promise<void> => {
    const before = readFileSync(file, { flag: 'r' });
    try {
      edit(file);
      await body();
    } finally {
      writeFileSync(file, before);
    }
  };
  /** The same size, one byte different at `at` (from the end when negative). */
  const flipByte = (at: number) => (file: string) => {
    const b = readFileSync(file);
    const i = at < 0 ? b.length + at : at;
    b[i] = b[i] === 0x61 ? 0x62 : 0x61;
    writeFileSync(file, b);
  };

  test('clean: every tree file compared with its entry and none hashed, one large entry and one module in parts included', async () => {
    const { ours, theirs, stats } = await check();
    expect(theirs).toEqual([]);
    expect(ours).toEqual([]);
    const files = 3 + 603;
    expect(stats).toMatchObject({ zipsHashed: 2, dirsHashed: 2, dirsFromZip: 2, fallbacks: 0 });
    expect(stats.pool).toEqual({ files: 0, compared: files, zipEntries: files, dirs: 2, here: expect.any(Number), renewed: 0 });
  });

  const cases: [string, FixtureModule, string, (file: string) => void][] = [
    ['a small file changed, same size', big, 'big.go', flipByte(8)],
    ['a large entry (1.5 MiB) changed near its end, same size', big, 'data/big.txt', flipByte(-3)],
    ['a large entry with one byte more', big, 'data/big.txt', (f) => appendFileSync(f, 'x')],
    ['a large entry one byte short', big, 'data/big.txt', (f) => truncateSync(f, statSync(f).size - 1)],
    ['a small file with one byte more', many, 'data/f007.txt', (f) => appendFileSync(f, '\n')],
    ['a small file one byte short', many, 'data/f007.txt', (f) => truncateSync(f, statSync(f).size - 1)],
    ['a small file emptied', many, 'many.go', (f) => truncateSync(f, 0)],
    ['the last file of a module checked in parts changed, same size', many, 'zz/last.txt', flipByte(-2)]
  ];
  for (const [what, m, name, edit] of cases) {
    test(`${what}: dir modified, as go says; the tree is hashed on its own`, async () => {
      const dir = m === big ? bigDir : manyDir;
      await editing(join(dir, name), edit, async () => {
        const { ours, theirs, stats } = await check();
        expect(ours).toEqual(theirs);
        expect(ours).toEqual(modified(m, dir));
        // The other module's tree still comes from its zip; this one was hashed file by file.
        expect(stats).toMatchObject({ dirsHashed: 2, dirsFromZip: 1, fallbacks: 0 });
        expect(stats.pool.files).toBe(m === big ? 3 : 603);
      });
    });
  }

  test('a file added to a tree, in a small module and in one checked in parts: dir modified, as go says', async () => {
    for (const [m, dir] of [
      [big, bigDir],
      [many, manyDir]
    ] as const) {
      writeFileSync(join(dir, 'data', 'extra.txt'), 'extra\n');
      try {
        const { ours, theirs, stats } = await check();
        expect(ours).toEqual(theirs);
        expect(ours).toEqual(modified(m, dir));
        expect(stats).toMatchObject({ dirsFromZip: 1, fallbacks: 0 });
      } finally {
        rmSync(join(dir, 'data', 'extra.txt'));
      }
    }
  });

  test('a file missing from a tree, in a small module and in one checked in parts: dir modified, as go says', async () => {
    for (const [m, dir, name] of [
      [big, bigDir, 'big.go'],
      [many, manyDir, 'zz/last.txt']
    ] as const) {
      await editing(join(dir, name), rmSync, async () => {
        const { ours, theirs, stats } = await check();
        expect(ours).toEqual(theirs);
        expect(ours).toEqual(modified(m, dir));
        expect(stats).toMatchObject({ dirsFromZip: 1, fallbacks: 0 });
      });
    }
  });

  test('after all the edits were undone: clean again, from the zips', async () => {
    const { ours, theirs, stats } = await check();
    expect([ours, theirs]).toEqual([[], []]);
    expect(stats).toMatchObject({ dirsFromZip: 2, fallbacks: 0 });
  });
});
