/** The committed vendor/ against a fresh one, pair by pair, a chunk at a time (no go needed). */
import { afterAll, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, tempDir } from './helpers/fixtures.js';
import { compareTrees } from '../src/engine/vendor.js';

afterAll(cleanupTemp);

const CHUNK = 64 * 1024;

/** A repository with `vendor/` (committed) and a scratch `fresh/` beside it, outside the repository. */
function trees(files: Record<string, Buffer>, edit: (committed: string) => void): { root: string; committed: string; fresh: string } {
  const base = tempDir('gmh-vcompare-');
  const root = join(base, 'repo');
  const committed = join(root, 'vendor');
  const fresh = join(base, 'fresh');
  const outside = join(base, 'outside');
  for (const dir of [committed, fresh, outside]) {
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), data);
    }
  }
  edit(committed);
  return { root, committed, fresh };
}

/** This process's open files under `dir` (other files of the jest worker come and go meanwhile). */
const openUnder = (dir: string): string[] =>
  readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(`${dir}/`) ? [target] : [];
    } catch {
      return []; // closed meanwhile
    }
  });

test('the same bytes in every size around a chunk: no difference, and every file closed again', async () => {
  const files: Record<string, Buffer> = {
    'modules.txt': Buffer.from('# example.com/lib v1.0.0\n## explicit\nexample.com/lib\n'),
    'empty.go': Buffer.alloc(0),
    'a/one-chunk.bin': randomBytes(CHUNK),
    'a/chunk-minus-one.bin': randomBytes(CHUNK - 1),
    'a/chunk-plus-one.bin': randomBytes(CHUNK + 1),
    'b/three-chunks.bin': randomBytes(3 * CHUNK + 17)
  };
  const { root, committed, fresh } = trees(files, () => undefined);
  expect(await compareTrees(committed, fresh, root)).toEqual({ changed: [], missing: [], extra: [], refused: [] });
  expect(openUnder(join(root, '..'))).toEqual([]);
});

test('a difference anywhere, in any chunk, in length either way, or in which files there are', async () => {
  const big = randomBytes(3 * CHUNK + 17);
  const files: Record<string, Buffer> = {
    'first-byte.bin': big,
    'second-chunk.bin': big,
    'last-byte.bin': big,
    'shorter.bin': big,
    'longer.bin': big,
    'chunk-longer.bin': randomBytes(CHUNK),
    'emptied.go': Buffer.from('package x\n'),
    'same.go': Buffer.from('package same\n'),
    'deleted.go': Buffer.from('package gone\n')
  };
  const flip = (data: Buffer, at: number): Buffer => {
    const copy = Buffer.from(data);
    copy[at] = copy[at]! ^ 1;
    return copy;
  };
  const { root, committed, fresh } = trees(files, (c) => {
    writeFileSync(join(c, 'first-byte.bin'), flip(big, 0));
    writeFileSync(join(c, 'second-chunk.bin'), flip(big, CHUNK + 5));
    writeFileSync(join(c, 'last-byte.bin'), flip(big, big.length - 1));
    writeFileSync(join(c, 'shorter.bin'), big.subarray(0, 2 * CHUNK));
    writeFileSync(join(c, 'longer.bin'), Buffer.concat([big, Buffer.from('x')]));
    writeFileSync(join(c, 'chunk-longer.bin'), Buffer.concat([files['chunk-longer.bin']!, Buffer.from('x')]));
    writeFileSync(join(c, 'emptied.go'), '');
    writeFileSync(join(c, 'added.go'), 'package extra\n');
    rmSync(join(c, 'deleted.go'));
  });
  const r = await compareTrees(committed, fresh, root);
  expect(r).toEqual({
    changed: ['chunk-longer.bin', 'emptied.go', 'first-byte.bin', 'last-byte.bin', 'longer.bin', 'second-chunk.bin', 'shorter.bin'],
    missing: ['deleted.go'],
    extra: ['added.go'],
    refused: []
  });
  expect(openUnder(join(root, '..'))).toEqual([]);
});

test('a committed file that is a link: followed inside the repository, refused (not read) when it leaves', async () => {
  const files = { 'inside.go': Buffer.from('package inside\n'), 'leaves.go': Buffer.from('SECRET\n'), 'real.go': Buffer.from('package inside\n') };
  const { root, committed, fresh } = trees(files, (c) => {
    for (const f of ['inside.go', 'leaves.go']) rmSync(join(c, f));
    symlinkSync('real.go', join(c, 'inside.go'));
    // The link's target (base/outside/leaves.go) has exactly the bytes go writes: were it read, it would compare equal.
    symlinkSync(join(c, '..', '..', 'outside', 'leaves.go'), join(c, 'leaves.go'));
  });
  const r = await compareTrees(committed, fresh, root);
  expect(r.changed).toEqual([]);
  expect(r.refused).toEqual([{ file: 'leaves.go', refusal: { reason: 'outside', problem: 'is a symbolic link to a file outside the repository' } }]);
  expect(openUnder(join(root, '..'))).toEqual([]);
});
