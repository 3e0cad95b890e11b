import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import type { GoRunner } from '../go/runner.js';
import { parseGoVersionOutput } from '../go/parse.js';
import { readGoEnvironment, credentialsIn, redactCredentials } from '../go/env.js';
import { selectShard, type ShardSpec } from './shard.js';
import { allFindings, emptyCounts, type FindingKind, type InternalErrorFinding, type ModuleReport, type UnreadableFinding, type Report, type WorkspaceReport } from '../report/model.js';
import { checkWorkspace } from './workspace.js';
import { riskySettings } from './environment.js';
import { mapPool, type Clock } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { compareDirs, discoverModules } from './discover.js';
import { checkModule } from './check.js';
import { internalError } from './internal.js';
import { createModuleCacheVerifier } from './verify.js';
import { emptyDirIn, HashLookups, lookUpEveryGoSum } from './checksums.js';
import { decideOutcome } from './policy.js';
import { VERSION } from '../version.js';
import { forgetScans, refusalMessage } from '../util/checkout.js';

/** What the engine needs to know; built from the action's settings or the CLI's flags. */
export interface EngineOptions {
  /** Absolute directory searched for modules. */
  root: string;
  /** Globs of module directories (`!` excludes); empty for the default discovery. */
  modules: string[];
  failOn: FindingKind[];
  /** Attempts for downloads on transient network failures. */
  downloadAttempts: number;
  /** Modules checked at once. */
  concurrency: number;
  /** Parent of the scratch directory (removed afterwards). */
  tempDir: string;
  /** `copy` forces the scratch-tidy path that Go < 1.23 needs. */
  tidyMode: 'auto' | 'copy';
  /** Extra variables given to every go call, e.g. GOPROXY from inputs. */
  goEnv: Record<string, string>;
  /** Base backoff delay; tests lower it. */
  retryBaseMs: number;
  /** Repository root (default: root): local replacements and go.work uses must stay inside it. */
  repoRoot?: string;
  /** Look up retractions and deprecations (default true). */
  lookups?: boolean;
  /** Report available updates of direct dependencies (audit mode). */
  updates?: boolean;
  /** The environment go runs in, for settings `go env` does not show (a misspelt variable). */
  environ?: Record<string, string | undefined>;
  /** Check only this part of the modules and go.work files (input `shard`); the report says what the whole run covers. */
  shard?: ShardSpec;
}

export interface EngineDeps {
  go: GoRunner;
  clock: Clock;
  random: () => number;
  log: Logger;
}

const SHOWN_ENV = ['GOVERSION', 'GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOFLAGS', 'GOTOOLCHAIN', 'GOMODCACHE', 'GOINSECURE'];

