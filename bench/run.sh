#!/usr/bin/env bash
# Runs targets (a), (b), (c) side by side in one go and writes bench/results/latest.md.
# Needs the workspace from bench/setup.sh (same GMH_BENCH_DIR). Knobs (env):
#   GMH_BENCH_DIR (/tmp/gmh-bench)  GMH_WARMUP (1)  GMH_RUNS_A (10)  GMH_RUNS_B (5)
#   GMH_PAIRED_RUNS_A (10)  GMH_PAIRED_RUNS_B (4)  GMH_RSS_RUNS (3)
# The CLI runs with --no-lookups: the retraction/deprecation lookups (one proxy request per
# required module, on the network every run) are not part of what the hand-run commands do.
# (a) also times the default, lookups on, as information.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
BENCH="${GMH_BENCH_DIR:-/tmp/gmh-bench}"
WARMUP="${GMH_WARMUP:-1}"
RUNS_A="${GMH_RUNS_A:-10}"
RUNS_B="${GMH_RUNS_B:-5}"
PAIRED_A="${GMH_PAIRED_RUNS_A:-10}"
PAIRED_B="${GMH_PAIRED_RUNS_B:-4}"
RSS_RUNS="${GMH_RSS_RUNS:-3}"

log() { printf 'run: %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }

[ -f "$BENCH/env.sh" ] && [ -d "$BENCH/mono" ] && [ -s "$BENCH/single.name" ] \
  || die "no workspace in $BENCH: run bash bench/setup.sh first"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install -y hyperfine)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
# shellcheck disable=SC1091
source "$BENCH/env.sh"
MONO="$BENCH/mono"
SINGLE="$BENCH/single/$(cat "$BENCH/single.name")"
NMOD="$(wc -l <"$BENCH/modules.list")"

# Snapshot the bundle so a concurrent rebuild of dist/ cannot change it mid-run.
for _ in $(seq 60); do [ -f "$REPO/dist/cli/index.js" ] && break; sleep 2; done
CLI_DIR="$BENCH/cli"
rm -rf "$CLI_DIR"; mkdir -p "$CLI_DIR"
if [ -f "$REPO/dist/cli/index.js" ]; then
  cp "$REPO/dist/cli/index.js" "$CLI_DIR/index.js"
  CLI_SOURCE="dist/cli/index.js"
else
  log "dist/cli/index.js missing; bundling a private copy"
  (cd "$REPO" && node scripts/bundle.mjs "$BENCH/dist" >/dev/null)
  cp "$BENCH/dist/cli/index.js" "$CLI_DIR/index.js"
  CLI_SOURCE="scripts/bundle.mjs output (dist/ was missing)"
fi
echo '{ "type": "module" }' >"$CLI_DIR/package.json"
CLI="$CLI_DIR/index.js"

RAW="$BENCH/raw/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RAW"
load1() { cut -d' ' -f1 /proc/loadavg; }
LOAD_BEFORE="$(load1)"

# Sanity: the tool must see every module and find nothing, or the timings mean nothing.
node "$CLI" "$MONO" --quiet --no-lookups --format json >"$RAW/check.json" || die "the CLI fails or reports findings on $MONO (see $RAW/check.json)"
seen="$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(r.modules.length)' "$RAW/check.json")"
[ "$seen" = "$NMOD" ] || die "the CLI checked $seen modules, the workspace has $NMOD"
# ...and the baseline must pass too: a loop that stops at its first failing module (set -e) is fast for nothing.
bash "$BENCH/baseline-loop.sh" || die "the baseline loop fails (a module is not tidy or not verifiable): rerun bench/setup.sh"
(cd "$SINGLE" && go mod tidy -diff >/dev/null && go mod verify >/dev/null) || die "the (a) baseline fails in $SINGLE: rerun bench/setup.sh"

HF=(hyperfine --style none --warmup "$WARMUP")
log "(a) one module: hyperfine, $RUNS_A runs"
"${HF[@]}" --runs "$RUNS_A" --export-json "$RAW/a.hyperfine.json" \
  -n cli "node '$CLI' '$SINGLE' --quiet --no-lookups" \
  -n baseline "cd '$SINGLE' && go mod tidy -diff && go mod verify" \
  -n startup "node '$CLI' --help" \
  -n lookups "node '$CLI' '$SINGLE' --quiet"
log "(b) $NMOD-module monorepo: hyperfine, $RUNS_B runs"
"${HF[@]}" --runs "$RUNS_B" --export-json "$RAW/b.hyperfine.json" \
  -n cli "node '$CLI' '$MONO' --quiet --no-lookups" \
  -n cli1 "node '$CLI' '$MONO' --quiet --no-lookups --concurrency 1" \
  -n baseline "bash '$BENCH/baseline-loop.sh'"

