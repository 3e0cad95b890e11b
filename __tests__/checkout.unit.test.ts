/** The checkout reader: what it reads, what it refuses and how it says so. */
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, tempDir } from './helpers/fixtures.js';
import { readCheckoutFile, readCheckoutText, refusalMessage, unsafeForGo } from '../src/util/checkout.js';

afterAll(cleanupTemp);

function repo(): { root: string; outside: string } {
  const base = tempDir('gmh-checkout-');
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'SECRET\n');
  writeFileSync(join(root, 'sub', 'file'), 'inside\n');
  return { root, outside };
}

async function outcome(root: string, rel: string, limit?: number): Promise<string> {
  const r = await readCheckoutText(root, join(root, rel), limit);
  return r.ok ? `text ${JSON.stringify(r.text)}` : r.missing ? 'missing' : `${r.refusal.reason}: ${refusalMessage(rel, r.refusal)}`;
}

describe('readCheckoutText', () => {
  test('reads files and links that stay inside; refuses what leaves, loops, breaks or is no file', async () => {
    const { root, outside } = repo();
    symlinkSync('sub/file', join(root, 'inlink'));
    symlinkSync('sub', join(root, 'indir'));
    symlinkSync(join(outside, 'secret'), join(root, 'out'));
    symlinkSync(outside, join(root, 'outdir'));
    symlinkSync('../../outside/secret', join(root, 'sub', 'relout'));
    symlinkSync('/dev/zero', join(root, 'zero'));
    symlinkSync('nowhere', join(root, 'broken'));
    symlinkSync('loop2', join(root, 'loop1'));
    symlinkSync('loop1', join(root, 'loop2'));
    execFileSync('mkfifo', [join(root, 'fifo')]);
    expect({
      file: await outcome(root, 'sub/file'),
      inlink: await outcome(root, 'inlink'),
      throughDir: await outcome(root, 'indir/file'),
      absent: await outcome(root, 'absent'),
      out: await outcome(root, 'out'),
      throughOutDir: await outcome(root, 'outdir/secret'),
      relout: await outcome(root, 'sub/relout'),
      zero: await outcome(root, 'zero'),
      broken: await outcome(root, 'broken'),
      loop: await outcome(root, 'loop1'),
      fifo: await outcome(root, 'fifo'),
      dir: await outcome(root, 'sub'),
      tooLarge: await outcome(root, 'sub/file', 6),
      exactLimit: await outcome(root, 'sub/file', 7)
    }).toEqual({
      file: 'text "inside\\n"',
      inlink: 'text "inside\\n"',
      throughDir: 'text "inside\\n"',
      absent: 'missing',
      out: 'outside: out is a symbolic link to a file outside the repository; not read',
      throughOutDir: 'outside: outdir/secret is reached through a symbolic link to a directory outside the repository; not read',
      relout: 'outside: sub/relout is a symbolic link to a file outside the repository; not read',
      zero: 'outside: zero is a symbolic link to a file outside the repository; not read',
      broken: 'unreadable: broken is a broken symbolic link',
      loop: 'unreadable: loop1 is a symbolic link loop',
      fifo: 'not-a-file: fifo is a named pipe, not a regular file; not read',
      dir: 'not-a-file: sub is a directory, not a regular file; not read',
      tooLarge: 'too-large: sub/file is larger than 6 bytes; not read',
      exactLimit: 'text "inside\\n"'
    });
  });
});

test('readCheckoutFile reads a file whole whatever its size, and whatever its stat says', async () => {
  const { root } = repo();
  const sizes = [0, 1, 4095, 65_535, 65_536, 65_537, 200_000];
  const data = sizes.map((n) => randomBytes(n));
  sizes.forEach((n, i) => writeFileSync(join(root, `f${n}`), data[i]!));
  for (const [i, n] of sizes.entries()) {
    const r = await readCheckoutFile(root, join(root, `f${n}`), 1 << 20);
    expect(r.ok && r.data.equals(data[i]!)).toBe(true);
  }
  const limit = await readCheckoutFile(root, join(root, 'f65537'), 65_536);
  expect(limit.ok ? 'read' : !limit.missing && limit.refusal.reason).toBe('too-large');
  // A regular file whose stat says 0 bytes and that holds more (proc files do): read to its end.
  const status = await readCheckoutText('/proc/self', '/proc/self/status');
  expect(status.ok && status.text.split('\n')[0]).toBe(readFileSync('/proc/self/status', 'utf8').split('\n')[0]);
  expect(status.ok && status.text.includes('\nVmRSS:')).toBe(true);
});

describe('unsafeForGo', () => {
  test('source files and directories go would read through a link out; not testdata, vendor, nested modules; loops end', async () => {
    const { root, outside } = repo();
    const m = join(root, 'm');
    mkdirSync(join(m, 'pkg'), { recursive: true });
    mkdirSync(join(m, 'testdata'));
    mkdirSync(join(m, 'vendor'));
    mkdirSync(join(m, 'nested'));
    writeFileSync(join(m, 'go.mod'), 'module m\n');
    writeFileSync(join(m, 'nested', 'go.mod'), 'module n\n');
    writeFileSync(join(m, 'ok.go'), 'package m\n');
    symlinkSync('ok.go', join(m, 'alias.go'));
    symlinkSync(join(outside, 'secret'), join(m, 'pkg', 'bad.go'));
    symlinkSync(join(outside, 'secret'), join(m, 'notes.txt')); // go reads only .go files
    symlinkSync(join(outside, 'secret'), join(m, 'testdata', 'x.go'));
    symlinkSync(join(outside, 'secret'), join(m, 'vendor', 'y.go'));
    symlinkSync(join(outside, 'secret'), join(m, 'nested', 'z.go'));
    symlinkSync(outside, join(m, 'outdir'));
    symlinkSync('.', join(m, 'pkg', 'loop'));
    symlinkSync('nowhere', join(m, 'docs')); // broken: go fails on nothing here, nor does this
    const found = await unsafeForGo(root, [m]);
    expect(found.map((u) => [u.path.slice(root.length + 1), u.refusal.problem])).toEqual([
      ['m/outdir', 'is a symbolic link to a directory outside the repository'],
      ['m/pkg/bad.go', 'is a symbolic link to a file outside the repository']
    ]);
  });
});
