import { describe, expect, test } from '@jest/globals';
import {
  parseGoSum,
  parseTidyDiff,
  parseVerify,
  parseJsonStream,
  parseChecksumMismatches,
  parseFileLineErrors,
  parseRequiresNewerGo,
  compareGoVersions,
  classifyGoError,
  patchRightRanges
} from '../src/go/parse.js';
import { patchAddedLines } from '../src/github/scope.js';
import { parsePatch } from 'diff';
import { matchPrefixPatterns, hashOrigin } from '../src/go/env.js';
import { goModHash } from '../src/go/hash.js';
import { formatGoDiff } from '../src/engine/tidy.js';

const H = 'h1:g61tztE5qeGQ89tm6NTjjM9VPIm088od1l6aSorWRWg=';

describe('parseGoSum', () => {
  test('entries and malformed lines with line numbers', () => {
    const text = `golang.org/x/text v0.3.0 ${H}\ngolang.org/x/text v0.3.0/go.mod ${H}\n\nbroken line\nx.io/y 1.0 ${H}\nx.io/z v1.0.0 md5:abc\n`;
    expect(parseGoSum(text)).toEqual({
      entries: [
        { module: 'golang.org/x/text', version: 'v0.3.0', goMod: false, hash: H, line: 1 },
        { module: 'golang.org/x/text', version: 'v0.3.0', goMod: true, hash: H, line: 2 }
      ],
      malformed: [
        { line: 4, text: 'broken line', reason: 'wrong number of fields 2' },
        { line: 5, text: `x.io/y 1.0 ${H}`, reason: 'invalid version "1.0"' },
        { line: 6, text: 'x.io/z v1.0.0 md5:abc', reason: 'invalid hash "md5:abc"' }
      ]
    });
  });
});

describe('parseTidyDiff', () => {
  test('splits go.mod and go.sum sections', () => {
    const out = [
      'diff current/go.mod tidy/go.mod',
      '--- current/go.mod',
      '+++ tidy/go.mod',
      '@@ -1,3 +1,3 @@',
      ' module m',
      '-require a v1.0.0',
      '+require a v1.1.0',
      '',
      'diff current/go.sum tidy/go.sum',
      '--- current/go.sum',
      '+++ tidy/go.sum',
      '@@ -0,0 +1,1 @@',
      `+a v1.1.0/go.mod ${H}`,
      ''
    ].join('\n');
    const d = parseTidyDiff(out);
    expect(d.map((s) => [s.file, s.added, s.removed])).toEqual([
      ['go.mod', ['require a v1.1.0'], ['require a v1.0.0']],
      ['go.sum', [`a v1.1.0/go.mod ${H}`], []]
    ]);
    expect(d[1]!.text).toBe(`diff current/go.sum tidy/go.sum\n--- current/go.sum\n+++ tidy/go.sum\n@@ -0,0 +1,1 @@\n+a v1.1.0/go.mod ${H}\n`);
  });

  test('formatGoDiff prints what tidy -diff prints', () => {
    expect(formatGoDiff('go.sum', '', 'a\nb\n')).toBe('diff current/go.sum tidy/go.sum\n--- current/go.sum\n+++ tidy/go.sum\n@@ -0,0 +1,2 @@\n+a\n+b\n\n');
    expect(formatGoDiff('go.mod', 'x\n', 'x\n')).toBe('');
  });
});

