#!/usr/bin/env bash
# Issue 16, P8: sharding. Through the action's entry (dist/main/index.js, as a runner starts it,
# push event, cache off, lookups off, no comment): one unsharded job, then `shard: I/4` for
# I = 1..4 one after the other (on Actions they are separate machines, so each is timed alone),
# then `mode: merge` over the four reports laid out as download-artifact does. Interleaved rounds
# (one job, shards 1-4; next round the shards first). Target: slowest shard ≤ 0.35× of the one
# job, merge ≤ 2 s.
#   bash bench/setup-300.sh && bash bench/p8.sh     knobs: GMH_P8_DIR (mono300), GMH_P8_SHARDS (4), GMH_P8_RUNS (1), GMH_CLI
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
WS="$BENCH/${GMH_P8_DIR:-mono300}"; N="${GMH_P8_SHARDS:-4}"; RUNS="${GMH_P8_RUNS:-1}"
[ -d "$WS" ] || die "no $WS: run bash bench/setup-300.sh first"
snapshot_cli
OUT="$BENCH/p8"; rm -rf "$OUT"; mkdir -p "$OUT"
echo '{}' >"$OUT/event.json"
ms_now() { date +%s%N | cut -c1-13; }
# step NAME INPUT=VALUE... : runs the action's main entry; prints its wall ms
step() {
  local name="$1"; shift
  local d="$OUT/$name"; rm -rf "$d"; mkdir -p "$d/temp"; : >"$d/output"; : >"$d/summary"; : >"$d/state"; : >"$d/env"
  local inputs=(INPUT_TOKEN= INPUT_CACHE=off INPUT_LOOKUPS=false INPUT_COMMENT=never INPUT_FAIL-ON= INPUT_SUGGESTIONS=false "INPUT_REPORT-PATH=$d/report.json")
  for kv in "$@"; do inputs+=("INPUT_${kv%%=*}=${kv#*=}"); done
  local t0 rc=0; t0=$(ms_now)
  env -i PATH="$PATH" HOME="$HOME" GOPATH="$GOPATH" GOMODCACHE="$GOMODCACHE" GOCACHE="$GOCACHE" GOFLAGS="$GOFLAGS" \
    GOTOOLCHAIN=local GOWORK=off GOENV=off GOPROXY=off \
    GITHUB_ACTIONS=true RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$d/temp" GITHUB_WORKSPACE="$WS" \
    GITHUB_REPOSITORY=bench/mono GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$OUT/event.json" GITHUB_SHA="$(printf 'a%.0s' {1..40})" \
    GITHUB_REF=refs/heads/main GITHUB_RUN_ID=1 GITHUB_WORKFLOW=bench GITHUB_JOB=hygiene GITHUB_API_URL=http://127.0.0.1:9 GITHUB_SERVER_URL=https://github.com \
    GITHUB_OUTPUT="$d/output" GITHUB_STATE="$d/state" GITHUB_STEP_SUMMARY="$d/summary" GITHUB_ENV="$d/env" \
    "${inputs[@]/#/}" node "$MAIN" >"$d/log" 2>&1 || rc=$?
  local ms=$(( $(ms_now) - t0 ))
  [ "$rc" = 0 ] || { tail -n 20 "$d/log" >&2; die "$name exited $rc (log: $d/log)"; }
  echo "$ms"
}
before="$(cat /proc/loadavg)"
: >"$OUT/times.txt"
for r in $(seq "$RUNS"); do
  one=""; shards=()
  run_shards() { for i in $(seq "$N"); do shards+=("$(step "shard-$i" "SHARD=$i/$N")"); done; }
  if [ $((r % 2)) = 1 ]; then one="$(step one)"; run_shards; else run_shards; one="$(step one)"; fi
  mkdir -p "$OUT/artifacts"
  for i in $(seq "$N"); do mkdir -p "$OUT/artifacts/go-mod-hygiene-shard-$i"; cp "$OUT/shard-$i/report.json" "$OUT/artifacts/go-mod-hygiene-shard-$i/"; done
  merge="$(step merge MODE=merge "REPORTS=$OUT/artifacts")"
  echo "round $r: one job $one ms; shards ${shards[*]} ms; merge $merge ms" | tee -a "$OUT/times.txt"
  rm -rf "$OUT/artifacts"
done
after="$(cat /proc/loadavg)"
node -e '
const fs = require("fs"), out = process.argv[1];
const mods = (f) => JSON.parse(fs.readFileSync(f, "utf8")).modules.map((m) => m.dir);
const one = mods(`${out}/one/report.json`), merged = mods(`${out}/merge/report.json`);
const parts = fs.readdirSync(out).filter((d) => d.startsWith("shard-")).map((d) => mods(`${out}/${d}/report.json`).length);
console.log(`modules: one job ${one.length}, shards ${parts.join(" + ")}, merged ${merged.length} (${JSON.stringify(one) === JSON.stringify(merged) ? "the same list as the one job" : "NOT the same list as the one job"})`);
const rounds = fs.readFileSync(`${out}/times.txt`, "utf8").trim().split("\n").map((l) => l.match(/\d+/g).map(Number));
for (const [r, one, ...rest] of rounds) {
  const merge = rest.pop();
  console.log(`round ${r}: slowest shard ${Math.max(...rest)} ms / one job ${one} ms = ${(Math.max(...rest) / one).toFixed(3)}×; merge ${merge} ms`);
}' "$OUT"
echo "load average before: $before"
echo "load average after:  $after"
