/**
 * Renders docs/pr-comment.png, the README's picture of the pull request comment. Not part of
 * the default suite (jest.config.js ignores *.shot.test.ts); run it with `npm run screenshot`.
 *
 * The committed CLI checks the bundled example (offline), renderBody() makes the comment body
 * exactly as the action posts it, marked (GFM) turns it into HTML, and Debian's Chromium
 * photographs it inside a page styled like a GitHub PR comment.
 */
import { afterAll, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked } from 'marked';
import { cleanupTemp, tempDir } from './helpers/fixtures.js';
import { commentMarker, renderBody } from '../src/github/comment.js';
import type { Report } from '../src/report/model.js';

const root = join(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const OUT = join(root, 'docs', 'pr-comment.png');
const WIDTH = 1000;
afterAll(cleanupTemp);

/** Colours a ```diff block the way GitHub's highlighter does: + lines green, - lines red, hunk headers purple. */
function colourDiff(html: string): string {
  return html.replace(/(<code class="language-diff">)([\s\S]*?)(<\/code>)/g, (_all, open: string, text: string, close: string) => {
    const lines = text.split('\n').map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return `<span class="${line.startsWith('+') ? 'add' : 'del'} file">${line}</span>`;
      if (line.startsWith('+')) return `<span class="add">${line}</span>`;
      if (line.startsWith('-')) return `<span class="del">${line}</span>`;
      if (line.startsWith('@@')) return `<span class="hunk">${line}</span>`;
      return line;
    });
    return `${open}${lines.join('\n')}${close}`;
  });
}

/** Lets long codes in table cells (hashes, URLs) wrap anywhere, so the checksum table fits without splitting short ones. */
function wrapLongCells(html: string): string {
  return html.replace(/<td([^>]*)><code>([^<]{25,})<\/code><\/td>/g, '<td$1 class="long"><code>$2</code></td>');
}

