import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateReport, MAX_DEPTH } from '../src/report/validate.js';
import { readReportFile } from '../src/report/read.js';
import { emptyCounts, FINDING_KINDS, type Finding, type Report } from '../src/report/model.js';

const H1 = 'h1:' + 'A'.repeat(43) + '=';
const H1B = 'h1:' + 'B'.repeat(43) + '=';
const SHA = 'a'.repeat(40);

/** One finding of every kind, each field of its shape. */
function everyKind(): Finding[] {
  return [
    {
      kind: 'untidy',
      message: 'go mod tidy would change: 1 require(s) to add',
      file: 'go.mod',
      line: 5,
      changes: {
        requiresAdded: [{ path: 'example.com/dep', version: 'v1.0.0', indirect: false }],
        requiresRemoved: [],
        versionsChanged: [{ path: 'example.com/x', from: 'master', to: 'v0.0.0-20240101000000-abcdefabcdef' }],
        indirectChanged: [],
        goDirective: { from: '1.21', to: '1.22.0' },
        toolchainDirective: { from: null, to: 'go1.22.1' },
        otherGoModLines: [],
        sumAdded: ['example.com/dep v1.0.0 ' + H1],
        sumRemoved: [],
        diff: '--- go.mod\n+++ go.mod\n',
        againstCorrectedGoSum: false
      }
    },
    { kind: 'tidy-error', message: 'tidy failed', output: 'go: boom' },
    { kind: 'internal-error', message: 'crash', step: 'tidy', output: 'TypeError' },
    { kind: 'checksum-mismatch', message: 'm', file: 'go.sum', line: 3, module: 'example.com/dep', version: 'v1.0.0', hash: 'go.mod', committed: H1, authoritative: H1B, source: 'checksum-database', sourceName: 'sum.golang.org' },
    { kind: 'malformed', message: 'bad', file: 'go.sum', line: 1, detail: 'x y' },
    { kind: 'cache-modified', message: 'm', module: 'example.com/dep', version: 'v1.0.0', problem: 'dir-modified', path: '/cache/x' },
    { kind: 'download-error', message: 'm', reason: 'credentials', host: 'https://goproxy.corp.example:8443', attempts: 1, output: 'go: 401 Unauthorized' },
    {
      kind: 'proxy-modified',
      message: 'm',
      module: 'example.com/lib',
      version: 'v1.0.0',
      hash: 'zip',
      served: 'h1:RoSVX5u/ULGjZRyB/KehUBf2ef4jFw7ttIVfcVzXoH4=',
      authoritative: 'h1:k9hKehKLSaUN84qgrOzM3hTf7U3f1KcvzHB5WrhUp3U=',
      proxy: 'https://goproxy.corp.example',
      database: 'sum.golang.org'
    },
    { kind: 'go-version', message: 'm', required: '1.99', running: '1.26.0' },
    { kind: 'vendor-inconsistent', message: 'm', module: 'example.com/dep', version: 'v1.0.0', problem: 'is explicitly required' },
    { kind: 'vendor-modified', message: 'm', changed: ['a.go'], missing: [], extra: ['b.go'], modulesTxtDiff: '-x\n+y' },
    { kind: 'workspace-error', message: 'm', use: './gone', detail: 'no go.mod' },
    { kind: 'workspace-sync', message: 'm', module: 'svc', diff: '-a\n+b' },
    { kind: 'replace-local', message: 'm', module: 'example.com/dep', target: '../elsewhere', problem: 'outside-repository' },
    { kind: 'replace-conflict', message: 'm', module: 'example.com/dep', targets: ['a v1.0.0', '../b'], lines: [7, 8] },
    { kind: 'replace', message: 'm', module: 'example.com/dep', version: 'v1.0.0', target: 'example.com/fork', targetVersion: 'v1.0.1', replacement: 'fork' },
    { kind: 'replace-ignored', message: 'm', dependency: 'example.com/dep', dependencyVersion: 'v1.0.0', module: 'example.com/x', target: 'example.com/y', targetVersion: 'v2.0.0+incompatible' },
    { kind: 'retracted', message: 'm', module: 'example.com/dep', version: 'v1.0.1', reasons: ['oops'], indirect: true, latest: 'v1.0.2' },
    { kind: 'deprecated', message: 'm', module: 'example.com/dep', version: 'v1.0.0', deprecation: 'use other', indirect: false },
    { kind: 'pseudo-version', message: 'm', module: 'example.com/dep', version: 'v0.0.0-20240101000000-abcdefabcdef', commitTime: '2024-01-01T00:00:00Z', revision: 'abcdefabcdef', directive: 'require' },
    { kind: 'exclude', message: 'm', module: 'example.com/dep', version: 'v1.0.0' },
    { kind: 'toolchain', message: 'm', toolchain: 'go1.99.0', running: '1.26.0' },
    { kind: 'risky-setting', message: 'm', variable: 'GOSUMDB', value: 'off', risk: 'no checks' },
    {
      kind: 'outdated',
      message: 'm',
      updates: [{ path: 'example.com/dep', version: 'v1.0.0', latest: 'v2.1.0', behind: 'major', distance: [1, 1, 0], time: '2024-01-01T00:00:00Z', latestTime: '2025-01-01T00:00:00.5+02:00' }]
    },
    { kind: 'unreadable', message: 'm', file: 'go.sum', reason: 'outside' }
  ];
}

