import { describe, expect, test } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { parseSettings, parseList, InputError } from '../src/settings.js';
import { ADVISORY_KINDS, FINDING_KINDS, isAdvisory } from '../src/report/model.js';

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const env = { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/rt', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'deps', GITHUB_EVENT_NAME: 'pull_request' };

describe('parseSettings', () => {
  test('defaults', () => {
    const s = parseSettings(reader({}), env);
    expect(s).toMatchObject({
      mode: 'check',
      workingDirectory: '/ws',
      modules: [],
      failOn: FINDING_KINDS.filter((k) => !isAdvisory(k)),
      onlyNewIssues: false,
      reportPath: '/rt/go-mod-hygiene/report.json',
      lookups: true,
      updates: false,
      privateModules: null,
      downloadAttempts: 3,
      tempDir: '/rt',
      goEnv: {},
      github: { token: '', comment: 'auto', commentKey: 'CI/deps', suggestions: true, auditIssue: false, auditLabel: 'go-mod-hygiene' }
    });
    expect(s.concurrency).toBe(availableParallelism());
  });

  test('values are parsed and resolved against the workspace', () => {
    const s = parseSettings(
      reader({
        'working-directory': 'go',
        modules: 'svc/*\n!svc/legacy  # old\n\n# comment',
        'fail-on': 'untidy, checksum-mismatch',
        'report-path': 'out/r.json',
        'download-attempts': '5',
        goproxy: 'https://proxy.example',
        'audit-issue': 'true',
        'only-new-issues': 'true'
      }),
      { ...env, GOTOOLCHAIN: 'go1.22.12', GITHUB_EVENT_NAME: 'push' }
    );
    expect(s).toMatchObject({
      workingDirectory: '/ws/go',
      modules: ['svc/*', '!svc/legacy'],
      failOn: ['untidy', 'checksum-mismatch'],
      reportPath: '/ws/out/r.json',
      downloadAttempts: 5,
      onlyNewIssues: true,
      goEnv: { GOPROXY: 'https://proxy.example', GOTOOLCHAIN: 'go1.22.12' },
      github: { auditIssue: true }
    });
    expect(parseSettings(reader({ 'fail-on': 'none' }), env).failOn).toEqual([]);
    expect(parseSettings(reader({}), { ...env, GITHUB_EVENT_NAME: 'schedule' }).github.auditIssue).toBe(true);
  });

  test.each([
    ['fail-on', 'untidy, typo', `Invalid input 'fail-on': "typo". Accepted: none, or a list of groups (errors, advisories, all) and kinds (${FINDING_KINDS.join(', ')}).`],
    ['updates', 'maybe', `Invalid input 'updates': "maybe". Accepted: auto, true, false.`],
    ['lookups', 'off', `Invalid input 'lookups': "off". Accepted: true, false.`],
    ['only-new-issues', 'yes', `Invalid input 'only-new-issues': "yes". Accepted: true, false.`],
    ['private-hosts', 'https://github.com/org', `Invalid input 'private-hosts': "https://github.com/org". Accepted: host names with an optional path prefix, like github.com/your-org`],
    ['download-attempts', '0', `Invalid input 'download-attempts': "0". Accepted: a whole number from 1 to 10.`],
    ['concurrency', 'lots', `Invalid input 'concurrency': "lots". Accepted: a whole number from 1 to 64.`],
    ['mode', 'fix', `Invalid input 'mode': "fix". Accepted: check, warm, publish, audit, merge.`],
    ['comment', 'sometimes', `Invalid input 'comment': "sometimes". Accepted: auto, always, never.`],
    ['suggestions', 'yes', `Invalid input 'suggestions': "yes". Accepted: true, false.`],
    ['pull-request', '7', `Invalid input 'pull-request': "7". Accepted: nothing unless mode is publish.`]
  ])('a bad %s names the input and what is accepted', (name, value, message) => {
    expect(() => parseSettings(reader({ [name]: value }), env)).toThrow(new InputError(name, value, 'x').constructor);
    expect(() => parseSettings(reader({ [name]: value }), env)).toThrow(message);
  });

  test('pull-request: a PR number, only with mode publish', () => {
    expect(parseSettings(reader({}), env).pullRequest).toBeNull();
    expect(parseSettings(reader({ mode: 'publish', 'pull-request': ' 42 ' }), env).pullRequest).toBe(42);
    for (const bad of ['0', '-1', '4.2', '#42', '2147483648']) {
      expect(() => parseSettings(reader({ mode: 'publish', 'pull-request': bad }), env)).toThrow(`Invalid input 'pull-request': "${bad}". Accepted: a whole number from 1 to 2147483647.`);
    }
  });

  test('fail-on groups combine with kinds; the default is the error kinds', () => {
    const failOn = (v: string) => parseSettings(reader({ 'fail-on': v }), env).failOn;
    expect(failOn('errors')).toEqual(FINDING_KINDS.filter((k) => !isAdvisory(k)));
    expect(failOn('')).toEqual(failOn('errors'));
    expect(failOn('advisories')).toEqual([...ADVISORY_KINDS]);
    expect(failOn('all')).toEqual([...FINDING_KINDS]);
    expect(failOn('retracted, errors')).toEqual(FINDING_KINDS.filter((k) => !isAdvisory(k) || k === 'retracted'));
  });

  test('updates follow the mode unless set; private modules need hosts; the token is never echoed', () => {
    expect(parseSettings(reader({ mode: 'audit' }), env)).toMatchObject({ updates: true, lookups: true });
    expect(parseSettings(reader({ mode: 'audit', updates: 'false' }), env).updates).toBe(false);
    expect(parseSettings(reader({ updates: 'true' }), env).updates).toBe(true);
    expect(() => parseSettings(reader({ updates: 'true', lookups: 'false' }), env)).toThrow(/Invalid input 'updates'/);
    expect(parseSettings(reader({ 'private-token': 'tok', 'private-hosts': 'github.com/acme\ngit.corp.example' }), env).privateModules).toEqual({
      token: 'tok',
      hosts: ['github.com/acme', 'git.corp.example']
    });
    expect(() => parseSettings(reader({ 'private-token': 'tok' }), env)).toThrow(/Invalid input 'private-hosts'/);
    let message = '';
    try {
      parseSettings(reader({ 'private-token': 'secret\nvalue', 'private-hosts': 'github.com' }), env);
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain("Invalid input 'private-token'");
    expect(message).not.toContain('secret');
  });

  test('github-token is the token; the deprecated token input still works and wins when set', () => {
    expect(parseSettings(reader({ 'github-token': 'ght' }), env).github.token).toBe('ght');
    expect(parseSettings(reader({ token: 'old' }), env).github.token).toBe('old');
    // github-token holds its default (github.token) when a workflow sets only the old name.
    expect(parseSettings(reader({ 'github-token': 'ght', token: 'old' }), env).github.token).toBe('old');
  });

  test('parseList', () => {
    expect(parseList(' a, b\n c # x\n#d\n')).toEqual(['a', 'b', 'c']);
  });
});
