/** The committed dist/ is what runners execute: it must equal a fresh bundle of src/. */
import { expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, snapshot, tempDir } from './helpers/fixtures.js';
import { VERSION } from '../src/version.js';

const root = join(import.meta.dirname, '..');

test('dist/ matches a fresh bundle (run `npm run build` and commit dist/)', () => {
  const out = join(tempDir('gmh-dist-'), 'dist');
  execFileSync('node', ['scripts/bundle.mjs', out], { cwd: root, stdio: 'pipe' });
  expect(snapshot(join(root, 'dist'))).toEqual(snapshot(out));
  cleanupTemp();
}, 180_000);

test('src/version.ts matches package.json', () => {
  expect(VERSION).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
});
