import { describe, expect, test } from '@jest/globals';
import { renderMarkdown } from '../src/report/markdown.js';
import { planAnnotations } from '../src/github/annotations.js';
import type { Finding, ModuleReport, Report, WorkspaceReport } from '../src/report/model.js';
import { buildReport, mod } from './helpers/reports.js';

const report = (modules: ModuleReport[], workspaces: WorkspaceReport[], environment: Finding[], failOn: Report['failOn']): Report =>
  buildReport({ modules, workspaces, environment, failOn });

const sample = (): Report =>
  report(
    [
      mod('svc', 'example.com/svc', [
        {
          kind: 'vendor-modified',
          file: 'svc/vendor/example.com/lib/lib.go',
          message: 'vendor/ differs from what go mod vendor writes: 1 changed, 1 extra file(s) (first: example.com/lib/lib.go)',
          changed: ['example.com/lib/lib.go'],
          missing: [],
          extra: ['example.com/dep/notes.txt']
        },
        {
          kind: 'outdated',
          file: 'svc/go.mod',
          message: '2 direct dependencies have a newer version (furthest behind: example.com/lib v1.0.0 → v1.1.0)',
          updates: [
            { path: 'example.com/lib', version: 'v1.0.0', latest: 'v1.1.0', behind: 'minor', distance: [0, 1, 0] },
            { path: 'example.com/other', version: 'v1.0.0', latest: 'v1.0.1', behind: 'patch', distance: [0, 0, 1] }
          ]
        }
      ]),
      mod('tools', 'example.com/tools', [])
    ],
    [
      {
        file: 'go.work',
        uses: ['./svc', './tools'],
        status: 'findings',
        findings: [
          {
            kind: 'workspace-sync',
            file: 'tools/go.mod',
            message: 'go work sync would change tools/go.mod: its requirements are older than the versions the workspace builds with',
            module: 'tools',
            diff: 'diff current/tools/go.mod synced/tools/go.mod\n--- current/tools/go.mod\n+++ synced/tools/go.mod\n@@ -3,1 +3,1 @@\n-require example.com/lib v1.0.0\n+require example.com/lib v1.1.0\n'
          }
        ],
        skippedSteps: []
      }
    ],
    [{ kind: 'risky-setting', message: 'GOSUMDB=off: the checksum database is off, so no new go.sum line is checked against it', variable: 'GOSUMDB', value: 'off', risk: 'the checksum database is off, so no new go.sum line is checked against it' }],
    ['vendor-modified']
  );