describe('go output', () => {
  test('parseVerify', () => {
    const out = [
      'example.com/Upper v1.1.0: zip has been modified (/c/cache/download/example.com/!upper/@v/v1.1.0.zip)',
      'example.com/lib v1.0.0: dir has been modified (/c/example.com/lib@v1.0.0)',
      'example.com/lib v1.0.0: missing ziphash: open /c/x.ziphash: no such file or directory'
    ].join('\n');
    expect(parseVerify(out).map((p) => [p.module, p.version, p.problem, p.path])).toEqual([
      ['example.com/Upper', 'v1.1.0', 'zip-modified', '/c/cache/download/example.com/!upper/@v/v1.1.0.zip'],
      ['example.com/lib', 'v1.0.0', 'dir-modified', '/c/example.com/lib@v1.0.0'],
      ['example.com/lib', 'v1.0.0', 'missing-ziphash', '/c/x.ziphash']
    ]);
  });

  test('parseJsonStream handles concatenated objects and braces in strings', () => {
    expect(parseJsonStream('{\n"a": "}{\\""\n}\n{"b": [1, {"c": 2}]}\n')).toEqual([{ a: '}{"' }, { b: [1, { c: 2 }] }]);
    expect(() => parseJsonStream('{"a": 1')).toThrow('truncated');
  });

  test('parseJsonStream: go-indented output, and every other shape the same as a character scan', () => {
    // As go prints it: values at the start of a line, nested ones indented.
    const go = '{\n\t"Path": "a",\n\t"Deps": [\n\t\t{\n\t\t\t"x": "{"\n\t\t}\n\t]\n}\n{\n\t"Path": "b"\n}\n';
    expect(parseJsonStream(go)).toEqual([{ Path: 'a', Deps: [{ x: '{' }] }, { Path: 'b' }]);
    expect(parseJsonStream('')).toEqual([]);
    expect(parseJsonStream('\n\n')).toEqual([]);
    // Two values on one line.
    expect(parseJsonStream('{"a":1}{"b":2}\n{"c":3}')).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    // An array whose elements start lines of their own: one value, not three pieces.
    expect(parseJsonStream('[\n{"a":1},\n{"b":2}\n]\n')).toEqual([[{ a: 1 }, { b: 2 }]]);
    // Text around the values is skipped, as the scan skips it.
    expect(parseJsonStream('go: downloading x v1.0.0\n{"a":1}\ntrailing\n')).toEqual([{ a: 1 }]);
    expect(() => parseJsonStream('{"a":1}\n{"b":')).toThrow('truncated');
  });

  test('parseChecksumMismatches: go.sum and checksum database forms', () => {
    const out =
      'verifying example.com/lib@v1.0.0/go.mod: checksum mismatch\n\tdownloaded: h1:AAA=\n\tgo.sum:     h1:BBB=\n\nSECURITY ERROR\n' +
      'golang.org/x/text@v0.3.0: verifying module: checksum mismatch\n\tdownloaded: h1:CCC=\n\tsum.golang.org: h1:DDD=\n';
    expect(parseChecksumMismatches(out)).toEqual([
      { module: 'example.com/lib', version: 'v1.0.0', goMod: true, downloaded: 'h1:AAA=', label: 'go.sum', expected: 'h1:BBB=' },
      { module: 'golang.org/x/text', version: 'v0.3.0', goMod: false, downloaded: 'h1:CCC=', label: 'sum.golang.org', expected: 'h1:DDD=' }
    ]);
  });

  test('parseFileLineErrors and parseRequiresNewerGo', () => {
    expect(parseFileLineErrors('go: errors parsing go.mod:\n/w/m/go.mod:3: unknown directive: frobnicate\n')).toEqual([
      { file: '/w/m/go.mod', line: 3, message: 'unknown directive: frobnicate' }
    ]);
    expect(parseRequiresNewerGo('go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)')).toEqual({
      who: 'go.mod',
      required: '1.99',
      running: '1.26.8'
    });
  });

  test('compareGoVersions follows go/version order', () => {
    const sorted = ['1.22.1', '1.21.0', '1.21', '1.21rc1', '1.9', '1.21beta1'].sort(compareGoVersions);
    expect(sorted).toEqual(['1.9', '1.21', '1.21beta1', '1.21rc1', '1.21.0', '1.22.1']);
  });

  test('classifyGoError retries only transient failures', () => {
    expect(classifyGoError('reading http://127.0.0.1:1/x/@v/list: 503 Service Unavailable')).toBe('network');
    expect(classifyGoError('read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer')).toBe('network');
    expect(classifyGoError('dial tcp 10.0.0.1:443: i/o timeout')).toBe('network');
    expect(classifyGoError('reading https://proxy/x/@v/v9.info: 404 Not Found')).toBe('not-found');
    expect(classifyGoError('x@v1: invalid version: unknown revision v1')).toBe('not-found');
    expect(classifyGoError('verifying x@v1: reading https://sum.golang.org/lookup/x@v1: 410 Gone')).toBe('gone');
    expect(classifyGoError('something odd')).toBe('other');
    // Seen on real repositories through a caching mirror of proxy.golang.org:
    expect(classifyGoError('verifying go.mod: github.com/alexfalkowski/gocovmerge@v1.11.0/go.mod: reading https://proxy.golang.org/sumdb/sum.golang.org/lookup/github.com/alexfalkowski/gocovmerge@v1.11.0: 404 Not Found')).toBe('gone');
    expect(classifyGoError('github.com/x/y@v0.0.0-20260821-abc: reading https://proxy.golang.org/github.com/x/y/@v/v0.0.0-20260821-abc.info: 403 Forbidden\n\tserver response: This module version is not available.')).toBe('other');
  });
});

