import { createHash } from 'node:crypto';
import { diffChangeBlocks, parseTidyDiff, patchRightRanges } from '../go/parse.js';
import type { Report, UntidyFinding } from '../report/model.js';
import { codeBlock } from '../report/escape.js';

/** One suggested replacement of go.mod lines [startLine, line] in the PR's head. */
export interface Suggestion {
  path: string;
  startLine: number;
  line: number;
  replacement: string[];
  /** Stable id of this exact suggestion, carried in a hidden marker so re-runs do not repeat it. */
  id: string;
}

const MARKER_RE = /<!-- go-mod-hygiene:suggestion:([0-9a-f]{16}) -->/;

/** The id carried by one of our review comments, if it is one. */
export function suggestionIdOf(body: string): string | null {
  return MARKER_RE.exec(body)?.[1] ?? null;
}

function joinPath(prefix: string, dir: string, file: string): string {
  return [prefix, dir === '.' ? '' : dir, file].filter(Boolean).join('/');
}

/**
 * Plans suggestions for the go.mod edits tidy would make, only where every line touched is
 * inside one hunk of the PR's diff (GitHub rejects anything else). `pathPrefix` is the checked
 * root relative to the repository root.
 */
export function planSuggestions(report: Report, prFiles: { filename: string; patch?: string }[], pathPrefix: string): Suggestion[] {
  const patches = new Map(prFiles.map((f) => [f.filename, f.patch ?? '']));
  const out: Suggestion[] = [];
  for (const m of report.modules) {
    const untidy = m.findings.find((f): f is UntidyFinding => f.kind === 'untidy');
    if (!untidy) continue;
    const section = parseTidyDiff(untidy.changes.diff).find((s) => s.file === 'go.mod');
    const path = joinPath(pathPrefix, m.dir, 'go.mod');
    const patch = patches.get(path);
    if (!section || !patch) continue;
    const ranges = patchRightRanges(patch);
    for (const b of diffChangeBlocks(section.text)) {
      let start = b.oldStart;
      let end = b.oldEnd;
      let replacement = b.added;
      if (b.removed.length === 0) {
        if (!b.anchor) continue;
        start = end = b.anchor.line;
        replacement = [b.anchor.text, ...b.added];
      }
      if (!ranges.some(([lo, hi]) => start >= lo && end <= hi)) continue;
      const id = createHash('sha256').update(`${path}\n${start}\n${end}\n${replacement.join('\n')}`).digest('hex').slice(0, 16);
      out.push({ path, startLine: start, line: end, replacement, id });
    }
  }
  return out;
}

/** The review comment body for a suggestion. */
export function suggestionBody(s: Suggestion): string {
  const block = codeBlock(s.replacement.join('\n'), 'suggestion');
  return `<!-- go-mod-hygiene:suggestion:${s.id} -->\n\`go mod tidy\` would change ${s.startLine === s.line ? 'this line' : 'these lines'}:\n\n${block}\n`;
}
