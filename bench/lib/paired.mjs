// Interleaved, paired timing: round i runs every command once, alternating the
// order (A B, B A, …), so load that drifts on a shared machine hits both sides alike.
// usage: node paired.mjs --runs N --warmup W --out FILE name1 'cmd1' name2 'cmd2' …
// Each command's CPU time (user+sys of its whole process tree, from this process's cutime/cstime,
// 10 ms ticks) is recorded next to its wall time; with --summary, the median per-round ratios of
// every command to the last one are printed.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, warmup: { type: 'string', default: '1' }, out: { type: 'string' }, summary: { type: 'boolean', default: false } }
});
if (positionals.length < 4 || positionals.length % 2 || !values.out) {
  console.error('usage: node paired.mjs --runs N --warmup W --out FILE name1 cmd1 name2 cmd2 …');
  process.exit(2);
}
const commands = [];
for (let i = 0; i < positionals.length; i += 2) commands.push({ name: positionals[i], command: positionals[i + 1], times: [], cpu: [] });

/** CPU ms of the waited-for children so far (cutime + cstime of /proc/self/stat). */
function childCpuMs() {
  const f = readFileSync('/proc/self/stat', 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): cutime and cstime are fields 16 and 17.
  return (Number(rest[13]) + Number(rest[14])) * 10;
}

function once(c) {
  const c0 = childCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', c.command], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`paired: "${c.name}" exited ${r.status}\n${String(r.stderr).slice(-2000)}`);
    process.exit(1);
  }
  c.lastCpu = childCpuMs() - c0;
  return ms;
}

const runs = Number(values.runs);
for (let w = 0; w < Number(values.warmup); w++) for (const c of commands) once(c);
for (let i = 0; i < runs; i++) {
  const order = i % 2 ? [...commands].reverse() : commands;
  for (const c of order) {
    c.times.push(once(c));
    c.cpu.push(c.lastCpu);
  }
}
for (const c of commands) delete c.lastCpu;
writeFileSync(values.out, JSON.stringify({ runs, commands }, null, 2));
if (values.summary) {
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const base = commands[commands.length - 1];
  for (const c of commands) {
    const wall = median(c.times.map((t, i) => t / base.times[i]));
    const cpu = median(c.cpu.map((t, i) => t / base.cpu[i]));
    console.log(`${c.name}: wall median ${Math.round(median(c.times))} ms, CPU median ${Math.round(median(c.cpu))} ms; per-round ratio to ${base.name}: wall ${wall.toFixed(3)}×, CPU ${cpu.toFixed(3)}×`);
  }
}
