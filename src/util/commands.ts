import { randomBytes } from 'node:crypto';

/**
 * Could the runner read a workflow command in this text? It reads `::name::` at a line start (after
 * leading whitespace) and the legacy `##[name]` anywhere in a line; `\r` and `\n` both end a line.
 * Neither form exists without `::` or `##[`, whatever the line breaks.
 */
export function mayIssueCommand(text: string): boolean {
  return text.includes('::') || text.includes('##[');
}

/** A token for `::stop-commands::`: random, so text from a repository cannot guess it and resume commands early. */
export function randomToken(): string {
  return `gmh${randomBytes(16).toString('hex')}`;
}

/**
 * The lines to print so that nothing in `lines` can issue a workflow command: the lines as they
 * are when none could, else between `::stop-commands::<token>` and `::<token>::`, with a token
 * the lines do not contain (the runner compares it case-insensitively).
 */
export function inertLines(lines: readonly string[], newToken: () => string = randomToken): string[] {
  if (!lines.some(mayIssueCommand)) return [...lines];
  const all = lines.join('\n').toLowerCase();
  let token = newToken();
  while (all.includes(token.toLowerCase())) token = newToken();
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}
