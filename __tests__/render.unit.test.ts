import { describe, expect, test } from '@jest/globals';
import { marked } from 'marked';
import { renderMarkdown, headline } from '../src/report/markdown.js';
import { renderBody, commentMarker } from '../src/github/comment.js';
import { suggestionBody } from '../src/github/suggestions.js';
import { code, codeBlock, text, htmlCode, sanitize } from '../src/report/escape.js';
import { HOSTILE as WORKFLOW_HOSTILE } from './helpers/workflow-commands.js';
import { emptyCounts, type ChecksumMismatchFinding, type Report, type ModuleReport } from '../src/report/model.js';
import { checksumMismatch, H1, H2 } from './helpers/reports.js';


function baseReport(modules: ModuleReport[], over: Partial<Report> = {}): Report {
  const counts = emptyCounts();
  for (const m of modules) for (const f of m.findings) counts[f.kind]++;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    schemaVersion: 1,
    tool: { name: 'go-mod-hygiene', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    root: '/repo',
    go: { version: '1.26.8', env: { GOPROXY: 'https://proxy.golang.org,direct' } },
    workspace: null,
    workspaces: [],
    environment: [],
    modules,
    skipped: [],
    counts,
    failOn: ['untidy', 'checksum-mismatch'],
    outcome: total ? 'findings' : 'clean',
    failed: total > 0,
    notices: [],
    ...over
  };
}

const mod = (dir: string, path: string, findings: ModuleReport['findings'] = [], extra: Partial<ModuleReport> = {}): ModuleReport => ({
  dir,
  path,
  goVersion: '1.21',
  toolchain: null,
  status: findings.length ? 'findings' : 'clean',
  findings,
  skippedSteps: [],
  durationMs: 1,
  ...extra
});

const mismatch = (): ChecksumMismatchFinding => checksumMismatch();
const pseudo = (): ModuleReport['findings'][number] => ({
  kind: 'pseudo-version',
  file: 'tools/go.mod',
  line: 5,
  message: 'example.com/x v0.0.0-20240101000000-abcdefabcdef is a pseudo-version',
  module: 'example.com/x',
  version: 'v0.0.0-20240101000000-abcdefabcdef',
  commitTime: '2024-01-01T00:00:00Z',
  revision: 'abcdefabcdef',
  directive: 'require'
});

/** A failing module, one with an advisory only, and a clean one. */
const threeModules = (): Report => {
  const r = baseReport([mod('.', 'example.com/app', [mismatch()]), mod('tools', 'example.com/tools', [pseudo()]), mod('web', 'example.com/web')]);
  r.failed = true;
  return r;
};

const FAILING_DETAILS = [
  '<details open><summary>❌ <code>.</code> <code>example.com/app</code> — checksum mismatch</summary>',
  '',
  '**checksum mismatch**',
  '',
  '`go.sum`: `-` committed, `+` authoritative (from `sum.golang.org`)',
  '',
  '```diff',
  '@@ -3 +3 @@',
  `-example.com/lib v1.0.0 ${H2}`,
  `+example.com/lib v1.0.0 ${H1}`,
  '```',
  '',
  'Replace each committed hash with the authoritative one (or delete those lines and run `go mod download`, which checks the checksum database again). Do not switch checksum verification off (GOSUMDB=off, GONOSUMDB, GOFLAGS=-insecure) to make this go away: a hash that disagrees with the checksum database means the go.sum was edited, or the code you build is not the code everyone else got.',
  '',
  '</details>'
];
const ADVISORIES = [
  '<details><summary>⚠️ 1 advisory in 1 module (not failing)</summary>',
  '',
  '#### `tools`',
  '',
  '**pseudo-version**',
  '',
  '- `tools/go.mod:5` `example.com/x v0.0.0-20240101000000-abcdefabcdef is a pseudo-version`',
  '',
  'Prefer a tagged release when one exists; a commit pinned by hash gets no update notifications.',
  '',
  '</details>'
];
const FOOT = '<sub>go `1.26.8` · `GOPROXY=https://proxy.golang.org,direct` · go-mod-hygiene 0.1.0</sub>';

