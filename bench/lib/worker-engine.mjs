// A measurement aid, not the product: runs a CLI bundle on a worker thread whose young
// generation is capped (`resourceLimits.maxYoungGenerationSizeMb`, YOUNG_MB, default 4), to see
// what running the engine so would do to node's memory (issue 16, P5 and P7; BENCHMARKS.md,
// seventh session). The action cannot pass node flags; a worker thread can have these limits.
//   node [--import bench/lib/memtrace.mjs] bench/lib/worker-engine.mjs <bundle>/cli/index.js <dir> --quiet --no-lookups --format json
// Only for bundles before 48810bf: since then the CLI runs its check on such a thread itself
// (src/util/thread.ts), and a newer bundle refuses to be started from this one (it exits 2).
const { readFileSync } = await import('node:fs');
if (readFileSync(process.argv[2], 'utf8').includes('runOnWorkThread')) {
  console.error('worker-engine.mjs: this bundle already runs its check on a capped thread (48810bf and later): run it directly');
  process.exit(2);
}
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const [cli, ...args] = process.argv.slice(2);
const w = new Worker(pathToFileURL(cli), { argv: args, resourceLimits: { maxYoungGenerationSizeMb: Number(process.env.YOUNG_MB ?? 4) } });
w.on('error', (e) => {
  console.error(e);
  process.exitCode = 2;
});
w.on('exit', (code) => {
  process.exitCode ||= code;
});
