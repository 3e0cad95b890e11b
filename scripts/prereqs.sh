#!/usr/bin/env bash
# What the test suite runs besides Node: go, git with its http backend (a local git host for
# private-module tests), openssl (that host's certificates) and zstd (the cache archives
# @actions/cache writes). Installs the missing ones with apt-get when run as root on Debian/Ubuntu;
# otherwise names them and fails.
set -euo pipefail

missing=()
command -v go >/dev/null || missing+=(go)
command -v openssl >/dev/null || missing+=(openssl)
command -v zstd >/dev/null || missing+=(zstd)
if ! command -v git >/dev/null; then
  missing+=(git)
elif [ ! -x "$(git --exec-path)/git-http-backend" ]; then
  missing+=(git-http-backend)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

# go is not installed from apt: Debian's is too old; the suite wants a current release (go.dev/dl).
apt=()
for m in "${missing[@]}"; do
  case $m in
    go) ;;
    git | git-http-backend) apt+=(git) ;;
    *) apt+=("$m") ;;
  esac
done
if [ ${#apt[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${apt[*]} with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt[@]}" >/dev/null
  missing=()
  command -v go >/dev/null || missing+=(go)
  for t in openssl zstd git; do command -v "$t" >/dev/null || missing+=("$t"); done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing for the tests: ${missing[*]} (go from https://go.dev/dl; the others from your package manager)" >&2
  exit 1
fi