describe('renderMarkdown exact output', () => {
  test('comment: the verdict, one line per failing module with its fix, the clean ones in one line, failures open, advisories folded', () => {
    expect(renderMarkdown(threeModules(), { title: 'go-mod-hygiene' })).toBe(
      [
        '### go-mod-hygiene',
        '',
        '❌ **1 of 3 modules fails** · 1 advisory',
        '',
        '- ❌ `.`: checksum mismatch — put the authoritative hashes in go.sum (diff below)',
        '- ✅ 1 module clean · ⚠️ 1 module with advisories only',
        '',
        ...FAILING_DETAILS,
        '',
        ...ADVISORIES,
        '',
        FOOT,
        ''
      ].join('\n')
    );
  });

  test('comment on a pull request: failures marked as its own or already there; advisories it did not touch left to the job summary', () => {
    expect(renderMarkdown(threeModules(), { title: 'go-mod-hygiene', scope: () => 'before', fullReportHint: 'See the job summary.' })).toBe(
      [
        '### go-mod-hygiene',
        '',
        '❌ **1 of 3 modules fails** (0 by this PR) · 1 advisory',
        '',
        '- ❌ `.`: checksum mismatch · *already there* — put the authoritative hashes in go.sum (diff below)',
        '- ✅ 1 module clean · ⚠️ 1 module with advisories only',
        '',
        ...FAILING_DETAILS,
        '',
        '_1 advisory on lines this PR did not change is left out. See the job summary._',
        '',
        FOOT,
        ''
      ].join('\n')
    );
    // The same advisory on a line the PR changed is shown, and says so.
    const touched = renderMarkdown(threeModules(), { scope: () => 'pr', fullReportHint: 'See the job summary.' });
    expect(touched.split('\n').slice(0, 3)).toEqual(['❌ **1 of 3 modules fails** (1 by this PR) · 1 advisory', '', '- ❌ `.`: checksum mismatch · *this PR* — put the authoritative hashes in go.sum (diff below)']);
    expect(touched).toContain('<details><summary>⚠️ 1 advisory in 1 module on lines this PR changed (not failing)</summary>');
    expect(touched).not.toContain('left out');
  });

  test('one module failing for two reasons, one of them this PR: each kind marked, go.sum fixed before tidy', () => {
    const untidy: ModuleReport['findings'][number] = {
      kind: 'untidy',
      file: 'app/go.mod',
      message: 'go mod tidy would change: 1 require(s) to add',
      changes: {
        requiresAdded: [{ path: 'example.com/other', version: 'v1.0.0', indirect: false }],
        requiresRemoved: [],
        versionsChanged: [],
        indirectChanged: [],
        otherGoModLines: [],
        sumAdded: [],
        sumRemoved: [],
        diff: 'diff current/go.mod tidy/go.mod\n--- current/go.mod\n+++ tidy/go.mod\n@@ -5,0 +5,1 @@\n+require example.com/other v1.0.0\n',
        againstCorrectedGoSum: true
      }
    };
    const r = baseReport([mod('app', 'example.com/app', [untidy, { ...mismatch(), file: 'app/go.sum' }, { ...mismatch(), file: 'app/go.sum', line: 4, hash: 'go.mod' }])]);
    const md = renderMarkdown(r, { scope: (_d, f) => (f.kind === 'untidy' ? 'pr' : 'before') });
    expect(md.split('\n').slice(0, 3)).toEqual([
      '❌ **1 of 1 module fails** (1 by this PR)',
      '',
      '- ❌ `app`: checksum mismatch ×2 (*already there*), untidy (*this PR*) — put the authoritative hashes in go.sum (diff below), then run `go -C app mod tidy`'
    ]);
    expect(md).toContain(
      [
        '`app/go.sum`: `-` committed, `+` authoritative (from `sum.golang.org`)',
        '',
        '```diff',
        '@@ -3 +3 @@',
        `-example.com/lib v1.0.0 ${H2}`,
        `+example.com/lib v1.0.0 ${H1}`,
        '@@ -4 +4 @@',
        `-example.com/lib v1.0.0/go.mod ${H2}`,
        `+example.com/lib v1.0.0/go.mod ${H1}`,
        '```'
      ].join('\n')
    );
    expect(md.indexOf('**checksum mismatch**')).toBeLessThan(md.indexOf('**untidy**'));
  });

  test('an untidy finding says which Go computed it (another Go tidies differently: 1.27 merges require blocks)', () => {
    const diff = 'diff current/go.mod tidy/go.mod\n--- current/go.mod\n+++ tidy/go.mod\n@@ -5,5 +5,2 @@\n require example.com/dep v1.0.0\n-\n-require example.com/lib v1.0.0 // indirect\n+require example.com/lib v1.0.0 // indirect\n';
    const untidy: ModuleReport['findings'][number] = {
      kind: 'untidy',
      file: 'go.mod',
      message: 'go mod tidy would change only formatting: require blocks merged',
      changes: { requiresAdded: [], requiresRemoved: [], versionsChanged: [], indirectChanged: [], otherGoModLines: ['-', '-require example.com/lib v1.0.0 // indirect', '+require example.com/lib v1.0.0 // indirect'], sumAdded: [], sumRemoved: [], diff, againstCorrectedGoSum: false }
    };
    const md = renderMarkdown(baseReport([mod('.', 'example.com/app', [untidy])], { go: { version: '1.27.4', env: {} } }));
    expect(md).toContain(
      [
        '<details open><summary>❌ <code>.</code> <code>example.com/app</code> — untidy</summary>',
        '',
        '**untidy**',
        '',
        '_Computed with go 1.27.4 (`go mod tidy`):_',
        '',
        '- spacing, comments or the grouping of lines in go.mod; no requirement changes.',
        '',
        '```diff',
        diff.replace(/\n$/, ''),
        '```',
        '',
        'Run `go mod tidy` and commit go.mod and go.sum.',
        '',
        '</details>'
      ].join('\n')
    );
    // A checksum mismatch is the checksum database's answer, the same for every Go: no Go named.
    expect(renderMarkdown(baseReport([mod('.', 'example.com/app', [mismatch()])]))).not.toContain('Computed with');
  });

  test('go.sum lines wider than a PR column: the hashes on their own lines under their module and version', () => {
    const long = { ...mismatch(), module: 'google.golang.org/genproto/googleapis/api', version: 'v0.0.0-20250218202821-56aae31c358a', line: 41 };
    const md = renderMarkdown(baseReport([mod('.', 'example.com/app', [long])]));
    expect(md).toContain(['```diff', '@@ -41 +41 @@', ' google.golang.org/genproto/googleapis/api v0.0.0-20250218202821-56aae31c358a', `-    ${H2}`, `+    ${H1}`, '```'].join('\n'));
    for (const line of md.split('\n')) if (/^[-+ @]/.test(line)) expect(line.length).toBeLessThanOrEqual(96);
  });

  test('job summary: everything, with every module in a folded table', () => {
    expect(renderMarkdown(threeModules(), { title: 'go-mod-hygiene', allModules: true, scope: () => 'before' })).toBe(
      [
        '### go-mod-hygiene',
        '',
        '❌ **1 of 3 modules fails** (0 by this PR) · 1 advisory',
        '',
        '- ❌ `.`: checksum mismatch · *already there* — put the authoritative hashes in go.sum (diff below)',
        '- ✅ 1 module clean · ⚠️ 1 module with advisories only',
        '',
        ...FAILING_DETAILS,
        '',
        ...ADVISORIES,
        '',
        '<details><summary>All 3 modules</summary>',
        '',
        '| directory | module | result |',
        '| --- | --- | --- |',
        '| `.` | `example.com/app` | ❌ checksum mismatch |',
        '| `tools` | `example.com/tools` | ⚠️ pseudo-version |',
        '| `web` | `example.com/web` | ✅ clean |',
        '',
        '</details>',
        '',
        FOOT,
        ''
      ].join('\n')
    );
  });

  test('clean', () => {
    expect(renderMarkdown(baseReport([mod('.', 'a'), mod('b', 'b')]))).toBe(
      '✅ 2 modules checked: tidy, go.sum matches the authoritative hashes, module cache verified.\n\n' + FOOT + '\n'
    );
  });

  test('steps not run in modules that do not fail: one line per step and reason, not per module', () => {
    const skipped = { skippedSteps: [{ step: 'retractions and deprecations', reason: 'switched off (input lookups: false)' }] };
    const r = baseReport([mod('a', 'a', [], skipped), mod('b', 'b', [], skipped), mod('c', 'c', [], skipped), mod('d', 'd', [], skipped)]);
    expect(renderMarkdown(r).split('\n').slice(0, 3)).toEqual([
      '✅ 4 modules checked: tidy, go.sum matches the authoritative hashes, module cache verified.',
      '',
      '- ℹ️ 4 modules: retractions and deprecations not run: `switched off (input lookups: false)`'
    ]);
  });
});

