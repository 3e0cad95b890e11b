#!/usr/bin/env bash
# GO_BINARY wrapper for the per-invocation breakdown: runs the real go and appends
# "<ms> <exit> <args…>" to $GMH_TRACE_LOG. Adds a few ms per call; used only for attribution.
s=$(date +%s%N)
"${GMH_REAL_GO:-go}" "$@"
rc=$?
e=$(date +%s%N)
printf '%s %s %s\n' "$(( (e - s) / 1000000 ))" "$rc" "$*" >>"${GMH_TRACE_LOG:?}"
exit "$rc"
