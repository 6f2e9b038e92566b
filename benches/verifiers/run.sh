#!/usr/bin/env bash
# Cost per request of each generated verifier (FastAPI, Express, NestJS)
# against a bare Ed25519 check in the same language; prints one JSON line per
# backend. Needs `bash scripts/e2e-setup.sh` first (Python venv, e2e/node).
# usage: bash benches/verifiers/run.sh   (AUTHGEN_BIN=path: another authgen build's verifiers)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
cargo build --release --locked -q
authgen=${AUTHGEN_BIN:-$root/target/release/authgen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for backend in fastapi express nestjs; do
  mkdir -p "$work/$backend"
  (cd "$work/$backend" && "$authgen" init --no-input --arch separate --backend "$backend" \
    --db sqlite --app-url http://app.test --no-pages >/dev/null)
done
"$root/target/e2e-venv/bin/python" benches/verifiers/fastapi_bench.py "$work/fastapi/backend"
for backend in express nestjs; do
  dir="$work/$backend/backend"
  ln -s "$root/e2e/node/node_modules" "$dir/node_modules"
  echo '{"type": "module"}' >"$dir/package.json"
  cp benches/verifiers/node_bench.mts "$dir/"
  (cd "$dir" && "$root/e2e/node/node_modules/.bin/tsx" node_bench.mts "$backend" "$dir/src/auth")
done
