"""The Better Auth plugins' pages in a real browser, offline: the real
create-next-app output, `authgen init --plugins ...` with every plugin whose
pages are done, next build + next start on SQLite with SMTP_URL pointing at a
local SMTP capture, then headless Chromium walks each plugin's pages. The app
is built once per router variant and shared by the plugins' tests.
Screenshots go to target/e2e/screenshots."""

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import AUTHGEN, BIN, NODE, Server, free_port, link_node_modules, read_env
from test_pages import FONT_MOCK, SHOTS, sh

PLUGINS = "magic-link,two-factor,admin"

VARIANTS = {
    # name: create-next-app flags; the Pages Router one also checks the CSS module.
    "app-router-tailwind": ["--tailwind", "--app", "--src-dir"],
    "pages-router-css": ["--no-tailwind", "--no-app", "--no-src-dir"],
}


@dataclass
class App:
    variant: str
    root: Path
    url: str
    mail_url: str
    log: Path


@pytest.fixture(scope="module", params=list(VARIANTS))
def app(request):
    variant = request.param
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="authgen-plugins-", dir=work))
    servers = []
    app_port, smtp_port, mail_port = free_port(), free_port(), free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    try:
        sh([str(BIN / "create-next-app"), "web", "--ts", *VARIANTS[variant], "--eslint", "--import-alias", "@/*",
            "--use-npm", "--skip-install", "--yes", "--disable-git", "--no-agent-feedback"], root, {"CI": "1"}, timeout=120)
        sh([str(AUTHGEN), "init", "--yes", "--arch", "monolithic", "--db", "sqlite", "--app-url", app_url, "--no-install",
            "--email", "smtp", "--plugins", PLUGINS], root, {"NO_COLOR": "1"})
        web = root / "web"
        src = web / "src" if variant.startswith("app") else web
        generated = [str(p) for folder in ("components", "lib", "app", "pages") for p in (src / folder).rglob("*.ts*")]
        sh([str(BIN / "prettier"), "--check", *generated], web)
        doctor = subprocess.run([str(AUTHGEN), "doctor", "--json"], cwd=root, capture_output=True, text=True, timeout=60)
        assert doctor.returncode == 0 and json.loads(doctor.stdout) == [], doctor.stdout + doctor.stderr

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
        }
        sh([str(BIN / "next"), "build"], web, env)
        sh([str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(src / "lib" / "auth.ts"), "migrate"], web, env, timeout=120)
        # `authgen migrate --check` expects each plugin's tables (two-factor: twoFactor).
        link_node_modules(web)
        check = subprocess.run([str(AUTHGEN), "migrate", "--check", "--json"], cwd=root, capture_output=True, text=True, timeout=120)
        assert check.returncode == 0, check.stdout + check.stderr
        tables = {t["table"]: t["exists"] for t in json.loads(check.stdout)["tables"]}
        assert tables == {"user": True, "session": True, "account": True, "verification": True, "twoFactor": True}, tables
        assert json.loads(check.stdout)["missing_columns"] == [], check.stdout
        next_server = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(app_port)], web, env, root / "next.log")
        servers.append(next_server)
        next_server.wait_http(f"{app_url}/api/auth/ok")
        yield App(variant, root, app_url, mail_url, next_server.log)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


def flow(app: App, plugin: str) -> dict:
    run = subprocess.run(["node", str(NODE / "plugins-flow.mjs"), app.url, app.mail_url, str(SHOTS), app.variant, plugin],
                         cwd=NODE, capture_output=True, text=True, timeout=420,
                         env={**os.environ, "AUTHGEN": str(AUTHGEN), "APP_ROOT": str(app.root)})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:] + app.log.read_text()[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_magic_link_signs_in_once_and_only_an_existing_account(app):
    report = flow(app, "magic-link")
    assert report["emptyField"] is True, report
    assert report["sent"] == "We sent a sign-in link to ada@example.com. It works once, for 5 minutes.", report
    assert report["before"] is None, report
    assert report["signedIn"] == {"path": "/dashboard", "email": "ada@example.com"}, report
    assert report["reused"]["path"] == "/sign-in?error=INVALID_TOKEN", report
    assert report["reused"]["alert"].startswith("This link is invalid or was already used"), report
    assert report["reused"]["session"] is None, report
    assert report["stranger"]["path"] == "/sign-in?error=new_user_signup_disabled", report
    assert report["stranger"]["alert"] == "No account uses this email address. Create one first.", report
    assert report["stranger"]["session"] is None, report
    assert report["accessibility"] == {name: [] for name in report["accessibility"]} and len(report["accessibility"]) == 2, report["accessibility"]


def test_two_factor_turned_on_asks_for_a_code_at_sign_in_and_turned_off_does_not(app):
    report = flow(app, "two-factor")
    assert report["offHeading"] == "Two-factor authentication is off", report
    assert report["secretLength"] >= 32 and report["qrCode"] is True, report
    assert report["wrongOnEnable"] == "That code is not right. Enter the one your app shows now.", report
    assert report["backupCodes"] == {"count": 10, "shape": True}, report
    assert report["onHeading"] == "Two-factor authentication is on", report
    assert report["secondStep"] == {"path": "/two-factor", "session": None}, report
    assert report["wrongCode"] == "That code is not right. Enter the one your app shows now.", report
    assert report["backupCode"] == "dashboard" and report["afterBackup"] == "grace@example.com", report
    assert report["usedBackupCode"] == "That backup code is not right or was already used.", report
    assert report["appCode"] == "dashboard", report
    assert report["afterDisable"] == "grace@example.com", report
    assert report["accessibility"] == {name: [] for name in report["accessibility"]} and len(report["accessibility"]) == 3, report["accessibility"]


def test_admin_made_by_create_admin_bans_unbans_and_signs_out_a_user(app):
    report = flow(app, "admin")
    # A non-admin gets Next's 404 page, never the list. The Pages Router
    # answers 404; the App Router page has already streamed its 200 when the
    # check (inside the Suspense boundary the session read needs) calls notFound().
    refused = {"status": 404 if app.variant.startswith("pages") else 200, "notFound": True, "list": False}
    assert report["linkBefore"] is False and report["pageBefore"] == refused, report
    assert report["unknown"]["code"] == 2, report
    assert report["unknown"]["line"] == "error: no user signs in with nobody@example.com: sign up with it first, then run this again", report
    assert report["made"]["code"] == 0, report
    # The app is shared with the other plugins' tests: their users are listed too.
    assert {"alan@example.com", "barbara@example.com"} <= set(report["listed"]), report
    assert report["searched"] == ["barbara@example.com"], report
    assert report["banned"]["status"] == "barbara@example.com is banned.", report
    assert report["banned"]["row"].endswith("(banned: Spam)"), report
    assert report["sessionAfterBan"] is None, report
    assert report["bannedSignIn"] == "This account is banned. Contact the site's team if this is a mistake.", report
    assert report["afterUnban"] == "barbara@example.com" and report["pageForOther"] == refused, report
    assert report["sessionAfterRevoke"] is None, report
    assert report["accessibility"] == {name: [] for name in report["accessibility"]} and len(report["accessibility"]) == 2, report["accessibility"]