/** GitHub's light theme for a timeline comment and its markdown body (values from github-markdown-css). */
const CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; background: #ffffff; }
body { padding: 20px 24px 24px 20px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; color: #1f2328; }
.item { display: flex; align-items: flex-start; }
.avatar { flex: none; width: 40px; height: 40px; margin-right: 16px; border-radius: 6px; background: #2088ff; display: flex; align-items: center; justify-content: center; }
.comment { position: relative; flex: 1; min-width: 0; border: 1px solid #d0d7de; border-radius: 6px; background: #ffffff; }
.comment::before, .comment::after { content: ""; position: absolute; top: 11px; right: 100%; border: solid transparent; pointer-events: none; }
.comment::before { border-width: 8px; border-right-color: #d0d7de; margin-top: 0; }
.comment::after { border-width: 7px; border-right-color: #f6f8fa; margin-top: 1px; }
.header { display: flex; align-items: center; padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; border-radius: 6px 6px 0 0; font-size: 14px; line-height: 20px; color: #59636e; }
.header strong { color: #1f2328; font-weight: 600; }
.label { display: inline-block; margin: 0 4px; padding: 0 7px; font-size: 12px; font-weight: 500; line-height: 18px; border: 1px solid #d0d7de; border-radius: 2em; color: #59636e; }
.markdown-body { padding: 16px; font-size: 14px; line-height: 1.5; word-wrap: break-word; }
.markdown-body > *:first-child { margin-top: 0 !important; }
.markdown-body > *:last-child { margin-bottom: 0 !important; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body pre, .markdown-body details { margin-top: 0; margin-bottom: 16px; }
.markdown-body h3 { margin-top: 24px; margin-bottom: 16px; font-size: 1.25em; font-weight: 600; line-height: 1.25; }
.markdown-body ul { padding-left: 2em; }
.markdown-body strong { font-weight: 600; }
.markdown-body code, .markdown-body pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces; background: rgba(175, 184, 193, 0.2); border-radius: 6px; }
.markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; color: #1f2328; background: #f6f8fa; border-radius: 6px; }
.markdown-body pre code { padding: 0; font-size: 100%; white-space: pre; background: transparent; border-radius: 0; }
.markdown-body pre .add { color: #116329; background: #dafbe1; }
.markdown-body pre .del { color: #82071e; background: #ffebe9; }
.markdown-body pre .file { font-weight: 600; }
.markdown-body pre .hunk { color: #8250df; font-weight: 600; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body tr { background: #ffffff; border-top: 1px solid #d1d9e0; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d0d7de; }
.markdown-body th { font-weight: 600; }
.markdown-body td.long { text-wrap: balance; }
.markdown-body td.long code { word-break: break-all; }
.markdown-body summary { display: list-item; cursor: pointer; }
.markdown-body details[open] > summary { margin-bottom: 16px; }
.markdown-body sub { font-size: 75%; line-height: 0; color: #1f2328; }
.markdown-body a { color: #0969da; text-decoration: none; }
`;

/** The GitHub Actions mark, white on the avatar. */
const ACTIONS_LOGO =
  '<svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">' +
  '<circle cx="12" cy="12" r="9"/><path d="M10 8.5v7l5.5-3.5z" fill="#fff"/></svg>';

function page(bodyHtml: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>go-mod-hygiene PR comment</title><style>${CSS}</style></head>
<body>
<div class="item" id="shot">
  <div class="avatar">${ACTIONS_LOGO}</div>
  <div class="comment">
    <div class="header"><strong>github-actions</strong><span class="label">bot</span>commented</div>
    <div class="markdown-body">
${bodyHtml}
    </div>
  </div>
</div>
<script>document.body.setAttribute('data-height', String(Math.ceil(document.getElementById('shot').getBoundingClientRect().bottom) + 24));</script>
</body></html>
`;
}

function chromium(args: string[]): { stdout: string; stderr: string } {
  const run = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${tempDir('gmh-chromium-')}`,
      '--hide-scrollbars',
      ...args
    ],
    { encoding: 'utf8', timeout: 60_000 }
  );
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`chromium exited with ${String(run.status)}: ${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr };
}

const EMOJI_FONT = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Skipping the PR comment screenshot: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-color-emoji).`);
else if (!existsSync(EMOJI_FONT)) console.warn(`${EMOJI_FONT} is missing: the ❌/✅ in the screenshot will be empty boxes (apt-get install -y fonts-noto-color-emoji).`);

(haveChromium ? test : test.skip)('docs/pr-comment.png: the PR comment for the bundled example, as GitHub shows it', () => {
  const env = { PATH: process.env.PATH ?? '', HOME: tempDir('gmh-home-'), GOPROXY: 'off', GOFLAGS: '', GOCACHE: join(tempDir('gmh-gocache-'), 'c') };
  const run = spawnSync('node', ['dist/cli/index.js', 'example', '--format', 'json', '--quiet'], { cwd: root, env, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  const report = JSON.parse(run.stdout) as Report;

  const body = renderBody(report, {
    title: 'go-mod-hygiene',
    marker: commentMarker('comment', 'CI/go-mod-hygiene'),
    fullReportHint: 'The full report is in the job summary of [this run](https://github.com/octo-org/octo-repo/actions/runs/1) and in the JSON report.'
  });
  const html = wrapLongCells(colourDiff(marked.parse(body, { gfm: true, async: false })));
  expect(html).toContain('<code class="language-diff">');
  expect(html).toContain('<details open>');

  const dir = tempDir('gmh-shot-');
  const file = join(dir, 'comment.html');
  writeFileSync(file, page(html));
  const url = pathToFileURL(file).href;

  // Lay the page out once at the screenshot's width to learn how tall the comment is.
  const dom = chromium([`--window-size=${WIDTH},800`, '--dump-dom', url]).stdout;
  const measured = /data-height="(\d+)"/.exec(dom)?.[1];
  if (!measured) throw new Error(`could not measure the page: ${dom.slice(0, 500)}`);
  const height = Number(measured);
  expect(height).toBeGreaterThan(300);

  mkdirSync(join(root, 'docs'), { recursive: true });
  chromium([`--window-size=${WIDTH},${height}`, `--screenshot=${OUT}`, url]);

  const png = readFileSync(OUT);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(statSync(OUT).size).toBeGreaterThan(10_000);
  // The IHDR chunk: the image is as wide as the window and tall enough for the whole comment.
  expect(png.readUInt32BE(16)).toBe(WIDTH);
  expect(png.readUInt32BE(20)).toBe(height);
}, 180_000);
