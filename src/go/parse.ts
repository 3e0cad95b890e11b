/** Pure parsers for what the go command prints and for go.sum. */

export interface GoSumEntry {
  module: string;
  version: string;
  /** True for the `/go.mod` line. */
  goMod: boolean;
  hash: string;
  /** 1-based line number in go.sum. */
  line: number;
}

export interface GoSumProblem {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedGoSum {
  entries: GoSumEntry[];
  malformed: GoSumProblem[];
}

const HASH_RE = /^h1:[A-Za-z0-9+/]{43}=$/;

/** Parses go.sum the way cmd/go does (whitespace-separated fields), and flags what it would reject. */
export function parseGoSum(text: string): ParsedGoSum {
  const entries: GoSumEntry[] = [];
  const malformed: GoSumProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const fields = raw.trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0) return;
    if (fields.length !== 3) {
      malformed.push({ line, text: raw, reason: `wrong number of fields ${fields.length}` });
      return;
    }
    const [module, rawVersion, hash] = fields as [string, string, string];
    const goMod = rawVersion.endsWith('/go.mod');
    const version = goMod ? rawVersion.slice(0, -'/go.mod'.length) : rawVersion;
    if (!version.startsWith('v')) {
      malformed.push({ line, text: raw, reason: `invalid version ${JSON.stringify(rawVersion)}` });
      return;
    }
    if (!HASH_RE.test(hash)) {
      // go.sum holds h1: hashes only; go would ignore another algorithm's line, so it checks nothing.
      const other = /^(h\d+):/.exec(hash);
      const reason = other && other[1] !== 'h1' ? `unknown hash algorithm ${JSON.stringify(`${other[1]}:`)} (go.sum lines hold h1: hashes)` : `invalid hash ${JSON.stringify(hash)}`;
      malformed.push({ line, text: raw, reason });
      return;
    }
    entries.push({ module, version, goMod, hash, line });
  });
  return { entries, malformed };
}

/** The key that identifies one go.sum line: `path version` or `path version/go.mod`. */
export function sumKey(module: string, version: string, goMod: boolean): string {
  return `${module} ${version}${goMod ? '/go.mod' : ''}`;
}

export interface FileDiff {
  /** `go.mod` or `go.sum`. */
  file: string;
  /** The section as printed, header lines included. */
  text: string;
  added: string[];
  removed: string[];
}

/** Splits `go mod tidy -diff` output into per-file sections with their added and removed lines. */
export function parseTidyDiff(stdout: string): FileDiff[] {
  const result: FileDiff[] = [];
  let current: FileDiff | null = null;
  for (const line of stdout.split('\n')) {
    const header = /^diff \S*?([^/\s]+) \S+$/.exec(line);
    if (header) {
      current = { file: header[1]!, text: '', added: [], removed: [] };
      result.push(current);
    }
    if (!current) continue;
    current.text += `${line}\n`;
    if (line.startsWith('+++') || line.startsWith('---') || header) continue;
    if (line.startsWith('+')) current.added.push(line.slice(1));
    else if (line.startsWith('-')) current.removed.push(line.slice(1));
  }
  for (const d of result) d.text = `${d.text.replace(/\n+$/, '')}\n`;
  return result;
}

export interface VerifyProblem {
  module: string;
  version: string;
  problem: 'zip-modified' | 'dir-modified' | 'missing-ziphash' | 'other';
  path?: string;
  text: string;
}

/** Parses `go mod verify` failures, one per line: `path version: problem (file)`. */
export function parseVerify(output: string): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  for (const text of output.split('\n')) {
    const m = /^(\S+) (v\S+?): (.*)$/.exec(text.trim());
    if (!m) continue;
    const [, module, version, rest] = m as unknown as [string, string, string, string];
    let problem: VerifyProblem['problem'] = 'other';
    let path: string | undefined;
    const modified = /^(zip|dir) has been modified \((.*)\)$/.exec(rest);
    if (modified) {
      problem = modified[1] === 'zip' ? 'zip-modified' : 'dir-modified';
      path = modified[2];
    } else if (rest.startsWith('missing ziphash')) {
      problem = 'missing-ziphash';
      path = /open (\S+?):/.exec(rest)?.[1];
    }
    problems.push({ module, version, problem, ...(path ? { path } : {}), text: text.trim() });
  }
  return problems;
}