describe('renderBody: the size guard', () => {
  const many = (): Report => {
    const big = 'x'.repeat(400);
    const modules = Array.from({ length: 60 }, (_, i) =>
      mod(`svc/m${String(i).padStart(2, '0')}`, `example.com/m${i}`, [
        { ...mismatch(), file: `svc/m${i}/go.sum` },
        { kind: 'tidy-error', file: `svc/m${i}/go.mod`, message: `tidy fails ${i}`, output: big },
        { ...pseudo(), file: `svc/m${i}/go.mod`, message: `advice ${i} ${big}` }
      ])
    );
    const r = baseReport(modules, { failOn: ['checksum-mismatch', 'tidy-error'] });
    return r;
  };
  const opts = { title: 'go-mod-hygiene', marker: commentMarker('comment', 'k'), fullReportHint: 'See the job summary.' };

  test('fits the limit; advisories go first, every failing module keeps its line as long as lines fit', () => {
    const full = renderBody(many(), { ...opts, limit: 1_000_000 });
    expect(full).toContain('advisories in 60 modules (not failing)');
    for (const limit of [30_000, 15_000]) {
      const body = renderBody(many(), { ...opts, limit });
      expect(body.length).toBeLessThanOrEqual(limit);
      expect(body.startsWith(`${opts.marker}\n### go-mod-hygiene\n\n❌ **60 of 60 modules fail** · 60 advisories\n`)).toBe(true);
      expect(body).not.toContain('advisories in 60 modules');
      expect(body).toContain('_60 advisories are left out to fit. See the job summary._');
      for (let i = 0; i < 60; i++) expect(body).toContain(`- ❌ \`svc/m${String(i).padStart(2, '0')}\`: checksum mismatch, tidy error — `);
    }
    const tiny = renderBody(many(), { ...opts, limit: 4_000 });
    expect(tiny.length).toBeLessThanOrEqual(4_000);
    expect(tiny).toMatch(/- … \d+ more failing/);
    expect(tiny).toContain('See the job summary.');
    const none = renderBody(many(), { ...opts, limit: 300 });
    expect(none).toBe(`${opts.marker}\n### go-mod-hygiene\n\nThe report is too large for a comment. See the job summary.\n`);
  });
});

