#!/usr/bin/env bash
# Rebuild a kubernetes checkout from the public module proxy, for trying the CLI on it
# (README "Tested on"). A git clone of kubernetes is over 500 MB; the module zips are not.
#
# The k8s.io/kubernetes zip at a release holds the real go.mod, go.sum, go.work and go.work.sum
# but, as every module zip, neither vendor/ nor the nested modules. The staging modules are
# the published k8s.io/* zips of the matching v0 release put back under staging/src/k8s.io/,
# their go.mod turned back into upstream's shape (k8s.io/* at v0.0.0 + replace => ../X, which
# the publishing bot rewrites to released versions), then `go work vendor` at the root as
# hack/update-vendor.sh does. Nested modules outside staging (hack/tools, ...) are not restored.
#
# Usage: scripts/rebuild-kubernetes.sh [version] [destination]
#   version defaults to v1.35.4; destination to /tmp/realk8s/kubernetes (must not exist).
# Uses GOMODCACHE/GOPATH from the environment (set private ones to leave yours alone) and the
# module proxy and checksum database from `go env`. Never run by the tests.
set -euo pipefail

version="${1:-v1.35.4}"
dest="${2:-/tmp/realk8s/kubernetes}"
staging_version="v0.${version#v1.}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="${GOFLAGS:-} -modcacherw"

if [ -e "$dest" ]; then
  echo "$dest exists; remove it first" >&2
  exit 2
fi

# `go mod download -json` needs a module context or none; run it from an empty directory.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

module_dir() { # module@version -> extracted directory in the module cache
  local json dir
  json="$(cd "$scratch" && GOFLAGS=-mod=mod go mod download -json "$1" || true)"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")"
  if [ -z "$dir" ]; then
    # e.g. a proxy mirror that answers 403 for some versions (v1.36/v1.37 sample modules here)
    echo "cannot download $1:" >&2
    echo "$json" >&2
    return 1
  fi
  echo "$dir"
}

root_dir="$(module_dir "k8s.io/kubernetes@$version")"
mkdir -p "$(dirname "$dest")"
cp -r "$root_dir" "$dest"
chmod -R u+w "$dest"

# Staging modules: the local replaces of the root go.mod (k8s.io/X => ./staging/src/k8s.io/X).
mapfile -t staging < <(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/k8s\.io/.*#\1#p' "$dest/go.mod" | sort -u)
echo "root k8s.io/kubernetes@$version; ${#staging[@]} staging modules at $staging_version" >&2

for mod in "${staging[@]}"; do
  name="${mod#k8s.io/}"
  src="$(module_dir "$mod@$staging_version")"
  mkdir -p "$dest/staging/src/k8s.io"
  cp -r "$src" "$dest/staging/src/k8s.io/$name"
  chmod -R u+w "$dest/staging/src/k8s.io/$name"
done

# Back to upstream's shape: every staging module required at v0.0.0 and replaced by ../X,
# and no go.sum lines for them (they come from the directory, not the proxy).
for mod in "${staging[@]}"; do
  dir="$dest/staging/src/$mod"
  # As hack/update-vendor.sh: a replace for every staging module in the module graph, a
  # v0.0.0 require for those go.mod requires.
  graph="$(cd "$dir" && GOWORK=off GOFLAGS=-mod=mod go list -m all)"
  for other in "${staging[@]}"; do
    [ "$other" = "$mod" ] && continue
    grep -q "^${other//./\\.} " <<<"$graph" || continue
    if grep -Eq "^[[:space:]]*(require[[:space:]]+)?${other//./\\.} v" "$dir/go.mod"; then
      (cd "$dir" && go mod edit -require="$other@v0.0.0")
    fi
    (cd "$dir" && go mod edit -replace="$other=../${other#k8s.io/}")
  done
  if [ -f "$dir/go.sum" ]; then
    pattern="$(printf '%s\n' "${staging[@]}" | sed 's/\./\\./g; s/.*/^& /' | paste -sd'|')"
    grep -Ev "$pattern" "$dir/go.sum" > "$dir/go.sum.new" || true
    mv "$dir/go.sum.new" "$dir/go.sum"
  fi
done

# Upstream keeps every staging module tidy (hack/verify-vendor.sh). The published go.sum holds
# lines for the released k8s.io/* graph that the replaced graph no longer needs: tidy drops them.
# Anything else tidy would change means the rewrite went wrong: show it.
for mod in "${staging[@]}"; do
  dir="$dest/staging/src/$mod"
  if ! (cd "$dir" && GOWORK=off go mod tidy -diff > "$scratch/tidy.diff" 2>&1); then
    if grep -q '^diff current/go.mod' "$scratch/tidy.diff" || ! grep -q '^diff current/go.sum' "$scratch/tidy.diff"; then
      echo "note: $mod is not tidy after the rewrite; tidying it:" >&2
      cat "$scratch/tidy.diff" >&2
    fi
    (cd "$dir" && GOWORK=off go mod tidy)
  fi
done

(cd "$dest" && go work vendor)

cd "$dest"
git init -q
git add -A
git -c user.name=rebuild -c user.email=rebuild@localhost commit -q -m "k8s.io/kubernetes $version rebuilt from the module proxy (staging $staging_version, go work vendor)"
echo "$dest: $(git rev-parse HEAD)" >&2