/**
 * Parses a stream of concatenated JSON objects and arrays, as `go mod download -json` and
 * `go list -json` print (anything between them is skipped).
 *
 * go indents its output: each value starts with `{` at the start of a line, and no other line
 * does (a JSON string holds no raw newline). So the text is cut before each such line and the
 * pieces parsed natively; only when a piece is not a whole object or array is it scanned
 * character by character (scanJsonStream). The scan is the slow path: V8 compiles its loop,
 * which costs a check of one module tens of ms of CPU.
 */
export function parseJsonStream<T = unknown>(text: string): T[] {
  const values: T[] = [];
  for (const piece of text.split(/\n(?=[{[])/)) {
    const trimmed = piece.trim();
    if (trimmed === '') continue;
    const first = trimmed[0];
    const last = trimmed[trimmed.length - 1];
    if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return scanJsonStream<T>(text);
    try {
      values.push(JSON.parse(trimmed) as T);
    } catch {
      return scanJsonStream<T>(text);
    }
  }
  return values;
}

/** parseJsonStream's slow path: one character at a time, each top-level object or array parsed as it closes. */
function scanJsonStream<T>(text: string): T[] {
  const values: T[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        values.push(JSON.parse(text.slice(start, i + 1)) as T);
        start = -1;
      }
    }
  }
  if (depth !== 0) throw new Error('truncated JSON stream');
  return values;
}

export interface ChecksumMismatchMessage {
  module: string;
  version: string;
  goMod: boolean;
  downloaded: string;
  /** The other side: `go.sum`, `go.work.sum`, a go.sum path, or a checksum database name. */
  label: string;
  expected: string;
}

/** Parses every `verifying M@V[/go.mod]: checksum mismatch` block in go's output. */
export function parseChecksumMismatches(output: string): ChecksumMismatchMessage[] {
  // Two forms: `verifying M@V[/go.mod]: checksum mismatch` (against go.sum) and
  // `M@V[/go.mod]: verifying module|go.mod: checksum mismatch` (against the checksum database).
  const re = /(?:verifying )?(\S+?)@(v[^\s:/]+)(\/go\.mod)?: (?:verifying (?:module|go\.mod): )?checksum mismatch\s*\n\s*downloaded: (h\d+:\S+)\s*\n\s*(\S[^\n]*?): +(h\d+:\S+)/g;
  const found: ChecksumMismatchMessage[] = [];
  for (const m of output.matchAll(re)) {
    found.push({
      module: m[1]!,
      version: m[2]!,
      goMod: Boolean(m[3]),
      downloaded: m[4]!,
      label: m[5]!.trim(),
      expected: m[6]!
    });
  }
  return found;
}

export interface FileLineError {
  file: string;
  line: number;
  message: string;
}

/** Finds `path/go.mod:LINE[:COL]: message` lines in go's errors. */
export function parseFileLineErrors(output: string, fileName = 'go.mod'): FileLineError[] {
  const errors: FileLineError[] = [];
  const re = new RegExp(`^(?:go: )?(\\S*${fileName.replace('.', '\\.')}):(\\d+)(?::\\d+)?: (.*)$`);
  for (const line of output.split('\n')) {
    const m = re.exec(line.trim());
    if (m) errors.push({ file: m[1]!, line: Number(m[2]), message: m[3]! });
  }
  return errors;
}

/** `go version go1.26.8 linux/amd64` → `1.26.8`. */
export function parseGoVersionOutput(stdout: string): string | null {
  return /\bgo(\d+(?:\.\d+)*(?:(?:rc|beta)\d+)?)\b/.exec(stdout)?.[1] ?? null;
}

