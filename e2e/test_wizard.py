"""The interactive wizard in a real pseudo-terminal: questions one at a time
with defaults, and Esc or Ctrl-C leaving nothing written."""

import os
import tempfile
from pathlib import Path

import pexpect

from conftest import AUTHGEN

DOWN, ENTER, ESC = "\x1b[B", "\r", "\x1b"


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["TERM"] = "xterm"
    return pexpect.spawn(str(AUTHGEN), ["init", *args], cwd=str(cwd), env=env, encoding="utf-8", timeout=10, dimensions=(40, 120))


def test_answering_every_question_writes_the_chosen_integration():
    root = Path(tempfile.mkdtemp())
    child = spawn(root)
    child.expect("Where does your API live")
    child.send(DOWN + ENTER)  # separate backend
    child.expect("Which backend framework")
    child.send(DOWN + ENTER)  # Express
    child.expect("Backend URL in development")
    child.send(ENTER)  # keep http://localhost:8000
    child.expect("Which database")
    child.send(ENTER)  # SQLite: the default when nothing is detected
    child.expect("under src/")
    child.send("y")
    child.expect("Better Auth plugins to add")
    child.send(" " + ENTER)  # the first one: magic link
    child.expect(r"Write \d+ file")
    child.send("y")
    child.expect("Install the packages now")
    child.send("n")
    # Without the packages the tables cannot be created: the step is not
    # offered, and the next steps say why and what to run later.
    index = child.expect(["Create Better Auth's tables now", "The tables were not created"])
    assert index == 1, "the migration was offered although better-auth is not installed"
    child.expect("better-auth is not installed in frontend/: install the packages first")
    child.expect("create the tables: .*authgen migrate")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert (root / "backend/src/auth/require-auth.ts").is_file()
    auth = (root / "frontend/src/lib/auth.ts").read_text()
    assert 'from "better-sqlite3"' in auth
    answers = (root / "authgen.toml").read_text()
    assert 'backend = "express"' in answers and 'db = "sqlite"' in answers
    assert 'plugins = ["magic-link"]' in answers
    assert "magicLink({" in auth


def test_escape_at_a_question_cancels_with_nothing_written():
    root = Path(tempfile.mkdtemp())
    child = spawn(root)
    child.expect("Where does your API live")
    child.send(ESC)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(root.iterdir()) == []


def test_ctrl_c_at_a_question_cancels_with_nothing_written():
    root = Path(tempfile.mkdtemp())
    child = spawn(root, "--arch", "monolithic", "--frontend-dir", ".")
    child.expect("Which database")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus)
    assert list(root.iterdir()) == []


def test_declining_the_confirmation_writes_nothing():
    root = Path(tempfile.mkdtemp())
    child = spawn(root, "--arch", "monolithic", "--frontend-dir", ".", "--db", "postgres", "--no-src-dir", "--no-plugins")
    child.expect(r"Write \d+ file")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(root.iterdir()) == []


def test_two_nextjs_apps_are_offered_as_a_choice():
    root = Path(tempfile.mkdtemp())
    for app in ("apps/admin", "apps/web"):
        (root / app).mkdir(parents=True)
        (root / app / "package.json").write_text('{"scripts": {"dev": "next dev"}, "dependencies": {"next": "16.0.0"}, "devDependencies": {"typescript": "^5"}}')
    child = spawn(root, "--arch", "monolithic", "--db", "postgres", "--no-src-dir", "--no-plugins")
    child.expect("Which Next.js app gets auth")
    child.send(DOWN + ENTER)  # apps/web
    child.expect(r"Write \d+ file")
    child.send("y")
    child.expect("Install the packages now")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (root / "apps/web/lib/auth.ts").is_file()
    assert not (root / "apps/admin/lib").exists()


def test_a_rewrite_that_owns_api_auth_gets_a_free_base_path_proposed():
    root = Path(tempfile.mkdtemp())
    web = root / "web"
    (web / "app").mkdir(parents=True)
    (web / "package.json").write_text('{"scripts": {"dev": "next dev"}, "dependencies": {"next": "16.0.1"}, "devDependencies": {"typescript": "^5"}}')
    (web / "next.config.mjs").write_text('export default { async rewrites() { return [{ source: "/api/:path*", destination: "http://localhost:8000/api/:path*" }]; } };\n')
    child = spawn(root, "--arch", "separate", "--backend", "fastapi", "--db", "sqlite", "--backend-dir", "api")
    child.expect(r"web/next.config.mjs rewrites /api/:path\* to another server. Serve Better Auth's routes at")
    child.expect(r"/auth")
    child.send(ENTER)  # the proposed free path
    child.expect("Backend URL in development")
    child.send(ENTER)
    child.expect("under src/")
    child.send("n")
    child.expect("Better Auth plugins to add")
    child.send(ENTER)  # none
    child.expect(r"Write \d+ file")
    child.send("y")
    child.expect("Install the packages now")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert (web / "app" / "auth" / "[...all]" / "route.ts").is_file()
    assert 'base_path = "/auth"' in (root / "authgen.toml").read_text()
