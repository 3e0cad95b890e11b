import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { GoRunner } from '../go/runner.js';
import { parseGoVersionOutput } from '../go/parse.js';
import { readGoEnvironment } from '../go/env.js';
import { emptyCounts, type FindingKind, type ModuleReport, type Report } from '../report/model.js';
import { mapPool, type Clock } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { discoverModules } from './discover.js';
import { checkModule } from './check.js';
import { createModuleCacheVerifier } from './verify.js';
import { decideOutcome } from './policy.js';
import { VERSION } from '../version.js';

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
  const { values: goEnv, goSettings, env } = await readGoEnvironment(deps.go, options.root, options.goEnv, SHOWN_ENV);
  const goVersion = parseGoVersionOutput(goEnv.GOVERSION ?? '') ?? 'unknown';

  const discovery = await discoverModules(options.root, options.modules);
  deps.log.info(`go ${goVersion}; ${discovery.modules.length} module(s) to check, ${discovery.skipped.length} skipped`);
  for (const s of discovery.skipped) deps.log.info(`skipped ${s.dir}: ${s.reason}`);
  const notices: string[] = [];
  if (discovery.workspaces.length) {
    notices.push(`${discovery.workspaces.join(', ')} found: each module is checked on its own with GOWORK=off.`);
  }
  if (discovery.modules.length === 0) notices.push(`No go.mod found under ${options.root}${options.modules.length ? ' matching the modules input' : ''}.`);

  await mkdir(options.tempDir, { recursive: true });
  const scratchRoot = await mkdtemp(join(options.tempDir, 'go-mod-hygiene-'));
  const modules: ModuleReport[] = [];
  const moduleCache = createModuleCacheVerifier({ modcache: goEnv.GOMODCACHE ?? '', threads: Math.min(options.concurrency, availableParallelism()) });
  try {
    // Logs are printed in module order as soon as every earlier module has finished.
    const logs: (string[] | undefined)[] = [];
    let printed = 0;
    const flush = (): void => {
      while (printed < discovery.modules.length && logs[printed]) {
        const dir = discovery.modules[printed]!;
        deps.log.group(`module ${dir}`, logs[printed]!);
        printed++;
      }
    };
    const results = await mapPool(discovery.modules, options.concurrency, async (dir, i) => {
      const scratch = join(scratchRoot, `m${i}`);
      await mkdir(scratch, { recursive: true });
      try {
        const { report, log } = await checkModule(dir, {
          go: deps.go,
          clock: deps.clock,
          policy: { attempts: options.downloadAttempts, baseMs: options.retryBaseMs, maxMs: 30000, random: deps.random },
          root: options.root,
          scratch,
          env,
          goSettings,
          goVersion,
          tidyMode: options.tidyMode,
          moduleCache
        });
        logs[i] = [...log, ...report.findings.map((f) => `${f.kind}: ${f.message}`)];
        return report;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        logs[i] = [`internal error: ${message}`];
        return crashed(dir, message);
      } finally {
        flush();
      }
    });
    modules.push(...results);
  } finally {
    await moduleCache.close();
    await rm(scratchRoot, { recursive: true, force: true });
  }

  const counts = emptyCounts();
  for (const m of modules) for (const f of m.findings) counts[f.kind]++;
  const shownEnv = Object.fromEntries(SHOWN_ENV.filter((k) => k !== 'GOVERSION' && goEnv[k]).map((k) => [k, goEnv[k]!]));
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'go-mod-hygiene', version: VERSION },
    generatedAt: new Date(deps.clock.now()).toISOString(),
    root: options.root,
    go: { version: goVersion, env: shownEnv },
    workspace: discovery.workspaces[0] ?? null,
    modules,
    skipped: discovery.skipped,
    counts,
    failOn: options.failOn,
    outcome: 'clean',
    failed: false,
    notices
  };
  return decideOutcome(report);
}

function crashed(dir: string, message: string): ModuleReport {
  return {
    dir,
    path: null,
    goVersion: null,
    toolchain: null,
    status: 'findings',
    findings: [{ kind: 'tidy-error', message: `go-mod-hygiene failed on this module: ${message}`, output: message }],
    skippedSteps: [],
    durationMs: 0
  };
}
