/** Fixture modules shared by the engine tests, and go.mod/go.sum texts built from them. */
import type { FixtureModule } from './goproxy.js';
import { goSumLines } from './goproxy.js';

const pkg = (name: string, body: string, imports: string[] = []): string =>
  `package ${name}\n\n${imports.length ? `import (\n${imports.map((i) => `\t"${i}"\n`).join('')})\n\n` : ''}${body}\n`;

export const lib100: FixtureModule = { path: 'example.com/lib', version: 'v1.0.0', files: { 'lib.go': pkg('lib', 'func Hello() string { return "v1.0.0" }') } };
export const lib110: FixtureModule = { path: 'example.com/lib', version: 'v1.1.0', files: { 'lib.go': pkg('lib', 'func Hello() string { return "v1.1.0" }') } };
export const dep100: FixtureModule = {
  path: 'example.com/dep',
  version: 'v1.0.0',
  files: {
    'go.mod': 'module example.com/dep\n\ngo 1.21\n\nrequire example.com/lib v1.0.0\n',
    'dep.go': pkg('dep', 'func Greet() string { return lib.Hello() }', ['example.com/lib'])
  }
};
export const other100: FixtureModule = { path: 'example.com/other', version: 'v1.0.0', files: { 'other.go': pkg('other', 'const Name = "other"') } };
export const upper110: FixtureModule = { path: 'example.com/Upper', version: 'v1.1.0', files: { 'upper.go': pkg('upper', 'const X = 1') } };

/**
 * Two packages: the root one imports nothing, `withlib` imports lib. At go 1.16 its requirements
 * are not pruned, so a module using only the root package needs lib's go.mod, not its zip. Not in
 * ALL_MODULES (the committed example's proxy is built from those): add it to a proxy where needed.
 */
export const tools100: FixtureModule = {
  path: 'example.com/tools',
  version: 'v1.0.0',
  files: {
    'go.mod': 'module example.com/tools\n\ngo 1.16\n\nrequire example.com/lib v1.0.0\n',
    'tools.go': pkg('tools', 'const Name = "tools"'),
    'withlib/withlib.go': pkg('withlib', 'func Hello() string { return lib.Hello() }', ['example.com/lib'])
  }
};

export const ALL_MODULES = [lib100, lib110, dep100, other100, upper110];

/** A tidy app module importing dep (which imports lib) and other. */
export function appFiles(prefix = '', modulePath = 'example.com/app'): Record<string, string> {
  const p = (f: string): string => (prefix ? `${prefix}/${f}` : f);
  return {
    [p('go.mod')]: `module ${modulePath}\n\ngo 1.21\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/other v1.0.0\n)\n\nrequire example.com/lib v1.0.0 // indirect\n`,
    [p('go.sum')]: goSumLines([dep100, lib100, other100]),
    [p('main.go')]: pkg('main', 'func main() { println(dep.Greet(), other.Name) }', ['example.com/dep', 'example.com/other'])
  };
}
