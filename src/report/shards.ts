/**
 * Finding the shards' reports for `mode: merge`: the `reports` input names files or directories
 * (what actions/download-artifact wrote); directories are searched for `*.json` files. Each file is
 * read by `read` (bounded, validated: artifacts are untrusted) and named by its path relative to
 * the source, so problems say which file.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Report } from './model.js';
import type { NamedReport } from './merge.js';

export type ReadReport = (path: string) => Promise<{ ok: true; report: Report } | { ok: false; problems: string[] }>;

/** At most this many report files are read (the Actions matrix has at most 256 jobs). */
const MAX_FILES = 256;

/** JSON files under `dir` (not following symbolic links), sorted, at most `MAX_FILES + 1` of them. */
async function jsonFiles(dir: string, depth = 0): Promise<string[]> {
  if (depth > 4) return [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: string[] = [];
  for (const e of entries) {
    if (out.length > MAX_FILES) break;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await jsonFiles(p, depth + 1)));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Reads every report the sources name; a source that does not exist or a file that is refused is a problem, not skipped. */
export async function collectShardReports(sources: string[], read: ReadReport): Promise<{ parts: NamedReport[]; problems: string[] }> {
  const parts: NamedReport[] = [];
  const problems: string[] = [];
  const files: { path: string; name: string }[] = [];
  for (const source of sources) {
    const info = await stat(source).catch(() => null);
    if (!info) problems.push(`${source}: no such file or directory`);
    else if (info.isDirectory()) {
      const found = await jsonFiles(source);
      if (found.length === 0) problems.push(`${source}: no .json report in this directory`);
      for (const f of found) files.push({ path: f, name: `${source.replace(/\/+$/, '')}/${relative(source, f)}` });
    } else files.push({ path: source, name: source });
  }
  if (files.length > MAX_FILES) return { parts, problems: [...problems, `more than ${MAX_FILES} report files: the Actions matrix has at most 256 jobs`] };
  for (const f of files) {
    const r = await read(f.path);
    if (r.ok) parts.push({ name: f.name, report: r.report });
    else for (const p of r.problems) problems.push(`${f.name}: ${p}`);
  }
  return { parts, problems };
}
