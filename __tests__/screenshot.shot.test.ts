/**
 * The PR comment as GitHub shows it, measured and photographed. Not part of the default suite
 * (jest.config.js ignores *.shot.test.ts); run it with `npm run screenshot` (needs Debian's
 * chromium: `apt-get install -y chromium fonts-noto-color-emoji`).
 *
 * renderBody() makes the comment body exactly as the action posts it, marked (GFM) turns it into
 * HTML, and headless Chromium lays it out with GitHub's own markdown CSS (npm github-markdown-css)
 * in a column 780 px wide, the width of a PR conversation column; no CSS of ours. From the
 * rendered page: every failing module's line, fix command included, lies within the first 800 px,
 * and nothing is wider than the column (folded details opened too). For the bundled example and
 * for a generated 26-module repository with two failing modules and advisories. The example's
 * picture is docs/pr-comment.png, the README's: `GMH_UPDATE_PICTURE=1 npm run screenshot` rewrites it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked } from 'marked';
import { check, cleanupTemp, goEnv, makeRepo, tempDir } from './helpers/fixtures.js';
import { writeProxy, wrongHash, moduleHashes } from './helpers/goproxy.js';
import { ALL_MODULES, appFiles, dep100 } from './helpers/modules.js';
import { commentMarker, renderBody } from '../src/github/comment.js';
import type { Report } from '../src/report/model.js';

const root = join(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
/** The README's picture is rewritten only when asked (GMH_UPDATE_PICTURE=1): CI must leave the checkout as it was. */
const UPDATE = process.env.GMH_UPDATE_PICTURE === '1';
/** The PR conversation column. */
const COLUMN = 780;
/** What a reader sees without scrolling. */
const FIRST_SCREEN = 800;
afterAll(cleanupTemp);

/** Marks diff lines the way GitHub's highlighter does, with the classes github-markdown-css colours. */
function colourDiff(html: string): string {
  return html.replace(/(<code class="language-diff">)([\s\S]*?)(<\/code>)/g, (_all, open: string, text: string, close: string) => {
    const lines = text.split('\n').map((line) => {
      if (line.startsWith('+')) return `<span class="pl-mi1">${line}</span>`;
      if (line.startsWith('-')) return `<span class="pl-md">${line}</span>`;
      if (line.startsWith('@@')) return `<span class="pl-mdr">${line}</span>`;
      return line;
    });
    return `${open}${lines.join('\n')}${close}`;
  });
}

function markdownCss(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
}

/** Measures in the page: the failing lines' bottoms (details as posted), then overflow with every details open. */
const MEASURE = `(() => {
const b = document.getElementById('b');
const top = b.getBoundingClientRect().top;
const list = b.querySelector('ul');
const failing = list ? [...list.children].filter((li) => li.textContent.trim().startsWith('❌')).map((li) => ({ text: li.textContent.trim().slice(0, 60), bottom: Math.ceil(li.getBoundingClientRect().bottom - top), hasFix: li.textContent.includes(' — ') })) : [];
for (const d of b.querySelectorAll('details')) d.open = true;
const right = b.getBoundingClientRect().right;
const overflow = [...b.querySelectorAll('*')]
  .filter((e) => (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) || e.getBoundingClientRect().right > right + 1)
  .map((e) => e.tagName + ' ' + e.textContent.trim().slice(0, 60));
document.body.setAttribute('data-geometry', encodeURIComponent(JSON.stringify({ failing, overflow, height: Math.ceil(b.getBoundingClientRect().bottom) })));
})();`;

function page(bodyHtml: string, measure: boolean): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>go-mod-hygiene PR comment</title><style>${markdownCss()}</style></head>
<body style="margin:0"><article class="markdown-body" id="b" style="box-sizing:border-box;width:${COLUMN}px;padding:16px">
${bodyHtml}
</article>${measure ? `<script>${MEASURE}</script>` : ''}</body></html>
`;
}

function chromium(args: string[]): string {
  const run = spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${tempDir('gmh-chromium-')}`, '--hide-scrollbars', ...args],
    { encoding: 'utf8', timeout: 60_000 }
  );
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`chromium exited with ${String(run.status)}: ${run.stderr}`);
  return run.stdout;
}

