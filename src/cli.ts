import { fileURLToPath } from 'node:url';
import { fstatSync } from 'node:fs';
import { runCli, packageRootFrom } from './cli/run.js';
import { closeDefaultSpawner } from './go/spawner.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  stdoutIsFile: fstatSync(1).isFile(),
  packageRoot: packageRootFrom(fileURLToPath(import.meta.url)),
  terminal: process.stdout.isTTY ? { columns: process.stdout.columns || 100 } : null,
  stderrTerminal: process.stderr.isTTY ? { columns: process.stderr.columns || 80 } : null
});
// The go helper's time and its go processes' are the CLI's: it is waited for, not left to init.
await closeDefaultSpawner();
// Nothing still pending (a write to a path that never answers, a go child past its deadline) holds the CLI open.
process.exit();
