"""The generated lib/email against real transports: nodemailer delivering to
a local SMTP server (smtp-server + mailparser), Resend's SDK against a local
stub of its API (RESEND_BASE_URL), and what happens without a transport in
development and in production. Each failure must reach the server log with
its reason, since Better Auth itself swallows it."""

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest

from conftest import BIN, NODE, Server, free_port, link_node_modules, run_authgen


def generate(root: Path, transport: str) -> Path:
    folder = root / transport
    folder.mkdir()
    run_authgen(folder, "--no-input", "--arch", "monolithic", "--frontend-dir", ".", "--db", "sqlite", "--no-pages", "--email", transport)
    link_node_modules(folder)
    return folder / "lib" / "email.ts"


def send(email_ts: Path, env: dict[str, str]) -> tuple[dict, str]:
    """Runs sendEmail once in a fresh Node process; its result and its log."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SMTP_URL", "RESEND_API_KEY", "NODE_ENV", "EMAIL_FROM")}
    result = subprocess.run(
        [str(BIN / "tsx"), str(NODE / "send-email.ts"), str(email_ts), "ada@example.com"],
        cwd=email_ts.parent.parent, env={**clean, **env}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stdout + result.stderr


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    smtp_port, http_port = free_port(), free_port()
    log = tmp_path_factory.mktemp("mail") / "capture.log"
    server = Server("mail", ["node", str(NODE / "mail-capture.mjs"), str(smtp_port), str(http_port)], NODE, {}, log)
    server.wait_http(f"http://127.0.0.1:{http_port}/messages")
    yield smtp_port, f"http://127.0.0.1:{http_port}/messages"
    server.stop()


def test_smtp_delivers_and_a_dead_server_is_logged_with_its_reason(tmp_path, mailbox):
    smtp_port, messages = mailbox
    email_ts = generate(tmp_path, "smtp")
    result, _ = send(email_ts, {"SMTP_URL": f"smtp://127.0.0.1:{smtp_port}", "EMAIL_FROM": "auth@example.test", "NODE_ENV": "production"})
    assert result == {"sent": True}
    delivered = [m for m in httpx.get(messages).json() if m["to"] == "ada@example.com"]
    assert delivered and delivered[-1]["subject"] == "Reset your password" and delivered[-1]["from"] == "auth@example.test"
    assert "reset-password?token=abc" in delivered[-1]["text"]

    result, log = send(email_ts, {"SMTP_URL": f"smtp://127.0.0.1:{free_port()}", "NODE_ENV": "production"})
    assert not result["sent"]
    assert '[auth email] "Reset your password" to ada@example.com failed:' in log and "ECONNREFUSED" in log, log


class ResendStub:
    """Answers POST /emails as Resend's API does: 200 with an id, or the error it is told to give."""

    def __init__(self):
        self.received: list[dict] = []
        self.error: tuple[int, dict] | None = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.received.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
                status, answer = stub.error or (200, {"id": "email-1"})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"


def test_resend_delivers_and_its_error_answer_is_reported_not_swallowed(tmp_path):
    stub = ResendStub()
    email_ts = generate(tmp_path, "resend")
    env = {"RESEND_API_KEY": "re_test_key", "RESEND_BASE_URL": stub.url, "EMAIL_FROM": "auth@example.test", "NODE_ENV": "production"}
    result, log = send(email_ts, env)
    assert result == {"sent": True}, log
    sent = stub.received[-1]
    assert sent["path"] == "/emails" and sent["auth"] == "Bearer re_test_key"
    assert sent["to"] == "ada@example.com" and sent["from"] == "auth@example.test" and sent["subject"] == "Reset your password"
    assert "re_test_key" not in log, "the API key must never be printed"

    # The SDK does not throw on an error answer: sendEmail must.
    stub.error = (422, {"name": "validation_error", "message": "The from address is not verified", "statusCode": 422})
    result, log = send(email_ts, env)
    assert not result["sent"] and "The from address is not verified" in result["error"]
    assert "[auth email]" in log and "validation_error" in log, log
    stub.server.shutdown()


@pytest.mark.parametrize("transport", ["console", "smtp", "resend"])
def test_without_a_transport_development_prints_the_link_and_production_fails_loudly(tmp_path, transport):
    email_ts = generate(tmp_path, transport)
    result, log = send(email_ts, {"NODE_ENV": "development"})
    assert result == {"sent": True}
    assert "[auth email] not sent (development): to ada@example.com" in log and "reset-password?token=abc" in log, log

    result, log = send(email_ts, {"NODE_ENV": "production"})
    assert not result["sent"]
    warning = {"console": "no email transport in production", "smtp": "SMTP_URL is not set", "resend": "RESEND_API_KEY is not set"}[transport]
    assert warning in log, log  # once, at start-up
    assert '[auth email] "Reset your password" to ada@example.com failed:' in log, log
    assert "reset-password?token=abc" not in log, "production must not print the link"
