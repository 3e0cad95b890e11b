import { mkdir, readFile } from 'node:fs/promises';
import { READ_LIMITS, readCheckoutText } from '../util/checkout.js';
import { join } from 'node:path';
import type { GoRunner, GoResult } from '../go/runner.js';
import { goModHash } from '../go/hash.js';
import { parseGoSum, parseJsonStream, parseChecksumMismatches, parseRequiresNewerGo, parseAuthFailure, parseProxySumdbGap, parseProxyRefusal, classifyGoError, sumKey, type GoSumEntry, type ErrorClass, type ParsedGoSum } from '../go/parse.js';
import type { DownloadErrorFinding, Finding } from '../report/model.js';
import { hashOrigin, servingProxy, type GoSettings, type HashOrigin } from '../go/env.js';
import { retry, backoffDelay, mapPool, type BackoffPolicy, type Clock } from '../util/retry.js';

export interface AuthoritativeHash {
  hash: string;
  origin: HashOrigin;
}

export interface LookupError {
  module: string;
  version: string;
  reason: ErrorClass;
  message: string;
  attempts: number;
}

export interface ResolvedHashes {
  /** Keyed by sumKey(). */
  hashes: Map<string, AuthoritativeHash>;
  errors: LookupError[];
  /** Versions whose module-cache copy disagreed with the checksum database. */
  cacheMismatches: { module: string; version: string; goMod: boolean; cached: string; authoritative: string }[];
  /** Versions that the proxy served with other content than the checksum database vouches for. */
  proxyMismatches: ProxyMismatch[];
}

/** A module version whose download (from GOPROXY) disagrees with the checksum database: the proxy serves modified content. */
export interface ProxyMismatch {
  module: string;
  version: string;
  goMod: boolean;
  /** The hash of what was downloaded. */
  served: string;
  /** The checksum database's hash, and its name. */
  authoritative: string;
  database: string;
  /** Who served it: the first proxy of GOPROXY for this path, or `direct`. */
  proxy: string;
}

export interface ResolveContext {
  go: GoRunner;
  /** An empty directory outside any module: no go.sum there, so every hash is checked afresh. */
  emptyDir: string;
  env: Record<string, string>;
  goSettings: GoSettings;
  policy: BackoffPolicy;
  clock: Clock;
  /** The run's answers so far: a version another module has looked up is not asked again. */
  shared?: HashLookups;
}

/**
 * What the checksum lookups of one run have answered, per module version, shared by every
 * module and workspace of the run (same go, same environment): in a monorepo most go.sum
 * files name the same dependencies. An answer is kept whole — hashes, errors after their
 * retries, module-cache disagreements — and each go.sum is still compared line by line.
 */
export class HashLookups {
  /** path@version → the answer of a zip lookup (`go mod download -json`), zip and go.mod hashes. */
  readonly zips = new Map<string, Promise<ResolvedHashes>>();
  /** path@version → its go.mod hash: from the version's zip lookup when there is one, else a go.mod-only lookup (`go list -m -json`). */
  readonly mods = new Map<string, Promise<ResolvedHashes>>();
}

interface DownloadJson {
  Path: string;
  Version: string;
  Error?: string;
  Sum?: string;
  GoModSum?: string;
}
interface ListJson {
  Path: string;
  Version: string;
  GoMod?: string;
  Error?: { Err: string };
}

const CHUNK = 400;

/**
 * Obtains the authoritative hash of every (module, version) named in go.sum by asking
 * go from a directory with no go.sum: zip hashes through `go mod download -json m@v…`,
 * go.mod-only versions through `go list -m -json m@v…` (which fetches and checks only
 * the .mod file). Both are checked by go against the checksum database, or come from
 * the proxy for GONOSUMDB paths. Every version is looked up, so all mismatches are found.
 */
