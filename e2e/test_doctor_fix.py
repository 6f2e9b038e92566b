"""`authgen doctor --fix` on a hand-written Next.js 16 integration with one
mistake per fixable TypeScript rule: afterwards strict `tsc --noEmit` passes
against the real packages (better-auth, next), doctor finds none of the
fixed mistakes, and a second `--fix` changes nothing."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import AUTHGEN, BIN, E2E, NODE, link_node_modules

FILES = {
    "package.json": json.dumps({"name": "web", "private": True, "dependencies": {"next": "16.4.6", "better-auth": "1.7.25"}}),
    "lib/auth.ts": """import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { jwt } from "better-auth/plugins";

export const auth = betterAuth({
  baseUrl: process.env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true },
  plugins: [
    nextCookies(),
    jwt(),
  ],
});
""",
    "lib/auth-client.ts": """import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({
  baseURL: process.env.NEXT_PUBLIC_APP_URL,
});

export async function apiToken(): Promise<string | undefined> {
  const { data } = await authClient.token();
  return data?.token;
}
""",
    "app/api/auth/[...all]/route.ts": """import { auth } from "@/lib/auth";

export const { GET, POST } = auth;
""",
    "middleware.ts": """import { NextResponse, type NextRequest } from "next/server";

export function middleware(request: NextRequest) {
  const session = request.cookies.get("better-auth.session_token")?.value;
  if (!session) {
    return NextResponse.redirect(new URL("/sign-in", request.url));
  }
  return NextResponse.next();
}

export const config = { matcher: ["/dashboard/:path*"] };
""",
    ".env.example": "BETTER_AUTH_SECRET=\nBETTER_AUTH_URL=\nNEXT_PUBLIC_APP_URL=\n",
    ".gitignore": ".env*.local\nnode_modules\n",
}

FIXED = ["unknown-option", "next-cookies-not-last", "jwt-client-missing", "route-handler-wrong", "cookie-name-literal", "middleware-renamed"]


def doctor(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(AUTHGEN), "doctor", *args], cwd=root, capture_output=True, text=True, timeout=60, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in root.rglob("*") if p.is_file() and "node_modules" not in p.parts}


def test_fixed_typescript_type_checks_and_a_second_fix_changes_nothing():
    work = NODE / ".work"
    work.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="authgen-fix-", dir=work))
    try:
        for rel, text in FILES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        link_node_modules(root)
        shutil.copy(E2E / "apps" / "tsconfig.frontend.json", root / "tsconfig.json")
        broken = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=root, capture_output=True, text=True, timeout=300)
        assert broken.returncode != 0 and "Property 'GET' does not exist" in broken.stdout, broken.stdout[-2000:]
        before = json.loads(doctor(root, "--json").stdout)
        ids = {f["id"] for f in before if f.get("autofix")}
        assert set(FIXED) <= ids, before

        fixed = doctor(root, "--fix")
        assert fixed.returncode == 0, fixed.stdout + fixed.stderr
        after = json.loads(doctor(root, "--json").stdout)
        assert not {f["id"] for f in after} & set(FIXED), after

        typecheck = subprocess.run([str(BIN / "tsc"), "-p", "."], cwd=root, capture_output=True, text=True, timeout=300)
        assert typecheck.returncode == 0, typecheck.stdout[-3000:] + "\n" + "\n".join(f"--- {k}\n{v}" for k, v in tree(root).items() if k.endswith(".ts"))

        snapshot = tree(root)
        again = doctor(root, "--fix")
        assert again.returncode == 0 and "nothing to fix automatically" in again.stdout, again.stdout
        assert tree(root) == snapshot
    finally:
        shutil.rmtree(root, ignore_errors=True)
