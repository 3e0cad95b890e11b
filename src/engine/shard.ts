/**
 * Sharding over the Actions matrix: `shard: I/N` makes each job check a part of the modules
 * (and go.work files), balanced by work and the same in every job of a run, so that a merge job
 * can put the parts back into the report one job would have written. Pure but for reading sizes.
 */
import { READ_LIMITS, readCheckoutFile } from '../util/checkout.js';
import { join } from 'node:path';

/** One part of N (1-based index). */
export interface ShardSpec {
  index: number;
  total: number;
}

/** The most shards a run may have: the Actions matrix allows 256 jobs. */
export const MAX_SHARDS = 256;

/** Parses `I/N`; an empty value means no sharding. Returns the problem in words when it is not one. */
export function parseShard(value: string): ShardSpec | null | { problem: string } {
  const v = value.trim();
  if (v === '') return null;
  const m = /^(\d{1,3})\s*\/\s*(\d{1,3})$/.exec(v);
  if (!m) return { problem: 'I/N with whole numbers, like 2/4 (from a matrix: ${{ matrix.shard }}/4)' };
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || total > MAX_SHARDS) return { problem: `N from 1 to ${MAX_SHARDS}` };
  if (index < 1 || index > total) return { problem: `I from 1 to N (${total})` };
  return { index, total };
}

/** Something to check, with its expected work. */
export interface ShardItem {
  id: string;
  weight: number;
}

/**
 * Rounds a weight down to two significant bits (…, 8, 12, 16, 24, 32, 48, …), so a go.sum that
 * grows by a few lines keeps its module on the same shard (and its cache and comment with it).
 */
export function bucket(weight: number): number {
  const w = Math.max(1, Math.floor(weight));
  if (w < 4) return w;
  const top = 2 ** Math.floor(Math.log2(w));
  return w >= top + top / 2 ? top + top / 2 : top;
}

/**
 * Splits items into `total` parts of nearly equal weight: heaviest first, each to the lightest
 * part so far (ties: the lower part), weights bucketed, ties between items broken by id. The same
 * items give the same parts in every job. Each part keeps the items' original order.
 */
export function partition(items: ShardItem[], total: number): string[][] {
  const order = new Map(items.map((it, i) => [it.id, i]));
  const sorted = [...items].sort((a, b) => bucket(b.weight) - bucket(a.weight) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const loads = new Array<number>(total).fill(0);
  const parts: string[][] = Array.from({ length: total }, () => []);
  for (const it of sorted) {
    let best = 0;
    for (let p = 1; p < total; p++) if (loads[p]! < loads[best]!) best = p;
    loads[best]! += bucket(it.weight);
    parts[best]!.push(it.id);
  }
  return parts.map((p) => p.sort((a, b) => order.get(a)! - order.get(b)!));
}

/** A go.sum's (or go.work.sum's) line count, read through the checkout reader; 0 when it is missing or refused (its module reports that). */
async function countLines(root: string, file: string): Promise<number> {
  const r = await readCheckoutFile(root, file, READ_LIMITS.sumFile);
  if (!r.ok) return 0;
  let lines = 0;
  for (let i = r.data.indexOf(10); i >= 0; i = r.data.indexOf(10, i + 1)) lines++;
  return lines;
}

/**
 * This shard's modules and go.work files. A module weighs its go.sum lines (every line is a
 * checksum lookup and, for most, a download and a hash), plus a fixed part for go's own start-up
 * work; a go.work weighs its go.work.sum lines plus one use's worth.
 */
export async function selectShard(root: string, repoRoot: string, modules: string[], workspaces: string[], spec: ShardSpec): Promise<{ modules: string[]; workspaces: string[] }> {
  const BASE = 20;
  const items: ShardItem[] = await Promise.all([
    ...modules.map(async (dir) => ({ id: `m:${dir}`, weight: BASE + (await countLines(repoRoot, join(root, dir, 'go.sum'))) })),
    ...workspaces.map(async (file) => ({ id: `w:${file}`, weight: BASE + (await countLines(repoRoot, join(root, file.replace(/go\.work$/, 'go.work.sum')))) }))
  ]);
  const mine = new Set(partition(items, spec.total)[spec.index - 1]);
  return { modules: modules.filter((d) => mine.has(`m:${d}`)), workspaces: workspaces.filter((f) => mine.has(`w:${f}`)) };
}
