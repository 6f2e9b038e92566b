"""Key changes on a running setup. Changing the signing algorithm: the old
key keeps signing until `authgen migrate --rotate-keys` deletes it, and the
generated FastAPI verifier (one instance, never restarted) accepts a token
signed by the new key within seconds (PyJWT's cooldown_duration=5).
Scheduled rotation (--jwt-rotation-days): Better Auth makes a new key after
the interval, every generated verifier (FastAPI, Express, NestJS) accepts it
within 10 s, and tokens of the old key keep verifying through the grace period."""

import base64
import importlib
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx

from conftest import AUTHGEN, BIN, NODE, Server, free_port, link_node_modules, read_env, run_authgen

MINT = """import { auth } from "./lib/auth.ts";

const origin = process.env.BETTER_AUTH_URL!;
const email = process.argv[2];
const headers = { "content-type": "application/json", origin };
const body = JSON.stringify({ email, password: "a-long-password-1", name: "R" });
const signUp = await auth.handler(new Request(`${origin}/api/auth/sign-up/email`, { method: "POST", headers, body }));
const cookie = signUp.headers.get("set-cookie")!.split(";")[0];
const token = await auth.handler(new Request(`${origin}/api/auth/token`, { headers: { cookie } }));
const jwks = await auth.handler(new Request(`${origin}/api/auth/jwks`));
console.log(JSON.stringify({ token: (await token.json()).token, jwks: await jwks.json() }));
"""


