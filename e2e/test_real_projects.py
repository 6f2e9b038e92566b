"""authgen on a repository shaped the way people really start one: the real
create-next-app output (its own .gitignore with `.env*`, src/, Tailwind,
next/font/google, Cache Components) beside three backends that existed
before authgen: FastAPI with its app in app/main.py and a requirements.txt,
Express in CommonJS TypeScript run by ts-node, and Express in ESM TypeScript
run by tsx. authgen runs once per backend, as a team adding auth would; then
the app is built and served by Next.js, a user signs up, and each backend,
started with its own dev runner and the route its owner adds from SETUP.md,
accepts the user's JWT and refuses a request without one."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import pytest

from conftest import AUTHGEN, BIN, E2E, NODE, Server, free_port, read_env

RUNNERS = E2E / "runners" / "node_modules" / ".bin"
FONT_MOCK = NODE / "font-mock.cjs"


def sh(args, cwd, env=None, timeout=600):
    result = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}: {result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def existing_backend(root: Path, folder: str) -> None:
    """The backend as its owner wrote it, before authgen."""
    if folder == "api":
        existing_fastapi(root)
    elif folder == "server":
        existing_ts_node(root)
    elif folder == "edge":
        existing_tsx(root)
    else:
        existing_hoisted_nest(root)


NEST_MAIN = """import "reflect-metadata";

import { NestFactory } from "@nestjs/core";

import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(Number(process.env.PORT), "127.0.0.1");
}
void bootstrap();
"""

NEST_MODULE = """import { Module } from "@nestjs/common";

@Module({ controllers: [] })
export class AppModule {}
"""


def existing_hoisted_nest(root: Path) -> None:
    """A Nest CLI project in a workspace that hoists @nestjs/* to the root manifest."""
    nest = {"@nestjs/common": "^12.5.1", "@nestjs/core": "^12.5.1", "@nestjs/platform-express": "^12.5.1", "reflect-metadata": "^0.2.2", "rxjs": "^7.8.2"}
    write(root / "package.json", json.dumps({"name": "shop", "private": True, "workspaces": ["apps/*"], "dependencies": nest}, indent=2) + "\n")
    api = root / "apps" / "api"
    write(api / "package.json", json.dumps({"name": "api", "private": True, "scripts": {"build": "nest build", "start:dev": "nest start --watch"}}, indent=2) + "\n")
    write(api / "nest-cli.json", json.dumps({"collection": "@nestjs/schematics", "sourceRoot": "src"}, indent=2))
    tsconfig = {"compilerOptions": {"module": "nodenext", "moduleResolution": "nodenext", "target": "es2022", "outDir": "dist", "rootDir": "src", "strict": True,
                                    "experimentalDecorators": True, "emitDecoratorMetadata": True, "skipLibCheck": True, "esModuleInterop": True, "types": ["node"]},
                "include": ["src/**/*.ts"]}
    write(api / "tsconfig.json", json.dumps(tsconfig, indent=2))
    write(api / "src" / "main.ts", NEST_MAIN)
    write(api / "src" / "app.module.ts", NEST_MODULE)


def existing_fastapi(root: Path) -> None:
    write(root / "api" / "requirements.txt", "fastapi\nuvicorn\n")
    write(root / "api" / "app" / "__init__.py", "")
    write(root / "api" / "app" / "main.py", "from fastapi import FastAPI\n\napp = FastAPI(title=\"api\")\n")


def existing_ts_node(root: Path) -> None:
    server = {"name": "server", "scripts": {"dev": "ts-node src/server.ts"}, "dependencies": {"express": "^5.1.0"}, "devDependencies": {"ts-node": "^10.9.2", "typescript": "^5.9.0"}}
    write(root / "server" / "package.json", json.dumps(server, indent=2) + "\n")
    tsconfig = {"compilerOptions": {"module": "commonjs", "target": "es2022", "strict": True, "esModuleInterop": True, "skipLibCheck": True, "types": ["node"]}}
    write(root / "server" / "tsconfig.json", json.dumps(tsconfig, indent=2))
    write(root / "server" / "src" / "server.ts", 'import express from "express";\n\nconst app = express();\n')


