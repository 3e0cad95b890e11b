/**
 * Checks of go.mod directives that need no network: local and other replacements, conflicting
 * replacements, exclude, pseudo-versions, a toolchain the runner's go cannot satisfy, and
 * replace directives inside dependencies' go.mod files (which have no effect).
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute, sep } from 'node:path';
import { compareGoVersions } from '../go/parse.js';
import { resolveInCheckout } from '../util/checkout.js';
import { escapeModulePath, parsePseudoVersion, summariseModFile, type ModFileSummary, type ReplaceDirective } from '../go/modfile.js';
import type { Finding, GoVersionFinding, ReplaceIgnoredFinding } from '../report/model.js';

/**
 * Whether GOTOOLCHAIN lets go switch to a newer Go: not `local` (which the checks set unless told
 * otherwise), nor a pinned `go1.x.y` without `+auto`/`+path`, which runs that Go and nothing else.
 */
export function toolchainCanSwitch(env: Record<string, string>): boolean {
  const t = env.GOTOOLCHAIN ?? 'local';
  return t !== 'local' && !/^go\d[^+]*$/.test(t);
}

/** Whether a `go` line asks for a newer go than the one running, with no switch of toolchain allowed. */
export function needsNewerGo(required: string | undefined, running: string, env: Record<string, string>): required is string {
  return !!required && compareGoVersions(required, running) > 0 && !toolchainCanSwitch(env);
}

/**
 * The go-version finding: `who` (go.mod, go.work, or the dependency go names) requires a newer go
 * than `running`; `switchFailed` says why go could not switch to it (GOTOOLCHAIN other than local).
 */
export function goVersionFinding(who: string, required: string, running: string, file: string, line?: number, switchFailed?: string, gotoolchain = 'local'): GoVersionFinding {
  return {
    kind: 'go-version',
    file,
    ...(line ? { line } : {}),
    message: switchFailed
      ? `${who} requires go >= ${required}, but the go on this runner is ${running} and ${switchFailed}`
      : `${who} requires go >= ${required}, but the go on this runner is ${running} (GOTOOLCHAIN=${gotoolchain})`,
    required,
    running
  };
}

/** `go: download go1.30.0 for linux/amd64: toolchain not available` (or the proxy's refusal), from a GOTOOLCHAIN switch. */
export function toolchainUnavailable(stderr: string): { version: string; message: string } | null {
  const m = /go: download go(\S+) for \S+: (.*)/.exec(stderr);
  return m ? { version: m[1]!, message: m[2]!.trim() } : null;
}

export interface DirectiveContext {
  /** Absolute directory of the module. */
  moduleDir: string;
  /** Absolute root of the repository: local replacements must stay inside it. */
  repoRoot: string;
  /** go.mod relative to the checked root, for findings. */
  file: string;
  /** The go version that runs the checks, e.g. `1.26.8`. */
  goVersion: string;
  /** GOTOOLCHAIN as the checks run it. */
  gotoolchain: string;
}

export interface DirectiveResult {
  findings: Finding[];
  /** Why go cannot load this module at all (conflicting or missing replacements), or null. */
  blocking: string | null;
  /** Absolute directories of local replacements inside the repository (each must be a checked, tidy module). */
  localTargets: string[];
}

/** The version go.mod conventionally requires for a module that a local replace provides. */
export const LOCAL_PLACEHOLDER = 'v0.0.0-00010101000000-000000000000';

/**
 * Whether a replace can take effect: go applies it only when its module is in the build graph,
 * which a tidy go.mod (go >= 1.17) lists in full. An unrequired module's replacement is never read.
 */
function isRequired(mod: ModFileSummary, r: ReplaceDirective): boolean {
  return mod.requires.some((q) => q.path === r.old.path && (!r.old.version || q.version === r.old.version));
}

const spec = (path: string, version: string): string => (version ? `${path} ${version}` : path);

