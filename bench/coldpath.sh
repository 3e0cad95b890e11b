#!/usr/bin/env bash
# Issue 16, cold path as CI sees it, on one go.sum (default github.com/gin-gonic/gin v1.12.0):
#   ours:     restore our cache (GOMODCACHE/cache/download, tar+zstd as @actions/cache builds it) + the CLI check
#   setup-go: restore setup-go's cache (GOMODCACHE + GOCACHE in one tar+zstd, keyed on go.sum) +
#             the shell loop `go mod tidy -diff && go mod verify`
# each cold (empty caches, everything from proxy.golang.org) and warm (its archive extracted into
# empty caches first). Interleaved rounds; medians. Archive size and restore (extract) time too.
#   bash bench/coldpath.sh      knobs: GMH_COLD_MODULE (github.com/gin-gonic/gin@v1.12.0), GMH_COLD_RUNS (3), GMH_CLI
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SPEC="${GMH_COLD_MODULE:-github.com/gin-gonic/gin@v1.12.0}"; RUNS="${GMH_COLD_RUNS:-3}"
W="$BENCH/coldpath"; wipe() { [ -e "$1" ] && chmod -R u+w "$1" 2>/dev/null; rm -rf "$1"; }
wipe "$W"; mkdir -p "$W"
snapshot_cli
REPODIR="$W/repo"; copy_module "${SPEC%@*}" "${SPEC#*@}" "$REPODIR"
# A fresh runner: its own empty GOMODCACHE, GOCACHE and GOPATH (checksum database state), public proxy.
export GOPATH="$W/gopath" GOMODCACHE="$W/mc" GOCACHE="$W/gc" GOPROXY=https://proxy.golang.org,direct GOSUMDB=sum.golang.org
ms_now() { date +%s%N | cut -c1-13; }
fresh() { wipe "$GOMODCACHE"; wipe "$GOCACHE"; wipe "$GOPATH"; mkdir -p "$GOMODCACHE" "$GOCACHE"; }
ours_check() { node "$CLI" "$REPODIR" --quiet --no-lookups --format json >"$W/check.json" || die "the CLI check is not clean (see $W/check.json)"; }
loop() { (cd "$REPODIR" && go mod tidy -diff >/dev/null && go mod verify >/dev/null) || die "the shell loop fails"; }
# timed CMD... : prints wall ms
timed() { local t0; t0=$(ms_now); "$@"; echo $(( $(ms_now) - t0 )); }
extract() { zstd -d -q -c "$1" | tar -xf - -P -C "$2"; }
# The archives, from one cold run of each side.
fresh; ours_check; tar --posix -cf - -P -C "$GOMODCACHE" cache/download | zstd -T0 -q -c >"$W/ours.tzst"
fresh; loop; tar --posix -cf - -P -C / "${GOMODCACHE#/}" "${GOCACHE#/}" | zstd -T0 -q -c >"$W/setupgo.tzst"
declare -A T
add() { T[$1]="${T[$1]:-} $2"; }
before="$(cat /proc/loadavg)"
for r in $(seq "$RUNS"); do
  sides=(ours setupgo); [ $((r % 2)) = 0 ] && sides=(setupgo ours)
  for s in "${sides[@]}"; do
    if [ "$s" = ours ]; then
      fresh; add ours-cold "$(timed ours_check)"
      fresh; x="$(timed extract "$W/ours.tzst" "$GOMODCACHE")"; add ours-restore "$x"; add ours-warm "$(timed ours_check)"
    else
      fresh; add setupgo-cold "$(timed loop)"
      fresh; x="$(timed extract "$W/setupgo.tzst" /)"; add setupgo-restore "$x"; add setupgo-warm "$(timed loop)"
    fi
  done
done
after="$(cat /proc/loadavg)"
med() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
mib() { node -e "console.log((require('fs').statSync(process.argv[1]).size/1048576).toFixed(1))" "$1"; }
echo "$SPEC, $RUNS interleaved rounds, medians (ms):"
echo "| | archive | restore | cold: check with empty caches | warm: check after restore | warm: restore + check |"
echo "|---|---:|---:|---:|---:|---:|"
for s in ours setupgo; do
  echo "| $s | $(mib "$W/$s.tzst") MiB | $(med "${T[$s-restore]}") | $(med "${T[$s-cold]}") | $(med "${T[$s-warm]}") | $(( $(med "${T[$s-restore]}") + $(med "${T[$s-warm]}") )) |"
done
for k in "${!T[@]}"; do echo "raw $k:${T[$k]}"; done | sort
echo "load average before: $before"
echo "load average after:  $after"