describe('settings of go', () => {
  test('matchPrefixPatterns is module.MatchPrefixPatterns', () => {
    expect(matchPrefixPatterns('*.corp.example.com,rsc.io/private', 'git.corp.example.com/a/b')).toBe(true);
    expect(matchPrefixPatterns('rsc.io/private', 'rsc.io/private/sub')).toBe(true);
    expect(matchPrefixPatterns('rsc.io/private', 'rsc.io/privateer')).toBe(false);
    expect(matchPrefixPatterns('github.com/*', 'github.com/x/y')).toBe(true);
    expect(matchPrefixPatterns('', 'a/b')).toBe(false);
  });

  test('hashOrigin names where a hash comes from', () => {
    const base = { GOPROXY: 'https://user:pw@proxy.example/,direct', GOSUMDB: 'sum.golang.org', GONOSUMDB: '', GOPRIVATE: 'corp.example', GONOPROXY: '' };
    expect(hashOrigin(base, 'golang.org/x/text')).toEqual({ source: 'checksum-database', name: 'sum.golang.org' });
    expect(hashOrigin(base, 'corp.example/lib')).toEqual({ source: 'direct', name: 'direct (version control origin)' });
    expect(hashOrigin({ ...base, GOSUMDB: 'off' }, 'golang.org/x/text')).toEqual({ source: 'proxy', name: 'https://proxy.example/' });
  });

  test('goModHash matches the checksum database', () => {
    // golang.org/x/text v0.3.0 has no go.mod, so go hashes the one-line file it synthesises; the
    // line `golang.org/x/text v0.3.0/go.mod h1:NqM8…` is in go.sum files everywhere.
    expect(goModHash('module golang.org/x/text\n')).toBe('h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=');
  });
});

/**
 * The PR files API gives each file's hunks in `patch` (no ---/+++ header). We read them with our
 * own few lines rather than jsdiff's parsePatch (issue #17 asked): parsePatch only replaces the
 * `@@` header match (the line walking is ours either way), and it throws on a hunk with fewer
 * lines than its header counts, where ours still reads the lines that are there.
 */
describe('PR patch hunks', () => {
  // Two hunks: an insertion, then a line replaced. GitHub's patch has no final newline.
  const patch = [
    '@@ -3,4 +3,5 @@ module example.com/app',
    ' ',
    ' require (',
    '+\texample.com/dep v1.0.0',
    ' \texample.com/other v1.0.0',
    ' )',
    '@@ -10,2 +11,2 @@',
    '-require example.com/lib v1.0.0 // indirect',
    '+require example.com/lib v1.1.0 // indirect',
    ' // end'
  ].join('\n');

  test('new-side ranges and added lines, exactly as jsdiff parsePatch reads the same hunks', () => {
    expect(patchRightRanges(patch)).toEqual([
      [3, 7],
      [11, 12]
    ]);
    expect([...patchAddedLines(patch)]).toEqual([5, 11]);
    const hunks = parsePatch(patch)[0]!.hunks;
    expect(hunks.map((h) => [h.newStart, h.newStart + h.newLines - 1])).toEqual(patchRightRanges(patch));
    const added: number[] = [];
    for (const h of hunks) {
      let line = h.newStart;
      for (const l of h.lines) {
        if (l.startsWith('-') || l.startsWith('\\')) continue;
        if (l.startsWith('+')) added.push(line);
        line++;
      }
    }
    expect(added).toEqual([...patchAddedLines(patch)]);
  });

  test('a patch cut inside a hunk: the lines that are there are read; parsePatch throws on it', () => {
    const cut = patch.split('\n').slice(0, 4).join('\n');
    expect(patchRightRanges(cut)).toEqual([[3, 7]]);
    expect([...patchAddedLines(cut)]).toEqual([5]);
    expect(() => parsePatch(cut)).toThrow('Added line count did not match for hunk at line 1');
  });
});
