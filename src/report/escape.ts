/**
 * Rendering untrusted strings (module paths, versions, go output, file names) into
 * GitHub-flavoured markdown, one rule per context:
 * - `code`: an inline code span; GitHub renders no HTML, mentions or references inside, and the
 *   fence is longer than any backtick run inside, so nothing can break out.
 * - `tableCode` (= `code(v, true)`): the same inside a table cell, where the row is split on `|`
 *   before code spans are seen.
 * - `codeBlock`: a fenced block the content cannot close.
 * - `text`: plain prose; every markdown, HTML, mention and autolink trigger made inert.
 * - `htmlCode`: inside raw HTML (`<summary>`), where markdown is not processed.
 * All of them first `sanitize`: characters that hide or reorder text never reach the reader.
 */

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Replaces what could disguise text with U+FFFD: control characters (other than tab/newline),
 * bidi overrides, isolates and marks, zero-width and other invisible characters (a path with a
 * zero-width space looks like another path).
 */
export function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e0fff}]/gu, '\uFFFD');
}

/** Everything but letters, digits, space, `/` and `-` as a numeric character reference. */
function entities(s: string): string {
  return s.replace(/[^A-Za-z0-9 /-]/gu, (c) => `&#${c.codePointAt(0)!};`);
}

/**
 * An inline code span inside a GFM table cell. Rows are split on `|` before code spans are
 * parsed, and renderers disagree on whether `\\|` is an escaped backslash and a live pipe
 * (marked) or a backslash and an escaped pipe (cmark-gfm). A value with `|` or `\\` therefore
 * becomes `<code>` with every other character as an entity: no pipe, backslash or markup left
 * for any renderer, and GitHub links no mention inside `<code>`.
 */
export function tableCode(value: string): string {
  const s = sanitize(value).replace(/\r?\n/g, ' ');
  return /[|\\]/.test(s) ? `<code>${entities(s)}</code>` : code(s);
}

/** An inline code span. `inTable`: one inside a table cell (see tableCode). */
export function code(value: string, inTable = false): string {
  if (inTable) return tableCode(value);
  const s = sanitize(value).replace(/\r?\n/g, ' ');
  if (s === '') return '` `';
  const fence = '`'.repeat(longestRun(s, '`') + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A fenced code block that the content cannot close. */
export function codeBlock(value: string, lang = ''): string {
  const s = sanitize(value).replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(s, '`') + 1));
  return `${fence}${lang}\n${s}\n${fence}`;
}

/** Words, numbers and versions (`1.26.8`, `zip-modified`): nothing in them is markup in running text. */
const PLAIN_WORDS = /^[A-Za-z0-9][A-Za-z0-9 .+-]*$/;

/**
 * Plain text inside a line (not at its start): HTML, markdown syntax, mentions, references and
 * autolinks made inert. Plain words stay as they are, so the markdown stays readable.
 */
export function text(value: string): string {
  const clean = sanitize(value);
  if (PLAIN_WORDS.test(clean) && !/www\./i.test(clean)) return clean;
  return clean
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
    // GitHub links mentions and references in the rendered text, after escapes are gone: a zero-width space stops them.
    .replace(/@/g, '@\u200b')
    .replace(/#/g, '#\u200b')
    .replace(/:/g, '&#58;');
}

/** Text inside raw HTML (e.g. `<summary>`), where markdown is not processed: wrapped in `<code>`, entities escaped. */
export function htmlCode(value: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '@': '&#64;', '#': '&#35;' };
  const s = sanitize(value)
    .replace(/\r?\n/g, ' ')
    .replace(/[&<>"'@#]/g, (c) => entities[c]!);
  return `<code>${s}</code>`;
}