/** Checks every module under options.root and returns the report. Never writes inside root. */
export async function runEngine(options: EngineOptions, deps: EngineDeps): Promise<Report> {
  forgetScans();
  // go processes running now: the module cache check hashes on this thread only while there are none.
  let running = 0;
  const go: GoRunner = {
    async run(args, o) {
      running++;
      try {
        return await deps.go.run(args, o);
      } finally {
        running--;
      }
    }
  };
  await mkdir(options.tempDir, { recursive: true });
  const scratchRoot = await mkdtemp(join(options.tempDir, 'go-mod-hygiene-'));
  let goEnvironment: Awaited<ReturnType<typeof readGoEnvironment>>;
  let discovery: Awaited<ReturnType<typeof discoverModules>>;
  try {
    // go env runs outside every module: a go.mod asking for a Go that cannot be had is that module's finding, not the run's end.
    [goEnvironment, discovery] = await Promise.all([
      readGoEnvironment(go, await emptyDirIn(scratchRoot), options.goEnv, SHOWN_ENV),
      discoverModules(options.root, options.modules, options.repoRoot ?? options.root)
    ]);
  } catch (e) {
    await rm(scratchRoot, { recursive: true, force: true });
    throw e;
  }
  const { values: goEnv, goSettings, env } = goEnvironment;
  const goVersion = parseGoVersionOutput(goEnv.GOVERSION ?? '') ?? 'unknown';
  // go's own configuration (go env -w, GOENV) may hold proxy credentials the inputs did not: go repeats them in its messages.
  for (const secret of credentialsIn(Object.values(goEnv))) deps.log.mask?.(secret);
  // This job's part: every module and go.work, or a shard's share of them.
  const part = options.shard ? await selectShard(options.root, options.repoRoot ?? options.root, discovery.modules, discovery.workspaces, options.shard) : discovery;
  if (options.shard) deps.log.info(`shard ${options.shard.index}/${options.shard.total}: ${part.modules.length} of ${discovery.modules.length} module(s), ${part.workspaces.length} of ${discovery.workspaces.length} go.work file(s)`);

  deps.log.info(`go ${goVersion}; ${discovery.modules.length} module(s) to check, ${discovery.skipped.length} skipped`);
  for (const s of discovery.skipped) deps.log.info(`skipped ${s.dir}: ${s.reason}`);
  for (const u of discovery.unreadable) deps.log.info(`not read: ${u.dir} ${u.problem}`);
  const notices: string[] = [];
  if (discovery.workspaces.length) {
    notices.push(`${discovery.workspaces.join(', ')} found: each module is checked on its own with GOWORK=off, the workspace separately.`);
  }
  if (discovery.modules.length === 0 && discovery.unreadable.length === 0) notices.push(`No go.mod found under ${options.root}${options.modules.length ? ' matching the modules input' : ''}.`);

  const modules: ModuleReport[] = [];
  const workspaces: WorkspaceReport[] = [];
  const repoRoot = options.repoRoot ?? options.root;
  const policy = { attempts: options.downloadAttempts, baseMs: options.retryBaseMs, maxMs: 30000, random: deps.random };
  const localTargets = new Set<string>();
  const hashLookups = new HashLookups();
  const moduleCache = createModuleCacheVerifier({
    modcache: goEnv.GOMODCACHE ?? '',
    threads: Math.min(options.concurrency, availableParallelism()),
    thisThreadWhen: () => running === 0
  });
  let lookingUp: Promise<void> = Promise.resolve();
  try {
    // Every module's go.sum versions are looked up at once; the modules start as soon as they are asked.
    lookingUp = (
      await lookUpEveryGoSum(
        part.modules.map((dir) => join(options.root, dir, 'go.sum')),
        { go, emptyDir: await emptyDirIn(scratchRoot), env, goSettings, policy, clock: deps.clock, shared: hashLookups, repoRoot }
      )
    ).done;
    const workspaceChecks = Promise.all(
      part.workspaces.map(async (file, i) => {
        const scratch = join(scratchRoot, `w${i}`);
        await mkdir(scratch, { recursive: true });
        try {
          const r = await checkWorkspace(file, { go, clock: deps.clock, policy, root: options.root, repoRoot, scratch, env, goSettings, goVersion, hashLookups });
          deps.log.group(`workspace ${file}`, [...r.log, ...r.report.findings.map((f) => `${f.kind}: ${f.message}`)]);
          return r.report;
        } catch (e) {
          const { finding, log } = internalError('workspace', e, file);
          deps.log.group(`workspace ${file}`, log);
          return { file, uses: [], status: 'findings', findings: [finding], skippedSteps: [] } satisfies WorkspaceReport;
        }
      })
    );
    // Each module's log is printed as soon as it finishes (a slow module holds no one back), numbered as it finishes.
    let finished = 0;
    const running: string[] = [];
    const progress = (): void => deps.log.progress?.({ total: part.modules.length, done: finished, running: [...running] });
    const print = (dir: string, lines: string[]): void => {
      deps.log.group(`module ${++finished}/${part.modules.length}: ${dir}`, lines);
      running.splice(running.indexOf(dir), 1);
      progress();
    };
    const results = await mapPool(part.modules, options.concurrency, async (dir, i) => {
      running.push(dir);
      progress();
      const scratch = join(scratchRoot, `m${i}`);
      await mkdir(scratch, { recursive: true });
      try {
        const { report, log, localTargets: targets } = await checkModule(dir, {
          go,
          clock: deps.clock,
          policy,
          root: options.root,
          scratch,
          env,
          goSettings,
          goVersion,
          tidyMode: options.tidyMode,
          repoRoot,
          gomodcache: goEnv.GOMODCACHE ?? '',
          lookups: options.lookups ?? true,
          updates: options.updates ?? false,
          moduleCache,
          hashLookups
        });
        for (const t of targets) localTargets.add(t);
        print(dir, [...log, ...report.findings.map((f) => `${f.kind}: ${f.message}`)]);
        return report;
      } catch (e) {
        const { finding, log } = internalError('module', e, dir === '.' ? 'go.mod' : `${dir}/go.mod`);
        print(dir, log);
        return crashed(dir, finding);
      }
    });
    // Directories that could not be read are reported once: by the first shard when sharded.
    modules.push(...results.map((m) => scrubScratchPaths(m, scratchRoot, m.dir)), ...(!options.shard || options.shard.index === 1 ? discovery.unreadable.map(notRead) : []));
    modules.sort((a, b) => compareDirs(a.dir, b.dir));
    workspaces.push(...(await workspaceChecks).map((w) => scrubScratchPaths(w, scratchRoot, '.')));
  } finally {
    await lookingUp; // its go calls must be done before the scratch directory goes
    await moduleCache.close();
    await rm(scratchRoot, { recursive: true, force: true });
  }

  // A local replacement inside the repository is fine only if that module is itself checked.
  const checkedDirs = new Set(discovery.modules.map((d) => resolve(options.root, d)));
  for (const t of [...localTargets].sort()) {
    if (!checkedDirs.has(t)) notices.push(`${relative(options.root, t) || '.'} is the target of a local replace directive but was not checked (${discovery.skipped.find((s) => resolve(options.root, s.dir) === t)?.reason ?? 'outside the checked directory'}).`);
  }
  const unchecked = modules.filter((m) => m.skippedSteps.some((s) => s.step === 'retractions and deprecations' && s.reason.startsWith('could not')));
  if (unchecked.length) notices.push(`Retractions and deprecations could not be checked for ${unchecked.length} module(s); see each module's details.`);
  const environment = riskySettings(goEnv, discovery.workspaces.length > 0, options.environ);
  const counts = emptyCounts();
  for (const f of allFindings({ environment, workspaces, modules })) counts[f.kind]++;
  const shownEnv = Object.fromEntries(SHOWN_ENV.filter((k) => k !== 'GOVERSION' && goEnv[k]).map((k) => [k, goEnv[k]!]));
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'go-mod-hygiene', version: VERSION },
    generatedAt: new Date(deps.clock.now()).toISOString(),
    root: options.root,
    go: { version: goVersion, env: shownEnv },
    workspace: discovery.workspaces[0] ?? null,
    workspaces,
    environment,
    modules,
    skipped: discovery.skipped,
    counts,
    failOn: options.failOn,
    outcome: 'clean',
    failed: false,
    notices,
    ...(options.shard
      ? {
          shard: {
            ...options.shard,
            modules: [...discovery.modules, ...discovery.unreadable.map((u) => u.dir)].sort(compareDirs),
            workspaces: discovery.workspaces,
            settings: { modules: options.modules, lookups: options.lookups ?? true, updates: options.updates ?? false }
          }
        }
      : {})
  };
  // Credentials in GOPROXY/GOSUMDB URLs reach the footer, the risky-setting findings and go's messages: none is stored.
  return decideOutcome(redactCredentials(report, credentialsIn([...Object.values(goEnv), ...Object.values(options.goEnv)])));
}

