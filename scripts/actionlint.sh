#!/usr/bin/env bash
# Lints the workflows with actionlint: .github/workflows/*, and every ```yaml block of README.md
# and docs/*.md that is a whole workflow (has `on:` and `jobs:`), so the snippets users copy are
# valid too. actionlint also checks `with:` of `uses: ./` against action.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gmh-actionlint-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
node - "$tmp" README.md docs/*.md <<'JS'
const { readFileSync, writeFileSync } = require('node:fs');
const [out, ...files] = process.argv.slice(2);
let n = 0;
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue;
    const start = i + 1;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const text = body.join('\n');
    if (!/^on:/m.test(text) || !/^jobs:/m.test(text)) continue;
    // The file name carries the source line, so actionlint's messages point at the README.
    writeFileSync(`${out}/${file.replace(/\W/g, '_')}-line-${start}.yml`, text + '\n');
    n++;
  }
}
console.log(`${n} workflow blocks from ${files.join(', ')}`);
JS
go run "github.com/rhysd/actionlint/cmd/actionlint@$version" -no-color .github/workflows/*.yml "$tmp"/*.yml
echo "actionlint $version: clean"
