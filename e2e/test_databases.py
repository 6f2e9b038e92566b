"""The generated lib/auth.ts runs, unchanged, against real databases: tables
created by Better Auth's migration, then sign-up, sign-in, session and a JWT.

Runs for real: PostgreSQL (also the Supabase configuration, which is the same
`pg` code), MySQL through MariaDB, SQLite (better-sqlite3) and Turso's driver
on a local libSQL file. Neon's driver talks to Neon's WebSocket proxy, which
cannot run here: that configuration is typechecked (test_generated) only."""

import json
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import httpx
import pytest

from conftest import BIN, E2E, Server, free_port, link_node_modules, read_env, run_authgen
from test_generated import sign_up, unb64

TABLES = {"user", "session", "account", "verification", "jwks"}


def tables(db: str, url: str, root: Path, mariadb=None) -> set[str]:
    if db in ("postgres", "supabase"):
        out = subprocess.run(
            ["psql", url, "-Atc", "select table_name from information_schema.tables where table_schema = 'public'"],
            capture_output=True, text=True, check=True,
        ).stdout
        return set(out.split())
    if db == "mysql":
        name = url.rsplit("/", 1)[1]
        return set(mariadb.client("-N", "-e", f"show tables from {name}").stdout.split())
    path = url.removeprefix("file:")
    with sqlite3.connect(root / "frontend" / path if not Path(path).is_absolute() else path) as conn:
        return {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}


@pytest.mark.parametrize("db", ["sqlite", "mysql", "turso", "supabase", "postgres"])
def test_better_auth_runs_on_the_database(db, request):
    root = Path(tempfile.mkdtemp(prefix=f"authgen-db-{db}-"))
    mariadb = request.getfixturevalue("mariadb") if db == "mysql" else None
    if db == "sqlite":
        url = str(root / "auth.db")
    elif db == "turso":
        url = f"file:{root / 'turso.db'}"
    elif db == "mysql":
        url = mariadb()
    else:
        url = request.getfixturevalue("postgres")()
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    run_authgen(root, "--no-input", "--arch", "separate", "--backend", "other", "--db", db, "--app-url", app_url)
    frontend = root / "frontend"
    link_node_modules(frontend)
    shutil.copy(E2E / "apps" / "tsconfig.frontend.json", frontend / "tsconfig.json")
    typecheck = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=frontend, capture_output=True, text=True)
    assert typecheck.returncode == 0, typecheck.stdout

    env = {**read_env(frontend / ".env.local"), "DATABASE_URL": url}
    server = Server("auth", [str(BIN / "tsx"), str(E2E / "node" / "auth-server.ts"), str(frontend / "lib" / "auth.ts"), str(port)], frontend, env, root / "auth.log")
    try:
        server.wait_http(f"{app_url}/api/auth/ok")
        assert TABLES <= tables(db, url, root, mariadb), server.log.read_text()[-2000:]

        user_id, _, _ = sign_up(app_url, "ada@example.com")
        signed_in = httpx.post(
            f"{app_url}/api/auth/sign-in/email",
            json={"email": "ada@example.com", "password": "correct-horse-battery"},
            headers={"Origin": app_url},
            timeout=15,
        )
        assert signed_in.status_code == 200, signed_in.text
        cookies = {"better-auth.session_token": signed_in.cookies["better-auth.session_token"]}
        session = httpx.get(f"{app_url}/api/auth/get-session", cookies=cookies, timeout=15)
        assert session.json()["user"]["id"] == user_id
        token = httpx.get(f"{app_url}/api/auth/token", cookies=cookies, timeout=15).json()["token"]
        assert json.loads(unb64(token.split(".")[0]))["alg"] == "EdDSA"
        assert json.loads(unb64(token.split(".")[1]))["sub"] == user_id
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
