#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit, snapshot and CLI tests, then
# the end-to-end suite against real packages and servers.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked

bash scripts/e2e-setup.sh
cd e2e && ../target/e2e-venv/bin/python -m pytest -q -p no:cacheprovider "$@"
