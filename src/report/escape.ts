/**
 * Rendering untrusted strings (module paths, versions, go output, file names) into
 * GitHub-flavoured markdown. Everything untrusted goes into code spans or fenced
 * blocks, where GitHub renders no HTML, links no @-mentions or #-references, and the
 * fence is longer than any backtick run inside, so nothing can break out.
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

/** Drops control characters (other than tab/newline) and bidi overrides that could disguise text. */
export function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}

/** An inline code span. `inTable` escapes `|`, which GFM tables split on even inside code. */
export function code(value: string, inTable = false): string {
  let s = sanitize(value).replace(/\r?\n/g, ' ');
  if (inTable) s = s.replace(/\|/g, '\\|');
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

/** Plain text outside code: HTML, markdown syntax, mentions and references made inert. */
export function text(value: string): string {
  return sanitize(value)
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
    .replace(/@/g, '@\u200b')
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
