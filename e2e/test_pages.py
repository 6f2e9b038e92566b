"""The generated pages in a real browser: the real create-next-app output
(Tailwind, and one without it for the CSS module), authgen init, next build +
next start, then headless Chromium signs up through the form, lands on the
dashboard, sees the backend's answer (separate) , signs out, and checks what
Back shows, wrong passwords and where ?returnTo= may lead. Screenshots are
kept in target/e2e/screenshots (ignored by git)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import pytest

from conftest import AUTHGEN, BIN, NODE, ROOT, Server, free_port, read_env

FONT_MOCK = NODE / "font-mock.cjs"
SHOTS = ROOT / "target" / "e2e" / "screenshots"


def sh(args, cwd, env=None, timeout=600):
    result = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}: {result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result


VARIANTS = {
    # name: (create-next-app flags, authgen flags, separate backend)
    "tailwind-separate": (["--tailwind", "--app", "--src-dir"], ["--db", "sqlite"], True),
    "css-module-monolith": (["--no-tailwind", "--app", "--src-dir"], ["--arch", "monolithic", "--db", "sqlite"], False),
    "pages-router": (["--tailwind", "--no-app", "--no-src-dir"], ["--arch", "monolithic", "--db", "sqlite"], False),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_person_signs_up_signs_out_and_signs_in(variant):
    cna_flags, init_flags, separate = VARIANTS[variant]
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=f"authgen-pages-{variant}-", dir=work))
    servers = []
    app_port, api_port = free_port(), free_port()
    app_url, api_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{api_port}"
    try:
        sh([str(BIN / "create-next-app"), "web", "--ts", *cna_flags, "--eslint", "--import-alias", "@/*",
            "--use-npm", "--skip-install", "--yes", "--disable-git", "--no-agent-feedback"], root, {"CI": "1"}, timeout=120)
        if separate:
            (root / "api" / "app").mkdir(parents=True)
            (root / "api" / "requirements.txt").write_text("fastapi\nuvicorn\n")
            (root / "api" / "app" / "__init__.py").write_text("")
            (root / "api" / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
        urls = ["--app-url", app_url] + (["--backend-url", api_url] if separate else [])
        sh([str(AUTHGEN), "init", "--yes", *init_flags, *urls, "--no-install"], root, {"NO_COLOR": "1"})
        web = root / "web"
        src = web if variant == "pages-router" else web / "src"
        styles = src / "components" / "auth" / "auth.module.css"
        assert styles.is_file() == (variant == "css-module-monolith")
        pages = ("pages/sign-in.tsx", "pages/sign-up.tsx", "pages/dashboard.tsx", "pages/api/me.ts") if variant == "pages-router" else ("app/sign-in", "app/sign-up", "app/dashboard")
        generated = [str(p) for folder in ("components", "lib", *pages) for p in ([src / folder] if (src / folder).is_file() else (src / folder).rglob("*.*"))]
        sh([str(BIN / "prettier"), "--check", *generated], web)
        if separate:
            with open(root / "api" / "app" / "main.py", "a") as main:
                main.write("\nfrom app.auth import add_auth_cors, me_router  # noqa: E402\n\nadd_auth_cors(app)\napp.include_router(me_router)\n")
            api_env = {**read_env(root / "api" / ".env")}
            api = Server("api", [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(api_port)], root / "api", api_env, root / "api.log")
            servers.append(api)
            api.wait_http(f"{api_url}/me")

        env = {**read_env(web / ".env.local"), "NEXT_TELEMETRY_DISABLED": "1", "NEXT_FONT_GOOGLE_MOCKED_RESPONSES": str(FONT_MOCK)}
        sh([str(BIN / "next"), "build"], web, env)
        sh([str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(src / "lib" / "auth.ts"), "migrate"], web, env, timeout=120)
        app = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(app_port)], web, env, root / "next.log")
        servers.append(app)
        app.wait_http(f"{app_url}/api/auth/ok")
        if not separate:
            assert httpx.get(f"{app_url}/api/me", timeout=15).status_code == 401

        flow = subprocess.run(["node", str(NODE / "pages-flow.mjs"), app_url, str(SHOTS), variant], cwd=NODE, capture_output=True, text=True, timeout=240)
        assert flow.returncode == 0, flow.stdout + flow.stderr + app.log.read_text()[-2000:]
        report = json.loads(flow.stdout.strip().splitlines()[-1])

        assert report["signedOutDashboard"] == "/sign-in?returnTo=%2Fdashboard", report
        signed_up = report["afterSignUp"]
        assert signed_up["path"] == "/dashboard" and signed_up["name"] == "Ada Lovelace" and signed_up["email"] == signed_up["expected"], report
        if separate:
            assert report["backendAnswer"].startswith("200: ") and signed_up["expected"] in report["backendAnswer"], report
        assert report["afterSignOut"] == "/sign-in"
        assert not report["backShowsEmail"], json.dumps(report)
        assert report["wrongPassword"] == {"message": "Wrong email or password.", "path": "/sign-in"}, json.dumps(report["wrongPassword"])
        assert report["returnTo-same"] == f"{app_url}/dashboard?tab=1", report
        assert report["returnTo-evil"] == f"{app_url}/dashboard", report
        assert report["returnTo-protocol-relative"] == f"{app_url}/dashboard", report
        assert report["localStorage"] == "{}", report
        assert report["keyboard"]["labelled"], report
        assert report["accessibility"] == {name: [] for name in ("sign-in", "sign-up", "dashboard", "sign-in-error")}, report["accessibility"]
        for shot in ("sign-in", "sign-up", "dashboard", "sign-in-error"):
            assert (SHOTS / f"{variant}-{shot}.png").stat().st_size > 5000, shot
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
