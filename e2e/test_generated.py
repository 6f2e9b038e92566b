"""Generates separate-backend projects with the real authgen binary and proves
they work: the frontend typechecks against the real packages, Better Auth runs
from the generated lib/auth.ts unchanged, and the generated backend verifier
(FastAPI, Express, NestJS) accepts real tokens and refuses forged ones."""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import jwt
import pytest

from conftest import AUTHGEN, BIN, E2E, NODE, Server, free_port, link_node_modules, read_env, run_authgen

BACKENDS = ["fastapi", "express", "nestjs"]
ALGS = ["EdDSA", "ES256", "RS256"]
# Express projects in plain JavaScript: authgen detects them and writes .js files.
JS_EXPRESS = [("express-js-esm", "ES256"), ("express-js-cjs", "RS256")]
# With this algorithm the frontend is built and served by Next.js itself
# (`next build` + `next start`); the others load lib/auth.ts in a Node runner.
NEXT_ALG = "EdDSA"
EVIL = "http://evil.example"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Project:
    backend: str
    alg: str
    root: Path
    app_url: str
    api_url: str
    dead_api_url: str
    database_url: str
    secret: str
    mint_url: str = ""
    token: str = ""
    header_token: str = ""
    session_token: str = ""
    user_id: str = ""
    other_user_id: str = ""
    servers: list = field(default_factory=list)

    def claims(self) -> dict:
        return json.loads(unb64(self.token.split(".")[1]))

    def kid(self) -> str:
        return json.loads(unb64(self.token.split(".")[0]))["kid"]

    def mint(self, **overrides) -> str:
        """A token signed with the app's real key, with claims overridden."""
        payload = {**self.claims(), **overrides}
        answer = httpx.post(f"{self.mint_url}/test/sign", json={"payload": payload}, timeout=10)
        answer.raise_for_status()
        return answer.json()["token"]

    def get(self, path: str, token: str | None = None, scheme: str = "Bearer", base: str | None = None) -> httpx.Response:
        headers = {} if token is None else {"Authorization": f"{scheme} {token}"}
        return httpx.get(f"{base or self.api_url}{path}", headers=headers, timeout=15)


def sign_up(app_url: str, email: str) -> tuple[str, str, str]:
    """Returns (user id, session cookie value, opaque session token)."""
    answer = httpx.post(
        f"{app_url}/api/auth/sign-up/email",
        json={"email": email, "password": "correct-horse-battery", "name": email.split("@")[0]},
        headers={"Origin": app_url},
        timeout=15,
    )
    assert answer.status_code == 200, answer.text
    cookie = answer.cookies["better-auth.session_token"]
    return answer.json()["user"]["id"], cookie, answer.json()["token"]


def start_backend(project: Project, port: int, extra_env: dict, name: str) -> Server:
    backend = project.root / "backend"
    env = {**read_env(backend / ".env"), **extra_env, "PORT": str(port)}
    log = project.root / f"{name}.log"
    if project.backend == "fastapi":
        args = [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(port)]
    elif project.backend.startswith("express-js"):
        args = ["node", "src/server.js"]
    elif project.backend == "express":
        args = [str(BIN / "tsx"), "src/server.ts"]
    else:
        args = [str(BIN / "tsx"), "src/main.ts"]
    server = Server(name, args, backend, env, log)
    project.servers.append(server)
    server.wait_http(f"http://127.0.0.1:{port}/me")
    return server


