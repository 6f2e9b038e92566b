"""A Pages Router app: authgen detects it and writes pages/api/auth/[...all].ts,
which Next.js builds and serves with Better Auth."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx

from conftest import BIN, NODE, Server, free_port, read_env, run_authgen
from test_generated import sign_up


def test_pages_router_app_signs_up_through_the_generated_route(postgres):
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="authgen-pages-", dir=work))
    servers = []
    try:
        (root / "pages").mkdir()
        (root / "package.json").write_text(json.dumps({"name": "pages-app", "private": True, "dependencies": {"next": "16.4.6"}}))
        (root / "pages" / "index.tsx").write_text("export default function Home() {\n  return <main>pages</main>;\n}\n")
        # As create-next-app writes it: Better Auth's types need strict mode.
        (root / "tsconfig.json").write_text(json.dumps({"compilerOptions": {"strict": True, "jsx": "preserve", "module": "esnext", "moduleResolution": "bundler", "esModuleInterop": True, "skipLibCheck": True, "noEmit": True}}))
        port = free_port()
        app_url = f"http://127.0.0.1:{port}"
        result = run_authgen(root, "--no-input", "--arch", "monolithic", "--db", "postgres", "--app-url", app_url)
        assert "Next.js         16, Pages Router (detected)" in result.stdout, result.stdout
        route = root / "pages" / "api" / "auth" / "[...all].ts"
        assert "toNodeHandler(auth)" in route.read_text()
        assert not (root / "app").exists()

        env = {**read_env(root / ".env.local"), "DATABASE_URL": postgres(), "NEXT_TELEMETRY_DISABLED": "1"}
        build = subprocess.run([str(BIN / "next"), "build"], cwd=root, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        migrate = subprocess.run(
            [str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(root / "lib" / "auth.ts"), "migrate"],
            cwd=root, env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
        )
        assert migrate.returncode == 0, migrate.stdout + migrate.stderr
        app = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(port)], root, env, root / "next.log")
        servers.append(app)
        app.wait_http(f"{app_url}/api/auth/ok")

        user_id, cookie, _ = sign_up(app_url, "ada@example.com")
        session = httpx.get(f"{app_url}/api/auth/get-session", cookies={"better-auth.session_token": cookie}, timeout=15)
        assert session.status_code == 200 and session.json()["user"]["id"] == user_id
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