describe('hygiene findings in markdown', () => {
  test('what fails first, in one line with its fix; settings, workspace and module advisories folded after it', () => {
    expect(renderMarkdown(sample())).toBe(`❌ **1 of 2 modules fails** · 3 advisories (1 risky go setting)

- ❌ \`svc\`: vendor/ not what go mod vendor writes — run \`go -C svc mod vendor\`
- ✅ 1 module clean

<details open><summary>❌ <code>svc</code> <code>example.com/svc</code> — vendor/ not what go mod vendor writes</summary>

**vendor/ not what go mod vendor writes**

_Computed with go 1.26.8 (\`go mod vendor\`):_

- changed (1): \`example.com/lib/lib.go\`
- extra (go mod vendor would delete them) (1): \`example.com/dep/notes.txt\`

Run \`go -C svc mod vendor\` and commit vendor/. Vendored files are never hashed by go: an edited one builds and passes \`go mod verify\`.

</details>

<details><summary>⚠️ 3 advisories in 3 places (not failing)</summary>

#### go settings of this run

**risky go setting**

- \`GOSUMDB=off: the checksum database is off, so no new go.sum line is checked against it\`

Remove the setting from the workflow environment or go.env unless it is intended; list only private module paths in GOPRIVATE/GONOSUMDB.

#### workspace \`go.work\`

**go work sync would change requirements**

_Computed with go 1.26.8 (\`go work sync\`):_

- \`tools/go.mod\`

\`\`\`diff
diff current/tools/go.mod synced/tools/go.mod
--- current/tools/go.mod
+++ synced/tools/go.mod
@@ -3,1 +3,1 @@
-require example.com/lib v1.0.0
+require example.com/lib v1.1.0
\`\`\`

Run \`go work sync\` and commit the go.mod files it changes, so each module builds on its own with the versions the workspace tests.

#### \`svc\`

**updates available**

- \`example.com/lib\` \`v1.0.0\` → \`v1.1.0\` (minor)
- \`example.com/other\` \`v1.0.0\` → \`v1.0.1\` (patch)

Update with \`go -C svc get <module>@<version>\` and \`go -C svc mod tidy\`, or let Renovate/Dependabot open the updates.

</details>

<sub>go \`1.26.8\` · \`GOPROXY=https://proxy.golang.org,direct\` · go-mod-hygiene 0.1.0</sub>
`);
  });

  test('advisories only: a warning headline, and warnings (not errors) as annotations, settings without a file', () => {
    const r = sample();
    r.failOn = [];
    r.failed = false;
    expect(renderMarkdown(r).split('\n').slice(0, 4)).toEqual(['⚠️ 2 modules checked · 4 advisories (1 risky go setting)', '', '✅ 1 module clean · ⚠️ 1 module with advisories only', '']);
    expect(planAnnotations(r, 'repo').map((a) => [a.level, a.file, a.title])).toEqual([
      ['warning', 'repo/svc/vendor/example.com/lib/lib.go', 'go-mod-hygiene: vendor-modified'],
      ['warning', undefined, 'go-mod-hygiene: risky-setting'],
      ['warning', 'repo/tools/go.mod', 'go-mod-hygiene: workspace-sync'],
      ['warning', 'repo/svc/go.mod', 'go-mod-hygiene: outdated']
    ]);
  });

  test('internal-error: its own label and advice, untrusted text escaped, an error annotation', () => {
    const r = report(
      [
        {
          ...mod('svc', 'example.com/svc', []),
          path: null,
          goVersion: null,
          status: 'findings',
          findings: [{ kind: 'internal-error', step: 'module', file: 'svc/go.mod', message: 'go-mod-hygiene failed while checking this module: <b>boom</b> @team', output: '<b>boom</b> @team\n```' }]
        }
      ],
      [],
      [],
      ['internal-error']
    );
    expect(renderMarkdown(r)).toBe(
      [
        '❌ **1 of 1 module fails**',
        '',
        '- ❌ `svc`: go-mod-hygiene failed — re-run the job (a fault in go-mod-hygiene)',
        '',
        '<details open><summary>❌ <code>svc</code> — go-mod-hygiene failed</summary>',
        '',
        '**go-mod-hygiene failed**',
        '',
        '- `svc/go.mod` `go-mod-hygiene failed while checking this module: <b>boom</b> @team`',
        '',
        '````',
        '<b>boom</b> @team',
        '```',
        '````',
        '',
        "A fault in go-mod-hygiene, not in this module: the check it names did not finish, so its result is unknown. Re-run the job; if it happens again, please open an issue with this step's log (it has the stack).",
        '',
        '</details>',
        '',
        '<sub>go `1.26.8` · `GOPROXY=https://proxy.golang.org,direct` · go-mod-hygiene 0.1.0</sub>',
        ''
      ].join('\n')
    );
    expect(planAnnotations(r, 'repo')).toEqual([
      { level: 'error', file: 'repo/svc/go.mod', title: 'go-mod-hygiene: internal-error', message: 'go-mod-hygiene failed while checking this module: <b>boom</b> @team' }
    ]);
  });

  test('a skipped step is never "clean": a workspace whose go work sync did not run, a module whose verify did not', () => {
    const r = report(
      [{ ...mod('a', 'example.com/a', []), skippedSteps: [{ step: 'verify', reason: 'go mod verify failed: disk full' }] }, mod('b', 'example.com/b', [])],
      [{ file: 'go.work', uses: ['./a', './b'], status: 'clean', findings: [], skippedSteps: [{ step: 'go work sync', reason: 'no network' }] }],
      [],
      []
    );
    const md = renderMarkdown(r, { allModules: true });
    expect(md.split('\n')[0]).toBe('⚠️ 2 modules checked, no findings, but some steps did not run (see below).');
    expect(md).toContain('- ℹ️ workspace `go.work`: go work sync not run: `no network`');
    expect(md).toContain('- ℹ️ `a`: verify not run: `go mod verify failed: disk full`');
    expect(md).toContain('| `a` | `example.com/a` | ⚠️ 1 step not run |');
    expect(md).toContain('| `b` | `example.com/b` | ✅ clean |');
    expect(md).not.toContain('all 2 modules clean');
    // Switched off by the user: that is a choice, not an unknown.
    r.modules[0]!.skippedSteps = [{ step: 'retractions and deprecations', reason: 'switched off (input lookups: false)' }];
    r.workspaces[0]!.skippedSteps = [];
    expect(renderMarkdown(r).split('\n')[0]).toBe('✅ 2 modules checked: tidy, go.sum matches the authoritative hashes, module cache verified.');
  });
});
