/** Require lines whose version go accepts but rewrites: pure, from go.mod and go's download answer. */
import { parseJsonStream } from '../go/parse.js';
import type { ModFileSummary } from '../go/modfile.js';
import type { MalformedFinding } from '../report/model.js';

/** semver.IsValid && semver.Canonical(v) == v, with go's +incompatible suffix allowed. */
const CANONICAL = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+incompatible)?$/;

export function isCanonicalVersion(v: string): boolean {
  return CANONICAL.test(v);
}

/**
 * `require example.com/lib v1.1`: go treats the version as a query and builds with what it
 * resolves to, `go mod tidy` writes that, and `go mod tidy -diff` shows nothing. `downloadJson` is
 * `go mod download -json` output for the module, where the version go selected is read.
 */
export function nonCanonicalRequires(summary: ModFileSummary, downloadJson: string, file: string): MalformedFinding[] {
  const bad = summary.requires.filter((r) => !isCanonicalVersion(r.version));
  if (bad.length === 0) return [];
  const selected = new Map(parseJsonStream<{ Path?: string; Version?: string }>(downloadJson).map((r) => [r.Path ?? '', r.Version ?? '']));
  return bad.map((r) => {
    const resolved = selected.get(r.path);
    return {
      kind: 'malformed',
      file,
      line: r.line,
      message: `go.mod:${r.line}: require ${r.path} ${r.version}: not a canonical version (like v1.2.3); ${
        resolved ? `go resolves it to ${resolved}, and go mod tidy would write ${resolved}` : 'go resolves it as a query on every run, and go mod tidy would write the version it finds'
      } (go mod tidy -diff does not show this)`,
      detail: `${r.path} ${r.version}`
    };
  });
}