@pytest.fixture(scope="module", params=[(b, a) for b in BACKENDS for a in ALGS] + JS_EXPRESS, ids=lambda p: f"{p[0]}-{p[1]}")
def project(request, postgres):
    backend, alg = request.param
    with_next = alg == NEXT_ALG
    # Next.js only compiles files inside its workspace root (the folder of the
    # nearest lockfile), so projects it builds live below e2e/node.
    work = NODE / ".work" if with_next else None
    if work:
        work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=f"authgen-e2e-{backend}-{alg}-", dir=work))
    app_port, api_port, dead_port = free_port(), free_port(), free_port()
    app_url, api_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{api_port}"
    if backend.startswith("express-js"):
        # An existing JavaScript Express project for authgen to detect.
        module = "module" if backend.endswith("esm") else "commonjs"
        (root / "backend" / "src").mkdir(parents=True)
        (root / "backend" / "package.json").write_text(json.dumps({"type": module, "dependencies": {"express": "^5.1.0"}}))
    run_authgen(
        root,
        "--no-input",
        "--arch", "separate",
        "--backend", backend.split("-")[0],
        "--db", "postgres",
        "--jwt-alg", alg,
        "--app-url", app_url,
        "--backend-url", api_url,
    )
    frontend_env = read_env(root / "frontend" / ".env.local")
    project = Project(
        backend=backend,
        alg=alg,
        root=root,
        app_url=app_url,
        api_url=api_url,
        dead_api_url=f"http://127.0.0.1:{dead_port}",
        database_url=postgres(),
        secret=frontend_env["BETTER_AUTH_SECRET"],
    )
    try:
        frontend = root / "frontend"
        shutil.copy(E2E / "apps" / "tsconfig.frontend.json", frontend / "tsconfig.json")
        # Better Auth from the generated lib/auth.ts, with the generated env (only
        # DATABASE_URL points at the test server).
        env = {**frontend_env, "DATABASE_URL": project.database_url, "NEXT_TELEMETRY_DISABLED": "1"}
        runner = [str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(frontend / "lib" / "auth.ts")]
        if with_next:
            shutil.copytree(E2E / "apps" / "next", frontend, dirs_exist_ok=True)
            build = subprocess.run([str(BIN / "next"), "build"], cwd=frontend, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
            assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
            migrate = subprocess.run([*runner, "migrate"], cwd=frontend, env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
            assert migrate.returncode == 0, migrate.stdout + migrate.stderr
            app = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(app_port)], frontend, env, root / "next.log")
            project.servers.append(app)
            app.wait_http(f"{app_url}/api/auth/ok")
            # A runner beside it, on the same database and secret, only to mint test tokens.
            mint_port = free_port()
            minter = Server("minter", [*runner, str(mint_port)], frontend, env, root / "minter.log")
            project.servers.append(minter)
            minter.wait_http(f"http://127.0.0.1:{mint_port}/api/auth/ok")
            project.mint_url = f"http://127.0.0.1:{mint_port}"
        else:
            link_node_modules(frontend)
            auth = Server("auth", [*runner, str(app_port)], frontend, env, root / "auth.log")
            project.servers.append(auth)
            auth.wait_http(f"{app_url}/api/auth/ok")
            project.mint_url = app_url

        project.user_id, cookie, project.session_token = sign_up(app_url, "ada@example.com")
        project.other_user_id, _, _ = sign_up(app_url, "grace@example.com")
        cookies = {"better-auth.session_token": cookie}
        answer = httpx.get(f"{app_url}/api/auth/token", cookies=cookies, timeout=15)
        assert answer.status_code == 200, answer.text
        project.token = answer.json()["token"]
        session = httpx.get(f"{app_url}/api/auth/get-session", cookies=cookies, timeout=15)
        project.header_token = session.headers.get("set-auth-jwt", "")

        backend_dir = root / "backend"
        if backend == "fastapi":
            shutil.copy(E2E / "apps" / "fastapi_main.py", backend_dir / "main.py")
        elif backend.startswith("express-js"):
            link_node_modules(backend_dir)
            app = "express_server.mjs" if backend.endswith("esm") else "express_server.cjs"
            shutil.copy(E2E / "apps" / app, backend_dir / "src" / "server.js")
        else:
            link_node_modules(backend_dir)
            (backend_dir / "package.json").write_text('{"type": "module"}\n')
            shutil.copy(E2E / "apps" / "tsconfig.backend.json", backend_dir / "tsconfig.json")
            app = "express_server.ts" if backend == "express" else "nest_main.ts"
            shutil.copy(E2E / "apps" / app, backend_dir / "src" / ("server.ts" if backend == "express" else "main.ts"))
        start_backend(project, api_port, {}, "backend")
        start_backend(project, dead_port, {"AUTH_JWKS_URL": f"http://127.0.0.1:{free_port()}/api/auth/jwks"}, "backend-no-jwks")
        yield project
    finally:
        for server in reversed(project.servers):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_frontend_typechecks_strict(project):
    result = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=project.root / "frontend", capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_backend_code_checks(project):
    backend = project.root / "backend"
    if project.backend == "fastapi":
        result = subprocess.run([sys.executable, "-m", "compileall", "-q", "app"], cwd=backend, capture_output=True, text=True)
    elif project.backend.startswith("express-js"):
        files = sorted(str(p) for p in (backend / "src" / "auth").glob("*.js"))
        assert [Path(f).name for f in files] == ["config.js", "me-route.js", "require-auth.js", "verify-token.js"], files
        for file in files:
            result = subprocess.run(["node", "--check", file], cwd=backend, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
    else:
        result = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=backend, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migration_created_better_auth_tables(project):
    listing = subprocess.run(
        ["psql", project.database_url, "-Atc", "select table_name from information_schema.tables where table_schema = 'public'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"user", "session", "account", "verification", "jwks"} <= set(listing)


def test_tokens_are_signed_with_the_chosen_algorithm(project):
    header = json.loads(unb64(project.token.split(".")[0]))
    assert header["alg"] == project.alg
    claims = project.claims()
    assert claims["iss"] == project.app_url and claims["aud"] == project.app_url
    assert claims["sub"] == project.user_id
    keys = httpx.get(f"{project.app_url}/api/auth/jwks", timeout=10).json()["keys"]
    assert [k["alg"] for k in keys] == [project.alg]


def test_valid_token_is_accepted(project):
    answer = project.get("/me", project.token)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"id": project.user_id, "email": "ada@example.com"}
    own = project.get(f"/users/{project.user_id}", project.token)
    assert own.status_code == 200 and own.json()["id"] == project.user_id


def test_token_from_the_set_auth_jwt_header_is_accepted(project):
    assert project.header_token, "get-session did not send set-auth-jwt"
    assert project.get("/me", project.header_token).status_code == 200


def test_another_users_data_is_forbidden(project):
    answer = project.get(f"/users/{project.other_user_id}", project.token)
    assert answer.status_code == 403, answer.text


def _forged(project: Project, case: str) -> tuple[str | None, str]:
    """(token, scheme) for each kind of bad credential."""
    header, payload, signature = project.token.split(".")
    now = int(time.time())
    if case == "missing header":
        return None, "Bearer"
    if case == "wrong scheme":
        return project.token, "Basic"
    if case == "garbage":
        return "not-a-jwt", "Bearer"
    if case == "tampered payload":
        claims = {**project.claims(), "sub": project.other_user_id, "id": project.other_user_id}
        return f"{header}.{b64(json.dumps(claims).encode())}.{signature}", "Bearer"
    if case == "tampered signature":
        raw = bytearray(unb64(signature))
        raw[len(raw) // 2] ^= 0xFF
        return f"{header}.{payload}.{b64(bytes(raw))}", "Bearer"
    if case == "expired":
        return project.mint(iat=now - 7200, exp=now - 3600), "Bearer"
    if case == "wrong issuer":
        return project.mint(iss=EVIL), "Bearer"
    if case == "wrong audience":
        return project.mint(aud=EVIL), "Bearer"
    if case == "alg none":
        none_header = b64(json.dumps({"alg": "none", "kid": project.kid()}).encode())
        return f"{none_header}.{payload}.", "Bearer"
    if case == "HS256 with BETTER_AUTH_SECRET":
        return jwt.encode(project.claims(), project.secret, algorithm="HS256", headers={"kid": project.kid()}), "Bearer"
    if case == "opaque session token":
        return project.session_token, "Bearer"
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "missing header",
        "wrong scheme",
        "garbage",
        "tampered payload",
        "tampered signature",
        "expired",
        "wrong issuer",
        "wrong audience",
        "alg none",
        "HS256 with BETTER_AUTH_SECRET",
        "opaque session token",
    ],
)
def test_bad_credentials_get_401(project, case):
    token, scheme = _forged(project, case)
    answer = project.get("/me", token, scheme)
    assert answer.status_code == 401, f"{case}: {answer.status_code} {answer.text}"


def test_unreachable_jwks_gives_503(project):
    answer = project.get("/me", project.token, base=project.dead_api_url)
    assert answer.status_code == 503, answer.text


def _preflight(project: Project, origin: str) -> httpx.Response:
    return httpx.options(
        f"{project.api_url}/me",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
        timeout=10,
    )


def test_cors_allows_the_frontend_origin(project):
    answer = _preflight(project, project.app_url)
    assert answer.status_code in (200, 204), answer.text
    assert answer.headers.get("access-control-allow-origin") == project.app_url
    assert "authorization" in answer.headers.get("access-control-allow-headers", "").lower()


def test_cors_refuses_another_origin(project):
    answer = _preflight(project, EVIL)
    assert answer.headers.get("access-control-allow-origin") not in (EVIL, "*")


def test_generated_backend_tests_pass(project):
    """The tests authgen writes into the user's backend run green."""
    backend = project.root / "backend"
    if project.backend == "fastapi":
        args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_auth.py"]
    elif project.backend.startswith("express-js"):
        args = ["node", "--test", "test/auth.test.js"]
    else:
        args = ["node", "--import", "tsx", "--test", "test/auth.test.ts"]
    result = subprocess.run(args, cwd=backend, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "6 passed" in result.stdout or "# pass 6" in result.stdout, result.stdout[-2000:]


def _doctor(root: Path, *args: str) -> tuple[int, list[dict]]:
    result = subprocess.run([str(AUTHGEN), "doctor", "--json", *args], cwd=root, capture_output=True, text=True, timeout=60)
    return result.returncode, json.loads(result.stdout)


def test_doctor_live_accepts_a_real_token(project):
    code, findings = _doctor(project.root, "--live", "--token", project.token)
    assert code == 0, findings
    assert [f["id"] for f in findings if f["severity"] == "error"] == []
    reachable = next(f for f in findings if f["id"] == "jwks-reachable")
    assert project.alg in reachable["message"]


@pytest.mark.parametrize(
    "case, finding",
    [
        ("expired", "token-expired"),
        ("wrong audience", "token-aud"),
        ("wrong issuer", "token-iss"),
        ("tampered signature", "token-signature"),
        ("HS256 with BETTER_AUTH_SECRET", "token-alg"),
    ],
)
def test_doctor_live_names_what_does_not_match(project, case, finding):
    token, _ = _forged(project, case)
    code, findings = _doctor(project.root, "--live", "--token", token)
    assert code == 1
    assert finding in [f["id"] for f in findings if f["severity"] == "error"], findings


def test_doctor_live_reports_an_unreachable_jwks(project):
    copy = Path(tempfile.mkdtemp(prefix="authgen-doctor-"))
    shutil.copytree(project.root, copy, symlinks=True, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".next", "node_modules"))
    env = copy / "backend" / ".env"
    env.write_text(env.read_text() + f"AUTH_JWKS_URL=http://127.0.0.1:{free_port()}/api/auth/jwks\n")
    code, findings = _doctor(copy, "--live")
    assert code == 1
    assert "jwks-unreachable" in [f["id"] for f in findings], findings
    shutil.rmtree(copy, ignore_errors=True)


def test_proxy_redirects_protected_pages_without_a_session(project):
    """The generated proxy.ts, as Next.js runs it (only the Next-served projects)."""
    if project.alg != NEXT_ALG:
        pytest.skip("served by the Node runner, not by Next.js")
    answer = httpx.get(f"{project.app_url}/dashboard/settings", follow_redirects=False, timeout=15)
    assert answer.status_code in (307, 308), answer.status_code
    assert answer.headers["location"].endswith("/sign-in?returnTo=%2Fdashboard%2Fsettings"), answer.headers["location"]
    home = httpx.get(f"{project.app_url}/", follow_redirects=False, timeout=15)
    assert home.status_code == 200


def test_a_browser_signs_up_and_calls_the_backend_with_api_fetch(project):
    """Headless Chromium on the Next-served app: sign-up, then the generated
    apiFetch calls the backend twice with a Bearer JWT it fetched once and kept
    in memory, across origins (CORS)."""
    if project.alg != NEXT_ALG:
        pytest.skip("served by the Node runner, not by Next.js")
    result = subprocess.run(
        ["node", str(NODE / "browser-check.mjs"), project.app_url, project.api_url],
        cwd=NODE,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    page = json.loads(report["result"]) if report["result"].startswith("{") else report["result"]
    assert isinstance(page, dict), page
    assert page["first"] == 200 and page["second"] == 200 and page["email"] == page["expected"], page
    assert report["tokenRequests"] == 1, report
    me_calls = [r for r in report["apiRequests"] if r["url"].endswith("/me")]
    assert len(me_calls) == 2 and all((r["authorization"] or "").startswith("Bearer ey") for r in me_calls), report
    assert "ey" not in report["localStorage"], "a token was stored in localStorage"


def _restart_next(project: Project) -> None:
    """Restarts the project's `next start` (same port) so it reads its env files again."""
    frontend = project.root / "frontend"
    old = next(s for s in project.servers if s.name == "next")
    old.stop()
    project.servers.remove(old)
    port = project.app_url.rsplit(":", 1)[1]
    env = {**read_env(frontend / ".env.local"), "DATABASE_URL": project.database_url, "NEXT_TELEMETRY_DISABLED": "1"}
    app = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", port], frontend, env, project.root / "next-restarted.log")
    project.servers.append(app)
    app.wait_http(f"{project.app_url}/api/auth/ok")


def test_doctor_live_names_an_origin_the_running_app_refuses(project):
    """`next start` on 127.0.0.1 is also reached as localhost, which an env
    file declares: `--live` names that origin with the trustedOrigins entry
    to add; once the line is added and the app restarted, nothing is refused."""
    if project.alg != NEXT_ALG or project.backend != "fastapi":
        pytest.skip("one Next-served project is enough")
    env_file = project.root / "frontend" / ".env.local"
    original = env_file.read_text()
    other = "http://localhost:" + project.app_url.rsplit(":", 1)[1]
    try:
        env_file.write_text(original + f"NEXT_PUBLIC_SITE_URL={other}\n")
        code, findings = _doctor(project.root, "--live")
        refused = [f for f in findings if f["id"] == "origin-refused"]
        assert code == 1 and len(refused) == 1, findings
        assert other in refused[0]["message"] and "NEXT_PUBLIC_SITE_URL" in refused[0]["message"], refused
        assert f'add "{other}" to trustedOrigins' in refused[0]["fix"], refused
        env_file.write_text(original + f"NEXT_PUBLIC_SITE_URL={other}\nBETTER_AUTH_TRUSTED_ORIGINS={other}\n")
        _restart_next(project)
        code, findings = _doctor(project.root, "--live")
        assert [f for f in findings if f["id"] in ("origin-refused", "origin-unchecked")] == [], findings
    finally:
        env_file.write_text(original)
        _restart_next(project)