interface Geometry {
  failing: { text: string; bottom: number; hasFix: boolean }[];
  overflow: string[];
  height: number;
}

/** Renders the comment for a report; returns the page's file URL and its geometry. */
function layOut(report: Report): { url: string; geometry: Geometry; body: string } {
  const body = renderBody(report, {
    title: 'go-mod-hygiene',
    marker: commentMarker('comment', 'CI/go-mod-hygiene'),
    fullReportHint: 'The full report is in the job summary of [this run](https://github.com/octo-org/octo-repo/actions/runs/1) and in the JSON report.'
  });
  const html = colourDiff(marked.parse(body, { gfm: true, async: false }));
  const dir = tempDir('gmh-shot-');
  writeFileSync(join(dir, 'measure.html'), page(html, true));
  writeFileSync(join(dir, 'comment.html'), page(html, false));
  const dom = chromium([`--window-size=${COLUMN},${FIRST_SCREEN}`, '--dump-dom', pathToFileURL(join(dir, 'measure.html')).href]);
  const raw = /data-geometry="([^"]+)"/.exec(dom)?.[1];
  if (!raw) throw new Error(`could not measure the page: ${dom.slice(0, 500)}`);
  return { url: pathToFileURL(join(dir, 'comment.html')).href, geometry: JSON.parse(decodeURIComponent(raw)) as Geometry, body };
}

/**
 * The demo runs offline against its own file:// proxy (GONOSUMDB, GOFLAGS=-modcacherw, ...), which
 * is no one's setting on a runner: its footer and hash source would show a path of this machine.
 * The picture (and what is measured with it) shows the report as a user of the action sees it:
 * Go's default proxy and checksum database, hashes from sum.golang.org. Only here: a real run's
 * report says the settings it really ran with, file:// proxies included (an offline mirror is
 * worth knowing about when its hashes disagree).
 */
