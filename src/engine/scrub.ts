import { relative } from 'node:path';
import type { Finding } from '../report/model.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Rewrites this tool's scratch paths in go's messages as the reader knows them: go names the
 * `-modfile` copy (absolute, or relative to the module when shorter), never the user's go.mod.
 * `<scratch>/<step>/go.mod` becomes the module's go.mod (`rel('go.mod')`), the fresh vendor tree
 * `vendor/ as go mod vendor writes it`, anything else under scratch just `<scratch>`.
 */
export function scratchScrubber(scratch: string, moduleDir: string, rel: (f: string) => string): (s: string) => string {
  const forms = [...new Set([scratch, relative(moduleDir, scratch)])].filter((f) => f.length > 1).sort((a, b) => b.length - a.length);
  const any = `(?:${forms.map(escapeRegExp).join('|')})`;
  const re = new RegExp(`${any}/[^/\\s:'"]+/(go\\.mod|go\\.sum)\\b|${any}/vendor-out/vendor\\b|${any}(?:/[^\\s:'"]*)?`, 'g');
  return (s) => s.replace(re, (m: string, file: string | undefined) => (file ? rel(file) : m.includes('/vendor-out/vendor') ? 'vendor/ as go mod vendor writes it' : '<scratch>'));
}

/** The finding with every text field go may have filled passed through `scrub`. */
export function scrubFinding(f: Finding, scrub: (s: string) => string): Finding {
  const out: Record<string, unknown> = { ...f };
  for (const key of ['message', 'output', 'detail', 'problem'] as const) {
    const v = out[key];
    if (typeof v === 'string') out[key] = scrub(v);
  }
  return out as unknown as Finding;
}
