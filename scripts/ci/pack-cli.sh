#!/usr/bin/env bash
# Packs the CLI (`pnpm pack:cli`), installs the tarball into an empty npm prefix as a user would
# (`npm i -g ./medsupply-cli-<version>.tgz`), and runs it from a temporary folder outside the
# repository, so nothing can come from the workspace's node_modules. Needs Node 20, npm and the
# npm registry (for the CLI's few real dependencies).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$repo"
npx -y pnpm@10 pack:cli --out "$work/pack"
version="$(node -p "require('./packages/cli/package.json').version")"
tarball="$work/pack/medsupply-cli-$version.tgz"
[ -f "$tarball" ] || { echo "pack-cli: pnpm pack:cli made no $(basename "$tarball")" >&2; exit 1; }

npm install --global --prefix "$work/prefix" --no-audit --no-fund --loglevel=error "$tarball"
mkdir "$work/run"
cp docs/samples/national-warehouse-snapshot.json docs/samples/shipments.json docs/samples/forecast/consumption-history.ndjson "$work/run/"
cd "$work/run"
# Only the installed prefix on PATH besides node itself; no workspace module can be found from here.
export PATH="$work/prefix/bin:$(dirname "$(command -v node)")"
unset NODE_PATH

fail() { echo "pack-cli: $*" >&2; exit 1; }
expect_exit() { # expect_exit CODE COMMAND…: runs the command, fails unless it exits with CODE
  local want="$1" got=0
  shift
  "$@" > "$work/out" 2> "$work/err" || got=$?
  [ "$got" = "$want" ] || { cat "$work/out" "$work/err" >&2; fail "'$*' exited $got, expected $want"; }
}

[ "$(command -v medsupply)" = "$work/prefix/bin/medsupply" ] || fail "medsupply is not the installed one"
expect_exit 0 medsupply --help
grep -q '^Usage: medsupply' "$work/out" || fail "--help printed no usage"
expect_exit 0 medsupply --version
[ "$(cat "$work/out")" = "$version" ] || fail "--version printed '$(cat "$work/out")', expected $version"
# Every command's help loads that command's lazily loaded chunk.
for command in validate "gs1 parse" convert "fhir push" "fhir pull" schema schemas migrate metrics dashboard forecast serve conformance; do
  # shellcheck disable=SC2086 # the command's words are meant to split
  expect_exit 0 medsupply $command --help
done
expect_exit 0 medsupply validate national-warehouse-snapshot.json
expect_exit 1 medsupply validate --format json shipments.json
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (r.summary.invalid !== 2) process.exit(1)' "$work/out" ||
  fail "validate --format json did not report the 2 invalid shipments"
# Worker threads load dist/parallel/worker.js and the compiled schemas by URL.
expect_exit 0 medsupply validate --workers 1 national-warehouse-snapshot.json
expect_exit 0 medsupply gs1 parse '(01)09506000134352(17)261231(10)ABC123'
expect_exit 0 medsupply convert --from canonical --to fhir-r4 national-warehouse-snapshot.json
# Data the bundle reads from disk: the schemas package (releases, migrations), the forecasting and
# dashboard libraries, and the OpenAPI document.
expect_exit 0 medsupply schema diff 1.0.0 1.1.0
expect_exit 0 medsupply migrate --to 1.1.0 national-warehouse-snapshot.json
expect_exit 0 medsupply forecast --horizon 3 consumption-history.ndjson
expect_exit 0 medsupply dashboard consumption-history.ndjson -o dashboard.html
echo "pack-cli: $(basename "$tarball") installs and runs outside the repository"
