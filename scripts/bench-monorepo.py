#!/usr/bin/env python3
"""Times `authgen init --dry-run --yes` on a synthetic 3,600-file monorepo.

Usage: python3 scripts/bench-monorepo.py [AUTHGEN_BINARY] [FOLDER] [EXTRA INIT FLAGS...]

The monorepo (built once in FOLDER, default /tmp/authgen-bench-monorepo) is
shaped like the largest real ones authgen is run on: a pnpm/turbo workspace
with a Next.js app (1,200 source files, Supabase, a `next dev -p` script, a
rewrite to the API), a FastAPI API (600 modules, a Makefile with its port),
20 workspace packages (one holding a Better Auth config, so the search for
existing Better Auth code runs over the app and the packages) and 6,000
files under node_modules that the scan must skip. Prints the median of 31
runs (after 3 warm-up runs) in milliseconds.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 31


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def build(root: Path) -> int:
    done = root / ".complete"
    if done.exists():
        return int(done.read_text())
    write(root / "package.json", '{"private": true, "packageManager": "pnpm@10.1.0", "scripts": {"dev": "turbo dev"}}')
    write(root / "pnpm-workspace.yaml", "packages:\n  - apps/*\n  - packages/*\n")
    write(root / "pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
    write(root / "turbo.json", '{"tasks": {"dev": {"cache": false}}}')
    write(root / ".gitignore", "node_modules\n.next\ndist\n.env*.local\n")
    write(root / "Makefile", "api:\n\tcd apps/api && uv run uvicorn app.main:app --reload --port 8001\n")
    web = root / "apps/web"
    write(
        web / "package.json",
        '{"name": "@acme/web", "private": true, "scripts": {"dev": "next dev -p 3001", "build": "next build"},'
        ' "dependencies": {"next": "16.4.6", "react": "19.3.0", "react-dom": "19.3.0", "@supabase/ssr": "^0.7.0",'
        ' "@acme/auth": "workspace:*", "@acme/ui": "workspace:*"}, "devDependencies": {"typescript": "^5"}}',
    )
    write(web / "tsconfig.json", '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}')
    write(
        web / "next.config.mjs",
        "export default { async rewrites() { return [{ source: '/api/:path*', destination: 'http://localhost:8001/:path*' }]; } };\n",
    )
    write(web / ".env.example", "NEXT_PUBLIC_SUPABASE_URL=\nNEXT_PUBLIC_API_URL=http://localhost:8001\n")
    files = 8
    for i in range(1200):
        folder = ["app/(app)/section", "components/widgets", "lib/util", "hooks"][i % 4]
        write(web / f"src/{folder}{i // 40}/file{i}.tsx", f"export function C{i}() {{ return null; }}\n")
        files += 1
    api = root / "apps/api"
    write(api / "pyproject.toml", '[project]\nname = "api"\ndependencies = ["fastapi", "uvicorn"]\n')
    write(api / "uv.lock", "version = 1\n")
    write(api / "app/__init__.py", "")
    write(api / "app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
    files += 4
    for i in range(600):
        write(api / f"app/routers/r{i // 30}/m{i}.py", f"def handler_{i}():\n    return {i}\n")
        files += 1
    for p in range(20):
        pkg = root / f"packages/pkg{p}"
        name = "auth" if p == 0 else f"pkg{p}"
        deps = '"better-auth": "^1.4.0"' if p == 0 else '"react": "19.3.0"'
        write(pkg / "package.json", f'{{"name": "@acme/{name}", "private": true, "dependencies": {{{deps}}}}}')
        write(pkg / "tsconfig.json", "{}")
        files += 2
        for i in range(88):
            text = f"export const value{i} = {i};\n"
            if p == 0 and i == 0:
                text = 'import { betterAuth } from "better-auth";\nexport const auth = betterAuth({});\n'
            write(pkg / f"src/part{i // 22}/f{i}.ts", text)
            files += 1
    for i in range(600):
        for j in range(10):
            write(root / f"node_modules/.pnpm/dep{i}/node_modules/dep{i}/f{j}.js", "module.exports = {};\n")
    done.write_text(str(files))
    return files


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/authgen"
    root = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/authgen-bench-monorepo")
    files = build(root)
    command = [binary, "init", "--dry-run", "--yes", "--dir", str(root), *sys.argv[3:]]
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CI", None)
    times = []
    for run in range(RUNS + 3):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        if run >= 3:
            times.append((time.perf_counter() - start) * 1000)
    print(f"{files} files (+6,000 under node_modules): median {statistics.median(times):.2f} ms, "
          f"min {min(times):.2f} ms, max {max(times):.2f} ms over {RUNS} runs")


if __name__ == "__main__":
    main()
