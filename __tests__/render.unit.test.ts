import { describe, expect, test } from '@jest/globals';
import { marked } from 'marked';
import { renderMarkdown, headline } from '../src/report/markdown.js';
import { renderBody, commentMarker } from '../src/github/comment.js';
import { suggestionBody } from '../src/github/suggestions.js';
import { code, codeBlock, text, htmlCode, sanitize } from '../src/report/escape.js';
import { HOSTILE as WORKFLOW_HOSTILE } from './helpers/workflow-commands.js';
import type { ModuleReport, Report } from '../src/report/model.js';
import { buildReport, mod } from './helpers/reports.js';

const reportOf = (modules: ModuleReport[], over: Partial<Report> = {}): Report => buildReport({ modules }, over);

const H1 = 'h1:k9hKehKLSaUN84qgrOzM3hTf7U3f1KcvzHB5WrhUp3U=';
const H2 = 'h1:RoSVX5u/ULGjZRyB/KehUBf2ef4jFw7ttIVfcVzXoH4=';

describe('renderMarkdown exact output', () => {
  test('a mismatch and a clean module', () => {
    const report = reportOf([
      mod('.', 'example.com/app', [
        {
          kind: 'checksum-mismatch',
          file: 'go.sum',
          line: 3,
          message: 'x',
          module: 'example.com/lib',
          version: 'v1.0.0',
          hash: 'zip',
          committed: H2,
          authoritative: H1,
          source: 'checksum-database',
          sourceName: 'sum.golang.org'
        }
      ]),
      mod('tools', 'example.com/tools')
    ]);
    expect(renderMarkdown(report, { title: 'go-mod-hygiene' })).toBe(
      [
        '### go-mod-hygiene',
        '',
        '❌ 1 of 2 modules with findings.',
        '',
        '| directory | module | result |',
        '| --- | --- | --- |',
        '| `.` | `example.com/app` | ❌ checksum mismatch ×1 |',
        '| `tools` | `example.com/tools` | ✅ clean |',
        '',
        '<details open><summary><code>.</code> <code>example.com/app</code> — checksum mismatch ×1</summary>',
        '',
        '**checksum mismatch**',
        '',
        '| line | module | version | hash | committed | authoritative | from |',
        '| ---: | --- | --- | --- | --- | --- | --- |',
        `| 3 | \`example.com/lib\` | \`v1.0.0\` | zip | \`${H2}\` | \`${H1}\` | \`sum.golang.org\` |`,
        '',
        'Replace each committed hash with the authoritative one (or delete those lines and run `go mod download`, which checks the checksum database again). Do not switch checksum verification off (GOSUMDB=off, GONOSUMDB, GOFLAGS=-insecure) to make this go away: a hash that disagrees with the checksum database means the go.sum was edited, or the code you build is not the code everyone else got.',
        '',
        '</details>',
        '',
        '<sub>go `1.26.8` · `GOPROXY=https://proxy.golang.org,direct` · go-mod-hygiene 0.1.0</sub>',
        ''
      ].join('\n')
    );
  });

  test('clean', () => {
    expect(renderMarkdown(reportOf([mod('.', 'a')]))).toBe(
      '✅ 1 module checked: tidy, go.sum matches the authoritative hashes, module cache verified.\n\n| directory | module | result |\n| --- | --- | --- |\n| `.` | `a` | ✅ clean |\n\n<sub>go `1.26.8` · `GOPROXY=https://proxy.golang.org,direct` · go-mod-hygiene 0.1.0</sub>\n'
    );
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
  const report = reportOf(
    HOSTILE.map((h, i) => mod(`dir-${i}-${h}`, h, findings(h, i), { skippedSteps: [{ step: 'verify', reason: h }] })),
    { notices: HOSTILE, skipped: HOSTILE.map((h) => ({ dir: h, reason: h })), go: { version: '1.26.8', env: { GOPROXY: HOSTILE[0]!, GOFLAGS: HOSTILE[2]! } } }
  );

  test.each([
    ['job summary', renderMarkdown(report, { title: 'go-mod-hygiene' }), 0],
    ['comment', renderBody(report, { title: 'go-mod-hygiene', marker: commentMarker('comment', 'ci/check'), fullReportHint: 'see summary' }), 1],
    ['shortened comment', renderBody(report, { title: 'go-mod-hygiene', marker: commentMarker('comment', 'ci/check'), fullReportHint: 'see summary', limit: 20_000 }), 1]
  ])('%s', (name, md, markers) => {
    const html = marked.parse(md, { gfm: true, async: false });
    const live = liveHtml(html);
    const tags = new Set([...live.matchAll(/<\/?([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase()));
    for (const t of tags) expect(['h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'strong', 'em', 'ul', 'li', 'sub', 'br']).toContain(t);
    expect(live).not.toMatch(/on\w+=|javascript:|<a |<img|<script|<iframe|<svg/i);
    expect(live).not.toMatch(/@\w/); // no mention outside code
    expect(live).not.toMatch(/#\d/); // no issue reference outside code
    expect(live).not.toMatch(/https?:\/\/evil/);
    // No invisible or reordering character but the zero-width space text() puts after @ and # to stop links.
    expect(md.replace(/([@#])\u200b/g, '$1')).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/u);
    // Every table cell holds its whole value: no pipe or backslash in a value ended a cell early.
    const cells = tableCells(html);
    for (const [i, h] of HOSTILE.entries()) {
      const row = cells.find((r) => r[0]?.startsWith(`dir-${i}-`));
      if (row) expect(row.slice(0, 2)).toEqual([shown(`dir-${i}-${h}`), shown(h)]);
      if (name === 'job summary') expect(cells.find((r) => r.length === 7 && r[1] === shown(h))).toEqual(['2', shown(h), shown(h), 'zip', shown(h), shown(h), shown(h)]);
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
      const errorRun = reportOf([], { outcome: 'error', failed: true, notices: [`${h}/go.work found: each module is checked on its own`, h] });
      const fieldsRun = reportOf([mod(h, h, [forged, cache] as unknown as ModuleReport['findings'], { skippedSteps: [{ step: h, reason: h }] })], { tool: { name: 'go-mod-hygiene', version: h } });
      for (const md of [renderMarkdown(errorRun, { title: 'go-mod-hygiene' }), renderMarkdown(fieldsRun, { title: 'go-mod-hygiene' })]) {
        const live = liveHtml(marked.parse(md, { gfm: true, async: false }));
        const tags = new Set([...live.matchAll(/<\/?([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase()));
        for (const t of tags) expect(['h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'strong', 'em', 'ul', 'li', 'sub', 'br']).toContain(t);
        expect(live).not.toMatch(/<[^>]*\s(href|src|on\w+)=/i); // no live tag carries a link, image or handler
        expect(live).not.toMatch(/@\w/);
        expect(live).not.toMatch(/#\d/);
      }
    }
    expect(headline(reportOf([], { outcome: 'error', notices: ['![x](https://evil.example/x.png) [a](https://evil.example) @org/team found'] }))).toBe(
      '⚠️ \\!\\[x\\]\\(https&#58;//evil\\.example/x\\.png\\) \\[a\\]\\(https&#58;//evil\\.example\\) @\u200borg/team found'
    );
  });

  test('suggestion blocks cannot be closed by go.mod content', () => {
    const body = suggestionBody({ path: 'go.mod', startLine: 1, line: 1, replacement: ['```', '</details>@x'], id: '0123456789abcdef' });
    const html = marked.parse(body, { gfm: true, async: false });
    expect(liveHtml(html)).not.toMatch(/@x|details/);
  });
});
