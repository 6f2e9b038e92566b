"""An app that already has its own Better Auth config and client: `authgen
init` for a separate backend edits them in place (the jwt plugin and its
import, baseURL, jwtClient) and nothing else. Each edited file typechecks
against the real better-auth types, every original line is still there in
order, and the edited config serves a JWT signed with its key pair."""

import difflib
import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import BIN, E2E, free_port, link_node_modules, run_authgen
from test_rotation import Keys, header

NEXT_PACKAGE = {"name": "web", "private": True, "scripts": {"dev": "next dev"}, "dependencies": {"next": "16.4.6", "better-auth": "1.7.25"}}

SOCIAL_AND_HOOKS = """import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import Database from "better-sqlite3";

export const auth = betterAuth({
  database: new Database(process.env.DATABASE_URL ?? "auth.db"),
  emailAndPassword: { enabled: true },
  socialProviders: {
    github: {
      clientId: process.env.GITHUB_CLIENT_ID ?? "",
      clientSecret: process.env.GITHUB_CLIENT_SECRET ?? "",
    },
  },
  databaseHooks: {
    user: { create: { after: async (user) => console.log("new user", user.id) } },
  },
  plugins: [nextCookies()],
});
"""

DEFAULT_EXPORT = """import { betterAuth } from "better-auth";
import Database from "better-sqlite3";

const auth = betterAuth({
  database: new Database(process.env.DATABASE_URL ?? "auth.db"),
  emailAndPassword: { enabled: true }
});

export { auth };
export default auth;
"""

OPTIONS_CONSTANT = """import { betterAuth, type BetterAuthOptions } from "better-auth";
import { admin } from "better-auth/plugins";
import Database from "better-sqlite3";

const options = {
  baseURL: process.env.BETTER_AUTH_URL,
  database: new Database(process.env.DATABASE_URL ?? "auth.db"),
  emailAndPassword: { enabled: true },
  plugins: [admin()],
} satisfies BetterAuthOptions;

export const auth = betterAuth(options);
"""

CLIENT = """import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
"""

SHAPES = {
    "lib-social-hooks-next-cookies": ("lib/auth.ts", SOCIAL_AND_HOOKS),
    "src-server-default-export": ("src/server/auth.ts", DEFAULT_EXPORT),
    "options-in-a-constant": ("lib/better-auth.ts", OPTIONS_CONSTANT),
}


def only_insertions(before: str, after: str) -> bool:
    """Every character of `before` is in `after`, in order: text was only added."""
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_an_existing_config_gets_the_jwt_bridge_and_keeps_the_rest(shape):
    rel, config = SHAPES[shape]
    root = Path(tempfile.mkdtemp(prefix=f"authgen-existing-{shape}-"))
    frontend = root / "frontend"
    (frontend / Path(rel).parent).mkdir(parents=True, exist_ok=True)
    (frontend / "package.json").write_text(json.dumps(NEXT_PACKAGE))
    (frontend / rel).write_text(config)
    (frontend / "lib").mkdir(exist_ok=True)
    (frontend / "lib" / "client.ts").write_text(CLIENT)
    result = run_authgen(root, "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "sqlite", "--frontend-dir", "frontend", "--no-pages")
    assert "update     frontend/" + rel in result.stdout, result.stdout

    edited = (frontend / rel).read_text()
    assert only_insertions(config, edited), edited
    assert "from \"better-auth/plugins\"" in edited and ("jwt()" in edited or "jwtPlugin()" in edited), edited
    assert "baseURL" in edited, edited
    if "nextCookies()" in config:
        assert edited.index("jwt()") < edited.index("nextCookies()"), "nextCookies stays last"
    client = (frontend / "lib" / "client.ts").read_text()
    assert only_insertions(CLIENT, client), client
    assert "createAuthClient({ plugins: [jwtClient()] })" in client, client

    # Both typecheck against the real better-auth types.
    link_node_modules(frontend)
    tsconfig = json.loads((E2E / "apps" / "tsconfig.frontend.json").read_text())
    tsconfig["include"] = [rel, "lib/client.ts"]
    (frontend / "tsconfig.json").write_text(json.dumps(tsconfig))
    typecheck = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=frontend, capture_output=True, text=True)
    assert typecheck.returncode == 0, typecheck.stdout + edited

    # A second run changes nothing in them.
    again = run_authgen(root, "--no-input")
    assert (frontend / rel).read_text() == edited
    assert "unchanged  frontend/" + rel in again.stdout, again.stdout


