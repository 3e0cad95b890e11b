#!/usr/bin/env bash
# Issue 16, P7: growth from 24 to 300 modules. Paired, interleaved rounds of the CLI on mono/ (24)
# and mono300/ (bench/setup-300.sh), each under bench/lib/hwm.mjs (node's own VmHWM). Target:
# time per module and peak RSS at 300 within 1.1× of those at 24.
#   bash bench/setup-300.sh && bash bench/p7.sh        knobs: GMH_P7_RUNS (2), GMH_CLI
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
RUNS="${GMH_P7_RUNS:-2}"
[ -d "$BENCH/mono300" ] || die "run bash bench/setup-300.sh first"
snapshot_cli
n24="$(wc -l <"$BENCH/modules.list")"; n300="$(wc -l <"$BENCH/modules300.list")"
rm -f "$BENCH/p7.hwm24" "$BENCH/p7.hwm300"
# One check of each first: clean, every module seen (and mono300's go calls warm).
for pair in "mono:$n24" "mono300:$n300"; do
  d="${pair%%:*}"; want="${pair#*:}"
  GOPROXY=off node "$CLI" "$BENCH/$d" --quiet --no-lookups --format json >"$BENCH/p7.$d.json" || die "the CLI fails or reports findings on $d"
  seen="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).modules.length)' "$BENCH/p7.$d.json")"
  [ "$seen" = "$want" ] || die "the CLI checked $seen modules in $d, not $want"
done
before="$(cat /proc/loadavg)"
node "$HERE/lib/paired.mjs" --runs "$RUNS" --warmup 0 --summary --out "$BENCH/p7.paired.json" \
  m300 "GOPROXY=off GMH_HWM_FILE='$BENCH/p7.hwm300' node --import '$HERE/lib/hwm.mjs' '$CLI' '$BENCH/mono300' --quiet --no-lookups" \
  m24 "GOPROXY=off GMH_HWM_FILE='$BENCH/p7.hwm24' node --import '$HERE/lib/hwm.mjs' '$CLI' '$BENCH/mono' --quiet --no-lookups"
after="$(cat /proc/loadavg)"
node -e '
const fs = require("fs");
const [file, h24, h300, n24, n300] = process.argv.slice(1);
const p = JSON.parse(fs.readFileSync(file, "utf8"));
const c = Object.fromEntries(p.commands.map((x) => [x.name, x]));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const perMod = median(c.m300.times.map((t, i) => (t / n300) / (c.m24.times[i] / n24)));
const cpuPerMod = median(c.m300.cpu.map((t, i) => (t / n300) / (c.m24.cpu[i] / n24)));
const max = (f) => Math.max(...fs.readFileSync(f, "utf8").trim().split("\n").map(Number)) / 1024;
console.log(`time per module: ${(median(c.m24.times) / n24).toFixed(0)} ms at ${n24}, ${(median(c.m300.times) / n300).toFixed(0)} ms at ${n300}; per-round ratio (300/24) ${perMod.toFixed(3)}× wall, ${cpuPerMod.toFixed(3)}× CPU`);
console.log(`node peak RSS (VmHWM, max of runs): ${max(h24).toFixed(1)} MiB at ${n24}, ${max(h300).toFixed(1)} MiB at ${n300}: ${(max(h300) / max(h24)).toFixed(3)}×`);
' "$BENCH/p7.paired.json" "$BENCH/p7.hwm24" "$BENCH/p7.hwm300" "$n24" "$n300"
echo "load average before: $before"
echo "load average after:  $after"
