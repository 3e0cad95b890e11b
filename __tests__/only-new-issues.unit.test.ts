/**
 * Input `only-new-issues` on a pull request: only the PR's own failures fail the step. The verdict,
 * the annotations, the comment decision and the resolved comment all agree with that, and failures
 * already there stay in sight in a folded section of their own.
 */
import { describe, expect, test } from '@jest/globals';
import { headline, renderMarkdown } from '../src/report/markdown.js';
import { resolvedBody } from '../src/github/comment.js';
import { planAnnotations } from '../src/github/annotations.js';
import { failsOnlyNew, prScope, worthAComment } from '../src/github/scope.js';
import { buildReport, checksumMismatch, H1, H2, mod } from './helpers/reports.js';
import type { Finding, Report } from '../src/report/model.js';

const FOOT = '<sub>go `1.26.8` · `GOPROXY=https://proxy.golang.org,direct` · go-mod-hygiene 0.1.0</sub>';
const MISMATCH_HINT = (dir: string): string =>
  `Replace each committed hash with the authoritative one (or delete those lines and run \`go -C ${dir} mod download\`, which checks the checksum database again). Do not switch checksum verification off (GOSUMDB=off, GONOSUMDB, GOFLAGS=-insecure) to make this go away: a hash that disagrees with the checksum database means the go.sum was edited, or the code you build is not the code everyone else got.`;

const mismatch = (file: string, line = 3): Finding => checksumMismatch({ file, line, message: `${file}:${line}: checksum mismatch` });
const pseudo = (file: string): Finding => ({
  kind: 'pseudo-version',
  file,
  line: 5,
  message: 'example.com/x v0.0.0-20240101000000-abcdefabcdef is a pseudo-version',
  module: 'example.com/x',
  version: 'v0.0.0-20240101000000-abcdefabcdef',
  commitTime: '2024-01-01T00:00:00Z',
  revision: 'abcdefabcdef',
  directive: 'require'
});

/** `a` fails by this PR (it changed a/go.sum), `b` failed before it (two lines) and has an advisory, `c` is clean. */
function pr(): { report: Report; scope: ReturnType<typeof prScope> } {
  const report = buildReport({ modules: [mod('a', 'example.com/a', [mismatch('a/go.sum')]), mod('b', 'example.com/b', [mismatch('b/go.sum'), mismatch('b/go.sum', 4), pseudo('b/go.mod')]), mod('c', 'example.com/c')] });
  const scope = prScope(report, [{ filename: 'a/go.sum', patch: '@@ -3 +3 @@\n-x\n+y' }], '');
  report.failed = failsOnlyNew(report, scope);
  return { report, scope };
}

/** Only `b`, untouched by the PR, fails: the step passes. */
function oldOnly(): { report: Report; scope: ReturnType<typeof prScope> } {
  const report = buildReport({ modules: [mod('a', 'example.com/a'), mod('b', 'example.com/b', [mismatch('b/go.sum')])] });
  const scope = prScope(report, [{ filename: 'README.md', patch: '@@ -1 +1 @@\n-a\n+b' }], '');
  report.failed = failsOnlyNew(report, scope);
  return { report, scope };
}

const mismatchDiff = (file: string, lines: number[]): string[] => [
  `\`${file}\`: \`-\` committed, \`+\` authoritative (from \`sum.golang.org\`)`,
  '',
  '```diff',
  ...lines.flatMap((l) => [`@@ -${l} +${l} @@`, `-example.com/lib v1.0.0 ${H2}`, `+example.com/lib v1.0.0 ${H1}`]),
  '```'
];

