"""Changing the signing algorithm on a running setup: the old key keeps
signing until `authgen migrate --rotate-keys` deletes it, and the generated
FastAPI verifier (one instance, never restarted) accepts a token signed by
the new key within seconds (PyJWT's cooldown_duration=5)."""

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

from conftest import AUTHGEN, BIN, link_node_modules, run_authgen

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
    assert verifier.verify(first["token"])["email"] == "a@example.com"

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
            assert verifier.verify(fresh["token"])["email"] == "c@example.com"
            break
        except verifier_module.InvalidTokenError:
            assert time.monotonic() - started < 10, "the new key was not accepted within 10 s"
            time.sleep(0.5)
    keys.server.shutdown()
    for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
        del sys.modules[name]
