#!/usr/bin/env bash
# The npm package as a user gets it: npm pack, install the tarball into an empty prefix, run the
# installed go-mod-hygiene command. Proves bin, files and the bundle's self-containedness.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gmh-pack-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm pack --silent --pack-destination "$tmp" | tail -n1)
tar -tzf "$tmp/$tarball" | sort > "$tmp/contents"
for f in package/package.json package/action.yml package/README.md package/dist/cli/index.js package/dist/main/index.js package/dist/post/index.js; do
  grep -qx "$f" "$tmp/contents" || { echo "$tarball lacks $f" >&2; exit 1; }
done
if grep -E '^package/(src|__tests__|bench|scripts|docs|node_modules)/' "$tmp/contents"; then
  echo "$tarball carries files a user does not need (above)" >&2
  exit 1
fi
npm install --silent --no-audit --no-fund --global --prefix "$tmp/prefix" "$tmp/$tarball"
# The bundle carries its dependencies: installing the package must not fetch any.
if [ -e "$tmp/prefix/lib/node_modules/go-mod-hygiene/node_modules" ]; then
  echo "installing $tarball installed dependencies: $(ls "$tmp/prefix/lib/node_modules/go-mod-hygiene/node_modules")" >&2
  exit 1
fi
help=$("$tmp/prefix/bin/go-mod-hygiene" --help)
grep -q 'go-mod-hygiene' <<<"$help" || { echo "go-mod-hygiene --help printed: $help" >&2; exit 1; }
# The bundled example ships too: the installed command checks it offline and fails on its findings.
set +e
"$tmp/prefix/bin/go-mod-hygiene" --demo --format json --quiet > "$tmp/example.json"
status=$?
set -e
[ "$status" = 1 ] || { echo "go-mod-hygiene --demo exited $status, want 1 (findings)" >&2; exit 1; }
kinds=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.modules.map((m) => m.dir + ":" + m.findings.map((f) => f.kind).join(",")).join(" "))' "$tmp/example.json")
[ "$kinds" = "app:checksum-mismatch,checksum-mismatch,untidy tools:" ] || { echo "go-mod-hygiene --demo found: $kinds" >&2; exit 1; }
echo "$tarball: $(wc -l < "$tmp/contents") files; the installed go-mod-hygiene --help works"
