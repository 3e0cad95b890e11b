// A measurement aid, not the product: runs a CLI bundle on a worker thread whose young
// generation is capped (`resourceLimits.maxYoungGenerationSizeMb`, YOUNG_MB, default 4), to see
// what running the engine so would do to node's memory (issue 16, P5 and P7; BENCHMARKS.md,
// seventh session). The action cannot pass node flags; a worker thread can have these limits.
//   node [--import bench/lib/memtrace.mjs] bench/lib/worker-engine.mjs <bundle>/cli/index.js <dir> --quiet --no-lookups --format json
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
