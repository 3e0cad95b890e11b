import { fileURLToPath } from 'node:url';
import { fstatSync } from 'node:fs';
import { runCli, packageRootFrom } from './cli/run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  stdoutIsFile: fstatSync(1).isFile(),
  packageRoot: packageRootFrom(fileURLToPath(import.meta.url)),
  terminal: process.stdout.isTTY ? { columns: process.stdout.columns || 100 } : null,
  stderrTerminal: process.stderr.isTTY ? { columns: process.stderr.columns || 80 } : null
});
// Nothing still pending (a write to a path that never answers, a go child past its deadline) holds the CLI open.
process.exit();