def header(token: str) -> dict:
    part = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class Keys:
    """A JWKS endpoint whose answer the test switches, as the app's would change."""

    def __init__(self):
        self.body = b'{"keys": []}'
        keys = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(keys.body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/auth/jwks"


def test_changing_the_algorithm_and_rotating_the_keys(tmp_path, monkeypatch):
    app_url = "http://127.0.0.1:3999"
    run_authgen(tmp_path, "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "sqlite", "--app-url", app_url, "--no-pages")
    frontend = tmp_path / "frontend"
    link_node_modules(frontend)
    (frontend / "mint.mts").write_text(MINT)
    local = dict(l.split("=", 1) for l in (frontend / ".env.local").read_text().splitlines() if "=" in l and not l.startswith("#"))
    env = {**os.environ, "NO_COLOR": "1", "DATABASE_URL": local["DATABASE_URL"], "BETTER_AUTH_URL": app_url}
    migrated = subprocess.run([str(AUTHGEN), "migrate"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert migrated.returncode == 0, migrated.stderr + migrated.stdout

    def mint(email: str) -> dict:
        secret = next(l.split("=", 1)[1] for l in (frontend / ".env.local").read_text().splitlines() if l.startswith("BETTER_AUTH_SECRET="))
        result = subprocess.run([str(BIN / "tsx"), "mint.mts", email], cwd=frontend, capture_output=True, text=True, env={**env, "BETTER_AUTH_SECRET": secret})
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    first = mint("a@example.com")
    assert header(first["token"])["alg"] == "EdDSA"

    # The backend: the generated verifier, one instance for the whole test.
    keys = Keys()
    keys.body = json.dumps(first["jwks"]).encode()
    for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(tmp_path / "backend"))
    # monkeypatch restores the environment: later tests start real backends.
    for key, value in {"BETTER_AUTH_URL": app_url, "AUTH_JWKS_URL": keys.url, "AUTH_JWT_ALGORITHMS": "EdDSA,ES256"}.items():
        monkeypatch.setenv(key, value)
    verifier_module = importlib.import_module("app.auth.verifier")
    settings_module = importlib.import_module("app.auth.settings")
    settings_module.get_auth_settings.cache_clear()
    verifier = verifier_module.TokenVerifier(settings_module.get_auth_settings())
    assert verifier.verify_sync(first["token"])["email"] == "a@example.com"

    # Change the algorithm: the summary says what happens to the existing key.
    changed = run_authgen(tmp_path, "--no-input", "--jwt-alg", "ES256")
    assert "authgen migrate --rotate-keys" in changed.stdout, changed.stdout
    assert "ES256" in (frontend / "lib" / "auth.ts").read_text()
    assert "AUTH_JWT_ALGORITHMS=ES256" in (tmp_path / "backend" / ".env").read_text()
    # The old key keeps signing until it is deleted.
    assert header(mint("b@example.com")["token"])["alg"] == "EdDSA"

    rotated = subprocess.run([str(AUTHGEN), "migrate", "--rotate-keys", "--yes"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert rotated.returncode == 0, rotated.stderr + rotated.stdout
    assert "deleted 1 signing key" in rotated.stdout, rotated.stdout

    fresh = mint("c@example.com")
    assert header(fresh["token"])["alg"] == "ES256"
    assert header(fresh["token"])["kid"] != header(first["token"])["kid"]
    keys.body = json.dumps(fresh["jwks"]).encode()

    # The same verifier instance accepts the new key within 10 s.
    started = time.monotonic()
    while True:
        try:
            assert verifier.verify_sync(fresh["token"])["email"] == "c@example.com"
            break
        except verifier_module.InvalidTokenError:
            assert time.monotonic() - started < 10, "the new key was not accepted within 10 s"
            time.sleep(0.5)
    keys.server.shutdown()
    for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
        del sys.modules[name]


class NodeVerifier:
    """One long-lived generated Node verifier (Express's or NestJS's verify-token.ts)."""

    def __init__(self, verify_token: Path, env: dict[str, str]):
        self.proc = subprocess.Popen(
            [str(BIN / "tsx"), str(NODE / "verify-loop.ts"), str(verify_token)],
            cwd=verify_token.parent, env={**os.environ, **env}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )

    def verify(self, token: str) -> dict:
        self.proc.stdin.write(token + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def test_scheduled_rotation_reaches_every_generated_verifier_and_old_tokens_last_the_grace_period(tmp_path, monkeypatch):
    app_port = free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    app = tmp_path / "app"
    app.mkdir()
    run_authgen(app, "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "sqlite", "--app-url", app_url, "--no-pages", "--jwt-rotation-days", "1")
    frontend = app / "frontend"
    config = frontend / "lib" / "auth.ts"
    text = config.read_text()
    assert "rotationInterval: 1 * 24 * 60 * 60," in text and "gracePeriod: 24 * 60 * 60," in text
    # The same config with seconds instead of days, so the test sees a rotation.
    config.write_text(text.replace("rotationInterval: 1 * 24 * 60 * 60,", "rotationInterval: 4,").replace("gracePeriod: 24 * 60 * 60,", "gracePeriod: 60,"))
    link_node_modules(frontend)
    env = {**read_env(frontend / ".env.local"), "BETTER_AUTH_URL": app_url}
    auth = Server("auth", [str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(config), str(app_port)], frontend, env, tmp_path / "auth.log")
    verifiers: list[NodeVerifier] = []
    try:
        auth.wait_http(f"{app_url}/api/auth/ok")
        signed_up = httpx.post(f"{app_url}/api/auth/sign-up/email", json={"email": "r@example.com", "password": "a-long-password-1", "name": "R"}, headers={"origin": app_url}, timeout=15)
        assert signed_up.status_code == 200, signed_up.text
        cookies = {"better-auth.session_token": signed_up.cookies["better-auth.session_token"]}

        def token() -> str:
            answer = httpx.get(f"{app_url}/api/auth/token", cookies=cookies, timeout=15)
            assert answer.status_code == 200, answer.text
            return answer.json()["token"]

        # The three generated verifiers, each one instance for the whole test.
        jwks_env = {"BETTER_AUTH_URL": app_url, "AUTH_JWT_ALGORITHMS": "EdDSA"}
        for backend in ("express", "nestjs"):
            repo = tmp_path / backend
            repo.mkdir()
            run_authgen(repo, "--no-input", "--arch", "separate", "--backend", backend, "--db", "sqlite", "--app-url", app_url, "--no-pages")
            link_node_modules(repo / "backend")
            verifiers.append(NodeVerifier(repo / "backend" / "src" / "auth" / "verify-token.ts", jwks_env))
        for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.syspath_prepend(str(app / "backend"))
        for key, value in jwks_env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("AUTH_JWKS_URL", raising=False)
        verifier_module = importlib.import_module("app.auth.verifier")
        settings_module = importlib.import_module("app.auth.settings")
        settings_module.get_auth_settings.cache_clear()
        fastapi = verifier_module.TokenVerifier(settings_module.get_auth_settings())

        def accepted(jwt: str) -> dict[str, bool]:
            results = {"fastapi": True}
            try:
                fastapi.verify_sync(jwt)
            except verifier_module.InvalidTokenError:
                results["fastapi"] = False
            for backend, verifier in zip(("express", "nestjs"), verifiers):
                results[backend] = verifier.verify(jwt)["ok"]
            return results

        first = token()
        assert accepted(first) == {"fastapi": True, "express": True, "nestjs": True}

        # After the interval the next token request makes a new key.
        time.sleep(5)
        second = token()
        assert header(second)["kid"] != header(first)["kid"], "no rotation after the interval"
        kids = [key["kid"] for key in httpx.get(f"{app_url}/api/auth/jwks", timeout=15).json()["keys"]]
        assert header(first)["kid"] in kids and header(second)["kid"] in kids, kids

        # Every verifier, still holding the old key set, accepts the new key within 10 s.
        started = time.monotonic()
        while not all((results := accepted(second)).values()):
            assert time.monotonic() - started < 10, f"the new key was not accepted within 10 s: {results}"
            time.sleep(0.5)
        # The old key's tokens keep verifying through the grace period.
        assert accepted(first) == {"fastapi": True, "express": True, "nestjs": True}
    finally:
        for verifier in verifiers:
            verifier.stop()
        auth.stop()
        for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
            del sys.modules[name]
