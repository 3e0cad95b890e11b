import { afterAll, describe, expect, test } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { cleanupTemp, makeRepo, tempDir, writeFiles } from './helpers/fixtures.js';
import { setEnv } from './helpers/cache-service.js';
import { parseCacheSettings } from '../src/cache/settings.js';
import { computeCacheKey, platformPart } from '../src/cache/key.js';
import { escapeModulePath, formatNeeded, neededFromGoSums, parseNeeded, removeModuleVersion, removeStaging, stageNeeded, stagingDir, unstage } from '../src/cache/modcache.js';
import { actionsStateStore, memoryState } from '../src/cache/store.js';

afterAll(cleanupTemp);

const LINUX = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' };

describe('parseCacheSettings', () => {
  const read = (values: Record<string, string>) => parseCacheSettings((name) => values[name] ?? '');

  test('defaults: read-write, prefix go-mod-hygiene', () => {
    expect(read({})).toEqual({ mode: 'read-write', prefix: 'go-mod-hygiene' });
  });

  test('values are trimmed; the mode is case-insensitive', () => {
    expect(read({ cache: ' Read ', 'cache-prefix': ' ci-go ' })).toEqual({ mode: 'read', prefix: 'ci-go' });
    expect(read({ cache: 'off' }).mode).toBe('off');
  });

  test('true and false, as setup-go users write them: true = read-write, false = off', () => {
    expect(read({ cache: 'true' }).mode).toBe('read-write');
    expect(read({ cache: 'False' }).mode).toBe('off');
  });

  test('invalid values name the input and what it accepts', () => {
    expect(() => read({ cache: 'yes' })).toThrow(`Invalid input 'cache': "yes". Accepted: read-write, read, off (or true = read-write, false = off).`);
    expect(() => read({ 'cache-prefix': 'a,b' })).toThrow(/^Invalid input 'cache-prefix': "a,b"\. Accepted: up to 256 characters, no commas\.$/);
  });
});

