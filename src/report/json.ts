import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Report } from './model.js';

/** How long writing the report may take (a FIFO or a hung network mount would block forever). */
export const REPORT_WRITE_TIMEOUT_MS = 10_000;

/** Writes the JSON report (schema: docs/report-schema.md), in bounded time. */
export async function writeJsonReport(path: string, report: Report, timeoutMs = REPORT_WRITE_TIMEOUT_MS): Promise<void> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`writing took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([
      (async () => {
        await makeParents(dirname(path));
        await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, { signal: abort.signal });
      })(),
      deadline
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * mkdir -p one level at a time: node's recursive mkdir never returns for a path under /proc
 * (mkdir answers ENOENT for a parent that exists), so it is not used here.
 */
async function makeParents(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      if ((await stat(d)).isDirectory()) break;
      throw new Error(`${d} is not a directory`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}
