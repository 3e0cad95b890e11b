// Interleaved, paired timing: round i runs every command once, alternating the
// order (A B, B A, …), so load that drifts on a shared machine hits both sides alike.
// usage: node paired.mjs --runs N --warmup W --out FILE name1 'cmd1' name2 'cmd2' …
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, warmup: { type: 'string', default: '1' }, out: { type: 'string' } }
});
if (positionals.length < 4 || positionals.length % 2 || !values.out) {
  console.error('usage: node paired.mjs --runs N --warmup W --out FILE name1 cmd1 name2 cmd2 …');
  process.exit(2);
}
const commands = [];
for (let i = 0; i < positionals.length; i += 2) commands.push({ name: positionals[i], command: positionals[i + 1], times: [] });

function once(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', c.command], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`paired: "${c.name}" exited ${r.status}\n${String(r.stderr).slice(-2000)}`);
    process.exit(1);
  }
  return ms;
}

const runs = Number(values.runs);
for (let w = 0; w < Number(values.warmup); w++) for (const c of commands) once(c);
for (let i = 0; i < runs; i++) {
  const order = i % 2 ? [...commands].reverse() : commands;
  for (const c of order) c.times.push(once(c));
}
writeFileSync(values.out, JSON.stringify({ runs, commands }, null, 2));