export async function resolveAuthoritativeHashes(entries: GoSumEntry[], ctx: ResolveContext): Promise<ResolvedHashes> {
  const withZip = new Set<string>();
  const all = new Set<string>();
  for (const e of entries) {
    const mv = `${e.module}@${e.version}`;
    all.add(mv);
    if (!e.goMod) withZip.add(mv);
  }
  const modOnly = [...all].filter((mv) => !withZip.has(mv));
  const chunks = (xs: string[]): string[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));
  const shared = ctx.shared ?? new HashLookups();
  /** Starts the lookups of the versions not asked yet (in chunks, one after the other), and remembers them. */
  const ask = (known: Map<string, Promise<ResolvedHashes>>, versions: string[], lookup: typeof downloadZips): void => {
    const missing = versions.filter((mv) => !known.has(mv));
    if (missing.length === 0) return;
    const batch = (async () => {
      const r = emptyResult();
      for (const chunk of chunks(missing)) await lookup(chunk, ctx, r);
      return r;
    })();
    for (const mv of missing) known.set(mv, batch.then((r) => answerFor(r, mv)));
  };
  const zipList = [...withZip].sort();
  const modList = modOnly.sort();
  // The two kinds of lookup are independent and run side by side.
  ask(shared.zips, zipList, downloadZips);
  // A version another go.sum names with its zip is answered by that zip lookup, go.mod hash included.
  const fromZips = modList.filter((mv) => !shared.mods.has(mv) && shared.zips.has(mv));
  if (fromZips.length > 0) {
    const batch = (async () => {
      const answers = await Promise.all(fromZips.map((mv) => shared.zips.get(mv)!));
      const r = emptyResult();
      const unanswered: string[] = [];
      fromZips.forEach((mv, i) => {
        if (!addGoModPart(r, answers[i]!, mv)) unanswered.push(mv);
      });
      // No go.mod hash in the zip's answer (its lookup failed): the go.mod is looked up on its own.
      for (const chunk of chunks(unanswered)) await listGoMods(chunk, ctx, r);
      return r;
    })();
    for (const mv of fromZips) shared.mods.set(mv, batch.then((r) => answerFor(r, mv)));
  }
  ask(shared.mods, modList, listGoMods);
  // Merged in a fixed order, so the report does not depend on which answer came first.
  const answers = await Promise.all([...zipList.map((mv) => shared.zips.get(mv)!), ...modList.map((mv) => shared.mods.get(mv)!)]);
  const result = emptyResult();
  for (const a of answers) {
    for (const [k, v] of a.hashes) result.hashes.set(k, v);
    result.errors.push(...a.errors);
    result.cacheMismatches.push(...a.cacheMismatches);
    result.proxyMismatches.push(...a.proxyMismatches);
  }
  return result;
}

/**
 * Looks up every version named in these go.sum files at once, before their modules ask: as few go
 * calls as there are chunks, instead of one or two per module, each of which checks the checksum
 * database's tree afresh. The answers wait in `ctx.shared`, where each module's own
 * resolveAuthoritativeHashes finds them (and still compares its go.sum line by line). Returns
 * once they are asked; `done` when they are answered. A file that cannot be read is skipped, and
 * failures are the modules' to report, as their own lookups would have met them.
 */
export async function lookUpEveryGoSum(files: string[], ctx: ResolveContext & { shared: HashLookups; repoRoot: string }): Promise<{ done: Promise<void> }> {
  const texts = await Promise.all(files.map((f) => readCheckoutText(ctx.repoRoot, f, READ_LIMITS.sumFile).then((r) => (r.ok ? r.text : ''))));
  const seen = new Set<string>();
  const entries: GoSumEntry[] = [];
  for (const text of texts) {
    for (const e of parseGoSum(text).entries) {
      const k = sumKey(e.module, e.version, e.goMod);
      if (!seen.has(k)) {
        seen.add(k);
        entries.push(e);
      }
    }
  }
  // Its lookups are in ctx.shared once this call returns (they are registered before its first await).
  const all = resolveAuthoritativeHashes(entries, ctx);
  return { done: all.then(() => undefined, () => undefined) };
}

function emptyResult(): ResolvedHashes {
  return { hashes: new Map(), errors: [], cacheMismatches: [], proxyMismatches: [] };
}

/** The part of a lookup's result about one module version. */
function answerFor(r: ResolvedHashes, mv: string): ResolvedHashes {
  const [module, version] = splitModVer(mv);
  const hashes = new Map<string, AuthoritativeHash>();
  for (const goMod of [false, true]) {
    const k = sumKey(module, version, goMod);
    const h = r.hashes.get(k);
    if (h) hashes.set(k, h);
  }
  const mine = (x: { module: string; version: string }): boolean => x.module === module && x.version === version;
  return { hashes, errors: r.errors.filter(mine), cacheMismatches: r.cacheMismatches.filter(mine), proxyMismatches: r.proxyMismatches.filter(mine) };
}

