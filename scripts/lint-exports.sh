#!/usr/bin/env bash
# markdownlint (pinned) over every profile and layout of the exports of plans/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hp=${HANDLINGSPLAN:-.venv/bin/handlingsplan}
for plan in plans/*.toml; do
  name=$(basename "$plan" .toml)
  "$hp" export "$plan" -o "$out/$name.cms.md"
  "$hp" export "$plan" --layout table --internal -o "$out/$name.cms-table.md"
  "$hp" export "$plan" --profile ssg -o "$out/$name.ssg.md"
  "$hp" export "$plan" --profile ssg --layout table -o "$out/$name.ssg-table.md"
done
npx --yes markdownlint-cli2@0.24.1 --config "$PWD/.markdownlint-cli2.jsonc" "$out/*.md"
