"""authgen for people with Node but not Rust, offline: scripts/npm-package.sh
packs the launcher package and this machine's platform package (the other
seven as stand-ins), a read-only npm registry on 127.0.0.1 serves them, and
npx, pnpm dlx and bunx run the real binary from it in fresh folders with
fresh caches. Also: Ctrl-C through the launcher at a prompt, shell
completions, and the release workflow through the offline validators."""

import base64
import hashlib
import json
import os
import signal
import subprocess
import sys
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pexpect
import pytest

from conftest import AUTHGEN, E2E, ROOT

DIST_BIN = E2E / "dist" / "node_modules" / ".bin"
VERSION = next(line.split('"')[1] for line in (ROOT / "Cargo.toml").read_text().splitlines() if line.startswith("version = "))
NEXT_APP = '{"name": "web", "scripts": {"dev": "next dev"}, "dependencies": {"next": "16.4.6"}, "devDependencies": {"typescript": "^5"}}'


class Registry:
    """Serves packuments and tarballs for the packed packages; 404 for anything else."""

    def __init__(self, tarballs: list[Path]):
        self.packages: dict[str, dict] = {}
        self.files: dict[str, Path] = {}
        self.downloads: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        for path in tarballs:
            with tarfile.open(path) as archive:
                manifest = json.load(archive.extractfile("package/package.json"))
            data = path.read_bytes()
            self.files[path.name] = path
            manifest["dist"] = {
                "tarball": f"{self.url}/-/tarballs/{path.name}",
                "integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
                "shasum": hashlib.sha1(data).hexdigest(),
            }
            self.packages[manifest["name"]] = {
                "name": manifest["name"],
                "dist-tags": {"latest": manifest["version"]},
                "versions": {manifest["version"]: manifest},
            }
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = unquote(self.path.split("?")[0])
                if path.startswith("/-/tarballs/") and path.rsplit("/", 1)[1] in registry.files:
                    name = path.rsplit("/", 1)[1]
                    registry.downloads.append(name)
                    body, kind = registry.files[name].read_bytes(), "application/octet-stream"
                elif path[1:] in registry.packages:
                    body, kind = json.dumps(registry.packages[path[1:]]).encode(), "application/json"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    out = tmp_path_factory.mktemp("npm")
    packed = subprocess.run(["bash", str(ROOT / "scripts" / "npm-package.sh"), str(out), "--stand-ins"], capture_output=True, text=True, timeout=900)
    assert packed.returncode == 0, packed.stderr
    tarballs = sorted(out.glob("*.tgz")) + sorted((out / "stand-ins").glob("*.tgz"))
    assert len(tarballs) == 9, tarballs
    # Only this machine's platform package holds a real binary.
    assert len(list(out.glob("authgen-cli-*.tgz"))) == 1
    served = Registry(tarballs)
    yield served
    served.server.shutdown()


def host_package() -> str:
    script = "console.log(require(process.argv[1]).current().package)"
    return subprocess.run(["node", "-e", script, str(ROOT / "npm" / "authgen" / "lib" / "platform.js")], capture_output=True, text=True, check=True).stdout.strip()


def clean_env(tmp: Path, registry: Registry, **extra: str) -> dict[str, str]:
    """A user's environment with fresh caches and only the local registry."""
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith(("npm_config_", "pnpm_", "bun_")) and k not in ("CI", "AUTHGEN_BINARY")}
    env.update({
        "HOME": str(tmp / "home"),
        "npm_config_registry": registry.url,
        "npm_config_cache": str(tmp / "npm-cache"),
        "npm_config_update_notifier": "false",
        "npm_config_audit": "false",
        "npm_config_fund": "false",
        "NO_COLOR": "1",
        **extra,
    })
    (tmp / "home").mkdir(exist_ok=True)
    # pnpm 12 reads its settings from .npmrc only.
    (tmp / "home" / ".npmrc").write_text(f"registry={registry.url}/\nstore-dir={tmp / 'pnpm-store'}\ncache-dir={tmp / 'pnpm-cache'}\n")
    return env