/** Adds the go.mod part of a zip lookup's answer about `mv` to `out`; false when it has no go.mod hash. */
function addGoModPart(out: ResolvedHashes, answer: ResolvedHashes, mv: string): boolean {
  const [module, version] = splitModVer(mv);
  const k = sumKey(module, version, true);
  const h = answer.hashes.get(k);
  if (!h) return false;
  out.hashes.set(k, h);
  out.cacheMismatches.push(...answer.cacheMismatches.filter((c) => c.goMod));
  out.proxyMismatches.push(...answer.proxyMismatches.filter((c) => c.goMod));
  return true;
}

function splitModVer(mv: string): [string, string] {
  const at = mv.lastIndexOf('@');
  return [mv.slice(0, at), mv.slice(at + 1)];
}

async function downloadZips(targets: string[], ctx: ResolveContext, out: ResolvedHashes, split = true): Promise<void> {
  let pending = [...targets];
  const attemptsOf = new Map<string, number>();
  // A fatal "checksum mismatch" stops go at the first bad module-cache entry: record it and go on without it.
  for (let guard = 0; pending.length > 0 && guard <= targets.length; guard++) {
    const { value: r } = await retry(
      async () => {
        pending.forEach((mv) => attemptsOf.set(mv, (attemptsOf.get(mv) ?? 0) + 1));
        return ctx.go.run(['mod', 'download', '-json', ...pending], { cwd: ctx.emptyDir, env: ctx.env });
      },
      (res) => isAllTransient(res),
      ctx.policy,
      ctx.clock
    );
    const fatal = parseChecksumMismatches(r.stderr);
    const records = parseJsonStream<DownloadJson>(r.stdout);
    if (records.length === 0 && fatal.length > 0) {
      const m = fatal[0]!;
      const origin = hashOrigin(ctx.goSettings, m.module);
      out.hashes.set(sumKey(m.module, m.version, m.goMod), { hash: m.expected, origin });
      out.cacheMismatches.push({ module: m.module, version: m.version, goMod: m.goMod, cached: m.downloaded, authoritative: m.expected });
      const done = `${m.module}@${m.version}`;
      const next = pending.filter((mv) => mv !== done);
      if (next.length === pending.length) break;
      pending = next;
      continue;
    }
    if (records.length === 0 && r.timedOut && pending.length > 1 && split) {
      // One version the proxy never answers holds up the whole batch: ask each on its own, so the
      // others are answered. Once one of those times out too, the rest are not asked (bounded time).
      const stalled = { value: false };
      await mapPool(pending, 8, async (mv) => {
        if (stalled.value) {
          const [module, version] = splitModVer(mv);
          out.errors.push({ module, version, reason: classifyGoError(r.stderr), message: r.stderr.trim(), attempts: attemptsOf.get(mv) ?? 1 });
          return;
        }
        const one = emptyResult();
        await downloadZips([mv], ctx, one, false);
        if (one.errors.some((e) => /did not finish within/.test(e.message))) stalled.value = true;
        for (const [k, v] of one.hashes) out.hashes.set(k, v);
        out.errors.push(...one.errors);
        out.cacheMismatches.push(...one.cacheMismatches);
      });
      return;
    }
    if (records.length === 0) {
      for (const mv of pending) {
        const [module, version] = splitModVer(mv);
        out.errors.push({ module, version, reason: classifyGoError(r.stderr), message: r.stderr.trim(), attempts: attemptsOf.get(mv) ?? 1 });
      }
      return;
    }
    const retryable: string[] = [];
    for (const rec of records) {
      const mv = `${rec.Path}@${rec.Version}`;
      // What the proxy served disagrees with the checksum database: the database's hash is the authoritative one.
      if (rec.Error && recordDatabaseMismatch(rec.Error, out, ctx.goSettings)) {
        if (rec.GoModSum) out.hashes.set(sumKey(rec.Path, rec.Version, true), { hash: rec.GoModSum, origin: hashOrigin(ctx.goSettings, rec.Path) });
        continue;
      }
      if (rec.Error) {
        const reason = classifyGoError(rec.Error);
        if (reason === 'network' && (attemptsOf.get(mv) ?? 1) < ctx.policy.attempts) retryable.push(mv);
        else out.errors.push({ module: rec.Path, version: rec.Version, reason, message: rec.Error, attempts: attemptsOf.get(mv) ?? 1 });
        continue;
      }
      const origin = hashOrigin(ctx.goSettings, rec.Path);
      if (rec.Sum) out.hashes.set(sumKey(rec.Path, rec.Version, false), { hash: rec.Sum, origin });
      if (rec.GoModSum) out.hashes.set(sumKey(rec.Path, rec.Version, true), { hash: rec.GoModSum, origin });
    }
    pending = retryable;
    if (pending.length) await ctx.clock.sleep(backoffDelay(Math.max(...pending.map((mv) => attemptsOf.get(mv) ?? 1)), ctx.policy));
  }
}

