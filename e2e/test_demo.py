"""The README's first command, run as written: `bash scripts/demo.sh DIR`
builds authgen and leaves create-next-app's output plus a FastAPI API with
auth on SQLite, packages installed and tables created. Then the app is built
and served, the API is started with the command the script prints, and a
person signs up in Chromium and sees the API's answer on the dashboard."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx

from conftest import NODE, ROOT, Server

SHOTS = ROOT / "target" / "e2e" / "screenshots"
APP, API = "http://localhost:3000", "http://localhost:8000"


def test_the_readme_demo_starts_and_a_person_signs_in():
    base = Path(tempfile.mkdtemp(prefix="authgen-demo-"))
    demo = base / "demo"
    servers = []
    try:
        made = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh"), str(demo)], cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
        assert "authgen doctor" in made.stdout and "no problems found" in made.stdout, made.stdout[-2000:]
        for table in ("user", "session", "account", "verification", "jwks"):
            assert f"✔ {table}" in made.stdout + made.stderr
        start_api = next(line.strip() for line in made.stderr.splitlines() if "bin/uvicorn" in line)
        assert start_api == f"cd {demo}/api && .venv/bin/uvicorn app.main:app --port 8000 --env-file .env", start_api

        web = demo / "web"
        env = {"NEXT_TELEMETRY_DISABLED": "1", "NEXT_FONT_GOOGLE_MOCKED_RESPONSES": str(NODE / "font-mock.cjs")}
        build = subprocess.run([str(web / "node_modules" / ".bin" / "next"), "build"], cwd=web, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        app = Server("demo-web", [str(web / "node_modules" / ".bin" / "next"), "start", "-p", "3000"], web, env, base / "web.log")
        servers.append(app)
        app.wait_http(f"{APP}/api/auth/ok")
        api = Server("demo-api", [".venv/bin/uvicorn", "app.main:app", "--port", "8000", "--env-file", ".env"], demo / "api", {}, base / "api.log")
        servers.append(api)
        api.wait_http(f"{API}/me")
        assert httpx.get(f"{API}/me", timeout=10).status_code == 401

        flow = subprocess.run(["node", str(NODE / "pages-flow.mjs"), APP, str(SHOTS), "demo"], cwd=NODE, capture_output=True, text=True, timeout=300)
        assert flow.returncode == 0, flow.stdout + flow.stderr + app.log.read_text()[-2000:]
        report = json.loads(flow.stdout.strip().splitlines()[-1])
        signed_up = report["afterSignUp"]
        assert signed_up["path"] == "/dashboard" and signed_up["email"] == signed_up["expected"], report
        assert report["backendAnswer"].startswith("200: ") and signed_up["expected"] in report["backendAnswer"], report
        assert report["afterSignOut"] == "/sign-in" and not report["backShowsEmail"], report
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(base, ignore_errors=True)