def existing_tsx(root: Path) -> None:
    edge = {"name": "edge", "type": "module", "scripts": {"dev": "tsx watch src/server.ts"}, "dependencies": {"express": "^5.1.0"}, "devDependencies": {"tsx": "^4.20.0", "typescript": "^5.9.0"}}
    write(root / "edge" / "package.json", json.dumps(edge, indent=2) + "\n")
    esm = {"compilerOptions": {"module": "nodenext", "target": "es2022", "strict": True, "skipLibCheck": True, "types": ["node"]}}
    write(root / "edge" / "tsconfig.json", json.dumps(esm, indent=2))
    write(root / "edge" / "src" / "server.ts", 'import express from "express";\n\nconst app = express();\n')


def add_route(root: Path, folder: str) -> None:
    """What the owner adds after authgen, following docs/auth/SETUP.md."""
    if folder == "api":
        add_fastapi_route(root)
        return
    if folder == "nest":
        add_nest_route(root)
        return
    # The generated example route, mounted as SETUP.md says.
    route = 'app.use(meRouter);\napp.listen(Number(process.env.PORT), "127.0.0.1");\n'
    suffix = ".js" if folder == "edge" else ""
    source = root / folder / "src" / "server.ts"
    text = source.read_text().replace(
        'import express from "express";\n',
        f'import express from "express";\nimport {{ meRouter }} from "./auth/me-route{suffix}";\n',
    )
    source.write_text(text + route)


def add_nest_route(root: Path) -> None:
    """The generated example controller, added to the module as SETUP.md says."""
    src = root / "apps" / "api" / "src"
    module = (src / "app.module.ts").read_text()
    module = module.replace('import { Module } from "@nestjs/common";\n', 'import { Module } from "@nestjs/common";\n\nimport { MeController } from "./auth/me.controller";\n')
    (src / "app.module.ts").write_text(module.replace("controllers: []", "controllers: [MeController]"))


def add_fastapi_route(root: Path) -> None:
    with open(root / "api" / "app" / "main.py", "a") as main:
        main.write(
            "\n\nfrom fastapi import Depends  # noqa: E402\n\n"
            "from app.auth import CurrentUser, get_current_user  # noqa: E402\n\n\n"
            "@app.get(\"/me\")\n"
            "def me(user: CurrentUser = Depends(get_current_user)):\n"
            "    return {\"id\": user.id, \"email\": user.email}\n"
        )


BACKENDS = ("api", "server", "edge", "nest")
# Where each repository keeps its Next.js app and its backend.
WEB = {"api": "web", "server": "web", "edge": "web", "nest": "apps/web"}
API = {"api": "api", "server": "server", "edge": "edge", "nest": "apps/api"}


@pytest.fixture(scope="module")
def project():
    """One repository per backend, each with the same create-next-app output."""
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="authgen-real-", dir=work))
    servers: list[Server] = []
    app_port = free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    try:
        sh([str(BIN / "create-next-app"), "web", "--ts", "--tailwind", "--app", "--src-dir", "--eslint", "--import-alias", "@/*",
            "--use-npm", "--skip-install", "--yes", "--disable-git", "--no-agent-feedback"], base, {"CI": "1"}, timeout=120)
        roots, runs = {}, {}
        for backend in BACKENDS:
            root = base / backend
            shutil.copytree(base / "web", root / WEB[backend])
            existing_backend(root, backend)
            runs[backend] = sh([str(AUTHGEN), "init", "--yes", "--db", "sqlite", "--app-url", app_url, "--no-install"], root, {"NO_COLOR": "1"})
            roots[backend] = root
        yield {"roots": roots, "runs": runs, "app_url": app_url, "app_port": app_port, "servers": servers}
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_the_generators_output_is_read_right(project):
    runs = {name: run.stdout for name, run in project["runs"].items()}
    for name, out in runs.items():
        assert f"Frontend        {WEB[name]}/ (detected)" in out, out
        assert "src/ layout     yes (detected)" in out
        assert "Next.js         16, App Router (detected)" in out
    assert "Backend         FastAPI (detected)" in runs["api"]
    assert "Backend runs    ts-node, CommonJS (detected)" in runs["server"], runs["server"]
    assert "Backend runs    tsx, ES modules (detected)" in runs["edge"], runs["edge"]
    # @nestjs/core is only in the workspace root's manifest; nest-cli.json marks the app.
    assert "Backend         NestJS (detected)" in runs["nest"] and "Backend folder  apps/api/ (detected)" in runs["nest"], runs["nest"]
    web = project["roots"]["api"] / "web" / "src"
    for file in ("lib/auth.ts", "lib/auth-client.ts", "lib/api-client.ts", "app/api/auth/[...all]/route.ts", "proxy.ts"):
        assert (web / file).is_file(), file