async function listGoMods(targets: string[], ctx: ResolveContext, out: ResolvedHashes): Promise<void> {
  let pending = [...targets];
  const attemptsOf = new Map<string, number>();
  while (pending.length > 0) {
    pending.forEach((mv) => attemptsOf.set(mv, (attemptsOf.get(mv) ?? 0) + 1));
    const r = await ctx.go.run(['list', '-m', '-e', '-json', ...pending], { cwd: ctx.emptyDir, env: ctx.env });
    const records = parseJsonStream<ListJson>(r.stdout);
    if (records.length === 0) {
      const reason = classifyGoError(r.stderr);
      const attempt = attemptsOf.get(pending[0]!) ?? 1;
      if (reason === 'network' && attempt < ctx.policy.attempts) {
        await ctx.clock.sleep(backoffDelay(attempt, ctx.policy));
        continue;
      }
      for (const mv of pending) {
        const [module, version] = splitModVer(mv);
        out.errors.push({ module, version, reason, message: r.stderr.trim() || `go list exited ${r.exitCode}`, attempts: attemptsOf.get(mv) ?? 1 });
      }
      return;
    }
    const retryable: string[] = [];
    for (const rec of records) {
      const mv = `${rec.Path}@${rec.Version}`;
      const err = rec.Error?.Err ?? (rec.GoMod ? null : 'no go.mod was fetched');
      if (err && recordDatabaseMismatch(err, out, ctx.goSettings)) continue;
      if (err) {
        const reason = classifyGoError(err);
        if (reason === 'network' && (attemptsOf.get(mv) ?? 1) < ctx.policy.attempts) retryable.push(mv);
        else out.errors.push({ module: rec.Path, version: rec.Version, reason, message: err, attempts: attemptsOf.get(mv) ?? 1 });
        continue;
      }
      const data = await readFile(rec.GoMod!);
      out.hashes.set(sumKey(rec.Path, rec.Version, true), { hash: goModHash(data), origin: hashOrigin(ctx.goSettings, rec.Path) });
    }
    pending = retryable;
    if (pending.length) await ctx.clock.sleep(backoffDelay(Math.max(...pending.map((mv) => attemptsOf.get(mv) ?? 1)), ctx.policy));
  }
}

/**
 * Records go's "verifying module: checksum mismatch … <database>: h1:…" (a download that the
 * checksum database contradicts) as the database's hash plus a proxy mismatch. False for any
 * other error, and for a mismatch against a go.sum (not the database).
 */
function recordDatabaseMismatch(error: string, out: ResolvedHashes, settings: GoSettings): boolean {
  const m = parseChecksumMismatches(error).find((x) => !/go\.(work\.)?sum$/.test(x.label));
  if (!m) return false;
  out.hashes.set(sumKey(m.module, m.version, m.goMod), { hash: m.expected, origin: { source: 'checksum-database', name: m.label } });
  const proxy = servingProxy(settings, m.module) ?? 'direct';
  out.proxyMismatches.push({ module: m.module, version: m.version, goMod: m.goMod, served: m.downloaded, authoritative: m.expected, database: m.label, proxy });
  return true;
}

/** A failed run worth repeating whole: no per-module answers and a network-class error. */
function isAllTransient(r: GoResult): boolean {
  return r.exitCode !== 0 && !r.stdout.trim() && classifyGoError(r.stderr) === 'network';
}

