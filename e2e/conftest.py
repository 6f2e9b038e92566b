"""Shared pieces of the end-to-end suite: the authgen binary, real servers
started on 127.0.0.1 (and stopped by process id, even when a check fails),
and the closing `N passed, M failed` line."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
E2E = ROOT / "e2e"
NODE = E2E / "node"
NODE_MODULES = NODE / "node_modules"
BIN = NODE_MODULES / ".bin"
CACHE = ROOT / "target" / "e2e"
AUTHGEN = Path(os.environ.get("AUTHGEN_BIN", ROOT / "target" / "release" / "authgen"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_env(path: Path) -> dict[str, str]:
    """KEY=value lines of a generated env file (values are never quoted by authgen)."""
    values = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


class Server:
    """A process we started; stopped by its process group id."""

    def __init__(self, name: str, args: list[str], cwd: Path, env: dict[str, str], log: Path):
        self.name = name
        self.log = log
        self._log_file = open(log, "wb")
        self.proc = subprocess.Popen(
            args,
            cwd=cwd,
            env={**os.environ, **env},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_http(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log.read_text()[-3000:]}")
            try:
                httpx.get(url, timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout}s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._log_file.close()


@pytest.fixture(scope="session")
def servers():
    started: list[Server] = []
    yield started
    for server in reversed(started):
        server.stop()


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not found:
        pytest.fail("PostgreSQL is not installed: run scripts/e2e-setup.sh")
    return found[-1].parent


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server on a free port; yields a URL factory."""
    bin_dir = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="authgen-pg-"))
    data = base / "data"
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(base, "postgres")
    subprocess.run(
        # Local socket trusted (for setup); TCP needs the password, so bad credentials can be tested.
        [*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_postgres,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    def sql(command: str) -> None:
        subprocess.run(["psql", "-h", str(base), "-p", str(port), "-U", "postgres", "-qc", command], check=True, capture_output=True)

    sql("alter user postgres password 'postgres'")
    counter = iter(range(1_000_000))

    def new_database() -> str:
        name = f"authgen_{next(counter)}"
        sql(f"create database {name}")
        return f"postgresql://postgres:postgres@127.0.0.1:{port}/{name}"

    new_database.port = port  # type: ignore[attr-defined]
    try:
        yield new_database
    finally:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def run_authgen(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(AUTHGEN), "init", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr + result.stdout
    return result


def link_node_modules(folder: Path) -> None:
    target = folder / "node_modules"
    if not target.exists():
        target.symlink_to(NODE_MODULES)


_counts = {"passed": 0, "failed": 0, "skipped": 0}


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _counts[report.outcome] = _counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    line = f"{_counts['passed']} passed, {_counts['failed']} failed"
    if _counts["skipped"]:
        line += f", {_counts['skipped']} skipped"
    terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def mariadb():
    """A throwaway MariaDB server on a free port; yields a URL factory."""
    for tool in ("mariadb-install-db", "mariadbd", "mariadb"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            pytest.fail(f"{tool} is not installed: run scripts/e2e-setup.sh")
    base = Path(tempfile.mkdtemp(prefix="authgen-mariadb-"))
    port = free_port()
    user = ["--user=root"] if os.geteuid() == 0 else []
    subprocess.run(
        ["mariadb-install-db", "--no-defaults", f"--datadir={base / 'data'}", "--auth-root-authentication-method=normal", "--skip-test-db", *user],
        check=True,
        capture_output=True,
    )
    server = Server(
        "mariadb",
        [
            shutil.which("mariadbd") or "/usr/sbin/mariadbd",
            "--no-defaults",
            f"--datadir={base / 'data'}",
            f"--socket={base / 'sock'}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            "--skip-grant-tables",
            *user,
        ],
        base,
        {},
        base / "server.log",
    )

    def client(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["mariadb", "-h", "127.0.0.1", "-P", str(port), "-u", "root", *args], capture_output=True, text=True)

    deadline = time.monotonic() + 30
    while client("-e", "select 1").returncode != 0:
        if time.monotonic() > deadline or server.proc.poll() is not None:
            server.stop()
            pytest.fail(f"MariaDB did not start:\n{(base / 'server.log').read_text()[-2000:]}")
        time.sleep(0.2)
    counter = iter(range(1_000_000))

    def new_database() -> str:
        name = f"authgen_{next(counter)}"
        client("-e", f"create database {name}").check_returncode()
        return f"mysql://root@127.0.0.1:{port}/{name}"

    new_database.client = client  # type: ignore[attr-defined]
    try:
        yield new_database
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
