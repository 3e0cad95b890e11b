/**
 * A reader for go.mod and go.work syntax that keeps line numbers, which `go mod edit -json`
 * drops: findings point at the exact directive. It only reads directives; go itself decides
 * whether a file is valid (a file go rejects is reported from go's own error).
 */

export interface Directive {
  /** `require`, `replace`, `use`, … (the block's verb for lines inside a block). */
  verb: string;
  /** Tokens after the verb, quotes removed. */
  args: string[];
  /** 1-based line. */
  line: number;
  /** Text of a trailing `//` comment, trimmed (`indirect` for `// indirect`). */
  comment: string;
}

/** Splits one line into tokens and a trailing comment. */
function tokenize(line: string): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (line.startsWith('//', i)) {
      return { tokens, comment: line.slice(i + 2).trim() };
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      const raw = line.slice(i, j + 1);
      try {
        tokens.push(JSON.parse(raw) as string);
      } catch {
        tokens.push(raw.slice(1, -1));
      }
      i = j + 1;
    } else if (c === '`') {
      const j = line.indexOf('`', i + 1);
      const end = j < 0 ? line.length : j;
      tokens.push(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (line.startsWith('=>', i)) {
      tokens.push('=>');
      i += 2;
    } else {
      let j = i;
      while (j < line.length && !/[\s()"`]/.test(line[j]!) && !line.startsWith('//', j) && !line.startsWith('=>', j)) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return { tokens, comment: '' };
}

/** Every directive of a go.mod or go.work file, in file order. */
export function parseDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  let block: string | null = null;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const { tokens, comment } = tokenize(raw);
    if (tokens.length === 0) return;
    if (block !== null) {
      if (tokens[0] === ')') {
        block = null;
        return;
      }
      out.push({ verb: block, args: tokens, line, comment });
      return;
    }
    const [verb, ...args] = tokens as [string, ...string[]];
    if (args.length === 1 && args[0] === '(') {
      block = verb;
      return;
    }
    out.push({ verb, args, line, comment });
  });
  return out;
}

export interface ModuleVersion {
  path: string;
  /** Empty when the directive has no version (a replace of every version, or a local directory). */
  version: string;
}

export interface ReplaceDirective {
  old: ModuleVersion;
  new: ModuleVersion;
  line: number;
  /** The replacement is a directory (`./x`, `../x`, `/abs`), not a module version. */
  local: boolean;
}

/** modfile.IsDirectoryPath: what go treats as a local replacement. */
export function isDirectoryPath(p: string): boolean {
  return (
    p === '.' ||
    p === '..' ||
    p.startsWith('./') ||
    p.startsWith('../') ||
    p.startsWith('/') ||
    p.startsWith('.\\') ||
    p.startsWith('..\\') ||
    p.startsWith('\\') ||
    /^[A-Za-z]:[\\/]/.test(p)
  );
}

export interface ModFileSummary {
  module: string | null;
  go: { version: string; line: number } | null;
  toolchain: { name: string; line: number } | null;
  requires: (ModuleVersion & { line: number; indirect: boolean })[];
  replaces: ReplaceDirective[];
  excludes: (ModuleVersion & { line: number })[];
  /** go.work only. */
  uses: { dir: string; line: number }[];
}

/** The directives the engine checks, from go.mod or go.work text. */
export function summariseModFile(text: string): ModFileSummary {
  const s: ModFileSummary = { module: null, go: null, toolchain: null, requires: [], replaces: [], excludes: [], uses: [] };
  for (const d of parseDirectives(text)) {
    const a = d.args;
    switch (d.verb) {
      case 'module':
        s.module = a[0] ?? null;
        break;
      case 'go':
        if (a[0]) s.go = { version: a[0], line: d.line };
        break;
      case 'toolchain':
        if (a[0]) s.toolchain = { name: a[0], line: d.line };
        break;
      case 'require':
        if (a.length >= 2) s.requires.push({ path: a[0]!, version: a[1]!, line: d.line, indirect: /^indirect\b/.test(d.comment) || /;\s*indirect\b/.test(d.comment) });
        break;
      case 'exclude':
        if (a.length >= 2) s.excludes.push({ path: a[0]!, version: a[1]!, line: d.line });
        break;
      case 'use':
        if (a[0]) s.uses.push({ dir: a[0], line: d.line });
        break;
      case 'replace': {
        const arrow = a.indexOf('=>');
        if (arrow < 1) break;
        const left = a.slice(0, arrow);
        const right = a.slice(arrow + 1);
        if (!right[0]) break;
        s.replaces.push({
          old: { path: left[0]!, version: left[1] ?? '' },
          new: { path: right[0], version: right[1] ?? '' },
          line: d.line,
          local: !right[1] && isDirectoryPath(right[0])
        });
        break;
      }
    }
  }
  return s;
}

const PSEUDO = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)(\d{14})-([A-Za-z0-9]+)(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** A pseudo-version's commit time (ISO 8601, UTC) and revision, or null for a tagged version. */
export function parsePseudoVersion(version: string): { time: string; revision: string } | null {
  const m = PSEUDO.exec(version);
  if (!m) return null;
  const t = m[3]!;
  return { time: `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`, revision: m[4]! };
}

/** Semantic version parts, or null when the version is not `vMAJOR.MINOR.PATCH[-pre][+build]`. */
export function semverParts(version: string): { major: number; minor: number; patch: number; pre: string } | null {
  const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' } : null;
}

/** How far `from` is behind `to`: the highest semver component that differs. */
export function versionDistance(from: string, to: string): { level: 'major' | 'minor' | 'patch' | 'other'; major: number; minor: number; patch: number } {
  const a = semverParts(from);
  const b = semverParts(to);
  if (!a || !b) return { level: 'other', major: 0, minor: 0, patch: 0 };
  const major = Math.max(0, b.major - a.major);
  const minor = major ? b.minor : Math.max(0, b.minor - a.minor);
  const patch = major || minor ? b.patch : Math.max(0, b.patch - a.patch);
  return { level: major ? 'major' : minor ? 'minor' : patch ? 'patch' : 'other', major, minor, patch };
}

/** The GOMODCACHE/cache/download escaping: each uppercase letter becomes `!` + lowercase. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** The parts of `go mod edit -json` the engine uses. */
export interface GoModJson {
  Module?: { Path: string };
  Go?: string;
  Toolchain?: string;
  Require?: { Path: string; Version: string; Indirect?: boolean }[];
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[];
  Exclude?: { Path: string; Version: string }[];
}

/** A module path token go takes as it is (no quoting, nothing the lexer treats specially). */
const PLAIN_PATH = /^[A-Za-z0-9][A-Za-z0-9._~+-]*(\/[A-Za-z0-9._~+-]+)*$/;
/** A semantic version that module.CanonicalVersion leaves unchanged (so go's parser accepts it as written). */
const CANONICAL = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(\+incompatible)?$/;
/** go and toolchain lines of the plainest form (no release candidates, no `default`). */
const GO_VERSION = /^[1-9]\d*\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/;
const TOOLCHAIN = /^go[1-9]\d*\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/;

/** module.SplitPathVersion's major-version suffix (`/v2`, `.v1` for gopkg.in), or null for a path it rejects. */
function pathMajor(path: string): string | null {
  if (path.startsWith('gopkg.in/')) {
    const m = /\.v(\d+)$/.exec(path);
    if (!m || (m[1]!.startsWith('0') && m[1] !== '0')) return null;
    return `.v${m[1]!}`;
  }
  const m = /\/v([0-9.]+)$/.exec(path);
  if (!m || m.index === 0) return '';
  const digits = m[1]!;
  if (digits.includes('.') || digits.startsWith('0') || digits === '1') return null;
  return `/v${digits}`;
}

/** module.CheckPathMajor for a canonical version. */
function majorMatches(version: string, major: string): boolean {
  if (version.startsWith('v0.0.0-') && major === '.v1') return true;
  const m = /^v(\d+)/.exec(version)![0];
  if (major === '') return m === 'v0' || m === 'v1' || version.endsWith('+incompatible');
  return m === major.slice(1);
}

/** modfile's isIndirect: the line's own comment is exactly `indirect`, or starts with `indirect;` and goes on. */
function indirectComment(comment: string): boolean {
  const f = comment.split(/\s+/).filter(Boolean);
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

/**
 * What `go mod edit -json` prints for a go.mod, read here instead of asking go, but only for the
 * plainest files: ASCII, a single module line, at most one go and one toolchain line of the usual
 * forms, and require lines (single or in a block) with unquoted paths and versions that go keeps
 * as written; comments anywhere a comment may go. Anything else (replace, exclude, retract, tool,
 * godebug, quoting, a version go would rewrite or reject, a major version that does not match the
 * path) gives null, and go itself reads the file. Everything accepted here is accepted by go
 * with the same meaning (modfile.Parse: rule.go's add for these verbs).
 */
export function plainGoModJson(text: string): GoModJson | null {
  if (!/^[\t\n\r\x20-\x7e]*$/.test(text)) return null;
  const out: GoModJson = {};
  const requires: NonNullable<GoModJson['Require']> = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const at = raw.indexOf('//');
    const code = (at < 0 ? raw : raw.slice(0, at)).trim();
    const comment = at < 0 ? '' : raw.slice(at + 2);
    if (/["`()]/.test(code.replace(/^require\s*\($/, '').replace(/^\)$/, ''))) return null;
    if (code === '') continue;
    const words = code.split(/[ \t\r]+/);
    if (inBlock) {
      if (code === ')') {
        if (comment.trim() !== '') return null;
        inBlock = false;
        continue;
      }
      if (!requireLine(words, comment)) return null;
      continue;
    }
    const [verb, ...args] = words as [string, ...string[]];
    if (verb === 'module' && args.length === 1 && !out.Module && PLAIN_PATH.test(args[0]!)) {
      out.Module = { Path: args[0]! };
    } else if (verb === 'go' && args.length === 1 && out.Go === undefined && GO_VERSION.test(args[0]!)) {
      out.Go = args[0]!;
    } else if (verb === 'toolchain' && args.length === 1 && out.Toolchain === undefined && TOOLCHAIN.test(args[0]!)) {
      out.Toolchain = args[0]!;
    } else if (verb === 'require' && args.length === 1 && args[0] === '(' && comment.trim() === '') {
      inBlock = true;
    } else if (verb === 'require' && args.length === 2) {
      if (!requireLine(args, comment)) return null;
    } else {
      return null;
    }
  }
  if (inBlock || !out.Module) return null;
  if (requires.length) out.Require = requires;
  return out;

  function requireLine(args: string[], comment: string): boolean {
    const [path, version] = args;
    if (args.length !== 2 || !PLAIN_PATH.test(path!) || !CANONICAL.test(version!)) return false;
    if (requires.some((r) => r.Path === path)) return false;
    const major = pathMajor(path!);
    if (major === null || !majorMatches(version!, major)) return false;
    requires.push(indirectComment(comment) ? { Path: path!, Version: version!, Indirect: true } : { Path: path!, Version: version! });
    return true;
  }
}