@pytest.mark.parametrize("backend", BACKENDS)
def test_git_keeps_secrets_out_and_examples_in(project, backend):
    # In a copy: a .git folder would move Next.js's workspace root for the build below.
    root = Path(tempfile.mkdtemp(prefix="authgen-git-")) / backend
    shutil.copytree(project["roots"][backend], root)
    sh(["git", "init", "-q"], root)
    ignored = lambda path: subprocess.run(["git", "check-ignore", "-q", path], cwd=root).returncode == 0  # noqa: E731
    web, api = WEB[backend], API[backend]
    for secret in (f"{web}/.env.local", f"{api}/.env"):
        assert ignored(secret), secret
    for example in (f"{web}/.env.example", f"{api}/.env.example"):
        assert (root / example).is_file() and not ignored(example), example
    # create-next-app's own `.env*` hid the example: authgen un-hides it there.
    assert (root / web / ".gitignore").read_text().endswith("!/.env.example\n")
    shutil.rmtree(root.parent, ignore_errors=True)


def test_manifests_list_what_the_generated_code_imports(project):
    roots = project["roots"]
    requirements = (roots["api"] / "api" / "requirements.txt").read_text()
    assert requirements.startswith("fastapi\nuvicorn\n") and "pyjwt[crypto]" in requirements
    for folder in ("server", "edge"):
        pkg = json.loads((roots[folder] / folder / "package.json").read_text())
        assert pkg["dependencies"]["express"] == "^5.1.0", "the owner's version stays"
        assert "jose" in pkg["dependencies"] and "@types/express" in pkg["devDependencies"]
    # ts-node maps no `.js` import to a .ts file; NodeNext needs the suffix.
    assert re.search(r'from "\./verify-token";', (roots["server"] / "server/src/auth/require-auth.ts").read_text())
    assert re.search(r'from "\./verify-token\.js";', (roots["edge"] / "edge/src/auth/require-auth.ts").read_text())
    assert re.search(r'from "\./verify-token";', (roots["nest"] / "apps/api/src/auth/jwt-auth.guard.ts").read_text())
    nest = json.loads((roots["nest"] / "apps/api/package.json").read_text())
    assert nest["dependencies"] == {"jose": "^6.1.0"}, "the hoisted @nestjs packages are not repeated"
    assert "cd edge && npm run dev" in (roots["edge"] / "docs/auth/SETUP.md").read_text()
    assert "cd api && uvicorn app.main:app" in (roots["api"] / "docs/auth/SETUP.md").read_text()


