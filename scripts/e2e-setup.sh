#!/usr/bin/env bash
# Installs what the end-to-end suite needs and caches it between runs:
# Debian's PostgreSQL, MariaDB and Chromium, the pinned npm packages in e2e/node (better-sqlite3 built
# from source against this Node), e2e/runners (ts-node with TypeScript 5) and e2e/dist (pnpm, bun,
# action-validator), and a Python virtualenv in target/e2e-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian packages, only when missing.
missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v runuser >/dev/null || missing+=(util-linux)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v mariadb >/dev/null || missing+=(mariadb-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, reinstalled when package-lock.json changes.
stamp=e2e/node/node_modules/.authgen-lock
if ! cmp -s e2e/node/package-lock.json "$stamp" 2>/dev/null; then
  say "npm install (e2e/node)"
  (cd e2e/node && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp e2e/node/package-lock.json "$stamp"
fi
runners_stamp=e2e/runners/node_modules/.authgen-lock
if ! cmp -s e2e/runners/package-lock.json "$runners_stamp" 2>/dev/null; then
  say "npm install (e2e/runners)"
  (cd e2e/runners && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp e2e/runners/package-lock.json "$runners_stamp"
fi
dist_stamp=e2e/dist/node_modules/.authgen-lock
if ! cmp -s e2e/dist/package-lock.json "$dist_stamp" 2>/dev/null; then
  say "npm install (e2e/dist)"
  (cd e2e/dist && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  # bun's and pnpm's install scripts only link the native binary of their
  # platform package, already installed as an optional dependency.
  (cd e2e/dist/node_modules/bun && node install.js >/dev/null)
  (cd e2e/dist/node_modules/pnpm && node install.js >/dev/null)
  cp e2e/dist/package-lock.json "$dist_stamp"
fi
sqlite_addon=e2e/node/node_modules/better-sqlite3/build/Release/better_sqlite3.node
if [ ! -f "$sqlite_addon" ]; then
  say "building better-sqlite3 against $(node --version)"
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  nodedir="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  mkdir -p target
  if ! (cd e2e/node/node_modules/better-sqlite3 && node "$gyp" rebuild --release --nodedir="$nodedir") >target/better-sqlite3-build.log 2>&1; then
    tail -n 30 target/better-sqlite3-build.log >&2
    exit 1
  fi
fi

# Python virtualenv, reinstalled when requirements change.
venv=target/e2e-venv
if ! cmp -s e2e/requirements.txt "$venv/.authgen-requirements" 2>/dev/null; then
  say "pip install -r e2e/requirements.txt"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r e2e/requirements.txt
  cp e2e/requirements.txt "$venv/.authgen-requirements"
fi

say "cargo build --release"
cargo build --release --locked -q