describe('renderBody: the fewest modules shortened', () => {
  test('only the largest failing modules lose their details, as many as the limit needs and no more', () => {
    // m0 … m9, each one's tidy output larger than the one before: a distinct letter, 1,000 × (i + 1) of it.
    const letters = 'abcdefghij';
    const report = baseReport(
      Array.from({ length: 10 }, (_, i) =>
        mod(`m${i}`, `example.com/m${i}`, [{ kind: 'tidy-error', file: `m${i}/go.mod`, message: `tidy fails ${i}`, output: letters.charAt(i).repeat(1_000 * (i + 1)) }])
      ),
      { failOn: ['tidy-error'] }
    );
    const opts = { title: 'go-mod-hygiene', marker: '<!-- k -->', fullReportHint: 'See the job summary.' };
    const full = renderBody(report, { ...opts, limit: 1_000_000 });
    const kept = (body: string): string[] => [...letters].filter((c) => body.includes(c.repeat(1_000)));
    expect(kept(full)).toEqual([...letters]);
    // Dropping m9's 10,000 and m8's 9,000 characters fits; m9's alone does not.
    const body = renderBody(report, { ...opts, limit: full.length - 18_500 });
    expect(body.length).toBeLessThanOrEqual(full.length - 18_500);
    expect(kept(body)).toEqual([...'abcdefgh']);
    expect(body).toContain('tidy fails 9');
    expect(body).toContain('tidy fails 8');
  });
});

