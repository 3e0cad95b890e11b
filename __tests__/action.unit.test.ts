/** action.yml is the action's interface: it must declare exactly what the code reads and writes, within the Marketplace's limits. */
import { expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Inputs, Outputs } from '../src/constants.js';
import { CacheOutputs } from '../src/cache/store.js';
import { FINDING_KINDS } from '../src/report/model.js';

interface ActionYml {
  description: string;
  inputs: Record<string, { description: string; default?: string; deprecationMessage?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post: string };
}

const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as ActionYml;

test('the description fits the Marketplace (under 125 characters)', () => {
  expect(action.description.length).toBeLessThan(125);
});

test('inputs are exactly the ones the settings read; token is the deprecated github-token', () => {
  expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
  expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
  expect(action.inputs.token!.default).toBe('');
  expect(action.inputs.token!.deprecationMessage).toContain('github-token');
});

test('outputs are exactly the ones the action sets', () => {
  const counts = FINDING_KINDS.map((k) => `${k}-count`);
  expect(Object.keys(action.outputs).sort()).toEqual([...Object.values(Outputs), ...Object.values(CacheOutputs), ...counts].sort());
});

test('runs on node24 from the committed bundle', () => {
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/main/index.js', post: 'dist/post/index.js', 'post-if': 'always()' });
});

test('each bundle ships the licenses of the packages it holds and no others, the lazily loaded cache chunk included', () => {
  const dist = join(import.meta.dirname, '..', 'dist');
  const names = (entry: string): string[] => {
    const lines = readFileSync(join(dist, entry, 'licenses.txt'), 'utf8').split('\n');
    // Each package: after a blank line (or first), its name, then its SPDX license, then its license file.
    return lines.filter((l, i) => (i === 0 || lines[i - 1] === '') && /^(@[a-z0-9._~-]+\/)?[a-z0-9._~-]+$/.test(l) && /^[A-Za-z0-9.+-]+$/.test(lines[i + 1] ?? ''));
  };
  // main's entry only starts the work thread: the work is in lazily loaded chunks (our code with
  // the go spawner, the packages it uses), and @actions/cache's storage SDK in one more, loaded
  // only when a cache is used. Every chunk's packages are still listed.
  expect(readdirSync(join(dist, 'main')).filter((f) => /^\d+\.index\.js$/.test(f))).toHaveLength(3);
  expect(readFileSync(join(dist, 'main', 'index.js'), 'utf8')).not.toContain('@actions/core');
  for (const entry of ['main', 'post']) {
    expect(names(entry)).toEqual(expect.arrayContaining(['@actions/cache', '@azure/storage-blob', '@azure/core-rest-pipeline', 'fast-xml-parser', '@actions/core', 'undici']));
  }
  // Only main talks to the GitHub API: post's bundle holds no octokit, and its licenses say so.
  expect(names('main')).toContain('@octokit/core');
  expect(names('post').filter((n) => n.startsWith('@octokit/') || n === '@actions/github')).toEqual([]);
  expect(names('cli')).toEqual(['diff', 'picomatch']);
});