RUNNERS = {
    # name: (command prefix, extra environment, the hint authgen prints)
    "npx": (["npx", "--yes"], {}, "npx authgen migrate"),
    "pnpm dlx": ([str(DIST_BIN / "pnpm"), "dlx"], {}, "pnpm dlx authgen migrate"),
    "bunx": ([str(DIST_BIN / "bunx")], {"BUN_INSTALL_CACHE_DIR": "{tmp}/bun-cache", "BUN_CONFIG_REGISTRY": "{registry}"}, "bunx authgen migrate"),
}


@pytest.mark.parametrize("runner", list(RUNNERS))
def test_a_runner_fetches_only_the_host_package_and_runs_the_real_binary(runner, registry, tmp_path):
    prefix, extra, hint = RUNNERS[runner]
    env = clean_env(tmp_path, registry, **{k: v.format(tmp=tmp_path, registry=registry.url) for k, v in extra.items()})
    before = len(registry.downloads)
    version = subprocess.run([*prefix, "authgen", "--version"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert version.returncode == 0, version.stdout + version.stderr
    assert version.stdout.strip() == f"authgen {VERSION}"
    fetched = set(registry.downloads[before:])
    host = host_package().replace("@authgen/", "authgen-")
    assert fetched == {f"authgen-{VERSION}.tgz", f"{host}-{VERSION}.tgz"}, fetched

    # A bare Next.js app: the runner decides the package manager and the hints.
    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text(NEXT_APP)
    init = subprocess.run([*prefix, "authgen", "init", "--yes", "--arch", "monolithic", "--db", "sqlite", "--no-install"], cwd=app, env=env, capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stdout + init.stderr
    manager = hint.split()[0].replace("npx", "npm").replace("bunx", "bun")
    assert f"{manager} {'install' if manager == 'npm' else 'add'} better-auth" in init.stdout, init.stdout
    assert hint in init.stdout, init.stdout
    assert (app / "lib" / "auth.ts").is_file()

    # Exit codes pass through the launcher: a missing answer without a terminal is 2.
    missing = tmp_path / "missing"
    missing.mkdir()
    (missing / "package.json").write_text(NEXT_APP)
    refused = subprocess.run([*prefix, "authgen", "init", "--no-input"], cwd=missing, env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "no answer for --arch" in refused.stderr
    assert sorted(p.name for p in missing.iterdir()) == ["package.json"]


def test_npx_dry_run_on_a_demo_folder(registry, tmp_path):
    env = clean_env(tmp_path, registry)
    demo = tmp_path / "demo"
    (demo / "web").mkdir(parents=True)
    (demo / "web" / "package.json").write_text(NEXT_APP)
    (demo / "api").mkdir()
    (demo / "api" / "requirements.txt").write_text("fastapi\n")
    (demo / "api" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    run = subprocess.run(["npx", "--yes", "authgen", "init", "--dry-run", "--yes", "--arch", "separate", "--backend", "fastapi", "--db", "sqlite", "-c", str(demo)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "create     api/auth/verifier.py" in run.stdout, run.stdout
    assert "web/lib/auth.ts" in run.stdout, run.stdout
    assert sorted(p.name for p in demo.iterdir()) == ["api", "web"], "a dry run wrote files"


def test_without_the_platform_package_the_launcher_says_what_to_do(registry, tmp_path):
    env = clean_env(tmp_path, registry)
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").write_text('{"private": true}')
    installed = subprocess.run(["npm", "install", "--omit=optional", "authgen"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    run = subprocess.run([str(project / "node_modules" / ".bin" / "authgen"), "--version"], cwd=project, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    message = run.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert host_package() in message and "--omit=optional" in message and "cargo install authgen" in message and "AUTHGEN_BINARY" in message
    # The override runs any binary, e.g. one built with cargo.
    override = subprocess.run([str(project / "node_modules" / ".bin" / "authgen"), "--version"], cwd=project, env={**env, "AUTHGEN_BINARY": str(AUTHGEN)}, capture_output=True, text=True)
    assert override.returncode == 0 and override.stdout.strip() == f"authgen {VERSION}"


@pytest.fixture(scope="module")
def launcher(registry, tmp_path_factory):
    """The launcher as `npm install authgen` leaves it, and a terminal's environment."""
    tmp = tmp_path_factory.mktemp("launcher")
    env = clean_env(tmp, registry)
    (tmp / "package.json").write_text('{"private": true}')
    installed = subprocess.run(["npm", "install", "authgen"], cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    env = {k: v for k, v in env.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    return tmp / "node_modules" / "authgen" / "bin" / "authgen.js", env


def at_the_first_question(launcher, app: Path) -> pexpect.spawn:
    script, env = launcher
    app.mkdir()
    (app / "package.json").write_text(NEXT_APP)
    child = pexpect.spawn("node", [str(script), "init"], cwd=str(app), env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.expect("Where does your API live")
    return child


def test_ctrl_c_through_the_launcher_at_a_prompt_writes_nothing_and_restores_the_terminal(launcher, tmp_path):
    child = at_the_first_question(launcher, tmp_path / "app")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "cancelled; nothing was written" in child.before
    assert "\x1b[?25h" in child.before, "the cursor was not shown again"
    assert sorted(p.name for p in (tmp_path / "app").iterdir()) == ["package.json"]


def test_sigterm_to_the_launcher_reaches_authgen_and_the_exit_code_says_so(launcher, tmp_path):
    child = at_the_first_question(launcher, tmp_path / "app")
    os.kill(child.pid, signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 128 + signal.SIGTERM, (child.exitstatus, child.signalstatus, child.before)
    assert sorted(p.name for p in (tmp_path / "app").iterdir()) == ["package.json"]


def test_completions_parse_and_survive_a_closed_pipe():
    bash = subprocess.run([str(AUTHGEN), "completions", "bash"], capture_output=True, text=True, check=True).stdout
    checked = subprocess.run(["bash", "-n"], input=bash, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    for shell in ("zsh", "fish", "powershell", "elvish"):
        assert subprocess.run([str(AUTHGEN), "completions", shell], capture_output=True, text=True, check=True).stdout.strip()
    head = subprocess.run(["bash", "-o", "pipefail", "-c", f"'{AUTHGEN}' completions zsh | head -1"], capture_output=True, text=True)
    assert head.returncode == 0 and head.stdout.startswith("#compdef authgen"), head.stdout + head.stderr
    assert "panicked" not in head.stderr


def test_the_release_workflow_passes_the_offline_validators():
    workflow = ROOT / ".github" / "workflows" / "release.yml"
    validated = subprocess.run([str(DIST_BIN / "action-validator"), str(workflow)], capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    zizmor = Path(sys.executable).parent / "zizmor"
    audited = subprocess.run([str(zizmor), "--offline", str(workflow)], capture_output=True, text=True)
    assert audited.returncode == 0, audited.stdout + audited.stderr
    text = workflow.read_text()
    # It publishes what the suite tested: the same packing script, platform packages first.
    assert "node scripts/npm-package.mjs dist/npm --binaries binaries" in text
    assert text.index("authgen-cli-*.tgz") < text.index('npm publish "dist/npm/authgen-${GITHUB_REF_NAME#v}.tgz"')
    assert text.count("--provenance") == 2 and "cargo publish --locked" in text and "SHA256SUMS" in text
    targets = json.loads((ROOT / "npm" / "authgen" / "platforms.json").read_text())["platforms"]
    for platform in targets:
        assert f"target: {platform['target']}," in text, platform["target"]
