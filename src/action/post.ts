import * as core from '@actions/core';
import { createGoRunner } from '../go/runner.js';
import { parseSettings } from '../settings.js';
import { savePhase } from '../cache/phases.js';
import { actionsLogger, maskSecrets } from './log.js';
import { wrapError } from '../util/errors.js';

/** The post step: saves the module cache. Its problems are warnings, never a failed job. */
export async function runPost(env: Record<string, string | undefined> = process.env): Promise<void> {
  try {
    const settings = parseSettings((name) => core.getInput(name), env);
    maskSecrets(settings, env);
    const goEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const go = createGoRunner({ goBinary: 'go', env: goEnv, timeoutMs: settings.commandTimeoutMs });
    await savePhase({ settings, go, log: actionsLogger, env });
  } catch (e) {
    core.warning(`go-mod-hygiene post step: ${wrapError(e).message}`);
  }
}
