// Turns the raw files written by bench/run.sh into the markdown report.
// usage: node summarize.mjs RAW_DIR > latest.md
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const raw = process.argv[2];
const read = (f) => readFileSync(join(raw, f), 'utf8');
const json = (f) => JSON.parse(read(f));
const meta = json('meta.json');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
const ratio = (x) => `${x.toFixed(2)}×`;
const verdict = (ok) => (ok ? '**met**' : '**missed**');

/** hyperfine export → { name: {mean, sd, median, min, max, n} } in ms. */
function hyperfine(file) {
  const out = {};
  for (const r of json(file).results) {
    out[r.command] = { cpu: (r.user + r.system) * 1e3, mean: r.mean * 1e3, sd: r.stddev * 1e3, median: r.median * 1e3, min: r.min * 1e3, max: r.max * 1e3, n: r.times.length };
  }
  return out;
}
/** paired.mjs output → { name: times[] } and the per-round ratio of `tool` to `base`. */
function paired(file) {
  const p = json(file);
  return Object.fromEntries(p.commands.map((c) => [c.name, c.times]));
}
const pairedRatio = (p, tool, base) => median(p[tool].map((t, i) => t / p[base][i]));

const lines = [];
const say = (s = '') => lines.push(s);

say(`# go-mod-hygiene benchmark — ${meta.date}`);
say();
say('Reproduce: `' + meta.reproduce + '`');
say();
say(`Machine: ${meta.nproc} CPUs (${meta.cpu}), ${meta.mem}; ${meta.go}; node ${meta.node}; ${meta.hyperfine}.`);
say(`Tool: \`${meta.cli}\` (bundle sha256 ${meta.bundleSha.slice(0, 12)}, repo ${meta.commit}${meta.dirty ? ' + uncommitted changes' : ''}).`);
say(`Workspace: ${meta.bench} — ${meta.modules} real modules in \`mono/\`, \`single/${meta.single}\` for (a); warm dedicated GOMODCACHE, GOFLAGS=-modcacherw, GOTOOLCHAIN=local, default GOPROXY/GOSUMDB.`);
say(`Load average (1 min) before/after: ${meta.loadBefore} / ${meta.loadAfter} — the machine is shared, so only the side-by-side ratios are meaningful.`);
say();

const A = hyperfine('a.hyperfine.json');
const B = hyperfine('b.hyperfine.json');
const pa = paired('a.paired.json');
const pb = paired('b.paired.json');
const ra = A.cli.mean / A.baseline.mean;
const rb = B.cli.mean / B.baseline.mean;
const hwm = read('hwm.txt').trim().split('\n').map(Number);
const tree = read('tree.txt').trim().split('\n').map(Number);
const peakMiB = Math.max(...hwm) / 1024;

say('## Results');
say();
say('| Target | go-mod-hygiene (mean ± σ) | by hand (mean ± σ) | ratio of means | paired median ratio | target | verdict |');
say('|---|---|---|---|---|---|---|');
say(`| (a) one module (${meta.single}) | ${ms(A.cli.mean)} ± ${ms(A.cli.sd)} | ${ms(A.baseline.mean)} ± ${ms(A.baseline.sd)} | ${ratio(ra)} | ${ratio(pairedRatio(pa, 'cli', 'baseline'))} | ≤ 1.10× | ${verdict(ra <= 1.1)} |`);
say(`| (b) ${meta.modules}-module monorepo | ${ms(B.cli.mean)} ± ${ms(B.cli.sd)} | ${ms(B.baseline.mean)} ± ${ms(B.baseline.sd)} | ${ratio(rb)} | ${ratio(pairedRatio(pb, 'cli', 'baseline'))} | ≤ 0.60× | ${verdict(rb <= 0.6)} |`);
say(`| (c) peak RSS of node during (b) | ${peakMiB.toFixed(1)} MiB | | | | ≤ 150 MB | ${verdict(peakMiB * 1.048576 <= 150)} |`);
say();
say(`CPU time (user+sys of the whole process tree, hyperfine means) is less sensitive to other load on the machine: (a) ${ratio(A.cli.cpu / A.baseline.cpu)} the CPU of the hand-run commands, (b) ${ratio(B.cli.cpu / B.baseline.cpu)}. With ${meta.nproc} CPUs, (b) cannot go below ${ms(B.cli.cpu / meta.nproc)} (CPU ÷ CPUs), i.e. ${ratio(B.cli.cpu / meta.nproc / B.baseline.mean)} of the loop's mean wall time.`);
say();
say(`Verdicts use the hyperfine ratio of means (${A.cli.n} runs after ${meta.warmup} warm-up). The paired column re-measures the same commands interleaved (A B, B A, …; ${meta.pairedRuns}) and takes the median of the per-round ratios: it is the more robust figure when the machine's load drifts.`);
say();
say('All commands measured (hyperfine, ms):');
say();
say('| Command | mean | σ | median | min | max | CPU (user+sys, mean) |');
say('|---|---|---|---|---|---|---|');
const row = (label, r) => say(`| ${label} | ${ms(r.mean)} | ${ms(r.sd)} | ${ms(r.median)} | ${ms(r.min)} | ${ms(r.max)} | ${ms(r.cpu)} |`);
row(`(a) \`node dist/cli/index.js single/${meta.single} --quiet --no-lookups\``, A.cli);
row('(a) `go mod tidy -diff && go mod verify` in the module', A.baseline);
if (A.startup) row('(a) info: `node dist/cli/index.js --help` (node + bundle start-up floor)', A.startup);
if (A.lookups) row('(a) info: the default, lookups on (`--quiet` only: one proxy request per requirement, over the network)', A.lookups);
row('(b) `node dist/cli/index.js mono --quiet --no-lookups` (default concurrency = nproc)', B.cli);
if (B.cli1) row('(b) info: same with `--concurrency 1`', B.cli1);
row('(b) sequential loop: `go mod tidy -diff && go mod verify` per module', B.baseline);
say();
say(`(c) node's own VmHWM over ${hwm.length} runs: ${hwm.map((k) => `${(k / 1024).toFixed(1)}`).join(', ')} MiB. For comparison, GNU time's max RSS of the whole process tree (the largest single process, node or a go child): ${tree.map((k) => `${(k / 1024).toFixed(1)}`).join(', ')} MiB.`);
say();

