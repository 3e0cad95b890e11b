// How spawning go costs with the parent's memory (fork copies the page tables): 40 spawns of
// `go env GOROOT` after holding N extra MiB. Prints spawn()'s own time, the wall time and node's
// CPU per spawn. Usage: node bench/lib/spawncost.mjs [N]   (BENCHMARKS.md, P2, third session)
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
const extra = Number(process.argv[2] ?? 0);
const hold = []; for (let i = 0; i < extra; i++) hold.push(Buffer.alloc(1 << 20, 1));
const n = 40; const t0 = performance.now(); let inSpawn = 0;
for (let i = 0; i < n; i++) { const a = performance.now(); const c = spawn(process.env.GO ?? 'go', ['env', 'GOROOT'], { stdio: ['ignore', 'pipe', 'pipe'] }); inSpawn += performance.now() - a; c.stdout.resume(); await new Promise((r) => c.on('close', r)); }
const u = process.cpuUsage();
console.log(`extra ${extra} MiB rss ${(process.memoryUsage().rss/1048576)|0} MiB: spawn() ${(inSpawn/n).toFixed(1)} ms each, wall ${((performance.now()-t0)/n).toFixed(1)} ms each, node cpu ${((u.user+u.system)/1e3/n).toFixed(1)} ms each`);
