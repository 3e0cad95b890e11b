/**
 * The check's own thread. The action and the CLI run their work on a worker thread whose V8
 * young generation is capped, and the process's main thread only waits for it.
 *
 * Why: V8 grows a thread's young generation (up to 16 MiB semi-spaces) once enough has survived
 * its collections, so a long check ends up holding ~30 MiB of mostly empty young generation.
 * Node's --max-semi-space-size would cap it, but an action cannot pass node flags
 * (`runs.using: node24`), and node ignores the flag once running; a worker thread's
 * `resourceLimits` can. Measured under Node 24 (BENCHMARKS.md, eighth session): etcd's peak
 * RSS 139–143 → 132–135 MiB, moby's 162–168 → 147–148 MiB; a small run pays ~8 MiB for the second
 * isolate and ~3% in time (its young generation is collected more often).
 */
import { Worker } from 'node:worker_threads';

/** The work thread's young generation, in MiB (the hashing threads have their own: HASH_THREAD_YOUNG_MB). */
export const WORK_THREAD_YOUNG_MB = 4;
/**
 * The work thread's old generation limit, in MiB: 50 times the most a check has been seen to keep
 * live there (~20 MiB, kubernetes), so not a limit a repository meets. Given, it is what V8 sizes
 * the old generation's growth by: with a machine's default (4 GiB here, on 24 GiB) V8 lets the old
 * generation grow to ~3× what the last full collection kept before it collects again, with 1 GiB
 * to well under 2×. kubernetes under Node 24 (BENCHMARKS.md, tenth session): the thread's heap
 * reached 46 MiB with ~14 MiB live, and node's peak 148–150 MiB; with the limit, 126 MiB. The
 * 24-module monorepo's CPU the same (1.002×, 4 paired rounds).
 */
export const WORK_THREAD_OLD_MB = 1024;

/**
 * Runs the module at `entry` (the calling entry file itself: it tells the two threads apart with
 * `isMainThread`) on a worker thread with `data` as its workerData, and resolves to the exit
 * status it ends with: its `process.exitCode` or `process.exit(code)`. An error the thread does
 * not catch is written to stderr with its stack, as node writes an uncaught error, and the status
 * is then `uncaught` (node's own is 1; the CLI's status for a run error is 2). `started` gets
 * the thread (to end it early).
 *
 * The caller must then let the main thread end on its own (set `process.exitCode`, never call
 * `process.exit()`): the thread's stdout and stderr reach the process's through this thread's
 * event loop, and exiting on the thread's end drops what is still on its way (in a pipe, most of
 * a large report).
 */
export function runOnWorkThread(entry: URL, data: unknown = null, uncaught = 1, started?: (thread: Worker) => void): Promise<number> {
  return new Promise((resolve) => {
    let failed = false;
    const thread = new Worker(entry, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORK_THREAD_YOUNG_MB, maxOldGenerationSizeMb: WORK_THREAD_OLD_MB } });
    started?.(thread);
    thread.on('error', (e: unknown) => {
      failed = true;
      process.stderr.write(`${e instanceof Error ? (e.stack ?? String(e)) : String(e)}\n`);
    });
    thread.on('exit', (code) => resolve(failed ? uncaught : code));
  });
}