function report(findings: Finding[] = everyKind()): Report {
  const counts = emptyCounts();
  for (const f of findings) counts[f.kind]++;
  return {
    schemaVersion: 1,
    tool: { name: 'go-mod-hygiene', version: '0.1.0' },
    generatedAt: '2026-01-02T03:04:05.678Z',
    root: '/home/runner/work/app/app',
    go: { version: '1.26.0', env: { GOPROXY: 'https://proxy.golang.org,direct', GOFLAGS: '' } },
    workspace: null,
    workspaces: [],
    environment: [],
    modules: [{ dir: '.', path: 'example.com/app', goVersion: '1.21', toolchain: null, status: 'findings', findings, skippedSteps: [{ step: 'checksums of some go.sum lines', reason: 'x' }], durationMs: 12 }],
    skipped: [],
    counts,
    failOn: ['untidy', 'checksum-mismatch'],
    outcome: 'findings',
    failed: true,
    notices: [],
    context: { repository: 'octo/app', event: 'pull_request', sha: SHA, pullRequest: { number: 7, headSha: 'b'.repeat(40) }, pathPrefix: 'services/api' },
    shard: { index: 2, total: 3, modules: ['services/api', 'services/db'], workspaces: ['go.work'], settings: { modules: ['services/*'], lookups: true, updates: false } }
  };
}

/** The report as JSON (what an artifact would hold) with the value at `path` (`a.0.b`) set, or deleted when `value` is DELETE. */
const DELETE = Symbol('delete');
function forged(...edits: [path: string, value: unknown][]): unknown {
  const r = JSON.parse(JSON.stringify(report())) as unknown;
  for (const [path, value] of edits) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce((o, k) => (o as Record<string, unknown>)[k], r) as Record<string, unknown>;
    if (value === DELETE) delete parent[last];
    else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return r;
}

const problemsOf = (json: unknown): string[] => {
  const r = validateReport(json);
  return r.ok ? [] : r.problems;
};