log "paired interleaved re-measurement ($PAIRED_A / $PAIRED_B rounds)"
node "$HERE/lib/paired.mjs" --runs "$PAIRED_A" --warmup "$WARMUP" --out "$RAW/a.paired.json" \
  cli "node '$CLI' '$SINGLE' --quiet --no-lookups" baseline "cd '$SINGLE' && go mod tidy -diff && go mod verify"
node "$HERE/lib/paired.mjs" --runs "$PAIRED_B" --warmup 0 --out "$RAW/b.paired.json" \
  cli "node '$CLI' '$MONO' --quiet --no-lookups" baseline "bash '$BENCH/baseline-loop.sh'"

log "(c) peak RSS, $RSS_RUNS runs"
: >"$RAW/hwm.txt"; : >"$RAW/tree.txt"
for _ in $(seq "$RSS_RUNS"); do
  GMH_HWM_FILE="$RAW/hwm.txt" /usr/bin/time -f '%M' -a -o "$RAW/tree.txt" \
    node --import "$HERE/lib/hwm.mjs" "$CLI" "$MONO" --quiet --no-lookups >/dev/null
done

log "per-invocation breakdown (one traced run)"
: >"$RAW/trace.log"
t0="$(date +%s%N)"
GO_BINARY="$HERE/lib/go-trace.sh" GMH_REAL_GO="$(command -v go)" GMH_TRACE_LOG="$RAW/trace.log" \
  node "$CLI" "$MONO" --quiet --no-lookups >/dev/null
echo "$(( ($(date +%s%N) - t0) / 1000000 ))" >"$RAW/trace-wall.txt"
: >"$RAW/buildlists.txt"; : >"$RAW/buildlists.all"
while read -r d; do
  (cd "$MONO/$d" && go list -m all | tail -n +2) >"$RAW/bl.tmp"
  echo "$d $(wc -l <"$RAW/bl.tmp")" >>"$RAW/buildlists.txt"
  cat "$RAW/bl.tmp" >>"$RAW/buildlists.all"
done <"$BENCH/modules.list"
sort -u "$RAW/buildlists.all" | wc -l >"$RAW/buildlists-distinct.txt"
rm -f "$RAW/bl.tmp" "$RAW/buildlists.all"

SHA="$(sha256sum "$CLI" | cut -d' ' -f1)"
REPRO="bash bench/setup.sh && bash bench/run.sh"
[ "$BENCH" = /tmp/gmh-bench ] || REPRO="GMH_BENCH_DIR=$BENCH $REPRO"
LOAD_AFTER="$(load1)" REPRO="$REPRO" BENCH="$BENCH" CLI="$CLI_SOURCE" NMOD="$NMOD" WARMUP="$WARMUP" PAIRED_A="$PAIRED_A" PAIRED_B="$PAIRED_B" \
SINGLE_NAME="$(cat "$BENCH/single.name")" LOAD_BEFORE="$LOAD_BEFORE" SHA="$SHA" \
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
DIRTY="$(git -C "$REPO" status --porcelain -- src 2>/dev/null | head -c1)" \
GOV="$(go version)" HFV="$(hyperfine --version)" \
node -e '
const os = require("os"), e = process.env;
console.log(JSON.stringify({
  date: new Date().toISOString().replace(/\.\d+Z$/, "Z"), reproduce: e.REPRO, bench: e.BENCH, cli: e.CLI,
  nproc: os.availableParallelism(), cpu: os.cpus()[0].model.trim(), mem: `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
  go: e.GOV, node: process.version, hyperfine: e.HFV, bundleSha: e.SHA, commit: e.COMMIT, dirty: Boolean(e.DIRTY),
  modules: Number(e.NMOD), single: e.SINGLE_NAME, warmup: Number(e.WARMUP), pairedRuns: `${e.PAIRED_A} rounds for (a), ${e.PAIRED_B} for (b)`,
  loadBefore: e.LOAD_BEFORE, loadAfter: e.LOAD_AFTER
}, null, 2));' >"$RAW/meta.json"

mkdir -p "$HERE/results"
node "$HERE/lib/summarize.mjs" "$RAW" >"$HERE/results/latest.md"
rm -rf "$HERE/results/latest-raw"; cp -R "$RAW" "$HERE/results/latest-raw"
log "wrote bench/results/latest.md (raw data: bench/results/latest-raw/)"
cat "$HERE/results/latest.md"