// Where the time goes: every go invocation of one traced run over the monorepo.
if (existsSync(join(raw, 'trace.log'))) {
  const kinds = [
    ['go env', (a) => a.startsWith('env ')],
    ['go mod edit -json (read go.mod)', (a) => a.startsWith('mod edit ')],
    ['go mod download -json m@v… (go.sum zip hashes)', (a) => a.startsWith('mod download ') && !a.includes('-modfile=')],
    ['go list -m -json -mod=mod all (build list for the module cache check)', (a) => a.startsWith('list -m -json -mod=mod ')],
    ['go list -m -e -json m@v… (go.sum go.mod-only hashes)', (a) => a.startsWith('list -m ')],
    ['go mod download -json -modfile (module graph)', (a) => a.startsWith('mod download ') && a.includes('-modfile=')],
    ['go mod tidy -diff -modfile', (a) => a.startsWith('mod tidy ')],
    ['go mod verify -modfile (only when node finds a problem or cannot settle one)', (a) => a.startsWith('mod verify')],
    ['other', () => true]
  ];
  const agg = new Map(kinds.map(([k]) => [k, { n: 0, ms: 0, max: 0 }]));
  let total = 0;
  for (const l of read('trace.log').trim().split('\n')) {
    const m = /^(\d+) (\d+) (.*)$/.exec(l);
    if (!m) continue;
    const t = Number(m[1]);
    const k = kinds.find(([, f]) => f(m[3]))[0];
    const a = agg.get(k);
    a.n++;
    a.ms += t;
    a.max = Math.max(a.max, t);
    total += t;
  }
  const wall = Number(read('trace-wall.txt').trim());
  say('## Where the time goes (one traced run over the monorepo)');
  say();
  say(`Each go call timed through \`bench/lib/go-trace.sh\` (GO_BINARY). Wall time of the traced run: ${ms(wall)}; sum of go call times: ${ms(total)} (can exceed the wall time: ${meta.nproc} modules run at once). The module cache hashing runs in node's threads and is not in this table.`);
  say();
  say('| go invocation | calls | total | share | slowest |');
  say('|---|---|---|---|---|');
  for (const [k, a] of agg) if (a.n) say(`| ${k} | ${a.n} | ${ms(a.ms)} | ${((100 * a.ms) / total).toFixed(1)}% | ${ms(a.max)} |`);
  say();
}
if (existsSync(join(raw, 'buildlists.txt'))) {
  const rows = read('buildlists.txt').trim().split('\n').map((l) => l.split(' '));
  const sum = rows.reduce((s, r) => s + Number(r[1]), 0);
  const distinct = Number(read('buildlists-distinct.txt').trim());
  say(`Module versions in the build lists (\`go list -m all\`, minus the main module) summed over the ${rows.length} modules: ${sum}; distinct: ${distinct}. \`go mod verify\` re-hashes the zip and the extracted tree of every downloaded one, once per module that lists it.`);
  say();
}
process.stdout.write(`${lines.join('\n')}\n`);
