"""The production settings of the generated config, served for real with
NODE_ENV=production: `--rate-limit-storage database` makes `authgen migrate`
create the `rateLimit` table and the limiter count there (the fourth quick
sign-in gets 429), and BETTER_AUTH_TRUSTED_ORIGINS (comma-separated, spaces
allowed) lets another origin call the auth endpoints while others get 403."""

import os
import sqlite3
import subprocess

import httpx

from conftest import AUTHGEN, BIN, NODE, Server, free_port, link_node_modules, read_env, run_authgen


def test_database_rate_limits_and_trusted_origins(tmp_path):
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    run_authgen(tmp_path, "--no-input", "--arch", "monolithic", "--frontend-dir", ".", "--db", "sqlite", "--no-pages", "--app-url", app_url, "--rate-limit-storage", "database")
    assert 'storage: "database"' in (tmp_path / "lib" / "auth.ts").read_text()
    link_node_modules(tmp_path)
    env = {**read_env(tmp_path / ".env.local"), "BETTER_AUTH_URL": app_url}
    migrated = subprocess.run([str(AUTHGEN), "migrate"], cwd=tmp_path, env={**os.environ, **env, "NO_COLOR": "1"}, capture_output=True, text=True, timeout=180)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    database = tmp_path / env["DATABASE_URL"]
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    assert "rateLimit" in tables, tables

    served = {**env, "NODE_ENV": "production", "BETTER_AUTH_TRUSTED_ORIGINS": "https://preview.example.com, https://other.example.com"}
    server = Server("auth", [str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(tmp_path / "lib" / "auth.ts"), str(port)], tmp_path, served, tmp_path / "auth.log")
    try:
        server.wait_http(f"{app_url}/api/auth/ok")

        def sign_in(origin: str) -> int:
            body = {"email": "nobody@example.com", "password": "not-the-password"}
            return httpx.post(f"{app_url}/api/auth/sign-in/email", json=body, headers={"origin": origin}, timeout=15).status_code

        # Another trusted origin (listed after ", ") is let through; an unknown one is refused.
        assert sign_in("https://other.example.com") == 401
        assert sign_in("https://evil.example.com") == 403
        # Three sign-ins per 10 s per IP: the next one is refused, counted in the table.
        statuses = [sign_in(app_url) for _ in range(3)]
        assert statuses[-1] == 429, statuses
        with sqlite3.connect(database) as db:
            counted = db.execute('select count(*) from "rateLimit"').fetchone()[0]
        assert counted >= 1, "the limiter did not count in the database"
    finally:
        server.stop()
