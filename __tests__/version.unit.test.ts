/**
 * Whether dist/ equals a fresh bundle is checked by `npm run check-dist` (scripts/check-dist.mjs)
 * in .ci/run: bundling takes minutes on a small machine, too slow for `npm test`.
 */
import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../src/version.js';

const root = join(import.meta.dirname, '..');

test('src/version.ts matches package.json', () => {
  expect(VERSION).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
});