describe('computeCacheKey', () => {
  const sum = (s: string): string => `example.com/${s} v1.0.0 h1:${s}=\n`;

  test('key and restore key: prefix, runner OS and arch, sha256 over the go.sum files', async () => {
    const root = makeRepo({ 'go.mod': 'module a\n', 'go.sum': sum('a'), 'svc/go.mod': 'module b\n', 'svc/go.sum': sum('b') });
    const k = await computeCacheKey(root, [], 'pfx', LINUX);
    expect(k.key).toMatch(/^pfx-Linux-X64-[0-9a-f]{64}$/);
    expect(k.restoreKeys).toEqual(['pfx-Linux-X64-']);
    expect(k.files).toEqual(['go.sum', 'svc/go.sum']);
    expect(k.basis).toBe('go.sum');
    expect((await computeCacheKey(root, [], 'pfx', { RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' })).key).toMatch(/^pfx-macOS-ARM64-/);
  });

  test('the same files give the same key wherever the checkout is; go.mod edits do not change it', async () => {
    const files = { 'go.mod': 'module a\n', 'go.sum': sum('a'), 'svc/go.mod': 'module b\n', 'svc/go.sum': sum('b') };
    const a = await computeCacheKey(makeRepo(files), [], 'p', LINUX);
    const b = await computeCacheKey(makeRepo({ ...files, 'go.mod': 'module a\n\ngo 1.22\n', 'README.md': 'x' }), [], 'p', LINUX);
    expect(b.key).toBe(a.key);
  });

  test('a changed go.sum, or the same go.sum in another directory, changes the key', async () => {
    const base = await computeCacheKey(makeRepo({ 'x/go.mod': 'module a\n', 'x/go.sum': sum('a') }), [], 'p', LINUX);
    const changed = await computeCacheKey(makeRepo({ 'x/go.mod': 'module a\n', 'x/go.sum': sum('a') + sum('b') }), [], 'p', LINUX);
    const moved = await computeCacheKey(makeRepo({ 'y/go.mod': 'module a\n', 'y/go.sum': sum('a') }), [], 'p', LINUX);
    expect(new Set([base.key, changed.key, moved.key]).size).toBe(3);
  });

  test('only the modules that are checked count; go.work.sum counts; relative to the working directory', async () => {
    const root = makeRepo({
      'repo/go.work': 'go 1.22\n',
      'repo/go.work.sum': sum('w'),
      'repo/a/go.mod': 'module a\n',
      'repo/a/go.sum': sum('a'),
      'repo/b/go.mod': 'module b\n',
      'repo/b/go.sum': sum('b'),
      'repo/vendor/x/go.mod': 'module x\n',
      'repo/vendor/x/go.sum': sum('x')
    });
    expect((await computeCacheKey(join(root, 'repo'), [], 'p', LINUX)).files).toEqual(['a/go.sum', 'b/go.sum', 'go.work.sum']);
    expect((await computeCacheKey(join(root, 'repo'), ['!b'], 'p', LINUX)).files).toEqual(['a/go.sum', 'go.work.sum']);
  });

  test('no go.sum: the go.mod files; no go.mod: basis none', async () => {
    const noSum = await computeCacheKey(makeRepo({ 'go.mod': 'module a\n', 'tools/go.mod': 'module t\n' }), [], 'p', LINUX);
    expect(noSum).toMatchObject({ basis: 'go.mod', files: ['go.mod', 'tools/go.mod'] });
    expect(noSum.key).toMatch(/^p-Linux-X64-[0-9a-f]{64}$/);
    expect((await computeCacheKey(makeRepo({ 'README.md': '' }), [], 'p', LINUX)).basis).toBe('none');
  });

  test('outside a runner the platform comes from the process', () => {
    expect(platformPart({})).toBe(`${process.platform === 'linux' ? 'Linux' : process.platform === 'darwin' ? 'macOS' : 'Windows'}-${process.arch === 'x64' ? 'X64' : 'ARM64'}`);
  });
});

/** Files under dir, relative with `/`, sorted; [] when dir is absent. */
function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

describe('module cache files', () => {
  test('escapeModulePath: capitals as !lower, as the module cache spells them', () => {
    expect(escapeModulePath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    expect(escapeModulePath('v1.0.0-RC1')).toBe('v1.0.0-!r!c1');
  });

  test('neededFromGoSums: escaped keys; a zip line wins over a go.mod line; formatNeeded/parseNeeded round-trip', () => {
    const h = 'h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
    const needed = neededFromGoSums([
      `example.com/A v1.0.0/go.mod ${h}\nexample.com/A v1.0.0 ${h}\nexample.com/b v2.0.0-RC1/go.mod ${h}\n`,
      `example.com/b v2.0.0-RC1/go.mod ${h}\nnot a line\n`
    ]);
    expect([...needed]).toEqual([
      ['example.com/!a@v1.0.0', 'zip'],
      ['example.com/b@v2.0.0-!r!c1', 'mod']
    ]);
    expect(formatNeeded(needed)).toBe('zip example.com/!a@v1.0.0\nmod example.com/b@v2.0.0-!r!c1\n');
    expect(parseNeeded(formatNeeded(needed))).toEqual(needed);
  });

  test('stageNeeded: links what go.sum names and what this run downloaded, with the checksum database records and tiles on their paths; nothing else', async () => {
    const mc = tempDir('gmh-mc-');
    const dl = join(mc, 'cache', 'download');
    const v = (p: string, version: string, exts = ['info', 'mod', 'zip', 'ziphash']): Record<string, string> =>
      Object.fromEntries(exts.map((x) => [`${p}/@v/${version}.${x}`, `${p} ${version} ${x}`]));
    const old = {
      ...v('example.com/a', 'v1.0.0'),
      ...v('example.com/a', 'v0.9.0'),
      ...v('example.com/!b', 'v2.0.0'),
      'example.com/a/@v/v1.0.0.lock': '',
      'example.com/a/@v/v1.0.0.zip.partial': '',
      'example.com/a/@v/list': 'v0.9.0\nv1.0.0\n',
      'example.com/d/@v/list': 'v1.0.0\n',
      'example.com/d/@v/v1.0.0.lock': '',
      'stray.bin': 'x',
      // Record 300 is in level-0 tile 1 and level-1/2 tile 0; record 70000 in level-0 tile 273 and level-1 tile 1.
      'sumdb/sum.golang.org/lookup/example.com/a@v1.0.0': '300\nexample.com/a v1.0.0 h1:x\n',
      'sumdb/sum.golang.org/lookup/example.com/a@v0.9.0': '70000\nexample.com/a v0.9.0 h1:x\n',
      'sumdb/sum.golang.org/tile/8/0/001': 't',
      'sumdb/sum.golang.org/tile/8/data/001': 't',
      'sumdb/sum.golang.org/tile/8/1/000': 't',
      'sumdb/sum.golang.org/tile/8/2/000': 't',
      'sumdb/sum.golang.org/tile/8/0/273': 't',
      'sumdb/sum.golang.org/tile/8/1/001': 't',
      'sumdb/sum.golang.org/tile/8/0/x001/234': 't'
    };
    const fresh = { ...v('example.com/c', 'v1.0.0', ['info', 'mod']), 'sumdb/sum.golang.org/tile/8/0/999': 't' };
    writeFiles(dl, { ...old, ...fresh });
    const sec = (s: number): void => {
      for (const f of Object.keys(old)) utimesSync(join(dl, f), s, s);
    };
    sec(1_600_000_000);
    for (const f of Object.keys(fresh)) utimesSync(join(dl, f), 1_700_000_000, 1_700_000_000);
    const needed = new Map([
      ['example.com/a@v1.0.0', 'zip' as const],
      ['example.com/!b@v2.0.0', 'mod' as const]
    ]);
    const r = await stageNeeded(mc, needed, 1_650_000_000_000);
    const stage = stagingDir(mc);
    const staged = listTree(stage);
    expect(staged).toEqual(
      [
        ...Object.keys(v('example.com/a', 'v1.0.0')),
        'example.com/a/@v/list',
        ...Object.keys(v('example.com/!b', 'v2.0.0', ['info', 'mod'])),
        ...Object.keys(fresh),
        'sumdb/sum.golang.org/lookup/example.com/a@v1.0.0',
        'sumdb/sum.golang.org/tile/8/0/001',
        'sumdb/sum.golang.org/tile/8/data/001',
        'sumdb/sum.golang.org/tile/8/1/000',
        'sumdb/sum.golang.org/tile/8/2/000'
      ].sort()
    );
    expect(r).toEqual({ moduleFiles: 8, fresh: 2, otherFiles: 7, bytes: staged.reduce((n, f) => n + statSync(join(dl, f)).size, 0) });
    // Links, not copies: staging costs no space, and keeps the times.
    expect(statSync(join(stage, 'example.com/a/@v/v1.0.0.zip')).ino).toBe(statSync(join(dl, 'example.com/a/@v/v1.0.0.zip')).ino);

    // Staging again starts from an empty directory; nothing needed and nothing new stages nothing.
    const none = await stageNeeded(mc, new Map(), Infinity);
    expect(none).toEqual({ moduleFiles: 0, fresh: 0, otherFiles: 0, bytes: 0 });
    expect(listTree(stage)).toEqual([]);
  });

  test('removeStaging: unlinks the staged links without changing the module cache files they share', async () => {
    const mc = tempDir('gmh-mc-');
    const zip = join(mc, 'cache', 'download', 'example.com/a/@v/v1.0.0.zip');
    writeFiles(join(mc, 'cache', 'download'), { 'example.com/a/@v/v1.0.0.zip': 'z' });
    chmodSync(zip, 0o444);
    const r = await stageNeeded(mc, new Map([['example.com/a@v1.0.0', 'zip' as const]]), Infinity);
    expect(r.moduleFiles).toBe(1);
    await removeStaging(mc);
    expect(existsSync(stagingDir(mc))).toBe(false);
    expect(statSync(zip).mode & 0o777).toBe(0o444);
    chmodSync(zip, 0o644);
  });

  test('unstage: moves restored files into cache/download, keeps files already there, removes the staging directory', async () => {
    const mc = tempDir('gmh-mc-');
    writeFiles(join(mc, 'cache', 'go-mod-hygiene'), { 'example.com/a/@v/v1.0.0.mod': 'restored', 'example.com/a/@v/v1.0.0.zip': 'restored zip' });
    await unstage(mc);
    expect(existsSync(stagingDir(mc))).toBe(false);
    expect(listTree(join(mc, 'cache', 'download'))).toEqual(['example.com/a/@v/v1.0.0.mod', 'example.com/a/@v/v1.0.0.zip']);

    writeFiles(join(mc, 'cache', 'go-mod-hygiene'), { 'example.com/a/@v/v1.0.0.mod': 'other', 'example.com/b/@v/v1.0.0.mod': 'b' });
    await unstage(mc);
    expect(existsSync(stagingDir(mc))).toBe(false);
    expect(readFileSync(join(mc, 'cache', 'download', 'example.com/a/@v/v1.0.0.mod'), 'utf8')).toBe('restored');
    expect(readFileSync(join(mc, 'cache', 'download', 'example.com/b/@v/v1.0.0.mod'), 'utf8')).toBe('b');
  });

  test('removeModuleVersion: removes the read-only extracted tree and that version’s download files, nothing else', async () => {
    const mc = tempDir('gmh-mc-');
    const dl = 'cache/download/example.com/!upper/@v';
    writeFiles(mc, {
      'example.com/!upper@v1.1.0/go.mod': 'module example.com/Upper\n',
      'example.com/!upper@v1.1.0/sub/x.go': 'package sub\n',
      'example.com/!upper@v1.1.0-rc.1/go.mod': 'module example.com/Upper\n',
      [`${dl}/v1.1.0.info`]: '{}',
      [`${dl}/v1.1.0.mod`]: 'm',
      [`${dl}/v1.1.0.zip`]: 'z',
      [`${dl}/v1.1.0.ziphash`]: 'h',
      [`${dl}/v1.1.0-rc.1.zip`]: 'z',
      [`${dl}/list`]: 'v1.1.0\n'
    });
    // As go leaves them without -modcacherw.
    chmodSync(join(mc, 'example.com/!upper@v1.1.0/sub/x.go'), 0o444);
    chmodSync(join(mc, 'example.com/!upper@v1.1.0/sub'), 0o555);
    chmodSync(join(mc, 'example.com/!upper@v1.1.0'), 0o555);
    const removed = await removeModuleVersion(mc, 'example.com/Upper', 'v1.1.0');
    expect(removed.map((p) => p.slice(mc.length + 1)).sort()).toEqual(
      ['example.com/!upper@v1.1.0', `${dl}/v1.1.0.info`, `${dl}/v1.1.0.mod`, `${dl}/v1.1.0.zip`, `${dl}/v1.1.0.ziphash`].sort()
    );
    expect(existsSync(join(mc, 'example.com/!upper@v1.1.0'))).toBe(false);
    expect(existsSync(join(mc, 'example.com/!upper@v1.1.0-rc.1/go.mod'))).toBe(true);
    expect(existsSync(join(mc, `${dl}/v1.1.0-rc.1.zip`))).toBe(true);
    expect(existsSync(join(mc, `${dl}/list`))).toBe(true);
    expect(await removeModuleVersion(mc, 'example.com/Upper', 'v1.1.0')).toEqual([]);
  });

  test('removeModuleVersion refuses anything that could leave the module cache', async () => {
    const mc = tempDir('gmh-mc-');
    mkdirSync(join(mc, 'cache'));
    await expect(removeModuleVersion(mc, '../../etc', 'v1.0.0')).rejects.toThrow('not a module version');
    await expect(removeModuleVersion(mc, 'example.com/a', '../v1')).rejects.toThrow('not a module version');
    await expect(removeModuleVersion(mc, '', 'v1.0.0')).rejects.toThrow('not a module version');
    expect(existsSync(join(mc, 'cache'))).toBe(true);
  });
});

describe('state stores', () => {
  test('actionsStateStore: main reads back what it set; the GITHUB_STATE file gets it for post', () => {
    const file = join(tempDir('gmh-state-'), 'state');
    writeFileSync(file, '');
    const back = setEnv({ GITHUB_STATE: file, 'STATE_gmh-x': undefined });
    try {
      const s = actionsStateStore();
      expect(s.get('gmh-x')).toBe('');
      s.set('gmh-x', '["a b"]');
      expect(s.get('gmh-x')).toBe('["a b"]');
      expect(readFileSync(file, 'utf8')).toMatch(/^gmh-x<<(ghadelimiter_[0-9a-f-]+)\n\["a b"\]\n\1\n$/);
    } finally {
      back();
    }
  });

  test('memoryState starts from values and records sets', () => {
    const s = memoryState({ a: '1' });
    s.set('b', '2');
    expect([s.get('a'), s.get('b'), s.get('c')]).toEqual(['1', '2', '']);
    expect(s.values).toEqual({ a: '1', b: '2' });
  });
});
