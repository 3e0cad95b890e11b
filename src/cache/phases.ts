import type { Settings } from '../settings.js';
import type { GoRunner } from '../go/runner.js';
import type { Logger } from '../util/log.js';
import type { Report } from '../report/model.js';

/** What main and post need from the cache side. */
export interface CachePhaseContext {
  settings: Settings;
  go: GoRunner;
  log: Logger;
  /** Process environment (RUNNER_OS, ACTIONS_* ...). */
  env: Record<string, string | undefined>;
}

/** Restores the module cache before the engine runs; records state for the post step. */
export async function restorePhase(ctx: CachePhaseContext): Promise<void> {
  void ctx;
  await Promise.resolve();
}

/** `mode: warm`: fills and saves the module cache; returns when done. */
export async function warmPhase(ctx: CachePhaseContext): Promise<void> {
  void ctx;
  await Promise.resolve();
}

/**
 * After the check: a restored cache with cache-modified findings is not trusted — its bad
 * entries are removed and the post step is told not to save it.
 */
export async function afterCheckPhase(ctx: CachePhaseContext, report: Report): Promise<void> {
  void ctx;
  void report;
  await Promise.resolve();
}

/** The post step: saves the module cache when main says it should. */
export async function savePhase(ctx: CachePhaseContext): Promise<void> {
  void ctx;
  await Promise.resolve();
}
