import { fileURLToPath } from 'node:url';
import { fstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, workerData, type Worker } from 'node:worker_threads';
import { runOnWorkThread } from './util/thread.js';

/** What only the process's main thread can see of its terminal, handed to the work thread. */
interface Terminals {
  stdoutIsFile: boolean;
  terminal: { columns: number } | null;
  stderrTerminal: { columns: number } | null;
}

if (isMainThread) {
  // The check runs on a thread whose young generation is capped (see util/thread.ts). There
  // process.stdout is not the terminal, so whether it is one (and its width) is read here.
  const terminals: Terminals = {
    stdoutIsFile: fstatSync(1).isFile(),
    terminal: process.stdout.isTTY ? { columns: process.stdout.columns || 100 } : null,
    stderrTerminal: process.stderr.isTTY ? { columns: process.stderr.columns || 80 } : null
  };
  // A reader that goes away (`go-mod-hygiene | head`): what is left to print is dropped, the check
  // runs to its end and the status still follows its findings, with no stack trace of node's.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  // The run's scratch copies (go.mod, go.sum, vendor/ of the repository) go into a directory of
  // its own, removed at the end, and also when the run is interrupted (Ctrl-C, a CI job's
  // cancellation, `timeout`): node would otherwise end at once and leave them in the temp
  // directory. The status is then the shell's for that signal; a second signal ends it at once.
  let tempDir: string;
  try {
    // Made when missing, as the check always did with its own.
    mkdirSync(tmpdir(), { recursive: true });
    tempDir = mkdtempSync(join(tmpdir(), 'go-mod-hygiene-cli-'));
  } catch (e) {
    process.stderr.write(`go-mod-hygiene: no temporary directory can be made in ${tmpdir()} (TMPDIR): ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  // Retried: an interrupted go may still be writing in it. What cannot be removed is said, and the
  // status stays the run's (or the signal's).
  const removeTemp = (): void => {
    try {
      rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      process.stderr.write(`go-mod-hygiene: its temporary directory ${tempDir} could not be removed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  };
  let thread: Worker | undefined;
  let interrupted = false;
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129]
  ] as const) {
    process.once(signal, () => {
      interrupted = true;
      process.exitCode = status;
      // The check first, so that nothing it does makes its directories again; then the directory.
      // The go helper sees this process go and ends the go processes it started.
      void Promise.resolve(thread?.terminate()).finally(() => {
        removeTemp();
        process.exit(status);
      });
    });
  }
  // This thread waits, then ends on its own once the thread's output is through.
  // An error the check does not catch is a run error: status 2, as the usage text says, not 1 (findings).
  try {
    const status = await runOnWorkThread(new URL(import.meta.url), { argv: process.argv.slice(2), terminals, tempDir }, 2, (t) => (thread = t));
    if (!interrupted) process.exitCode = status;
  } finally {
    removeTemp();
  }
} else {
  const { argv, terminals, tempDir } = workerData as { argv: string[]; terminals: Terminals; tempDir: string };
  // One import, so that the bundle has one lazily loaded chunk for it, the go spawner included.
  const { runCli, packageRootFrom, closeDefaultSpawner } = await import('./cli/run.js');
  process.exitCode = await runCli(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    packageRoot: packageRootFrom(fileURLToPath(import.meta.url)),
    tempDir,
    ...terminals
  });
  // The go helper's time and its go processes' are the CLI's: it is waited for, not left to init.
  await closeDefaultSpawner();
  // Nothing still pending (a write to a path that never answers, a go child past its deadline)
  // holds the CLI open: on this thread, process.exit() ends the thread and everything it started.
  process.exit();
}
