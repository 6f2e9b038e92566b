//! `cargo bench --bench doctor`: wall time of `authgen doctor --json` on a
//! synthetic 5,000-file monorepo of source files (a Next.js app with Better
//! Auth, a FastAPI backend, shared packages) where every file mentions the
//! session or a token and one in ten handles a bearer token, so doctor parses
//! it. Target: median under 100 ms.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: usize = 21;

fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// apps/web (Next.js + Better Auth), services/api (FastAPI), packages/ui:
/// 5,000 source files, all mentioning a session or a token.
fn repository(root: &Path) -> usize {
    let _ = fs::remove_dir_all(root);
    put(root, "package.json", r#"{"private": true, "workspaces": ["apps/*", "packages/*"]}"#);
    put(root, "apps/web/package.json", r#"{"dependencies": {"next": "16.4.6", "better-auth": "1.7.25"}}"#);
    put(
        root,
        "apps/web/lib/auth.ts",
        "import { betterAuth } from \"better-auth\";\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL, plugins: [jwt()] });\n",
    );
    put(
        root,
        "apps/web/app/api/auth/[...all]/route.ts",
        "import { toNextJsHandler } from \"better-auth/next-js\";\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = toNextJsHandler(auth);\n",
    );
    put(root, "apps/web/.env.example", "BETTER_AUTH_SECRET=\nBETTER_AUTH_URL=http://localhost:3000\n");
    put(root, "services/api/requirements.txt", "fastapi\npyjwt[crypto]\n");
    let mut files = 6;
    for i in 0..2_000 {
        let body = format!(
            "import {{ authClient }} from \"@/lib/auth-client\";\n\nexport function Widget{i}() {{\n  const session = authClient.useSession();\n  const rows = [{i}, {i} + 1, {i} + 2].map((n) => n * 2);\n  return <div data-user={{session.data?.user.id}}>{{rows.join(\", \")}}</div>;\n}}\n"
        );
        // One in ten also calls the API with a bearer token, so doctor parses it.
        let body = if i % 10 == 0 {
            format!(
                "{body}\nexport const load{i} = (token: string) =>\n  fetch(\"/api/items/{i}\", {{ headers: {{ Authorization: `Bearer ${{token}}` }} }});\n"
            )
        } else {
            body
        };
        put(root, &format!("apps/web/components/w{}/widget{i}.tsx", i % 40), &body);
    }
    for i in 0..2_000 {
        let body = format!(
            "from fastapi import APIRouter, Depends\n\nfrom ..auth import verify\n\nrouter = APIRouter()\n\n\n@router.get(\"/items/{i}\")\ndef item_{i}(claims: dict = Depends(verify)) -> dict:\n    token_owner = claims[\"sub\"]\n    return {{\"id\": {i}, \"owner\": token_owner}}\n"
        );
        let body = if i % 10 == 0 {
            format!("{body}\n\ndef owner_{i}(request):\n    return request.headers.get(\"authorization\")\n")
        } else {
            body
        };
        put(root, &format!("services/api/app/routes/r{}/item_{i}.py", i % 40), &body);
    }
    for i in 0..994 {
        put(
            root,
            &format!("packages/ui/src/c{}/part{i}.ts", i % 20),
            &format!("export const part{i} = (session: unknown) => [{i}, session];\n"),
        );
    }
    files += 4_994;
    files
}

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-doctor");
    let files = repository(&root);
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_authgen"))
                .args(["doctor", "--json", "--dir"])
                .arg(&root)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.code().is_some_and(|c| c <= 1), "doctor failed: {status}");
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[RUNS / 2];
    println!("doctor on {files} source files: median {median:.1} ms over {RUNS} runs");
    println!("median < 100 ms: {}", if median < 100.0 { "ok" } else { "MISSED" });
}