describe('escaping primitives', () => {
  test('code spans and blocks cannot be closed by their content', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
    // In a table cell, a pipe or backslash makes the span <code> with entities (see tableCode).
    expect(code('a|b', true)).toBe('<code>a&#124;b</code>');
    expect(code('h\\|<img>', true)).toBe('<code>h&#92;&#124;&#60;img&#62;</code>');
    expect(code('example.com/lib', true)).toBe('`example.com/lib`');
    expect(text('1.26.8')).toBe('1.26.8');
    expect(text('www.evil.example')).toBe('www\\.evil\\.example');
    expect(code('a\u200bb\u202ec')).toBe('`a\uFFFDb\uFFFDc`');
    expect(code('line1\nline2')).toBe('`line1 line2`');
    expect(codeBlock('```\nx')).toBe('````\n```\nx\n````');
    expect(text('<b>@you #1</b>')).toBe('&lt;b&gt;@\u200byou \\#\u200b1&lt;/b&gt;');
    expect(htmlCode('</summary>@x#1')).toBe('<code>&lt;/summary&gt;&#64;x&#35;1</code>');
  });
});

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '@octocat please look',
  'fixes #123 and octo/app#7',
  'x` <b>bold</b> `y',
  '```\n</details><script>alert(2)</script>',
  '</summary></details><h1>pwned</h1>',
  '| cell | break |',
  '[click](javascript:alert(1))',
  '![img](https://evil.example/x.png)',
  '<!-- go-mod-hygiene:comment:ci/check -->',
  'a\n\n# Heading\n\n- list',
  '\u202Eevil\u202C and \u0007bell',
  '&lt;script&gt;',
  'https://evil.example/phish',
  '~~~\nfence',
  '<details open><summary>fake</summary>',
  '**bold** _em_ <a href="https://evil.example">link</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(3)>',
  'h\\|<img src=x onerror=alert(4)>',
  'a\\\\|<img src=x onerror=alert(5)>|',
  '@org/team and @user',
  'x\u200by\u200dz\u2066w\u2069\u200fv\ufeff',
  'www.evil.example/path',
  ...WORKFLOW_HOSTILE
];

/** Every table row's cells as the reader sees them: tags dropped, entities decoded. */
function tableCells(html: string): string[][] {
  const decode = (s: string): string =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => decode(c[1]!).trim()));
}

/** What a value looks like once rendered in a code span: invisible characters shown as U+FFFD, one line. */
const shown = (h: string): string => sanitize(h).replace(/\r?\n/g, ' ').trim();

