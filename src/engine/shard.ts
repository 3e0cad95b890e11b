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
 * Splits items into `total` parts of nearly equal weight, each a run of neighbours in id order
 * (directory order): modules next to each other in a tree tend to need the same module versions,
 * so keeping them together means each job downloads and hashes fewer of them. Weights are bucketed
 * and the cuts fall where the running total comes nearest to each equal share, so a module is
 * moved only when a cut beside it moves, and no part exceeds the mean by more than the heaviest
 * item. Every part gets an item while there are enough. The same items give the same parts in
 * every job; each part keeps the items' original order.
 */
export function partition(items: ShardItem[], total: number): string[][] {
  const order = new Map(items.map((it, i) => [it.id, i]));
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sorted.length;
  const sums = [0];
  for (const it of sorted) sums.push(sums[sums.length - 1]! + bucket(it.weight));
  const whole = sums[n]!;
  const parts: string[][] = [];
  let start = 0;
  for (let k = 1; k <= total; k++) {
    let end = n;
    if (k < total) {
      // The cut nearest to k equal shares (the lower one on a tie), leaving every part an item while there are enough.
      const target = (whole * k) / total;
      const lo = n >= total ? start + 1 : start;
      const hi = n >= total ? n - (total - k) : n;
      end = lo;
      for (let i = lo + 1; i <= hi && Math.abs(sums[i]! - target) < Math.abs(sums[end]! - target); i++) end = i;
    }
    parts.push(sorted.slice(start, end).map((it) => it.id));
    start = end;
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
 * checksum lookup and, for most, a download and a hash), plus a fixed part for its three go runs:
 * 50 lines' worth, from timing shards of the 300-module benchmark (with 20, the shard of the most
 * modules with the shortest go.sum files took up to 40% longer than another); a go.work weighs its
 * go.work.sum lines plus the same fixed part.
 */
export async function selectShard(root: string, repoRoot: string, modules: string[], workspaces: string[], spec: ShardSpec): Promise<{ modules: string[]; workspaces: string[] }> {
  const BASE = 50;
  const items: ShardItem[] = await Promise.all([
    ...modules.map(async (dir) => ({ id: `m:${dir}`, weight: BASE + (await countLines(repoRoot, join(root, dir, 'go.sum'))) })),
    ...workspaces.map(async (file) => ({ id: `w:${file}`, weight: BASE + (await countLines(repoRoot, join(root, file.replace(/go\.work$/, 'go.work.sum')))) }))
  ]);
  const mine = new Set(partition(items, spec.total)[spec.index - 1]);
  return { modules: modules.filter((d) => mine.has(`m:${d}`)), workspaces: workspaces.filter((f) => mine.has(`w:${f}`)) };
}