export function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/** Findings from the module's own go.mod (as summariseModFile read it). */
export async function checkDirectives(mod: ModFileSummary, ctx: DirectiveContext): Promise<DirectiveResult> {
  const findings: Finding[] = [];
  const localTargets: string[] = [];
  const file = ctx.file;
  let blocking: string | null = null;

  // Replacements grouped by what they replace: different targets conflict (go refuses to build), equal ones repeat.
  const groups = new Map<string, ReplaceDirective[]>();
  for (const r of mod.replaces) {
    const key = `${r.old.path}@${r.old.version}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const targets = [...new Set(group.map((r) => spec(r.new.path, r.new.version)))];
    if (targets.length > 1) {
      findings.push({
        kind: 'replace-conflict',
        file,
        line: group[1]!.line,
        message: `${spec(first.old.path, first.old.version)} is replaced ${group.length} times with different targets (${targets.join(', ')}): go refuses to load this module`,
        module: first.old.path,
        ...(first.old.version ? { version: first.old.version } : {}),
        targets,
        lines: group.map((r) => r.line)
      });
      blocking ??= `conflicting replacements for ${first.old.path}`;
      continue;
    }
    for (const dup of group.slice(1)) {
      findings.push({
        kind: 'replace',
        file,
        line: dup.line,
        message: `line ${dup.line} repeats the replacement of ${spec(first.old.path, first.old.version)} on line ${first.line}`,
        module: first.old.path,
        ...(first.old.version ? { version: first.old.version } : {}),
        target: first.new.path,
        ...(first.new.version ? { targetVersion: first.new.version } : {}),
        replacement: 'duplicate'
      });
    }
    const checked = await checkReplacement(first, ctx, localTargets, isRequired(mod, first));
    findings.push(...checked.findings);
    if (checked.missing) blocking ??= `the replacement directory ${first.new.path} ${checked.missing}`;
  }

  for (const e of mod.excludes) {
    findings.push({ kind: 'exclude', file, line: e.line, message: `exclude ${e.path} ${e.version}: go skips this version when resolving the module graph`, module: e.path, version: e.version });
  }

  for (const r of mod.requires) {
    if (r.indirect) continue;
    // The zero-time placeholder says "a local replace provides this", not "pinned to a commit".
    if (r.version === LOCAL_PLACEHOLDER && mod.replaces.some((x) => x.local && x.old.path === r.path && (!x.old.version || x.old.version === r.version))) continue;
    const pseudo = parsePseudoVersion(r.version);
    if (pseudo) {
      findings.push({
        kind: 'pseudo-version',
        file,
        line: r.line,
        message: `${r.path} ${r.version} is an untagged commit (${pseudo.revision}, ${pseudo.time})`,
        module: r.path,
        version: r.version,
        commitTime: pseudo.time,
        revision: pseudo.revision,
        directive: 'require'
      });
    }
  }

  const toolchain = mod.toolchain;
  if (toolchain && /^go\d/.test(toolchain.name)) {
    const wanted = toolchain.name.slice(2).replace(/[+-].*$/, '');
    if (compareGoVersions(wanted, ctx.goVersion) > 0) {
      findings.push({
        kind: 'toolchain',
        file,
        line: toolchain.line,
        message:
          !toolchainCanSwitch({ GOTOOLCHAIN: ctx.gotoolchain })
            ? `toolchain ${toolchain.name} is newer than the runner's go ${ctx.goVersion}: with GOTOOLCHAIN=${ctx.gotoolchain} it is ignored here, with the default GOTOOLCHAIN=auto every fresh runner downloads ${toolchain.name}`
            : `toolchain ${toolchain.name} is newer than the runner's go ${ctx.goVersion}: every fresh runner downloads it (GOTOOLCHAIN=${ctx.gotoolchain})`,
        toolchain: toolchain.name,
        running: ctx.goVersion
      });
    }
  }
  return { findings, blocking, localTargets };
}