/**
 * Findings for one go.sum-format file (go.sum or go.work.sum): malformed lines, every line whose
 * hash disagrees with the authoritative one, tampered module-cache entries and failed lookups.
 * Returns the corrected entries by line, so a scratch copy can be repaired, and `unchecked`: why
 * some versions' lines could not be checked when that is not a fault of the file or the network
 * (a version whose go.mod asks for a newer go, which go then refuses to fetch; the module's own
 * download reports that as a go-version finding).
 */
export function sumFileFindings(
  parsed: ParsedGoSum,
  resolved: ResolvedHashes,
  file: string,
  name: string
): { findings: Finding[]; corrected: Map<number, GoSumEntry>; unchecked: string[] } {
  const unchecked: string[] = [];
  const findings: Finding[] = [];
  for (const bad of parsed.malformed) {
    findings.push({ kind: 'malformed', file, line: bad.line, message: `${name}:${bad.line}: ${bad.reason}`, detail: bad.text });
  }
  const corrected = new Map<number, GoSumEntry>();
  for (const e of parsed.entries) {
    const auth = resolved.hashes.get(sumKey(e.module, e.version, e.goMod));
    if (auth && auth.hash !== e.hash) {
      findings.push({
        kind: 'checksum-mismatch',
        file,
        line: e.line,
        message: `${e.module}@${e.version}${e.goMod ? '/go.mod' : ''}: ${name} has ${e.hash}, ${auth.origin.name} has ${auth.hash}`,
        module: e.module,
        version: e.version,
        hash: e.goMod ? 'go.mod' : 'zip',
        committed: e.hash,
        authoritative: auth.hash,
        source: auth.origin.source,
        sourceName: auth.origin.name
      });
      corrected.set(e.line, { ...e, hash: auth.hash });
    }
  }
  for (const c of resolved.cacheMismatches) {
    findings.push({
      kind: 'cache-modified',
      message: `${c.module}@${c.version}: the module cache holds ${c.cached}, the checksum database has ${c.authoritative}`,
      module: c.module,
      version: c.version,
      problem: 'other'
    });
  }
  for (const p of resolved.proxyMismatches) {
    const what = `${p.module}@${p.version}${p.goMod ? '/go.mod' : ''}`;
    const from = p.proxy === 'direct' ? 'its origin (GOPROXY=direct)' : p.proxy;
    findings.push({
      kind: 'proxy-modified',
      file,
      ...lineOf(parsed, p.module, p.version, p.goMod),
      message: `${what}: ${from} serves ${p.served}, but the checksum database ${p.database} has ${p.authoritative}: modified content, refused by go`,
      module: p.module,
      version: p.version,
      hash: p.goMod ? 'go.mod' : 'zip',
      served: p.served,
      authoritative: p.authoritative,
      proxy: p.proxy,
      database: p.database
    });
  }
  for (const e of resolved.errors) {
    const newer = parseRequiresNewerGo(e.message);
    if (newer) {
      unchecked.push(`${e.module}@${e.version} requires go >= ${newer.required}, newer than the go on this runner (${newer.running})`);
      continue;
    }
    const line = parsed.entries.find((x) => x.module === e.module && x.version === e.version)?.line;
    findings.push(downloadError(e.module, e.version, e.reason, e.attempts, e.message, file, line));
  }
  return { findings, corrected, unchecked };
}

/** `{ line }` of the go.sum line naming this version (its zip or /go.mod line), or nothing. */
function lineOf(parsed: ParsedGoSum, module: string, version: string, goMod: boolean): { line?: number } {
  const e = parsed.entries.find((x) => x.module === module && x.version === version && x.goMod === goMod) ?? parsed.entries.find((x) => x.module === module && x.version === version);
  return e ? { line: e.line } : {};
}

