#!/usr/bin/env bash
# Issue 16, P1: one real module whose build list has ≥ 100 modules (default k8s.io/apiserver
# v0.37.2: 175 in its build list, 302 go.sum lines), warm cache. Paired, interleaved rounds of
#   node cli <module> --quiet --no-lookups      vs      go mod tidy -diff && go mod verify
# Target: wall ≤ 1.10×, CPU (user+sys of the process tree) ≤ 1.15× (medians of per-round ratios).
#   bash bench/p1.sh            knobs: GMH_P1_MODULE, GMH_P1_VERSION, GMH_P1_RUNS (10), GMH_CLI
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
MOD="${GMH_P1_MODULE:-k8s.io/apiserver}"; VER="${GMH_P1_VERSION:-v0.37.2}"; RUNS="${GMH_P1_RUNS:-10}"
DIR="$BENCH/p1/$(basename "$MOD")"
copy_module "$MOD" "$VER" "$DIR"
(cd "$DIR" && go mod tidy -diff >/dev/null && GOPROXY=off go mod verify >/dev/null) || die "$MOD@$VER is not tidy or not verifiable offline"
n="$(cd "$DIR" && go list -m all | tail -n +2 | wc -l)"
snapshot_cli
# Warm: the tool downloads every zip go.sum names (go mod verify only checks what is in the cache).
node "$CLI" "$DIR" --quiet --no-lookups --format json >/dev/null || die "the CLI fails or reports findings on $DIR"
GOPROXY=off node "$CLI" "$DIR" --quiet --no-lookups --format json >/dev/null || die "the CLI fails or reports findings on $DIR"
log "$MOD@$VER: $n modules in its build list; $RUNS paired rounds"
before="$(cat /proc/loadavg)"
node "$HERE/lib/paired.mjs" --runs "$RUNS" --warmup 1 --summary --out "$BENCH/p1.paired.json" \
  cli "GOPROXY=off node '$CLI' '$DIR' --quiet --no-lookups" \
  hand "cd '$DIR' && GOPROXY=off go mod tidy -diff && GOPROXY=off go mod verify"
echo "load average before: $before"
echo "load average after:  $(cat /proc/loadavg)"