async function checkReplacement(r: ReplaceDirective, ctx: DirectiveContext, localTargets: string[], required: boolean): Promise<{ findings: Finding[]; missing: string | null }> {
  const base = { file: ctx.file, line: r.line, module: r.old.path, ...(r.old.version ? { version: r.old.version } : {}) };
  const what = spec(r.old.path, r.old.version);
  if (r.local) {
    const target = resolve(ctx.moduleDir, r.new.path);
    const missing = !(await isDir(target)) ? 'does not exist' : !(await isFile(join(target, 'go.mod'))) ? 'has no go.mod' : null;
    // Inside once links are resolved too: go reads the target's go.mod and sources through them.
    const where = isInside(ctx.repoRoot, target) ? await resolveInCheckout(ctx.repoRoot, target) : null;
    const outside = !where || ('refusal' in where && where.refusal.reason === 'outside');
    if (!required && (missing || outside)) {
      // A dead replace: go tidies, verifies and builds without looking at its directory.
      const why = outside ? `the directory is outside the repository${missing ? ` and ${missing} here` : ''}` : `the directory ${missing}`;
      return {
        findings: [
          { kind: 'replace', ...base, message: `${what} => ${r.new.path}: nothing requires ${r.old.path}, so this replace has no effect (${why}); it can be deleted`, target: r.new.path, replacement: 'unused' }
        ],
        missing: null
      };
    }
    if (outside) {
      const message = `${what} => ${r.new.path}: the directory is outside the repository, so the module builds only where that directory happens to exist`;
      // Reached through a link of the checkout: go must not follow it, so nothing runs.
      const linked = where ? 'leads outside the repository through a symbolic link' : null;
      return { findings: [{ kind: 'replace-local', ...base, message: missing ? `${message} (it ${missing} here)` : message, target: r.new.path, problem: 'outside-repository' }], missing: missing ?? linked };
    }
    if (missing) {
      return {
        findings: [{ kind: 'replace-local', ...base, message: `${what} => ${r.new.path}: the directory ${missing}`, target: r.new.path, problem: missing === 'does not exist' ? 'missing' : 'no-go-mod' }],
        missing
      };
    }
    localTargets.push(target);
    return { findings: [], missing: null };
  }
  const out: Finding[] = [
    {
      kind: 'replace',
      ...base,
      message:
        r.new.path === r.old.path
          ? `${what} is pinned to ${r.new.version} by a replace directive`
          : `${what} is replaced by the fork ${r.new.path} ${r.new.version}`,
      target: r.new.path,
      targetVersion: r.new.version,
      replacement: r.new.path === r.old.path ? 'version' : 'fork'
    }
  ];
  const pseudo = parsePseudoVersion(r.new.version);
  if (pseudo) {
    out.push({
      kind: 'pseudo-version',
      ...base,
      module: r.new.path,
      version: r.new.version,
      message: `replacement ${r.new.path} ${r.new.version} is an untagged commit (${pseudo.revision}, ${pseudo.time})`,
      commitTime: pseudo.time,
      revision: pseudo.revision,
      directive: 'replace'
    });
  }
  return { findings: out, missing: null };
}

/**
 * Version and fork replace directives in the go.mod of each direct dependency: go ignores them
 * (only the main module's replacements apply), though readers of that go.mod often think otherwise.
 * Reads the `.mod` files the download left in GOMODCACHE/cache/download.
 */
export async function checkDependencyReplaces(mod: ModFileSummary, gomodcache: string, file: string): Promise<ReplaceIgnoredFinding[]> {
  const out: ReplaceIgnoredFinding[] = [];
  const replaced = new Set(mod.replaces.map((r) => r.old.path));
  for (const req of mod.requires) {
    if (req.indirect || replaced.has(req.path)) continue;
    const modFile = join(gomodcache, 'cache', 'download', escapeModulePath(req.path), '@v', `${escapeModulePath(req.version)}.mod`);
    const text = await readFile(modFile, 'utf8').catch(() => null);
    if (text === null) continue;
    // Local replacements in a dependency (`=> ../sibling`) are its own development setup and cannot
    // mislead anyone; a fork or pinned version there is what readers expect to get and do not.
    for (const r of summariseModFile(text).replaces.filter((x) => !x.local)) {
      const selected = mod.requires.find((x) => x.path === r.old.path);
      const target = r.local ? r.new.path : spec(r.new.path, r.new.version);
      out.push({
        kind: 'replace-ignored',
        file,
        line: req.line,
        message: `${req.path} ${req.version} has "replace ${spec(r.old.path, r.old.version)} => ${target}" in its go.mod; go ignores it here${selected ? `, this module builds with ${r.old.path} ${selected.version}` : ''}`,
        dependency: req.path,
        dependencyVersion: req.version,
        module: r.old.path,
        ...(r.old.version ? { version: r.old.version } : {}),
        target: r.new.path,
        ...(r.new.version ? { targetVersion: r.new.version } : {})
      });
    }
  }
  return out;
}
