# Sourced by the issue-16 target scripts (bench/p*.sh). Needs the workspace of bench/setup.sh.
HERE="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
BENCH="${GMH_BENCH_DIR:-/tmp/gmh-bench}"
log() { printf "%s: %s\n" "$(basename "$0" .sh)" "$*" >&2; }
die() { log "$*"; exit 2; }
load1() { cut -d' ' -f1 /proc/loadavg; }
[ -f "$BENCH/env.sh" ] || die "no workspace in $BENCH: run bash bench/setup.sh first"
# shellcheck disable=SC1091
source "$BENCH/env.sh"
# The bundle: GMH_CLI (a dist/cli/index.js) if given, else a private bundle of this checkout's
# sources (so a concurrent rebuild of dist/ cannot change it mid-run, and dist/ need not be
# current), kept under $BENCH/bundle-<hash of the sources> and reused while they are unchanged.
snapshot_cli() {
  if [ -n "${GMH_CLI:-}" ]; then CLI="$GMH_CLI"; MAIN="$(dirname "$(dirname "$CLI")")/main/index.js"; return; fi
  local key out
  key="$(cd "$REPO" && { git ls-files -s src scripts package.json; git diff HEAD -- src scripts package.json; git ls-files -o --exclude-standard src; } | sha256sum | cut -c1-12)"
  out="$BENCH/bundle-$key"
  if [ ! -f "$out/cli/index.js" ]; then
    rm -rf "$out.tmp"; (cd "$REPO" && node scripts/bundle.mjs "$out.tmp" >/dev/null) || die "cannot bundle $REPO"
    rm -rf "$out"; mv "$out.tmp" "$out"
  fi
  CLI="$out/cli/index.js"; MAIN="$out/main/index.js"
  log "bundle: $out"
}
# copy_module PATH VERSION DEST: the module's source from the module cache, writable, as setup.sh does.
copy_module() {
  local src
  src="$(go mod download -json "$1@$2" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}process.stdout.write(j.Dir)})')" || die "cannot download $1@$2"
  rm -rf "$3"; mkdir -p "$(dirname "$3")"; cp -R "$src" "$3"; chmod -R u+w "$3"
}
