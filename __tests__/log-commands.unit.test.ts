import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { actionsLogger } from '../src/action/log.js';
import { inertLines, mayIssueCommand } from '../src/util/commands.js';
import { readRunnerLog, foreignCommands, HOSTILE } from './helpers/workflow-commands.js';

/** Everything written to stdout while fn runs (where @actions/core writes commands and info lines). */
function captureStdout(fn: () => void): string {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the recording runner reads commands as actions/runner does', () => {
  test('v2 after leading whitespace, legacy anywhere, every line break, stop-commands and masks', () => {
    const log = readRunnerLog(
      [
        'plain',
        '  ::error file=a%2Cb.go,line=3::one%0Atwo',
        'text ##[warning]legacy',
        'x\r\u00a0::Add-Mask::s3cret',
        '::unknown::not a command',
        '::stop-commands::tok',
        '::error::stopped',
        '::TOK::',
        '::notice::again'
      ].join('\n')
    );
    expect(log.commands).toEqual([
      { command: 'error', properties: { file: 'a,b.go', line: '3' }, data: 'one\ntwo', syntax: 'v2' },
      { command: 'warning', properties: {}, data: 'legacy', syntax: 'legacy' },
      { command: 'Add-Mask', properties: {}, data: 's3cret', syntax: 'v2' },
      { command: 'stop-commands', properties: {}, data: 'tok', syntax: 'v2' },
      { command: 'TOK', properties: {}, data: '', syntax: 'v2', resume: true },
      { command: 'notice', properties: {}, data: 'again', syntax: 'v2' }
    ]);
    expect(log.masks).toEqual(['s3cret']);
    expect(log.lines).toEqual(['plain', 'x', '::unknown::not a command', '::error::stopped']);
  });

  test('the hostile strings, printed raw, do issue commands', () => {
    const raw = readRunnerLog(HOSTILE.join('\n'));
    expect(foreignCommands(raw, []).map((c) => c.command)).toEqual(['error', 'add-mask', 'set-output', 'notice', 'error', 'set-output', 'error']);
  });
});

describe('inertLines', () => {
  test('lines that cannot issue a command are printed as they are', () => {
    expect(inertLines(['go: downloading example.com/lib v1.0.0', 'a: b', '# c'])).toEqual(['go: downloading example.com/lib v1.0.0', 'a: b', '# c']);
    expect(mayIssueCommand('a:b:c')).toBe(false);
  });

  test('otherwise they go between stop-commands and a token they do not contain', () => {
    const tokens = ['abc', 'def'];
    expect(inertLines(['x ABC', '::error::y'], () => tokens.shift()!)).toEqual(['::stop-commands::def', 'x ABC', '::error::y', '::def::']);
  });
});

describe('actionsLogger', () => {
  test('repository text in info lines, groups and warnings issues no command and is still shown', () => {
    const out = captureStdout(() => {
      for (const h of HOSTILE) {
        actionsLogger.info(`skipped ${h}: no go.mod`);
        actionsLogger.group(`module ${h}`, [`go: ${h}`, 'plain line']);
        actionsLogger.warning(`Module cache: ${h}`);
      }
    });
    const log = readRunnerLog(out);
    expect(foreignCommands(log, ['group', 'endgroup', 'warning'])).toEqual([]);
    expect(log.masks).toEqual([]);
    expect(log.commands.filter((c) => c.command === 'group').map((c) => c.data)).toEqual(HOSTILE.map((h) => `module ${h}`));
    expect(log.commands.filter((c) => c.command === 'warning').map((c) => c.data)).toEqual(HOSTILE.map((h) => `Module cache: ${h}`));
    const shown = log.lines.join('\n');
    for (const h of HOSTILE) {
      expect(shown).toContain(`skipped ${h.replace(/\r\n?/g, '\n')}: no go.mod`);
      expect(shown).toContain(`go: ${h.replace(/\r\n?/g, '\n')}`);
    }
  });

  test('lines that cannot issue a command are not wrapped', () => {
    const out = captureStdout(() => actionsLogger.group('module .', ['go.sum: 3 lines', 'ok']));
    expect(out).toBe('::group::module .\ngo.sum: 3 lines\nok\n::endgroup::\n');
  });
});
