/**
 * plainGoModJson against the real `go mod edit -json`: whatever it reads must be read by go the
 * same way, and what it leaves to go must include everything go rewrites or rejects.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGoRunner } from '../src/go/runner.js';
import { plainGoModJson, type GoModJson } from '../src/go/modfile.js';
import { cleanupTemp, goEnv, tempDir } from './helpers/fixtures.js';

afterAll(cleanupTemp);

const go = createGoRunner({ goBinary: 'go', env: goEnv('off'), timeoutMs: 60000 });

/** go mod edit -json on the text: the fields the engine uses, or null when go rejects the file. */
async function goRead(text: string): Promise<GoModJson | null> {
  const dir = tempDir('gmh-modfile-');
  writeFileSync(join(dir, 'go.mod'), text);
  const r = await go.run(['mod', 'edit', '-json'], { cwd: dir });
  if (r.exitCode !== 0) return null;
  const j = JSON.parse(r.stdout) as GoModJson;
  const out: GoModJson = {};
  if (j.Module) out.Module = { Path: j.Module.Path };
  if (j.Go !== undefined) out.Go = j.Go;
  if (j.Toolchain !== undefined) out.Toolchain = j.Toolchain;
  if (j.Require) out.Require = j.Require.map((r) => (r.Indirect ? { Path: r.Path, Version: r.Version, Indirect: true } : { Path: r.Path, Version: r.Version }));
  return out;
}

const head = 'module example.com/m\n\ngo 1.22\n';

/** Files read here: go must read each the same way. */
const plain: [string, string][] = [
  ['module only', 'module example.com/m\n'],
  ['module and go', head],
  ['go with a patch version, and a toolchain', 'module example.com/m\n\ngo 1.22.3\n\ntoolchain go1.23.4\n'],
  ['a single require', `${head}\nrequire example.com/a v1.2.3\n`],
  [
    'two blocks, direct and indirect, with comments everywhere',
    `// leading comment\nmodule example.com/m // the module\n\ngo 1.21 // go\n\nrequire (\n\t// a comment line\n\texample.com/a v1.0.0\n\texample.com/b/v2 v2.3.4 // indirect\n)\n\nrequire (\n\texample.com/c v0.0.0-20200101000000-abcdef123456 // indirect\n\tgopkg.in/yaml.v3 v3.0.1 // indirect; used by tests\n\tgopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405 // indirect\n)\n`
  ],
  ['indirect markers go does not count', `${head}\nrequire (\n\texample.com/a v1.0.0 // indirect;\n\texample.com/b v1.0.0 //indirect\n\texample.com/c v1.0.0 // indirectly\n\texample.com/d v1.0.0 // not indirect\n)\n`],
  ['prerelease and +incompatible versions', `${head}\nrequire (\n\texample.com/a v1.0.0-rc.1\n\texample.com/b v2.0.0+incompatible\n\texample.com/c v1.2.3-0.20200101000000-abcdef123456\n\tgopkg.in/x.v0 v0.1.0\n)\n`],
  ['CRLF line endings and tabs', 'module example.com/m\r\n\r\ngo 1.22\r\n\r\nrequire (\r\n\texample.com/a\tv1.0.0 // indirect\r\n)\r\n'],
  ['mixed-case paths and odd but valid characters', `${head}\nrequire (\n\tgithub.com/BurntSushi/toml v1.3.2\n\texample.com/a_b~c+d v1.0.0\n)\n`]
];

/** Files left to go: each is one go rewrites, rejects, or has directives not read here. */
const toGo: [string, string][] = [
  ['no module line', 'go 1.22\n'],
  ['a version go rewrites (v1.2 → v1.2.0)', `${head}\nrequire example.com/a v1.2\n`],
  ['build metadata go drops', `${head}\nrequire example.com/a v1.2.3+meta\n`],
  ['a numeric prerelease with a leading zero', `${head}\nrequire example.com/a v1.2.3-01\n`],
  ['a major version that does not match the path', `${head}\nrequire example.com/a/v2 v1.0.0\n`],
  ['v2 without /v2 and without +incompatible', `${head}\nrequire example.com/a v2.0.0\n`],
  ['a /v1 path', `${head}\nrequire example.com/a/v1 v1.0.0\n`],
  ['gopkg.in with the wrong major', `${head}\nrequire gopkg.in/yaml.v2 v3.0.0\n`],
  ['gopkg.in without a major', `${head}\nrequire gopkg.in/yaml v1.0.0\n`],
  ['a quoted path', `${head}\nrequire "example.com/a" v1.0.0\n`],
  ['a replace', `${head}\nreplace example.com/a => ../a\n`],
  ['an exclude', `${head}\nexclude example.com/a v1.0.0\n`],
  ['a retract block', `${head}\nretract (\n\tv1.0.0 // broken\n)\n`],
  ['a tool line', `${head}\ntool example.com/a/cmd\n`],
  ['a godebug line', `${head}\ngodebug default=go1.21\n`],
  ['two module lines', 'module example.com/m\nmodule example.com/n\n'],
  ['two go lines', `${head}go 1.23\n`],
  ['a go version of another form', 'module example.com/m\n\ngo 1.21rc1\n'],
  ['an invalid go version', 'module example.com/m\n\ngo 1.22.x\n'],
  ['toolchain default', `${head}\ntoolchain default\n`],
  ['an unterminated block', `${head}\nrequire (\n\texample.com/a v1.0.0\n`],
  ['a block opened with a comment after it', `${head}\nrequire ( // deps\n\texample.com/a v1.0.0\n)\n`],
  ['a one-line block', `${head}\nrequire (example.com/a v1.0.0)\n`],
  ['a /* comment */', `${head}\n/* deps */\nrequire example.com/a v1.0.0\n`],
  ['a require with three words', `${head}\nrequire example.com/a v1.0.0 extra\n`],
  ['the same path required twice', `${head}\nrequire example.com/a v1.0.0\nrequire example.com/a v1.1.0\n`],
  ['non-ASCII text, even in a comment', `${head}// café\n`],
  ['a vertical tab', `${head}\nrequire\vexample.com/a v1.0.0\n`],
  ['an unknown directive', `${head}\nfrobnicate x\n`]
];

describe('plainGoModJson', () => {
  test.each(plain)('%s: read here, exactly as go mod edit -json reads it', async (_name, text) => {
    const mine = plainGoModJson(text);
    expect(mine).not.toBeNull();
    expect(await goRead(text)).toEqual(mine);
  });

  test.each(toGo)('%s: left to go', (_name, text) => {
    expect(plainGoModJson(text)).toBeNull();
  });

  test('the files left to go include ones go rejects and ones it rewrites: so null is needed, not a guess', async () => {
    // Not a tautology: were these read here, the engine would accept what go rejects or report other versions than go's.
    expect(await goRead(`${head}\nrequire example.com/a/v2 v1.0.0\n`)).toBeNull();
    expect(await goRead(`${head}\nrequire example.com/a v1.2.3-01\n`)).toBeNull();
    expect((await goRead(`${head}\nrequire example.com/a v1.2\n`))?.Require).toEqual([{ Path: 'example.com/a', Version: 'v1.2.0' }]);
    expect((await goRead(`${head}\nrequire example.com/a v1.2.3+meta\n`))?.Require).toEqual([{ Path: 'example.com/a', Version: 'v1.2.3' }]);
  });
});
