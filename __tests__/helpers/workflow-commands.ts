/**
 * Reads a step's output as the Actions runner does (actions/runner ActionCommandManager and
 * ActionCommand.TryParseV2/TryParse): the commands it would run, the values it would mask, and the
 * lines it would show. Tests feed it what the action printed and assert no command but ours.
 */

/** The commands the runner registers (its IActionCommandExtension list, plus stop-commands). */
export const RUNNER_COMMANDS = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo'
];

export interface RunnerCommand {
  /** The name as written (the runner matches it case-insensitively); the resume token for a resume. */
  command: string;
  properties: Record<string, string>;
  data: string;
  /** `v2` for `::name::`, `legacy` for `##[name]`. */
  syntax: 'v2' | 'legacy';
  /** True for the line that ends a stop-commands block. */
  resume?: boolean;
}

export interface RunnerLog {
  commands: RunnerCommand[];
  /** Values given to add-mask. */
  masks: string[];
  /** Lines not taken as commands (what the log shows, before masking). */
  lines: string[];
}

// .NET's String.TrimStart() removes Char.IsWhiteSpace characters.
const DOTNET_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

const unescape = (s: string, map: [string, string][]): string => map.reduce((acc, [token, repl]) => acc.split(repl).join(token), s);
const DATA: [string, string][] = [['\r', '%0D'], ['\n', '%0A'], ['%', '%25']];
const PROPERTY: [string, string][] = [['\r', '%0D'], ['\n', '%0A'], [':', '%3A'], [',', '%2C'], ['%', '%25']];
const LEGACY: [string, string][] = [[';', '%3B'], ['\r', '%0D'], ['\n', '%0A'], [']', '%5D'], ['%', '%25']];

function props(s: string, sep: string, map: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of s.split(sep).filter(Boolean)) {
    const i = p.indexOf('=');
    if (i > 0 && i < p.length - 1) out[p.slice(0, i)] = unescape(p.slice(i + 1), map);
  }
  return out;
}

function parseV2(input: string, registered: Set<string>): RunnerCommand | null {
  const message = input.replace(DOTNET_SPACE, '');
  if (!message.startsWith('::')) return null;
  const end = message.indexOf('::', 2);
  if (end < 0) return null;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return null;
  return { command: name, properties: space > 0 ? props(info.slice(space + 1).trim(), ',', PROPERTY) : {}, data: unescape(message.slice(end + 2), DATA), syntax: 'v2' };
}

function parseLegacy(message: string, registered: Set<string>): RunnerCommand | null {
  const start = message.indexOf('##[');
  if (start < 0) return null;
  const rb = message.indexOf(']', start);
  if (rb < 0) return null;
  const info = message.slice(start + 3, rb);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return null;
  return { command: name, properties: space > 0 ? props(info.slice(space + 1), ';', LEGACY) : {}, data: unescape(message.slice(rb + 1), LEGACY), syntax: 'legacy' };
}

/** Reads output as the runner does: lines end at `\r\n`, `\r` or `\n` (StreamReader.ReadLine). */
export function readRunnerLog(output: string): RunnerLog {
  const registered = new Set(RUNNER_COMMANDS);
  const log: RunnerLog = { commands: [], masks: [], lines: [] };
  let stopToken: string | null = null;
  const lines = output.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const cmd = parseV2(line, registered) ?? parseLegacy(line, registered);
    if (!cmd) {
      log.lines.push(line);
      continue;
    }
    const name = cmd.command.toLowerCase();
    if (stopToken !== null) {
      if (name === stopToken) {
        registered.delete(stopToken);
        stopToken = null;
        log.commands.push({ ...cmd, resume: true });
      } else log.lines.push(line);
      continue;
    }
    log.commands.push(cmd);
    if (name === 'stop-commands') {
      stopToken = cmd.data.toLowerCase();
      registered.add(stopToken);
    } else if (name === 'add-mask' && cmd.data.trim()) log.masks.push(cmd.data);
  }
  return log;
}

/** Commands other than these names and stop/resume pairs: what a test expects to be empty. */
export function foreignCommands(log: RunnerLog, ours: string[]): RunnerCommand[] {
  return log.commands.filter((c) => !c.resume && c.command.toLowerCase() !== 'stop-commands' && !ours.includes(c.command.toLowerCase()));
}

/** Strings that would issue commands, or break markup, if they reached the log or markdown live. */
export const HOSTILE = [
  'a\n::error::pwned-newline',
  'b\r::add-mask::pwned-cr',
  'c\r\n  ::set-output name=pwned::crlf',
  'd\n\u00a0::notice::pwned-nbsp',
  'e ##[error]pwned-legacy',
  'f ##[set-output name=pwned;]legacy-output',
  'g\n::stop-commands::x\n::x::\n::error::pwned-after-own-stop',
  'h\\|<img src=x onerror=alert(1)>',
  'i @org/team @user #1',
  'j</details><details open><summary>pwned</summary>',
  'k `` ``` `code` ',
  'l [link](https://evil.example) ![img](https://evil.example/x.png) <a href="https://evil.example">a</a>',
  'm \u200b\u202eevil\u202c \u2066x\u2069',
  'n **bold** _em_ ~~s~~ <!-- comment --> &lt; &amp;'
];