/** HTML outside <pre> and <code>, comments removed: what a reader sees as live markup and text. */
function liveHtml(html: string): string {
  return html
    .replace(/<pre>[\s\S]*?<\/pre>/g, '')
    .replace(/<code>[\s\S]*?<\/code>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
}

describe('hostile strings from the repository are rendered inert', () => {
  const findings = (h: string, i: number): ModuleReport['findings'] => [
    { kind: 'tidy-error', file: `d${i}/go.mod`, line: 1, message: h, output: h },
    { kind: 'checksum-mismatch', file: 'go.sum', line: 2, message: h, module: h, version: h, hash: 'zip', committed: h, authoritative: h, source: 'proxy', sourceName: h },
    {
      kind: 'untidy',
      file: 'go.mod',
      message: h,
      changes: {
        requiresAdded: [{ path: h, version: h, indirect: false }],
        requiresRemoved: [],
        versionsChanged: [{ path: h, from: h, to: h }],
        indirectChanged: [],
        otherGoModLines: [],
        sumAdded: [],
        sumRemoved: [],
        diff: `diff current/go.mod tidy/go.mod\n--- current/go.mod\n+++ tidy/go.mod\n@@ -1,1 +1,1 @@\n-${h}\n+${h}\n`,
        againstCorrectedGoSum: false
      }
    },
    { kind: 'cache-modified', message: h, module: h, version: h, problem: 'other' },
    { kind: 'download-error', message: h, module: h, version: h, reason: 'other', attempts: 1, output: h }
  ];
  const report = baseReport(
    HOSTILE.map((h, i) => mod(`dir-${i}-${h}`, h, findings(h, i), { skippedSteps: [{ step: 'verify', reason: h }] })),
    { notices: HOSTILE, skipped: HOSTILE.map((h) => ({ dir: h, reason: h })), go: { version: '1.26.8', env: { GOPROXY: HOSTILE[0]!, GOFLAGS: HOSTILE[2]! } } }
  );

  test.each([
    ['job summary', renderMarkdown(report, { title: 'go-mod-hygiene', allModules: true }), 0],
    ['comment', renderBody(report, { title: 'go-mod-hygiene', marker: commentMarker('comment', 'ci/check'), fullReportHint: 'see summary' }), 1],
    ['shortened comment', renderBody(report, { title: 'go-mod-hygiene', marker: commentMarker('comment', 'ci/check'), fullReportHint: 'see summary', limit: 20_000 }), 1]
  ])('%s', (name, md, markers) => {
    const html = marked.parse(md, { gfm: true, async: false });
    const live = liveHtml(html);
    const tags = new Set([...live.matchAll(/<\/?([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase()));
    for (const t of tags) expect(['h3', 'h4', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'strong', 'em', 'ul', 'li', 'sub', 'br']).toContain(t);
    expect(live).not.toMatch(/on\w+=|javascript:|<a |<img|<script|<iframe|<svg/i);
    expect(live).not.toMatch(/@\w/); // no mention outside code
    expect(live).not.toMatch(/#\d/); // no issue reference outside code
    expect(live).not.toMatch(/https?:\/\/evil/);
    // No invisible or reordering character but the zero-width space text() puts after @ and # to stop links.
    expect(md.replace(/([@#])\u200b/g, '$1')).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/u);
    // Every table cell holds its whole value: no pipe or backslash in a value ended a cell early (the job summary's table of all modules).
    const cells = tableCells(html);
    if (name === 'job summary') expect(cells.length).toBeGreaterThan(HOSTILE.length);
    for (const [i, h] of HOSTILE.entries()) {
      const row = cells.find((r) => r[0]?.startsWith(`dir-${i}-`));
      if (name === 'job summary') expect(row?.slice(0, 2)).toEqual([shown(`dir-${i}-${h}`), shown(h)]);
    }
    expect(md.includes(String.fromCharCode(7))).toBe(false);
    // Our own <details> blocks stay balanced: no hostile string opened or closed one.
    expect((html.match(/<details/g) ?? []).length).toBe((html.match(/<\/details>/g) ?? []).length);
    // Only our own marker is a live HTML comment; copies inside code are text, and finders match the body's first line only.
    // The summary has none; a comment exactly its own, first.
    expect((html.match(/<!-- go-mod-hygiene:comment:/g) ?? []).length).toBe(markers);
    if (markers) expect(md.split('\n')[0]).toBe(commentMarker('comment', 'ci/check'));
  });

  test('the headline of a run that checked nothing, and fields only a forged report could fill', () => {
    for (const h of HOSTILE) {
      const forged = { kind: 'checksum-mismatch', file: 'go.sum', line: h, message: h, module: 'm', version: 'v1.0.0', hash: h, committed: h, authoritative: h, source: 'proxy', sourceName: h };
      const cache = { kind: 'cache-modified', message: h, module: 'm', version: 'v1.0.0', problem: h };
      const errorRun = baseReport([], { outcome: 'error', failed: true, notices: [`${h}/go.work found: each module is checked on its own`, h] });
      const fieldsRun = baseReport([mod(h, h, [forged, cache] as unknown as ModuleReport['findings'], { skippedSteps: [{ step: h, reason: h }] })], { tool: { name: 'go-mod-hygiene', version: h } });
      for (const md of [renderMarkdown(errorRun, { title: 'go-mod-hygiene' }), renderMarkdown(fieldsRun, { title: 'go-mod-hygiene', allModules: true })]) {
        const live = liveHtml(marked.parse(md, { gfm: true, async: false }));
        const tags = new Set([...live.matchAll(/<\/?([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase()));
        for (const t of tags) expect(['h3', 'h4', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'strong', 'em', 'ul', 'li', 'sub', 'br']).toContain(t);
        expect(live).not.toMatch(/<[^>]*\s(href|src|on\w+)=/i); // no live tag carries a link, image or handler
        expect(live).not.toMatch(/@\w/);
        expect(live).not.toMatch(/#\d/);
      }
    }
    expect(headline(baseReport([], { outcome: 'error', notices: ['![x](https://evil.example/x.png) [a](https://evil.example) @org/team found'] }))).toBe(
      '⚠️ \\!\\[x\\]\\(https&#58;//evil\\.example/x\\.png\\) \\[a\\]\\(https&#58;//evil\\.example\\) @\u200borg/team found'
    );
  });

  test('suggestion blocks cannot be closed by go.mod content', () => {
    const body = suggestionBody({ path: 'go.mod', startLine: 1, line: 1, replacement: ['```', '</details>@x'], id: '0123456789abcdef' });
    const html = marked.parse(body, { gfm: true, async: false });
    expect(liveHtml(html)).not.toMatch(/@x|details/);
  });
});