describe('validateReport', () => {
  test('a report with a finding of every kind, every optional field set, is valid and comes back as it is', () => {
    const r = report();
    expect(everyKind().map((f) => f.kind).sort()).toEqual([...FINDING_KINDS].sort());
    const result = validateReport(JSON.parse(JSON.stringify(r)));
    expect(result).toEqual({ ok: true, report: r });
  });

  test('the smallest report (no modules, no context) is valid', () => {
    const r = report([]);
    r.modules = [];
    delete r.context;
    expect(validateReport(r).ok).toBe(true);
  });

  test.each([
    ['a line that is not a positive integer', 'modules.0.findings.3.line', 0, ['modules[0].findings[3].line: expected a line number (a whole number ≥ 1), got the number 0']],
    ['a fractional line', 'modules.0.findings.3.line', 2.5, ['modules[0].findings[3].line: expected a line number (a whole number ≥ 1), got the number 2.5']],
    ['a line given as a string', 'modules.0.findings.3.line', '3<img src=x onerror=alert(1)>', ['modules[0].findings[3].line: expected a line number (a whole number ≥ 1), got a string of 29 characters']],
    ['a hash that is not h1: base64', 'modules.0.findings.3.authoritative', 'h1:<b>x</b>', ['modules[0].findings[3].authoritative: expected an h1: hash with 44 base64 characters']],
    ['a hash kind outside the enum', 'modules.0.findings.3.hash', '**zip**', ['modules[0].findings[3].hash: expected one of zip, go.mod, got a string of 7 characters']],
    ['a tool version with markup', 'tool.version', '1.0.0 [click](https://evil)', ['tool.version: expected a version like 1.2.3']],
    ['a module version with markup', 'modules.0.findings.3.version', 'v1.0.0`<img>', ['modules[0].findings[3].version: expected a module version like v1.2.3']],
    ['a go version that is not one', 'go.version', '1.26 @admin', ['go.version: expected a Go version like 1.21.0']],
    ['a problem outside the enum', 'modules.0.findings.5.problem', '<img src=x>', ['modules[0].findings[5].problem: expected one of zip-modified, dir-modified, missing-ziphash, other, got a string of 11 characters']],
    ['an internal-error step outside the enum', 'modules.0.findings.2.step', 'x', ['modules[0].findings[2].step: expected one of tidy, module, workspace, got a string of 1 character']],
    ['a skipped step with markup', 'modules.0.skippedSteps.0.step', '**bold** [x](y)', ['modules[0].skippedSteps[0].step: expected a step name (lower-case words)']],
    ['notices that are not strings', 'notices', [{ toString: 1 }], ['notices[0]: expected a string, got an object']],
    ['an unknown kind', 'modules.0.findings.0.kind', 'pwned', ['modules[0].findings[0].kind: expected a finding kind, got a string of 5 characters']],
    ['an unknown field, named safely', 'modules.0.findings.1.x\n::error::y', 1, ['modules[0].findings[1].x???error??y: unknown field']],
    ['a __proto__ field', '__proto__', { polluted: true }, ['__proto__: unknown field']],
    ['a missing field', 'modules.0.findings.3.committed', DELETE, ['modules[0].findings[3].committed: missing']],
    ['counts that disagree with the findings', 'counts.untidy', 5, ['counts.untidy: 5, but the report has 1 such findings']],
    ['a count that is negative', 'counts.untidy', -1, ['counts.untidy: expected a whole number ≥ 0, got the number -1']],
    ['another schema version', 'schemaVersion', 2, ['schemaVersion: expected one of 1, got the number 2']],
    ['another tool', 'tool.name', 'x', ['tool.name: expected one of go-mod-hygiene, got a string of 1 character']],
    ['a pull request number that is not one', 'context.pullRequest.number', '7', ['context.pullRequest.number: expected a pull request number, got a string of 1 character']],
    ['a head SHA that is not hex', 'context.pullRequest.headSha', 'headsha7', ['context.pullRequest.headSha: expected a commit SHA (40 or 64 hex digits)']],
    ['a repository that is not owner/name', 'context.repository', 'octo/app/../x y', ['context.repository: expected owner/name']],
    ['a path prefix that climbs out', 'context.pathPrefix', '../other', ['context.pathPrefix: expected a directory inside the repository (no . or .. parts)']],
    ['an absolute path prefix', 'context.pathPrefix', '/etc', ['context.pathPrefix: expected a relative directory with / separators']],
    ['a go env name that is not one', 'go.env.<b>', 'x', ['go.env key: expected a go environment variable name']],
    ['a distance with too few numbers', 'modules.0.findings.23.updates.0.distance', [1, 2], ['modules[0].findings[23].updates[0].distance: expected an array of 3 items, got an array']],
    ['a failOn kind listed twice', 'failOn', ['untidy', 'untidy'], ['failOn: a kind is listed twice']],
    ['an outcome outside the enum', 'outcome', 'ok', ['outcome: expected one of clean, findings, error, got a string of 2 characters']],
    ['failed as a string', 'failed', 'false', ['failed: expected true or false, got a string of 5 characters']]
  ])('refuses %s, naming the field', (_what, path, value, problems) => {
    expect(problemsOf(forged([path, value]))).toEqual(problems);
  });

  test('free text is kept as it is (the renderer escapes it), only capped', () => {
    const hostile = 'x\n::error::pwned\n| <img src=x onerror=alert(1)> @admin </details> ``` \u202e';
    const r = forged(['modules.0.findings.1.message', hostile], ['modules.0.path', hostile], ['notices', [hostile]]);
    expect(validateReport(r).ok).toBe(true);
    expect(problemsOf(forged(['modules.0.findings.1.output', 'x'.repeat(2 * 1024 * 1024 + 1)]))).toEqual([
      'modules[0].findings[1].output: longer than 2097152 characters (2097153)'
    ]);
    expect(problemsOf(forged(['modules.0.dir', 'd'.repeat(1025)]))).toEqual(['modules[0].dir: longer than 1024 characters (1025)']);
  });

  test('not an object, deep nesting, and long problem lists', () => {
    expect(problemsOf(null)).toEqual(['the report: expected a JSON object, got null']);
    expect(problemsOf([1])).toEqual(['the report: expected a JSON object, got an array']);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(problemsOf({ schemaVersion: 1, modules: deep })).toEqual([`the report is nested deeper than ${MAX_DEPTH} levels`]);
    const many = problemsOf(forged(['notices', Array.from({ length: 50 }, () => 1)]));
    expect(many).toHaveLength(21);
    expect(many[20]).toBe('… and 30 more problems');
  });
});

describe('readReportFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gmh-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  test('a valid report is read', async () => {
    expect(await readReportFile(file('ok.json', JSON.stringify(report())))).toEqual({ ok: true, report: report() });
  });

  test('refusals never quote the file', async () => {
    const secret = file('secret', 'GITHUB_TOKEN=ghs_secret\n::add-mask::x');
    const link = join(dir, 'link.json');
    symlinkSync(secret, link);
    expect(await readReportFile(link)).toEqual({ ok: false, problems: ['the report is a symbolic link, not a file'] });
    expect(await readReportFile(secret)).toEqual({ ok: false, problems: ['the report is not valid JSON'] });
    expect(await readReportFile(dir)).toEqual({ ok: false, problems: ['the report is not a regular file'] });
    expect(await readReportFile(join(dir, 'missing.json'))).toEqual({ ok: false, problems: ['no file at that path'] });
  });

  test('a file over the cap is refused unread', async () => {
    const big = file('big.json', Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(await readReportFile(big)).toEqual({ ok: false, problems: ['the report is 10485760 bytes, more than the 5242880 allowed'] });
    expect(await readReportFile(file('small.json', JSON.stringify(report())), 100)).toEqual({ ok: false, problems: [expect.stringMatching(/^the report is \d+ bytes, more than the 100 allowed$/)] });
  });
});