/** A directory that may hold a module but could not be read (or leads outside the repository). */
function notRead(u: { dir: string; problem: string; reason: UnreadableFinding['reason'] }): ModuleReport {
  const finding: UnreadableFinding = { kind: 'unreadable', file: u.dir, message: refusalMessage(u.dir, { reason: u.reason, problem: u.problem }), reason: u.reason };
  return { dir: u.dir, path: null, goVersion: null, toolchain: null, status: 'findings', findings: [finding], skippedSteps: [{ step: 'module', reason: `${u.dir} ${u.problem}` }], durationMs: 0 };
}

/** A module whose check stopped on an exception of this tool's own: nothing else is known of it. */
function crashed(dir: string, finding: InternalErrorFinding): ModuleReport {
  return { dir, path: null, goVersion: null, toolchain: null, status: 'findings', findings: [finding], skippedSteps: [], durationMs: 0 };
}

/**
 * go names the scratch copies it was given (`<scratch>/m0/download/go.mod`): shown to a user, that
 * is the module's own file, and any other scratch path is said to be one. Strings only change.
 */
export function scrubScratchPaths<T>(value: T, scratchRoot: string, dir: string): T {
  const root = JSON.stringify(scratchRoot).slice(1, -1);
  const json = JSON.stringify(value);
  if (!json.includes(root)) return value;
  const esc = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ownFile = new RegExp(`${esc}/[mw]\\d+/[^/"\\s]+/(?=go\\.(?:mod|sum)\\b)`, 'g');
  return JSON.parse(json.replace(ownFile, dir === '.' ? '' : `${dir}/`).split(root).join('<scratch>')) as T;
}
