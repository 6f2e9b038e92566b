"""An app whose next.config rewrites every /api request to its FastAPI
backend, which serves its own /api/auth/status: authgen refuses the default
/api/auth, then with --base-path /auth the real app is built and started,
a person signs up in Chromium, the backend verifies the JWT against the JWKS
at /auth/jwks, and /api/auth/status is still the backend's."""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from conftest import AUTHGEN, BIN, NODE, Server, free_port, read_env
from test_pages import FONT_MOCK, sh

REWRITE = """import type { NextConfig } from "next";

// Every /api request goes to the API service.
const nextConfig: NextConfig = {
  async rewrites() {
    return [{ source: "/api/:path*", destination: `${process.env.API_URL}/api/:path*` }];
  },
};

export default nextConfig;
"""

API = """from fastapi import FastAPI

app = FastAPI()


@app.get("/api/auth/status")
def auth_status():
    return {"provider": "the-api"}
"""


def test_a_rewritten_api_keeps_its_routes_and_better_auth_serves_under_the_base_path():
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="authgen-base-path-", dir=work))
    servers = []
    app_port, api_port = free_port(), free_port()
    app_url, api_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{api_port}"
    try:
        sh([str(BIN / "create-next-app"), "web", "--ts", "--tailwind", "--app", "--src-dir", "--eslint", "--import-alias", "@/*",
            "--use-npm", "--skip-install", "--yes", "--disable-git", "--no-agent-feedback"], root, {"CI": "1"}, timeout=120)
        web = root / "web"
        for old in web.glob("next.config.*"):
            old.unlink()
        (web / "next.config.ts").write_text(REWRITE)
        (root / "api" / "app").mkdir(parents=True)
        (root / "api" / "requirements.txt").write_text("fastapi\nuvicorn\n")
        (root / "api" / "app" / "__init__.py").write_text("")
        (root / "api" / "app" / "main.py").write_text(API)
        flags = ["init", "--yes", "--arch", "separate", "--backend", "fastapi", "--db", "sqlite",
                 "--app-url", app_url, "--backend-url", api_url, "--no-install"]

        refused = subprocess.run([str(AUTHGEN), *flags], cwd=root, capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "web/next.config.ts rewrites /api/:path* to another server" in refused.stderr and "--base-path /auth" in refused.stderr, refused.stderr
        assert not (web / "src" / "lib" / "auth.ts").exists()

        sh([str(AUTHGEN), *flags, "--base-path", "/auth"], root, {"NO_COLOR": "1"})
        src = web / "src"
        assert (src / "app" / "auth" / "[...all]" / "route.ts").is_file()
        assert not (src / "app" / "api" / "auth").exists()
        assert 'base_path = "/auth"' in (root / "authgen.toml").read_text()

        with open(root / "api" / "app" / "main.py", "a") as main:
            main.write("\nfrom app.auth import add_auth_cors, me_router  # noqa: E402\n\nadd_auth_cors(app)\napp.include_router(me_router)\n")
        api = Server("api", [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(api_port)],
                     root / "api", read_env(root / "api" / ".env"), root / "api.log")
        servers.append(api)
        api.wait_http(f"{api_url}/api/auth/status")

        env = {**read_env(web / ".env.local"), "API_URL": api_url, "NEXT_TELEMETRY_DISABLED": "1", "NEXT_FONT_GOOGLE_MOCKED_RESPONSES": str(FONT_MOCK)}
        sh([str(BIN / "next"), "build"], web, env)
        sh([str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(src / "lib" / "auth.ts"), "migrate"], web, env, timeout=120)
        app = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(app_port)], web, env, root / "next.log")
        servers.append(app)
        app.wait_http(f"{app_url}/auth/ok")

        # The backend's own route, through the app's rewrite, is still the backend's.
        status = httpx.get(f"{app_url}/api/auth/status", timeout=15)
        assert status.status_code == 200 and status.json() == {"provider": "the-api"}, status.text
        keys = httpx.get(f"{app_url}/auth/jwks", timeout=15)
        assert keys.status_code == 200 and keys.json()["keys"], keys.text

        flow = subprocess.run(["node", str(NODE / "signup-flow.mjs"), app_url], cwd=NODE, capture_output=True, text=True, timeout=120)
        assert flow.returncode == 0, flow.stdout + flow.stderr + app.log.read_text()[-2000:]
        report = json.loads(flow.stdout.strip().splitlines()[-1])
        assert report["shownEmail"] == report["email"], report
        # The backend verified the JWT with the keys it fetched from /auth/jwks.
        assert report["backendAnswer"].startswith("200: ") and report["email"] in report["backendAnswer"], report
        assert "POST /auth/sign-up/email" in report["authRequests"], report
        assert "GET /auth/token" in report["authRequests"], report
        assert not any(" /api/auth/" in r for r in report["authRequests"]), report
        assert httpx.get(f"{api_url}/me", timeout=15).status_code == 401
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
