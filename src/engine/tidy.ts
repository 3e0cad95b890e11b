import { applyPatch, structuredPatch } from 'diff';
import type { FileDiff } from '../go/parse.js';
import type { GoModJson } from '../go/modfile.js';
import type { RequireChange, TidyChanges } from '../report/model.js';

export type { GoModJson };

/** Formats a unified diff the way `go mod tidy -diff` does (used when tidying a scratch copy on Go < 1.23). */
export function formatGoDiff(file: string, before: string, after: string, to = 'tidy'): string {
  if (before === after) return '';
  const patch = structuredPatch(`current/${file}`, `${to}/${file}`, before, after, '', '', { context: 3 });
  let out = `diff current/${file} ${to}/${file}\n--- current/${file}\n+++ ${to}/${file}\n`;
  for (const h of patch.hunks) {
    const oldStart = h.oldLines === 0 ? h.oldStart - (h.oldStart > 0 ? 1 : 0) : h.oldStart;
    out += `@@ -${oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n`;
    out += h.lines.filter((l) => !l.startsWith('\\')).map((l) => `${l}\n`).join('');
  }
  return `${out}\n`;
}

/** Reconstructs tidy's go.mod from the current one and the go.mod section of the diff. */
export function applyGoModDiff(current: string, section: FileDiff): string | null {
  const body = section.text.split('\n').filter((l) => !l.startsWith('diff ')).join('\n');
  const result = applyPatch(current, body);
  return result === false ? null : result;
}

function requireMap(m: GoModJson): Map<string, RequireChange> {
  return new Map((m.Require ?? []).map((r) => [r.Path, { path: r.Path, version: r.Version, indirect: Boolean(r.Indirect) }]));
}

/** Turns two parsed go.mod files and the diff sections into the structured tidy result. */
export function describeTidyChanges(
  before: GoModJson,
  after: GoModJson | null,
  sections: FileDiff[],
  diff: string,
  againstCorrectedGoSum: boolean
): TidyChanges {
  const modSection = sections.find((s) => s.file === 'go.mod');
  const sumSection = sections.find((s) => s.file === 'go.sum');
  const changes: TidyChanges = {
    requiresAdded: [],
    requiresRemoved: [],
    versionsChanged: [],
    indirectChanged: [],
    otherGoModLines: [],
    sumAdded: sumSection?.added ?? [],
    sumRemoved: sumSection?.removed ?? [],
    diff,
    againstCorrectedGoSum
  };
  if (after) {
    const a = requireMap(before);
    const b = requireMap(after);
    for (const [path, r] of b) {
      const old = a.get(path);
      if (!old) changes.requiresAdded.push(r);
      else {
        if (old.version !== r.version) changes.versionsChanged.push({ path, from: old.version, to: r.version });
        if (old.indirect !== r.indirect) changes.indirectChanged.push({ path, version: r.version, indirect: r.indirect });
      }
    }
    for (const [path, r] of a) if (!b.has(path)) changes.requiresRemoved.push(r);
    if ((before.Go ?? null) !== (after.Go ?? null)) changes.goDirective = { from: before.Go ?? null, to: after.Go ?? null };
    if ((before.Toolchain ?? null) !== (after.Toolchain ?? null)) {
      changes.toolchainDirective = { from: before.Toolchain ?? null, to: after.Toolchain ?? null };
    }
  }
  if (modSection) {
    const explained = (after ? [...(before.Require ?? []), ...(after.Require ?? [])].map((r) => r.Path) : []);
    const isRequireOrDirective = (l: string): boolean => {
      const line = l.trim();
      if (/^(require\s*\(|\)|)$/.test(line) || /^(go|toolchain)\s/.test(line)) return true;
      const t = line.replace(/^require\s+/, '');
      return explained.some((p) => t.startsWith(`${p} `));
    };
    changes.otherGoModLines = [
      ...modSection.removed.filter((l) => !isRequireOrDirective(l)).map((l) => `-${l}`),
      ...modSection.added.filter((l) => !isRequireOrDirective(l)).map((l) => `+${l}`)
    ];
  }
  return changes;
}

/**
 * When tidy would change only formatting (no requirement, directive or go.sum change), what that
 * change is, said plainly; null otherwise. CRLF line endings are the common case: tidy writes LF.
 */
export function formattingOnly(c: TidyChanges): string | null {
  const structural =
    c.requiresAdded.length + c.requiresRemoved.length + c.versionsChanged.length + c.indirectChanged.length + c.sumAdded.length + c.sumRemoved.length > 0 ||
    c.goDirective !== undefined ||
    c.toolchainDirective !== undefined;
  if (structural || c.otherGoModLines.length === 0) return null;
  if (c.otherGoModLines.some((l) => l.endsWith('\r'))) return 'go.mod has Windows line endings (CRLF); go mod tidy writes LF. Nothing else changes.';
  return 'spacing, comments or the grouping of lines in go.mod; no requirement changes.';
}
