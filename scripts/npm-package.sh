#!/usr/bin/env bash
# Builds the release binary and writes the npm tarballs of the main package
# `authgen` and of this machine's platform package into OUT_DIR. Extra
# arguments go to scripts/npm-package.mjs (e.g. --stand-ins).
# usage: bash scripts/npm-package.sh OUT_DIR [--stand-ins]
set -euo pipefail
out=${1:?usage: bash scripts/npm-package.sh OUT_DIR [--stand-ins]}
shift
cd "$(dirname "$0")/.."
cargo build --release --locked -q
mkdir -p "$out"
node scripts/npm-package.mjs "$out" --host "${CARGO_TARGET_DIR:-target}/release/authgen" "$@"
