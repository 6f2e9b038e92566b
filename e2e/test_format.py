"""Generated code passes the formatters users run: Prettier for TypeScript,
ruff (lint and format) for Python, for every backend and database, with short
and long URLs."""

import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import BIN, E2E, link_node_modules, run_authgen

BACKENDS = ["fastapi", "express", "nestjs"]
DBS = ["neon", "supabase", "turso", "postgres", "mysql", "sqlite"]
URLS = {
    "short": ("http://localhost:3000", "http://localhost:8000"),
    "long": (
        "https://a-really-long-application-hostname.example.com",
        "https://api.a-really-long-application-hostname.example.com/v1",
    ),
}


@pytest.fixture(scope="module")
def generated() -> Path:
    """One folder per configuration, all generated with the real binary."""
    root = Path(tempfile.mkdtemp(prefix="authgen-format-"))
    for backend, db, (size, (app, api)) in itertools.product(BACKENDS, DBS, URLS.items()):
        folder = root / f"{backend}-{db}-{size}"
        folder.mkdir()
        src = ["--src-dir"] if size == "long" else ["--no-src-dir"]
        run_authgen(folder, "--no-input", "--arch", "separate", "--backend", backend, "--db", db, "--app-url", app, "--backend-url", api, *src)
    for module, (size, (app, api)) in itertools.product(["module", "commonjs"], URLS.items()):
        folder = root / f"express-js-{module}-{size}"
        (folder / "backend").mkdir(parents=True)
        (folder / "backend" / "package.json").write_text(json.dumps({"type": module, "dependencies": {"express": "^5"}}))
        run_authgen(folder, "--no-input", "--arch", "separate", "--backend", "express", "--db", "postgres", "--app-url", app, "--backend-url", api)
    for db in DBS:
        folder = root / f"monolithic-{db}"
        folder.mkdir()
        # Enough protected paths that the matcher list no longer fits on one line.
        many = [arg for path in ("/dashboard", "/account", "/settings", "/billing") for arg in ("--protect", path)] if db == "neon" else []
        run_authgen(folder, "--no-input", "--arch", "monolithic", "--frontend-dir", ".", "--db", db, *many)
    for name, (package, extra, flags) in FLOWS.items():
        folder = root / name
        folder.mkdir()
        (folder / "package.json").write_text(json.dumps(package))
        for rel in extra:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text("export default function Home() {\n  return null;\n}\n")
        result = run_authgen(folder, "--no-input", "--db", "sqlite", *flags)
        assert "no problems found" in result.stdout, result.stdout
    return root


NEXT = {"name": "web", "scripts": {"dev": "next dev"}, "dependencies": {"next": "16.4.6"}}
NEXT_TS = {**NEXT, "devDependencies": {"typescript": "^5", "tailwindcss": "^4"}}
FLOWS_FLAGS = ["--email-verification", "--social", "github,google", "--rate-limit-storage", "database"]
# Account flows on every kind of app: (package.json, files, flags); doctor must stay clean on each.
FLOWS = {
    "flows-app-tailwind": (NEXT_TS, ["src/app/page.tsx"], ["--arch", "monolithic", "--email", "smtp", *FLOWS_FLAGS]),
    "flows-pages-router": (NEXT_TS, ["pages/index.tsx"], ["--arch", "monolithic", "--email", "resend", *FLOWS_FLAGS]),
    "flows-javascript": (NEXT, ["app/page.jsx"], ["--arch", "monolithic", "--email", "smtp", *FLOWS_FLAGS]),
    "flows-separate-rotation": (NEXT_TS, ["app/page.tsx"], ["--arch", "separate", "--backend", "fastapi", "--email", "console", "--jwt-rotation-days", "30", *FLOWS_FLAGS]),
}


def test_account_flows_typecheck_strict(generated):
    for name, (package, _, _) in FLOWS.items():
        if "typescript" not in package.get("devDependencies", {}):
            continue
        app = generated / name / ("frontend" if "separate" in name and (generated / name / "frontend").exists() else "")
        shutil.copy(E2E / "apps" / "tsconfig.frontend.json", app / "tsconfig.json")
        link_node_modules(app)
        result = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=app, capture_output=True, text=True)
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"


def test_typescript_and_javascript_pass_prettier(generated):
    files = sorted(str(p) for ext in ("ts", "tsx", "js", "jsx", "css") for p in generated.rglob(f"*.{ext}") if "node_modules" not in p.parts)
    assert len(files) > 100 and any(f.endswith(".js") for f in files)
    result = subprocess.run([str(BIN / "prettier"), "--check", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_passes_ruff_check_and_format(generated):
    # Run from each backend folder, as its owner would, so `app` is first-party.
    ruff = str(Path(sys.executable).parent / "ruff")
    backends = sorted(generated.glob("fastapi-*/backend"))
    assert backends
    for backend in backends:
        lint = subprocess.run([ruff, "check", "--isolated", "--select", "E,F,W,I,UP,B", "."], cwd=backend, capture_output=True, text=True)
        assert lint.returncode == 0, f"{backend}: {lint.stdout}{lint.stderr}"
        fmt = subprocess.run([ruff, "format", "--isolated", "--check", "."], cwd=backend, capture_output=True, text=True)
        assert fmt.returncode == 0, f"{backend}: {fmt.stdout}{fmt.stderr}"
