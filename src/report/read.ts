import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { validateReport, type ValidationResult } from './validate.js';

/** Reports larger than this are refused unread. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

/**
 * Reads and validates a JSON report that came from elsewhere (an artifact): a regular file, not
 * a symlink, at most `maxBytes`. Every refusal is a problem line safe to log: nothing of the
 * file's content is quoted (JSON.parse's own messages quote it, so they are never passed on).
 */
export async function readReportFile(path: string, maxBytes = MAX_REPORT_BYTES): Promise<ValidationResult> {
  const refuse = (problem: string): ValidationResult => ({ ok: false, problems: [problem] });
  let text: string;
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return refuse('the report is a symbolic link, not a file');
    if (!info.isFile()) return refuse('the report is not a regular file');
    if (info.size > maxBytes) return refuse(`the report is ${info.size} bytes, more than the ${maxBytes} allowed`);
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      // Read at most one byte more than allowed, whatever the size said: the file may grow.
      const buf = Buffer.alloc(maxBytes + 1);
      let used = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, used, buf.length - used, used);
        if (bytesRead === 0) break;
        used += bytesRead;
        if (used > maxBytes) return refuse(`the report is more than the ${maxBytes} bytes allowed`);
      }
      text = buf.subarray(0, used).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? 'no file at that path' : `cannot be read (${code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse('the report is not valid JSON');
  }
  return validateReport(json);
}
