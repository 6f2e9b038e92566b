"""The account flows in a real browser, offline: the real create-next-app
output, `authgen init --email smtp --email-verification --social
github,google`, next build + next start with SMTP_URL pointing at a local
SMTP capture, then headless Chromium signs up, confirms the address from the
email, resets the password, and signs in with GitHub and Google through
Better Auth's real providers (their authorize pages intercepted by the
browser driver, their token and user endpoints answered by a test-only
preload). Screenshots go to target/e2e/screenshots."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx
import pytest

from conftest import AUTHGEN, BIN, NODE, Server, free_port, read_env
from test_pages import FONT_MOCK, SHOTS, sh


VARIANTS = {
    # name: create-next-app flags; the Pages Router one also checks the CSS module.
    "app-router-tailwind": ["--tailwind", "--app", "--src-dir"],
    "pages-router-css": ["--no-tailwind", "--no-app", "--no-src-dir"],
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_verification_reset_and_social_sign_in_in_a_browser(variant):
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="authgen-flows-", dir=work))
    servers = []
    app_port, smtp_port, mail_port = free_port(), free_port(), free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    try:
        sh([str(BIN / "create-next-app"), "web", "--ts", *VARIANTS[variant], "--eslint", "--import-alias", "@/*",
            "--use-npm", "--skip-install", "--yes", "--disable-git", "--no-agent-feedback"], root, {"CI": "1"}, timeout=120)
        sh([str(AUTHGEN), "init", "--yes", "--arch", "monolithic", "--db", "sqlite", "--app-url", app_url, "--no-install",
            "--email", "smtp", "--email-verification", "--social", "github,google"], root, {"NO_COLOR": "1"})
        web = root / "web"
        src = web / "src" if variant.startswith("app") else web
        generated = [str(p) for folder in ("components", "lib", "app", "pages") for p in (src / folder).rglob("*.ts*")]
        sh([str(BIN / "prettier"), "--check", *generated], web)

        mail = Server("mail", ["node", str(NODE / "mail-capture.mjs"), str(smtp_port), str(mail_port)], NODE, {}, root / "mail.log")
        servers.append(mail)
        mail_url = f"http://127.0.0.1:{mail_port}/messages"
        mail.wait_http(mail_url)

        env = {
            **read_env(web / ".env.local"),
            "NEXT_TELEMETRY_DISABLED": "1",
            "NEXT_FONT_GOOGLE_MOCKED_RESPONSES": str(FONT_MOCK),
            "SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_FROM": "Example App <auth@example.test>",
            "GITHUB_CLIENT_ID": "gh-client",
            "GITHUB_CLIENT_SECRET": "gh-secret",
            "GOOGLE_CLIENT_ID": "google-client",
            "GOOGLE_CLIENT_SECRET": "google-secret",
        }
        sh([str(BIN / "next"), "build"], web, env)
        sh([str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(src / "lib" / "auth.ts"), "migrate"], web, env, timeout=120)
        preload = {"NODE_OPTIONS": f"--require {NODE / 'oauth-fake.cjs'}"}
        app = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(app_port)], web, {**env, **preload}, root / "next.log")
        servers.append(app)
        app.wait_http(f"{app_url}/api/auth/ok")

        flow = subprocess.run(["node", str(NODE / "flows-flow.mjs"), app_url, mail_url, str(SHOTS), variant], cwd=NODE, capture_output=True, text=True, timeout=420)
        assert flow.returncode == 0, flow.stdout[-3000:] + flow.stderr[-3000:] + app.log.read_text()[-3000:]
        report = json.loads(flow.stdout.strip().splitlines()[-1])

        # Verification: no session before the link; the link signs in.
        assert report["signUp"]["heading"] == "Check your inbox" and "ada@example.com" in report["signUp"]["status"], report
        assert report["signUp"]["session"] is None, report
        assert report["unverified"] == "Confirm your email address first: check your inbox.", report
        assert report["resent"] == "We sent a new link to ada@example.com.", report
        assert report["confirmations"] == 2, report
        assert report["verified"] == {"path": "/dashboard", "email": "ada@example.com"}, report
        assert report["badConfirmation"]["path"] == "/sign-in", report
        assert report["badConfirmation"]["alert"].startswith("This link is invalid"), report

        # Password reset: neutral answer, one email, old sessions and password gone.
        assert report["forgotUnknown"] == report["forgotKnown"] and "If an account uses this address" in report["forgotKnown"], report
        assert report["resetEmails"] == ["ada@example.com"], report
        assert report["otherDeviceBefore"] and not report["otherDeviceAfter"], report
        assert report["afterReset"] == {"path": "/sign-in?reset=done", "status": "Your password was changed. Sign in with the new one."}, report
        assert report["oldPassword"] == "Wrong email or password.", report
        assert report["newPassword"] == "/dashboard", report
        assert report["usedLink"]["path"] == "/reset-password?error=INVALID_TOKEN" and report["usedLink"]["newLink"], report
        assert report["usedLink"]["alert"].startswith("This link is invalid"), report

        # Social sign-in through the real providers.
        assert report["GitHub"] == {"path": "/dashboard", "name": "The Octocat", "email": "octocat@example.com"}, report
        assert report["Google"] == {"path": "/dashboard", "name": "Grace Hopper", "email": "grace@example.com"}, report
        assert report["notLinked"]["path"] == "/sign-in?error=account_not_linked", report
        assert report["notLinked"]["alert"].startswith("An account with this email address already exists"), report

        messages = httpx.get(mail_url).json()
        assert all(m["from"] == '"Example App" <auth@example.test>' for m in messages), messages
        assert report["accessibility"] == {name: [] for name in report["accessibility"]} and len(report["accessibility"]) == 7, report["accessibility"]
        for name in report["accessibility"]:
            assert (SHOTS / f"{variant}-{name}.png").stat().st_size > 5000, name
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