def test_a_user_signs_up_and_every_backend_accepts_the_token(project):
    app_url, web = project["app_url"], project["roots"]["api"] / "web"
    env = {**read_env(web / ".env.local"), "NEXT_TELEMETRY_DISABLED": "1", "NEXT_FONT_GOOGLE_MOCKED_RESPONSES": str(FONT_MOCK)}
    sh([str(BIN / "next"), "build"], web, env)
    sh([str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(web / "src" / "lib" / "auth.ts"), "migrate"], web, env, timeout=120)
    next_server = Server("next", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(project["app_port"])], web, env, web / "next.log")
    project["servers"].append(next_server)
    next_server.wait_http(f"{app_url}/api/auth/ok")

    signup = httpx.post(f"{app_url}/api/auth/sign-up/email", json={"email": "ada@example.com", "password": "correct-horse-battery", "name": "Ada"}, headers={"Origin": app_url}, timeout=15)
    assert signup.status_code == 200, signup.text
    cookie = signup.cookies["better-auth.session_token"]
    token = httpx.get(f"{app_url}/api/auth/token", cookies={"better-auth.session_token": cookie}, timeout=15).json()["token"]

    starts = {
        "api": [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"],
        "server": [str(RUNNERS / "ts-node"), "src/server.ts"],
        "edge": [str(BIN / "tsx"), "src/server.ts"],
        # What `nest start` does: compile with the project's tsconfig, then run dist/main.js.
        "nest": ["node", "dist/main.js"],
    }
    for folder, args in starts.items():
        root = project["roots"][folder]
        add_route(root, folder)
        port = free_port()
        args = [*args, "--port", str(port)] if folder == "api" else args
        api = root / API[folder]
        if folder == "nest":
            sh([str(RUNNERS / "tsc"), "-p", "tsconfig.json"], api)
        backend_env = {**read_env(api / ".env"), "PORT": str(port)}
        if folder == "server":
            # The project's typescript would be ../node's TypeScript 7, which has no compiler API for ts-node.
            backend_env["TS_NODE_COMPILER"] = str(E2E / "runners" / "node_modules" / "typescript")
        server = Server(folder, args, api, backend_env, root / f"{folder}.log")
        project["servers"].append(server)
        server.wait_http(f"http://127.0.0.1:{port}/me", timeout=90)
        mine = httpx.get(f"http://127.0.0.1:{port}/me", headers={"Authorization": f"Bearer {token}"}, timeout=15)
        assert mine.status_code == 200, f"{folder}: {mine.text}\n{server.log.read_text()[-2000:]}"
        assert mine.json()["email"] == "ada@example.com"
        assert httpx.get(f"http://127.0.0.1:{port}/me", timeout=15).status_code == 401, folder


def test_a_javascript_app_gets_javascript_that_builds_and_signs_up():
    """create-next-app --js: authgen writes .js files from the same templates, without types."""
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="authgen-js-", dir=work))
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    server = None
    try:
        sh([str(BIN / "create-next-app"), "app", "--js", "--tailwind", "--app", "--no-src-dir", "--eslint", "--import-alias", "@/*",
            "--use-npm", "--skip-install", "--yes", "--disable-git", "--no-agent-feedback"], root, {"CI": "1"}, timeout=120)
        app = root / "app"
        run = sh([str(AUTHGEN), "init", "--yes", "--arch", "monolithic", "--db", "sqlite", "--app-url", app_url], app, {"NO_COLOR": "1"})
        assert "Language        JavaScript" in run.stdout, run.stdout
        for file in ("lib/auth.js", "lib/auth-client.js", "app/api/auth/[...all]/route.js", "proxy.js"):
            assert (app / file).is_file(), file
        assert not list(app.rglob("lib/*.ts")), "no TypeScript in a JavaScript app"
        generated = [str(app / f) for f in ("lib/auth.js", "lib/auth-client.js", "app/api/auth/[...all]/route.js", "proxy.js")]
        sh([str(BIN / "prettier"), "--check", *generated], app)
        env = {**read_env(app / ".env.local"), "NEXT_TELEMETRY_DISABLED": "1", "NEXT_FONT_GOOGLE_MOCKED_RESPONSES": str(FONT_MOCK)}
        sh([str(BIN / "next"), "build"], app, env)
        sh([str(BIN / "tsx"), str(NODE / "auth-server.ts"), str(app / "lib" / "auth.js"), "migrate"], app, env, timeout=120)
        server = Server("next-js", [str(BIN / "next"), "start", "-H", "127.0.0.1", "-p", str(port)], app, env, root / "next.log")
        server.wait_http(f"{app_url}/api/auth/ok")
        signup = httpx.post(f"{app_url}/api/auth/sign-up/email", json={"email": "js@example.com", "password": "correct-horse-battery", "name": "Js"}, headers={"Origin": app_url}, timeout=15)
        assert signup.status_code == 200, signup.text
        guarded = httpx.get(f"{app_url}/dashboard", follow_redirects=False, timeout=15)
        assert guarded.status_code in (307, 308) and "/sign-in" in guarded.headers["location"], guarded.status_code
    finally:
        if server:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
