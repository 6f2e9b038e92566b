"""After generation: `authgen init --install --migrate` and `authgen migrate
[--check]` against real package registries and real database servers, and the
one-line errors for what commonly goes wrong."""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import AUTHGEN, link_node_modules, run_authgen


def authgen(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(AUTHGEN), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def set_database_url(app: Path, url: str) -> None:
    env = app / ".env.local"
    lines = [f"DATABASE_URL={url}" if line.startswith("DATABASE_URL=") else line for line in env.read_text().splitlines()]
    env.write_text("\n".join(lines) + "\n")


def generated(db: str, *extra: str) -> Path:
    """A separate-backend project whose frontend uses the suite's packages."""
    root = Path(tempfile.mkdtemp(prefix=f"authgen-tasks-{db}-"))
    run_authgen(root, "--no-input", "--arch", "separate", "--backend", "other", "--db", db, *extra)
    link_node_modules(root / "frontend")
    return root


def test_install_migrate_and_verify_in_one_run(postgres):
    """Real installs: npm for the app, pip into the backend's virtualenv."""
    root = Path(tempfile.mkdtemp(prefix="authgen-install-"))
    (root / "frontend").mkdir()
    (root / "frontend" / "package.json").write_text('{"name": "app", "private": true}\n')
    (root / "backend" / "app").mkdir(parents=True)
    (root / "backend" / "requirements.txt").write_text("fastapi\n")
    subprocess.run([sys.executable, "-m", "venv", str(root / "backend" / ".venv")], check=True)
    url = postgres()
    result = authgen(
        root,
        "init", "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "postgres",
        "--install", "--migrate",
        env={"DATABASE_URL": url},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "✔ cd frontend && npm install better-auth pg" in result.stderr
    assert "✔ cd backend && .venv/bin/python -m pip install fastapi \"pyjwt[crypto]\"" in result.stderr
    for table in ("user", "session", "account", "verification", "jwks"):
        assert f"✔ {table}" in result.stderr, result.stderr
    assert (root / "frontend" / "node_modules" / "better-auth").is_dir()
    check = subprocess.run([str(root / "backend" / ".venv" / "bin" / "python"), "-c", "import jwt, cryptography"])
    assert check.returncode == 0
    tables = subprocess.run(["psql", url, "-Atc", "select count(*) from jwks"], capture_output=True, text=True)
    assert tables.returncode == 0, tables.stderr
    shutil.rmtree(root, ignore_errors=True)


def test_a_failed_install_keeps_the_files_and_names_the_command():
    root = Path(tempfile.mkdtemp(prefix="authgen-install-fail-"))
    (root / "package.json").write_text('{"name": "app", "private": true, "scripts": {"dev": "next dev"}, "devDependencies": {"typescript": "^5"}}\n')
    result = authgen(
        root,
        "init", "--no-input", "--arch", "monolithic", "--db", "sqlite", "--install",
        env={"npm_config_registry": "http://127.0.0.1:9/", "npm_config_fetch_retries": "0", "npm_config_cache": str(root / ".npm-cache"), "npm_config_offline": "false", "npm_config_prefer_online": "true"},
    )
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: `npm install better-auth better-sqlite3") and "` failed" in last, last
    assert (root / "lib" / "auth.ts").is_file() and (root / ".env.local").is_file()


@pytest.mark.parametrize("db", ["postgres", "mysql", "sqlite", "turso"])
def test_migrate_then_check_then_a_missing_table_is_reported(db, request):
    root = generated(db)
    app = root / "frontend"
    if db == "postgres":
        url = request.getfixturevalue("postgres")()
    elif db == "mysql":
        mariadb = request.getfixturevalue("mariadb")
        url = mariadb()
    elif db == "sqlite":
        url = str(app / "auth.db")
    else:  # Turso's driver (libSQL) on a local file
        url = f"file:{app / 'turso.db'}"
    set_database_url(app, url)

    check = authgen(root, "migrate", "--check")
    assert check.returncode == 1 and "✘ user" in check.stdout, check.stdout + check.stderr

    migrated = authgen(root, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    for table in ("user", "session", "account", "verification", "jwks"):
        assert f"✔ {table}" in migrated.stdout

    again = authgen(root, "migrate", "--check", "--json")
    assert again.returncode == 0, again.stderr
    assert '"exists": false' not in again.stdout

    if db == "postgres":
        subprocess.run(["psql", url, "-qc", "drop table session"], check=True)
    elif db == "mysql":
        mariadb.client("-e", f"drop table {url.rsplit('/', 1)[1]}.session").check_returncode()
    else:
        with sqlite3.connect(url.removeprefix("file:")) as conn:
            conn.execute("drop table session")
    broken = authgen(root, "migrate", "--check")
    assert broken.returncode == 1
    assert "✘ session" in broken.stdout and "✔ user" in broken.stdout
    assert "authgen migrate" in broken.stderr
    shutil.rmtree(root, ignore_errors=True)


def test_database_problems_are_one_line_errors(postgres):
    root = generated("postgres")
    app = root / "frontend"
    good = postgres()
    host, name = good.rsplit("/", 1)
    cases = [
        (good.replace(":postgres@", ":wrong@"), 2, "refused the credentials"),
        (f"{host}/does_not_exist", 2, "does not exist"),
        ("postgresql://postgres:postgres@127.0.0.1:9/app", 1, "cannot reach the database (ECONNREFUSED)"),
    ]
    for url, code, message in cases:
        set_database_url(app, url)
        result = authgen(root, "migrate")
        assert result.returncode == code, f"{url}: {result.stderr}"
        last = result.stderr.strip().splitlines()[-1]
        assert message in last, f"{url}: {result.stderr}"

    (app / ".env.local").write_text((app / ".env.local").read_text().replace(f"DATABASE_URL={cases[-1][0]}", "OTHER=1"))
    missing = authgen(root, "migrate")
    assert missing.returncode == 2 and "DATABASE_URL is not set" in missing.stderr, missing.stderr

    placeholder = generated("postgres")
    result = authgen(placeholder, "migrate")
    assert result.returncode == 2 and "still authgen's placeholder" in result.stderr, result.stderr
