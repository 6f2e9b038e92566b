#!/usr/bin/env bash
# Builds authgen and leaves a demo project a person can start and sign in to:
# create-next-app's output (web/) and a small FastAPI API (api/), with auth
# added by `authgen init` on SQLite (a file: no database server), the packages
# installed and Better Auth's tables created.
#
# usage: bash scripts/demo.sh [DIR]     (default: /tmp/authgen-demo; must be empty or missing)
# needs: cargo, node + npm (npx), python3 with venv
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${1:-/tmp/authgen-demo}"
if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
  echo "error: $dir is not empty: pass an empty or new folder" >&2
  exit 2
fi
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "building authgen"
cargo build --release --locked -q
authgen="$PWD/target/release/authgen"
mkdir -p "$dir"
cd "$dir"

say "create-next-app web"
npx --yes create-next-app@16.4.3 web --ts --tailwind --app --src-dir --eslint --import-alias "@/*" \
  --use-npm --yes --disable-git --no-agent-feedback >/dev/null

say "a FastAPI API in api/"
mkdir -p api/app
printf 'fastapi\nuvicorn\npython-dotenv\n' > api/requirements.txt
: > api/app/__init__.py
cat > api/app/main.py <<'PY'
from fastapi import FastAPI

app = FastAPI(title="demo api")
PY
python3 -m venv api/.venv
api/.venv/bin/python -m pip install -q --disable-pip-version-check -r api/requirements.txt

say "authgen init"
"$authgen" init --yes --db sqlite --install --migrate

# What the API's owner adds, as docs/auth/SETUP.md shows: CORS for the app and the example GET /me.
cat >> api/app/main.py <<'PY'

from app.auth import add_auth_cors, me_router  # noqa: E402

add_auth_cors(app)
app.include_router(me_router)
PY

cat >&2 <<EOF

Ready in $dir. Start both, each in its own terminal:
  cd $dir/web && npm run dev
  cd $dir/api && .venv/bin/uvicorn app.main:app --port 8000 --env-file .env
Then open http://localhost:3000/dashboard: sign up, and the dashboard shows your
session and what the API answered.
EOF
