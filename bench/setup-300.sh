#!/usr/bin/env bash
# Issue 16, P7/P8: a 300-module repository built from the 24 real modules of bench/setup.sh
# (bench/modules.txt): each module's source (its own go.mod and go.sum, as copied out of the
# module cache) is replicated under 12 or 13 directories, mono300/<name>-rNN, keeping its module
# path (a monorepo may hold one path twice; go checks each directory on its own). So the 300
# build lists name the same 206 distinct module versions as the 24: per-module go work (build
# list, tidy, downloads) grows 12.5×, the hashing of module versions does not (each is hashed once
# per run). Needs bench/setup.sh first (no download).
#   bash bench/setup-300.sh        knob: GMH_300_COUNT (300)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
COUNT="${GMH_300_COUNT:-300}"
[ -d "$BENCH/mono" ] && [ -s "$BENCH/modules.list" ] || die "run bash bench/setup.sh first"
mapfile -t names <"$BENCH/modules.list"
rm -rf "$BENCH/mono300.tmp"; mkdir -p "$BENCH/mono300.tmp"; : >"$BENCH/modules300.list"
for ((i = 0; i < COUNT; i++)); do
  n="${names[i % ${#names[@]}]}"; d="$(printf '%s-r%02d' "$n" $((i / ${#names[@]} + 1)))"
  cp -R "$BENCH/mono/$n" "$BENCH/mono300.tmp/$d"; echo "$d" >>"$BENCH/modules300.list"
done
rm -rf "$BENCH/mono300"; mv "$BENCH/mono300.tmp" "$BENCH/mono300"
log "$COUNT modules in $BENCH/mono300 ($(du -sh "$BENCH/mono300" | cut -f1))"
