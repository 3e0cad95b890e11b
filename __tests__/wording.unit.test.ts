import { describe, expect, test } from '@jest/globals';
import { scratchScrubber } from '../src/engine/scrub.js';
import { downloadError, problemLine } from '../src/engine/checksums.js';
import { formattingOnly } from '../src/engine/tidy.js';
import type { TidyChanges } from '../src/report/model.js';

describe('messages read as a Go developer would write them', () => {
  test('scratch paths become the module\'s own files, absolute or relative as go prints them', () => {
    const scrub = scratchScrubber('/tmp/go-mod-hygiene-Ab12/m0', '/home/runner/work/r/r/svc', (f) => `svc/${f}`);
    expect(scrub('go: errors parsing /tmp/go-mod-hygiene-Ab12/m0/vendor/go.mod:')).toBe('go: errors parsing svc/go.mod:');
    expect(scrub('../../../../../../tmp/go-mod-hygiene-Ab12/m0/tidy/go.mod:7: syntax error (unterminated block started at /tmp/go-mod-hygiene-Ab12/m0/tidy/go.mod:6:1)')).toBe(
      'svc/go.mod:7: syntax error (unterminated block started at svc/go.mod:6:1)'
    );
    expect(scrub('open /tmp/go-mod-hygiene-Ab12/m0/vendor-out/vendor/modules.txt: no such file')).toBe('open vendor/ as go mod vendor writes it/modules.txt: no such file');
    expect(scrub('cannot write /tmp/go-mod-hygiene-Ab12/m0/empty/x')).toBe('cannot write <scratch>');
    expect(scrub('go: example.com/x@v1.0.0: not found')).toBe('go: example.com/x@v1.0.0: not found');
  });

  test('download errors name module@version once', () => {
    const f = downloadError('example.com/x', 'v1.2.3', 'other', 1, 'go: downloading example.com/x v1.2.3\ngo: example.com/x@v1.2.3: verifying module: checksum mismatch\n', 'go.mod', 5);
    expect(f.message).toBe('example.com/x@v1.2.3: verifying module: checksum mismatch');
    const g = downloadError('example.com/x', 'v1.2.3', 'other', 1, 'example.com/x@v1.2.3: invalid version: unknown revision v1.2.3', 'go.mod', 5);
    expect(g.message).toBe('example.com/x@v1.2.3: invalid version: unknown revision v1.2.3');
  });

  test('tidy errors: the line that names the problem', () => {
    expect(
      problemLine(
        'go: finding module for package example.com/missing\ngo: example.com/app tested by\n\texample.com/app.test imports\n\texample.com/missing: cannot find module providing package example.com/missing: module lookup disabled by GOPROXY=off\n'
      )
    ).toBe('example.com/missing: cannot find module providing package example.com/missing: module lookup disabled by GOPROXY=off');
    expect(problemLine('go: updates to go.mod needed\n')).toBe('go: updates to go.mod needed');
  });

  test('formatting-only tidy changes are said plainly', () => {
    const none: TidyChanges = { requiresAdded: [], requiresRemoved: [], versionsChanged: [], indirectChanged: [], otherGoModLines: [], sumAdded: [], sumRemoved: [], diff: '', againstCorrectedGoSum: false };
    expect(formattingOnly({ ...none, otherGoModLines: ['-module example.com/app\r', '+module example.com/app'] })).toBe('go.mod has Windows line endings (CRLF); go mod tidy writes LF. Nothing else changes.');
    expect(formattingOnly({ ...none, otherGoModLines: ['-require  example.com/x v1.0.0'] })).toBe('spacing, comments or the grouping of lines in go.mod; no requirement changes.');
    expect(formattingOnly({ ...none, otherGoModLines: ['-x'], sumAdded: ['a b c'] })).toBeNull();
    expect(formattingOnly(none)).toBeNull();
  });
});