export function downloadError(
  module: string | undefined,
  version: string | undefined,
  reason: DownloadErrorFinding['reason'],
  attempts: number,
  output: string,
  file: string,
  line: number | undefined
): DownloadErrorFinding {
  const what = module ? `${module}${version ? `@${version}` : ''}` : 'the module graph';
  const auth = reason === 'credentials' ? parseAuthFailure(output) : null;
  const gap = reason === 'gone' ? parseProxySumdbGap(output) : null;
  const refusal = reason === 'other' ? parseProxyRefusal(output) : null;
  const unchecked = "this version's go.sum lines could not be checked, which is no sign that they are wrong";
  const why = gap
    ? `the proxy serves this version, but the checksum database it relays (${gap}) has no record of it (a proxy or mirror with part of the database missing): ${unchecked}`
    : refusal
      ? `${refusal.proxy} refuses this version (403 Forbidden${refusal.response ? `: ${JSON.stringify(refusal.response)}` : ''}): a proxy or mirror that does not hold it or does not allow it; ${unchecked}`
      : auth
    ? auth.status === 401
      ? `${auth.host} answered 401 Unauthorized: go sent it no credentials, or wrong ones (the proxy-credentials input, GOAUTH or .netrc give them)`
      : `${auth.host} answered 403 Forbidden: the credentials go sent do not give access to this module (or the proxy refuses it)`
    : reason === 'not-found'
      ? 'this version does not exist on the proxy'
      : reason === 'gone'
        ? 'the checksum database has no record of it or refuses it (a private or deleted module: set GOPRIVATE/GONOSUMDB for private paths; or a proxy that does not serve the checksum database)'
        : reason === 'network'
          ? `network failure after ${attempts} attempt${attempts === 1 ? '' : 's'}`
          : reason === 'invalid'
            ? `go refuses the module path or version as invalid: ${withoutSubject(firstErrorLine(output).replace(/^go: /, ''), what)}`
            : withoutSubject(firstErrorLine(output), what);
  return {
    kind: 'download-error',
    file,
    ...(line ? { line } : {}),
    message: `${what}: ${why}`,
    ...(module ? { module } : {}),
    ...(version ? { version } : {}),
    reason,
    ...(auth ? { host: auth.host } : {}),
    attempts,
    output: output.trim()
  };
}

/** go's lines that report an error, not progress. */
function errorLines(output: string): string[] {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^go: (downloading|finding|found) /.test(l));
}

/** The first line of go's output that is an error, not progress. */
export function firstErrorLine(output: string): string {
  return errorLines(output)[0] ?? 'unknown error';
}

/**
 * The line of go's output that names the problem: go often starts with the import chain
 * (`go: example.com/app tested by` / `example.com/app.test imports`) and says what is wrong
 * at its end.
 */
export function problemLine(output: string): string {
  const lines = errorLines(output);
  return lines.find((l) => !/ (imports|tested by)$/.test(l)) ?? lines[0] ?? 'unknown error';
}

/** `go: m@v: reason` → `reason` when the message already starts with `m@v: `, so the subject is not said twice. */
function withoutSubject(line: string, subject: string): string {
  const s = line.replace(/^go: /, '');
  return s.startsWith(`${subject}: `) ? s.slice(subject.length + 2) : s;
}

/** go.sum text with the given lines' hashes replaced and the `drop` lines removed. */
export function rebuildGoSum(text: string, corrected: Map<number, GoSumEntry>, drop: Set<number>): string {
  return text
    .split('\n')
    .map((line, i) => {
      const e = corrected.get(i + 1);
      if (drop.has(i + 1)) return null;
      return e ? `${e.module} ${e.version}${e.goMod ? '/go.mod' : ''} ${e.hash}` : line;
    })
    .filter((l): l is string => l !== null)
    .join('\n');
}

/** What a module's or workspace's context gives the checksum lookups. */
export interface LookupSource {
  go: GoRunner;
  scratch: string;
  env: Record<string, string>;
  goSettings: GoSettings;
  policy: BackoffPolicy;
  clock: Clock;
  hashLookups: HashLookups;
}

/** The authoritative hashes of `entries`, looked up from an empty directory in `ctx.scratch`, sharing the run's answers. */
export async function lookUpHashes(entries: GoSumEntry[], ctx: LookupSource): Promise<ResolvedHashes> {
  return resolveAuthoritativeHashes(entries, {
    go: ctx.go,
    emptyDir: await emptyDirIn(ctx.scratch),
    env: ctx.env,
    goSettings: ctx.goSettings,
    policy: ctx.policy,
    clock: ctx.clock,
    shared: ctx.hashLookups
  });
}

/** `<scratch>/empty`, created: a directory outside any module, with no go.sum, for resolveAuthoritativeHashes. */
export async function emptyDirIn(scratch: string): Promise<string> {
  const d = join(scratch, 'empty');
  await mkdir(d, { recursive: true });
  return d;
}
