#!/usr/bin/env bash
# Issue 16, P2: the 24-module monorepo of bench/setup.sh. Paired, interleaved rounds of
#   node cli mono --quiet --no-lookups      vs      the sequential loop (go mod tidy -diff && go mod verify per module)
# Target: CPU (user+sys of the process tree) ≤ 0.90×; wall ≤ 0.60× when the 1-minute load average is under 1.5.
#   bash bench/setup.sh && bash bench/p2.sh       knobs: GMH_P2_RUNS (4), GMH_CLI
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
RUNS="${GMH_P2_RUNS:-4}"
snapshot_cli
GOPROXY=off node "$CLI" "$BENCH/mono" --quiet --no-lookups --format json >/dev/null || die "the CLI fails or reports findings on mono"
GOPROXY=off bash "$BENCH/baseline-loop.sh" || die "the baseline loop fails: rerun bench/setup.sh"
before="$(cat /proc/loadavg)"
node "$HERE/lib/paired.mjs" --runs "$RUNS" --warmup 0 --summary --out "$BENCH/p2.paired.json" \
  cli "GOPROXY=off node '$CLI' '$BENCH/mono' --quiet --no-lookups" \
  loop "GOPROXY=off bash '$BENCH/baseline-loop.sh'"
echo "load average before: $before"
echo "load average after:  $(cat /proc/loadavg)"