/** `go: go.mod requires go >= 1.25 (running go 1.23.5; GOTOOLCHAIN=local)` and the dependency form. */
export function parseRequiresNewerGo(output: string): { who: string; required: string; running: string } | null {
  const m = /(?:go: )?(\S+) requires go >= (\S+) \(running go (\S+?);/.exec(output);
  return m ? { who: m[1]!, required: m[2]!, running: m[3]! } : null;
}

type ParsedVersion = [number, number, number, number, number];

function parseGoVersion(v: string): ParsedVersion | null {
  const m = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(v.trim());
  if (!m) return null;
  // go/version order: 1.21 (language version) < 1.21rc1 < 1.21.0 < 1.21.1.
  const kind = m[4] === 'beta' ? 1 : m[4] === 'rc' ? 2 : m[3] !== undefined ? 3 : 0;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), kind, Number(m[5] ?? 0)];
}

/** Compares Go versions as go/version does (1.21 < 1.21rc1 < 1.21.0 < 1.21.1). Unparseable versions compare equal. */
export function compareGoVersions(a: string, b: string): number {
  const pa = parseGoVersion(a);
  const pb = parseGoVersion(b);
  if (!pa || !pb) return 0;
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

export type ErrorClass = 'network' | 'not-found' | 'gone' | 'invalid' | 'credentials' | 'other';

/** A proxy refusing go's request for lack of (the right) credentials: its URL without credentials, and the status. */
export interface AuthFailure {
  /** `https://host[:port]` of the server that refused. */
  host: string;
  status: 401 | 403;
}

/**
 * Finds `reading https://HOST/…: 401 Unauthorized` (or 403) in go's output. A 403 that says the
 * version is not available or blocked (proxy.golang.org's answer for some versions, a curating
 * proxy's for a refused module) is not about credentials.
 */
export function parseAuthFailure(text: string): AuthFailure | null {
  const m = /\b(https?:\/\/[^\s/]+)\S*: (401) Unauthorized\b|\b(https?:\/\/[^\s/]+)\S*: (403) Forbidden\b/.exec(text);
  if (!m) return null;
  const status = Number(m[2] ?? m[4]) as 401 | 403;
  if (status === 403 && /not available|block|polic|curat|malicious|vulnerab/i.test(text)) return null;
  let host = m[1] ?? m[3]!;
  try {
    const u = new URL(host);
    host = `${u.protocol}//${u.host}`;
  } catch {
    host = host.replace(/\/\/[^/@\s]*@/, '//');
  }
  return { host, status };
}

/**
 * A proxy that served the version (go got as far as verifying it) but whose relayed checksum
 * database (`<proxy>/sumdb/<name>`) has no record of it: a mirror with part of the database
 * missing, not a private module. Returns that endpoint, without any credentials in its URL.
 */
export function parseProxySumdbGap(text: string): string | null {
  const m = /verifying (?:go\.mod|module): .*?reading (\S+?\/sumdb\/[^/\s]+)\/lookup\/\S+: (?:404 Not Found|410 Gone|no such file or directory)/.exec(text);
  return m ? m[1]!.replace(/\/\/[^/@\s]*@/, '//') : null;
}

/**
 * A proxy refusing a version with 403 for a reason other than credentials (a mirror that does not
 * hold it, a curating proxy's policy): the proxy's origin and what it said.
 */
export function parseProxyRefusal(text: string): { proxy: string; response: string } | null {
  const m = /reading (https?:\/\/[^\s/]+)\S*: 403 Forbidden(?:\r?\n\s*server response: ([^\n]*))?/.exec(text);
  if (!m) return null;
  let proxy = m[1]!;
  try {
    const u = new URL(proxy);
    proxy = `${u.protocol}//${u.host}`;
  } catch {
    proxy = proxy.replace(/\/\/[^/@\s]*@/, '//');
  }
  return { proxy, response: (m[2] ?? '').trim().slice(0, 200) };
}

/** Classifies a go download error: only `network` is worth retrying. */
export function classifyGoError(text: string): ErrorClass {
  // The checksum database (directly, or through the proxy's /sumdb/ endpoint) refusing a lookup.
  if (/\b(410 Gone|404 Not Found)\b/.test(text) && /\/lookup\/|sumdb|verifying .*go\.sum|checksum database/.test(text)) return 'gone';
  // The same through a file:// proxy: a lookup file that is not there.
  if (/\/lookup\/\S+: no such file or directory/.test(text)) return 'gone';
  // A proxy refusing the request for its credentials; a 403 that says the version is not available is not that, nor a missing version.
  if (parseAuthFailure(text)) return 'credentials';
  if (/\b403 Forbidden\b/.test(text)) return 'other';
  // go refuses the path or version itself (module.CheckPath, a non-semver version): nothing was asked of the proxy.
  if (/malformed module path|version "[^"]*" invalid: must be of the form|invalid char '|: invalid (?:module )?path\b/.test(text)) return 'invalid';
  // A proxy rate-limiting: go shows no Retry-After, so the retry backoff waits instead.
  if (/\b429 Too Many Requests\b/.test(text)) return 'network';
  if (/\b(404 Not Found|410 Gone)\b|unknown revision|invalid version|no matching versions|not found|no such file or directory|does not contain package/.test(text)) {
    // A file:// proxy reports a missing version as a missing file; a server error is not "not found".
    if (!/\b(500|502|503|504)\b/.test(text)) return 'not-found';
  }
  if (/connection reset|connection refused|i\/o timeout|TLS handshake timeout|timeout awaiting|unexpected EOF|no such host|network is unreachable|\b(500|502|503|504) [A-Z]|temporary failure|Client\.Timeout/i.test(text)) {
    return 'network';
  }
  return 'other';
}

export interface ChangeBlock {
  /** First old-file line replaced (1-based); for a pure insertion, the line after which lines are added. */
  oldStart: number;
  /** Last old-file line replaced; oldStart - 1 for a pure insertion. */
  oldEnd: number;
  removed: string[];
  added: string[];
  /** For a pure insertion: the old line at oldStart - 1... kept so a suggestion can replace it with itself plus the additions. */
  anchor: { line: number; text: string } | null;
}

/** Groups a unified diff section into runs of removed/added lines with their old-file line numbers. */
export function diffChangeBlocks(section: string): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let oldLine = 0;
  let current: ChangeBlock | null = null;
  let lastContext: { line: number; text: string } | null = null;
  const close = (): void => {
    if (current) blocks.push(current);
    current = null;
  };
  for (const line of section.split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
    if (hunk) {
      close();
      oldLine = Number(hunk[1]);
      if (/^@@ -\d+,0 /.test(line)) oldLine += 1; // a zero-length old range names the line before
      lastContext = null;
      continue;
    }
    if (oldLine === 0 || line.startsWith('---') || line.startsWith('+++')) continue;
    if (line.startsWith('-')) {
      current ??= { oldStart: oldLine, oldEnd: oldLine - 1, removed: [], added: [], anchor: null };
      current.removed.push(line.slice(1));
      current.oldEnd = oldLine;
      oldLine++;
    } else if (line.startsWith('+')) {
      current ??= { oldStart: oldLine, oldEnd: oldLine - 1, removed: [], added: [], anchor: lastContext };
      current.added.push(line.slice(1));
    } else if (line.startsWith(' ')) {
      close();
      lastContext = { line: oldLine, text: line.slice(1) };
      oldLine++;
    }
  }
  close();
  return blocks;
}

/** New-side line ranges covered by a PR file's patch hunks, each [first, last]. */
export function patchRightRanges(patch: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of patch.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0) ranges.push([start, start + count - 1]);
  }
  return ranges;
}

/** The problems listed under `go: inconsistent vendoring in <dir>:`, one per line, with the module when go names one. */
export function parseVendorInconsistency(stderr: string): { module?: string; version?: string; text: string }[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => /^go: inconsistent vendoring in /.test(l));
  if (start < 0) return [];
  const out: { module?: string; version?: string; text: string }[] = [];
  for (const raw of lines.slice(start + 1)) {
    if (!raw.trim()) break;
    const text = raw.trim();
    const m = /^(\S+?)(?:@(v\S+?))?: /.exec(text);
    out.push({ ...(m ? { module: m[1]! } : {}), ...(m?.[2] ? { version: m[2] } : {}), text });
  }
  return out;
}
