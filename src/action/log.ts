/** What main and post both write to the Actions log; kept apart from main so post's bundle does not hold the whole check. */
import * as core from '@actions/core';
import { credentialsIn } from '../go/env.js';
import { inertLines } from '../util/commands.js';
import type { Logger } from '../util/log.js';
import type { Settings } from '../settings.js';

/**
 * The Actions log. Messages carry repository text (paths, go.mod comments, go's output), so none may
 * issue a workflow command: info lines and group contents go through inertLines; warning and the
 * group title are command data, which @actions/core escapes (`%`, `\r`, `\n`) so they stay one line.
 */
export const actionsLogger: Logger = {
  info: (m) => {
    for (const l of inertLines([m])) core.info(l);
  },
  warning: (m) => core.warning(m),
  group: (title, lines) => {
    core.startGroup(title);
    for (const l of inertLines(lines)) core.info(l);
    core.endGroup();
  },
  mask: (secret) => core.setSecret(secret)
};

/**
 * Masks the token and the credentials in proxy/checksum-database URLs (inputs or environment)
 * before anything is logged: go repeats these URLs in its messages.
 */
export function maskSecrets(settings: Settings, env: Record<string, string | undefined>): void {
  if (settings.github.token) core.setSecret(settings.github.token);
  for (const s of credentialsIn([...Object.values(settings.goEnv), env.GOPROXY, env.GOSUMDB, env.GONOSUMDB, env.GOPRIVATE, env.GONOPROXY, env.GOFLAGS, env.GOAUTH])) core.setSecret(s);
}