def test_the_edited_config_serves_a_jwt(tmp_path, monkeypatch):
    """The edited config (social providers, hooks, nextCookies) mints a JWT
    with the key pair the jwt plugin keeps, visible at its JWKS."""
    root = tmp_path
    frontend = root / "frontend"
    (frontend / "lib").mkdir(parents=True)
    (frontend / "package.json").write_text(json.dumps(NEXT_PACKAGE))
    (frontend / "lib" / "auth.ts").write_text(SOCIAL_AND_HOOKS)
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    run_authgen(root, "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "sqlite", "--frontend-dir", "frontend", "--app-url", app_url, "--no-pages")
    link_node_modules(frontend)
    script = frontend / "mint.mts"
    script.write_text(
        """import { getMigrations } from "better-auth/db/migration";
import { auth } from "./lib/auth.ts";

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
const origin = process.env.BETTER_AUTH_URL!;
const headers = { "content-type": "application/json", origin };
const signUp = await auth.handler(new Request(`${origin}/api/auth/sign-up/email`, {
  method: "POST", headers, body: JSON.stringify({ email: "e@example.com", password: "a-long-password-1", name: "E" }),
}));
const cookie = signUp.headers.get("set-cookie")!.split(";")[0];
const token = await auth.handler(new Request(`${origin}/api/auth/token`, { headers: { cookie } }));
const jwks = await auth.handler(new Request(`${origin}/api/auth/jwks`));
console.log(JSON.stringify({ token: (await token.json()).token, jwks: await jwks.json() }));
"""
    )
    env = {"PATH": __import__("os").environ["PATH"], "DATABASE_URL": str(root / "auth.db"), "BETTER_AUTH_URL": app_url, "BETTER_AUTH_SECRET": "x" * 40}
    result = subprocess.run([str(BIN / "tsx"), str(script)], cwd=frontend, capture_output=True, text=True, env={**env, "HOME": str(root)})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert header(out["token"])["alg"] == "EdDSA"
    assert any(key["kid"] == header(out["token"])["kid"] for key in out["jwks"]["keys"])

    # The generated FastAPI verifier accepts it, with the app's keys.
    keys = Keys()
    keys.body = json.dumps(out["jwks"]).encode()
    for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(root / "backend"))
    try:
        # monkeypatch restores the environment: later tests start real backends.
        for key, value in {"BETTER_AUTH_URL": app_url, "AUTH_JWKS_URL": keys.url, "AUTH_JWT_ALGORITHMS": "EdDSA"}.items():
            monkeypatch.setenv(key, value)
        settings = importlib.import_module("app.auth.settings")
        settings.get_auth_settings.cache_clear()
        verifier = importlib.import_module("app.auth.verifier").TokenVerifier(settings.get_auth_settings())
        assert verifier.verify_sync(out["token"])["email"] == "e@example.com"
    finally:
        keys.server.shutdown()
        for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
            del sys.modules[name]


def test_a_config_in_a_workspace_package_is_edited_and_typechecks(tmp_path):
    root = tmp_path
    (root / "package.json").write_text(json.dumps({"private": True, "workspaces": ["frontend", "packages/*"]}))
    package = root / "packages" / "auth"
    (package / "src").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "@acme/auth", "main": "src/index.ts", "dependencies": {"better-auth": "1.7.25"}}))
    (package / "src" / "index.ts").write_text(SOCIAL_AND_HOOKS)
    frontend = root / "frontend"
    frontend.mkdir()
    (frontend / "package.json").write_text(json.dumps({**NEXT_PACKAGE, "dependencies": {**NEXT_PACKAGE["dependencies"], "@acme/auth": "*"}}))
    result = run_authgen(root, "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "sqlite", "--frontend-dir", "frontend", "--no-pages")
    assert "update     packages/auth/src/index.ts" in result.stdout, result.stdout
    edited = (package / "src" / "index.ts").read_text()
    assert only_insertions(SOCIAL_AND_HOOKS, edited) and "jwt()" in edited, edited
    link_node_modules(package)
    tsconfig = json.loads((E2E / "apps" / "tsconfig.frontend.json").read_text())
    tsconfig["include"] = ["src/index.ts"]
    (package / "tsconfig.json").write_text(json.dumps(tsconfig))
    typecheck = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=package, capture_output=True, text=True)
    assert typecheck.returncode == 0, typecheck.stdout + edited