describe('renderMarkdown with only-new-issues', () => {
  test("a PR with a failure of its own: the verdict counts only its failures; those already there are folded apart, before the advisories", () => {
    const { report, scope } = pr();
    expect(report.failed).toBe(true);
    expect(renderMarkdown(report, { title: 'go-mod-hygiene', scope: scope.scope, onlyNewIssues: true, fullReportHint: 'See the job summary.' })).toBe(
      [
        '### go-mod-hygiene',
        '',
        '❌ **1 of 3 modules fails by this PR** · 2 failures already there · 1 advisory',
        '',
        '- ❌ `a`: checksum mismatch — put the authoritative hashes in go.sum (diff below)',
        '- ✅ 1 module clean · ⚠️ 1 module with failures already there',
        '',
        '<details open><summary>❌ <code>a</code> <code>example.com/a</code> — checksum mismatch</summary>',
        '',
        '**checksum mismatch**',
        '',
        ...mismatchDiff('a/go.sum', [3]),
        '',
        MISMATCH_HINT('a'),
        '',
        '</details>',
        '',
        '<details><summary>⚠️ 2 failures already there in 1 module: not changed by this PR, not failing it (only-new-issues)</summary>',
        '',
        '- ❌ `b`: checksum mismatch ×2 — put the authoritative hashes in go.sum (diff below)',
        '',
        '#### `b`',
        '',
        '**checksum mismatch**',
        '',
        ...mismatchDiff('b/go.sum', [3, 4]),
        '',
        MISMATCH_HINT('b'),
        '',
        '</details>',
        '',
        '_1 advisory on lines this PR did not change is left out. See the job summary._',
        '',
        FOOT,
        ''
      ].join('\n')
    );
  });

  test('only failures already there: the verdict says the PR passes and what is already there; nothing is hidden', () => {
    const { report, scope } = oldOnly();
    expect(report.failed).toBe(false);
    expect(renderMarkdown(report, { title: 'go-mod-hygiene', scope: scope.scope, onlyNewIssues: true })).toBe(
      [
        '### go-mod-hygiene',
        '',
        '⚠️ 2 modules checked, **passes**: nothing this PR changed fails · 1 failure already there',
        '',
        '✅ 1 module clean · ⚠️ 1 module with failures already there',
        '',
        '<details><summary>⚠️ 1 failure already there in 1 module: not changed by this PR, not failing it (only-new-issues)</summary>',
        '',
        '- ❌ `b`: checksum mismatch — put the authoritative hashes in go.sum (diff below)',
        '',
        '#### `b`',
        '',
        '**checksum mismatch**',
        '',
        ...mismatchDiff('b/go.sum', [3]),
        '',
        MISMATCH_HINT('b'),
        '',
        '</details>',
        '',
        FOOT,
        ''
      ].join('\n')
    );
  });

  test('without the input, or without a scope, every failure fails as before', () => {
    const { report, scope } = oldOnly();
    report.failed = true;
    expect(headline(report, scope.scope)).toBe('❌ **1 of 2 modules fails** (0 by this PR)');
    expect(headline(report, undefined, true)).toBe('❌ **1 of 2 modules fails**');
    expect(renderMarkdown(report, { scope: scope.scope })).not.toContain('already there in');
  });

  test('the size guard: rows and details of failures already there give way after this PR’s', () => {
    const { report, scope } = pr();
    const md = renderMarkdown(report, { scope: scope.scope, onlyNewIssues: true, maxRows: 1, maxDetails: 1, fullReportHint: 'See the job summary.' });
    expect(md).toContain(
      '<details><summary>⚠️ 2 failures already there in 1 module: not changed by this PR, not failing it (only-new-issues)</summary>\n\n- … 1 more with failures already there\n\n</details>'
    );
    expect(md).toContain('_Some details were shortened to fit. See the job summary._');
  });
});

describe('annotations with only-new-issues', () => {
  test("errors only for the PR's failures; findings already there get none (as golangci-lint-action); the run's settings keep theirs", () => {
    const { report, scope } = pr();
    report.environment = [{ kind: 'risky-setting', message: 'GOFLAGS=-mod=mod lets go change go.mod', variable: 'GOFLAGS', value: '-mod=mod', risk: 'x' }];
    expect(planAnnotations(report, '', { scope: scope.scope }).map((a) => [a.level, a.file, a.line, a.title])).toEqual([
      ['error', 'a/go.sum', 3, 'go-mod-hygiene: checksum-mismatch'],
      ['warning', undefined, undefined, 'go-mod-hygiene: risky-setting']
    ]);
    // Without the input every finding is annotated, failures as errors.
    expect(planAnnotations(report, '').map((a) => [a.level, a.file, a.line])).toEqual([
      ['error', 'a/go.sum', 3],
      ['error', 'b/go.sum', 3],
      ['error', 'b/go.sum', 4],
      ['warning', undefined, undefined],
      ['warning', 'b/go.mod', 5]
    ]);
  });

  test('a failing kind of the run’s settings that the PR did not bring is a warning: it does not fail the step', () => {
    const { report, scope } = oldOnly();
    report.failOn = [...report.failOn, 'risky-setting'];
    report.environment = [{ kind: 'risky-setting', message: 'GOSUMDB=off', variable: 'GOSUMDB', value: 'off', risk: 'x' }];
    expect(failsOnlyNew(report, scope)).toBe(false);
    expect(planAnnotations(report, '', { scope: scope.scope }).map((a) => [a.level, a.title])).toEqual([['warning', 'go-mod-hygiene: risky-setting']]);
  });
});

describe('the comment decision with only-new-issues', () => {
  test('failures already there are no reason to comment (comment: auto); a failure of the PR is', () => {
    expect(worthAComment(oldOnly().report, oldOnly().scope, true)).toBe(false);
    expect(worthAComment(oldOnly().report, oldOnly().scope)).toBe(true);
    expect(worthAComment(pr().report, pr().scope, true)).toBe(true);
  });

  test('a resolved comment does not call failures already there clean', () => {
    const { report } = pr();
    report.modules[0]!.findings = [];
    expect(resolvedBody(report, '<!-- m -->', 'go-mod-hygiene')).toBe(
      '<!-- m -->\n### go-mod-hygiene\n\n✅ Resolved: nothing this PR changed fails. 2 failures already there and 1 advisory (not changed by this PR, not failing it: only-new-issues) are in the job summary.\n'
    );
    expect(resolvedBody(oldOnly().report, '<!-- m -->', 'go-mod-hygiene')).toBe(
      '<!-- m -->\n### go-mod-hygiene\n\n✅ Resolved: nothing this PR changed fails. 1 failure already there (not changed by this PR, not failing it: only-new-issues) is in the job summary.\n'
    );
  });
});
