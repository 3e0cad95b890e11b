import { describe, expect, test } from '@jest/globals';
import { renderTerminal } from '../src/report/terminal.js';
import { emptyCounts, type Finding, type ModuleReport, type Report } from '../src/report/model.js';

const H1 = 'h1:k9hKehKLSaUN84qgrOzM3hTf7U3f1KcvzHB5WrhUp3U=';
const H2 = 'h1:RoSVX5u/ULGjZRyB/KehUBf2ef4jFw7ttIVfcVzXoH4=';
const mod = (dir: string, findings: Finding[] = []): ModuleReport => ({ dir, path: `example.com/${dir}`, goVersion: '1.21', toolchain: null, status: findings.length ? 'findings' : 'clean', findings, skippedSteps: [], durationMs: 1 });

function report(modules: ModuleReport[]): Report {
  const counts = emptyCounts();
  for (const m of modules) for (const f of m.findings) counts[f.kind]++;
  return { schemaVersion: 1, tool: { name: 'go-mod-hygiene', version: '0.1.0' }, generatedAt: '', root: '/r', go: { version: '1.26.8', env: {} }, workspace: null, workspaces: [], environment: [], modules, skipped: [], counts, failOn: ['checksum-mismatch', 'tidy-error'], outcome: 'findings', failed: true, notices: [] };
}

const sample = (): Report =>
  report([
    mod('app', [
      { kind: 'checksum-mismatch', file: 'app/go.sum', line: 3, message: 'example.com/lib@v1.0.0: go.sum has a wrong hash', module: 'example.com/lib', version: 'v1.0.0', hash: 'zip', committed: H2, authoritative: H1, source: 'checksum-database', sourceName: 'sum.golang.org' }
    ]),
    mod('svc', [
      { kind: 'tidy-error', file: 'svc/go.mod', message: 'example.com/missing: cannot find module providing package example.com/missing', output: 'go: example.com/svc imports\n\texample.com/missing: cannot find module' },
      { kind: 'exclude', file: 'svc/go.mod', line: 9, message: 'exclude example.com/lib v1.1.0 applies only when svc is the main module', module: 'example.com/lib', version: 'v1.1.0' }
    ]),
    mod('tools'),
    mod('web')
  ]);

describe('the terminal format', () => {
  test('what fails first with its fix, the clean ones counted, then details and advisories (no colour)', () => {
    expect(renderTerminal(sample(), { color: false, width: 100 })).toBe(
      [
        'go-mod-hygiene: ✗ 2 of 4 failing · 1 advisory',
        '',
        '✗ app  checksum mismatch',
        '    fix: put the authoritative hashes in go.sum (diff below)',
        '✗ svc  tidy error',
        '    fix: fix the error below, then run go -C svc mod tidy',
        '✓ 2 modules clean',
        '',
        '── app',
        'checksum mismatch: example.com/lib@v1.0.0: go.sum has a wrong hash',
        '    app/go.sum:3: example.com/lib v1.0.0',
        `    - ${H2}`,
        `    + ${H1}  (sum.golang.org)`,
        '',
        '── svc',
        'tidy error: example.com/missing: cannot find module providing package example.com/missing',
        '    go: example.com/svc imports',
        '    \texample.com/missing: cannot find module',
        '',
        'advisories (they do not fail):',
        '! svc: exclude directive: exclude example.com/lib v1.1.0 applies only when svc is the main module',
        ''
      ].join('\n')
    );
  });

  test('an untidy finding and a workspace-sync advisory say which Go computed them', () => {
    const r = report([
      mod('app', [
        {
          kind: 'untidy',
          file: 'app/go.mod',
          message: 'go mod tidy would change: 1 require(s) to add',
          changes: { requiresAdded: [{ path: 'example.com/other', version: 'v1.0.0', indirect: false }], requiresRemoved: [], versionsChanged: [], indirectChanged: [], otherGoModLines: [], sumAdded: [], sumRemoved: [], diff: '+require example.com/other v1.0.0\n', againstCorrectedGoSum: false }
        }
      ])
    ]);
    r.failOn = ['untidy'];
    r.go.version = '1.27.4';
    r.workspaces = [{ file: 'go.work', uses: ['./app'], status: 'findings', skippedSteps: [], findings: [{ kind: 'workspace-sync', file: 'app/go.mod', message: 'go work sync would change app/go.mod', module: 'app', diff: '' }] }];
    expect(renderTerminal(r, { color: false, width: 100 })).toBe(
      [
        'go-mod-hygiene: ✗ 1 of 1 failing · 1 advisory',
        '',
        '✗ app  untidy',
        '    fix: run go -C app mod tidy',
        '',
        '── app',
        'untidy (go 1.27.4): go mod tidy would change: 1 require(s) to add',
        '    +require example.com/other v1.0.0',
        '',
        'advisories (they do not fail):',
        '! go.work: go work sync would change requirements (go 1.27.4): go work sync would change app/go.mod',
        ''
      ].join('\n')
    );
  });

  test('colour on request; prose cut to the width; escape sequences from the repository made inert', () => {
    const r = sample();
    r.modules[0]!.dir = 'app\u001b[2J';
    const out = renderTerminal(r, { color: true, width: 40 });
    expect(out.split('\n')[0]).toBe('go-mod-hygiene: \u001b[31m\u001b[1m✗ 2 of 4 failing\u001b[0m\u001b[0m · 1 advisory');
    expect(out).not.toContain('\u001b[2J');
    expect(out).toContain('app\uFFFD[2J');
    const plain = renderTerminal(sample(), { color: false, width: 40 });
    expect(plain.split('\n').filter((l) => !l.startsWith('    ') && !l.startsWith('    +') && !l.startsWith('    -')).every((l) => l.length <= 40)).toBe(true);
  });
});