function asOnARunner(r: Report): Report {
  return {
    ...r,
    go: { ...r.go, env: { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org' } },
    modules: r.modules.map((m) => ({
      ...m,
      findings: m.findings.map((f) => (f.kind === 'checksum-mismatch' ? { ...f, source: 'checksum-database' as const, sourceName: 'sum.golang.org' } : f))
    }))
  };
}

const EMOJI_FONT = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Skipping the PR comment screenshots: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-color-emoji).`);
else if (!existsSync(EMOJI_FONT)) console.warn(`${EMOJI_FONT} is missing: the ❌/✅ in the screenshot will be empty boxes (apt-get install -y fonts-noto-color-emoji).`);

(haveChromium ? describe : describe.skip)('the PR comment at 780 px, with GitHub\'s markdown CSS', () => {
  test('the bundled example: failing module and fix in the first screen, nothing overflows; docs/pr-comment.png', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: tempDir('gmh-home-'), GOPROXY: 'off', GOFLAGS: '', GOCACHE: join(tempDir('gmh-gocache-'), 'c') };
    const run = spawnSync('node', ['dist/cli/index.js', '--demo', '--format', 'json', '--quiet'], { cwd: root, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const { url, geometry, body } = layOut(asOnARunner(JSON.parse(run.stdout) as Report));
    expect(body).not.toContain('file:');
    expect(body).toContain('`app/go.sum`: `-` committed, `+` authoritative (from `sum.golang.org`)');
    expect(body).toContain('<sub>go `');
    expect(body).toMatch(/<sub>go `[^`]+` · `GOPROXY=https:\/\/proxy\.golang\.org,direct GOSUMDB=sum\.golang\.org` · go-mod-hygiene [^<]+<\/sub>\n$/);
    expect(geometry.failing.map((f) => f.text.split(':')[0])).toEqual(['❌ app']);
    for (const f of geometry.failing) {
      expect(f.hasFix).toBe(true);
      expect(f.bottom).toBeLessThanOrEqual(FIRST_SCREEN);
    }
    expect(geometry.overflow).toEqual([]);

    const OUT = UPDATE ? join(root, 'docs', 'pr-comment.png') : join(tempDir('gmh-shot-png-'), 'pr-comment.png');
    mkdirSync(join(root, 'docs'), { recursive: true });
    const height = Math.max(geometry.height, 300);
    chromium([`--window-size=${COLUMN},${height}`, `--screenshot=${OUT}`, url]);
    const png = readFileSync(OUT);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(OUT).size).toBeGreaterThan(10_000);
    expect(png.readUInt32BE(16)).toBe(COLUMN);
  }, 180_000);

  describe('a generated 26-module repository with two failing modules and advisories', () => {
    const DIRS = [
      '.', 'bridge/opencensus', 'bridge/opentracing', 'exporters/otlp/otlplog/otlploggrpc', 'exporters/otlp/otlplog/otlploghttp',
      'exporters/otlp/otlpmetric/otlpmetricgrpc', 'exporters/otlp/otlpmetric/otlpmetrichttp', 'exporters/otlp/otlptrace',
      'exporters/otlp/otlptrace/otlptracegrpc', 'exporters/otlp/otlptrace/otlptracehttp', 'exporters/prometheus',
      'exporters/stdout/stdoutlog', 'exporters/stdout/stdoutmetric', 'exporters/stdout/stdouttrace', 'exporters/zipkin',
      'internal/tools', 'log', 'metric', 'schema', 'sdk', 'sdk/log', 'sdk/metric', 'trace', 'trace/internal/telemetry/test',
      'example/dice', 'example/otel-collector'
    ];
    let report: Report;
    beforeAll(async () => {
      const proxy = writeProxy(tempDir('gmh-proxy-'), ALL_MODULES);
      const files: Record<string, string> = {};
      for (const d of DIRS) {
        const f = appFiles(d === '.' ? '' : d, d === '.' ? 'go.opentelemetry.io/otel' : `go.opentelemetry.io/otel/${d}`);
        Object.assign(files, f);
      }
      const p = (d: string, f: string): string => `${d}/${f}`;
      // Untidy: a require removed that the code imports.
      files[p('sdk/metric', 'go.mod')] = files[p('sdk/metric', 'go.mod')]!.replace('\texample.com/other v1.0.0\n', '');
      // A wrong go.sum hash.
      const grpc = 'exporters/otlp/otlptrace/otlptracegrpc';
      files[p(grpc, 'go.sum')] = files[p(grpc, 'go.sum')]!.replace(moduleHashes(dep100).zip, wrongHash('tampered'));
      // Advisories: exclude directives nobody needs any more.
      for (const d of ['exporters/zipkin', 'bridge/opencensus', 'internal/tools']) files[p(d, 'go.mod')] += '\nexclude example.com/lib v1.1.0\n';
      report = (await check(makeRepo(files), goEnv(proxy))).report;
    }, 300_000);

    test('what the run found', () => {
      expect(report.modules).toHaveLength(26);
      expect(report.modules.filter((m) => m.findings.some((f) => report.failOn.includes(f.kind))).map((m) => m.dir)).toEqual(['exporters/otlp/otlptrace/otlptracegrpc', 'sdk/metric']);
      expect(report.modules.filter((m) => m.findings.some((f) => f.kind === 'exclude'))).toHaveLength(3);
    });

    test('both failing modules and their fixes in the first 800 px; nothing wider than the column', () => {
      const { geometry, body } = layOut(report);
      expect(body.split('\n').slice(3, 8)).toEqual([
        '❌ **2 of 26 modules fail** · 3 advisories',
        '',
        '- ❌ `exporters/otlp/otlptrace/otlptracegrpc`: checksum mismatch — put the authoritative hashes in go.sum (diff below)',
        '- ❌ `sdk/metric`: untidy — run `go -C sdk/metric mod tidy`',
        '- ✅ 21 modules clean · ⚠️ 3 modules with advisories only'
      ]);
      expect(geometry.failing).toHaveLength(2);
      for (const f of geometry.failing) {
        expect(f.hasFix).toBe(true);
        expect(f.bottom).toBeLessThanOrEqual(FIRST_SCREEN);
      }
      expect(geometry.overflow).toEqual([]);
    });
  });
});
