//! `authgen doctor --fix`: the diff first, `--dry-run` writes nothing, the
//! fixes go through init's journaled apply, what remains sets the exit code,
//! a file that does not parse is never touched, and a second run changes
//! nothing.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn authgen(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::cargo_bin("authgen").unwrap();
    command.current_dir(dir).args(args).env("NO_COLOR", "1").env_remove("CI");
    for (k, v) in envs {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const NEON: &str = "postgres://u:hunter2-secret@ep-1.eu-central-1.aws.neon.tech/db";

/// A Next 16 app with four mistakes that have fixes.
fn broken() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "package.json", r#"{"name":"web","dependencies":{"next":"16.0.0","better-auth":"1.7.29"}}"#);
    write(
        d,
        "lib/auth.ts",
        "import { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL });\n",
    );
    write(
        d,
        "lib/auth-client.ts",
        "import { createAuthClient } from \"better-auth/react\";\n\nexport const authClient = createAuthClient({\n  baseURL: process.env.NEXT_PUBLIC_APP_URL,\n});\nexport const jwt = async () => (await authClient.token()).data?.token;\n",
    );
    write(
        d,
        "app/api/auth/[...all]/route.ts",
        "import { auth } from \"@/lib/auth\";\n\nexport const { GET, POST } = auth;\n",
    );
    write(
        d,
        "middleware.ts",
        "import { NextRequest, NextResponse } from \"next/server\";\nimport { getSessionCookie } from \"better-auth/cookies\";\n\nexport function middleware(request: NextRequest) {\n  return getSessionCookie(request) ? NextResponse.next() : NextResponse.redirect(new URL(\"/sign-in\", request.url));\n}\n",
    );
    write(
        d,
        ".env.local",
        &format!(
            "BETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef\nBETTER_AUTH_URL=http://localhost:3000\nDATABASE_URL=\"{NEON}\"\n"
        ),
    );
    write(d, ".env.example", "BETTER_AUTH_SECRET=\nBETTER_AUTH_URL=\nDATABASE_URL=\n");
    write(d, ".gitignore", ".env*.local\n");
    dir
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir(dir) {
        out.push((entry.clone(), fs::read_to_string(dir.join(&entry)).unwrap_or_default()));
    }
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().to_string());
            }
        }
    }
    out
}

#[test]
fn dry_run_shows_the_diff_without_secrets_and_writes_nothing() {
    let dir = broken();
    let before = snapshot(dir.path());
    let (code, stdout, stderr) = authgen(dir.path(), &["doctor", "--fix", "--dry-run"], &[]);
    assert_eq!(code, 1, "errors remain until the fixes are written: {stdout}{stderr}");
    assert!(stdout.contains("+ export const { GET, POST } = toNextJsHandler(auth);"), "{stdout}");
    assert!(stdout.contains("+   plugins: [jwtClient()],"), "{stdout}");
    assert!(stdout.contains("rename middleware.ts -> proxy.ts"), "{stdout}");
    assert!(stdout.contains("DATABASE_URL=… (value hidden)"), "{stdout}");
    assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"), "a secret was printed: {stdout}");
    assert_eq!(snapshot(dir.path()), before, "--dry-run wrote something");
}

#[test]
fn fix_repairs_every_mechanical_finding_and_a_second_run_changes_nothing() {
    let dir = broken();
    let (code, stdout, stderr) = authgen(dir.path(), &["doctor", "--fix"], &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("0 error(s)"), "{stdout}");
    let d = dir.path();
    let route = fs::read_to_string(d.join("app/api/auth/[...all]/route.ts")).unwrap();
    assert!(route.contains("import { toNextJsHandler } from \"better-auth/next-js\";"), "{route}");
    assert!(route.contains("= toNextJsHandler(auth);"), "{route}");
    let client = fs::read_to_string(d.join("lib/auth-client.ts")).unwrap();
    assert!(client.contains("plugins: [jwtClient()]") && client.contains("from \"better-auth/client/plugins\""));
    assert!(!d.join("middleware.ts").exists());
    assert!(fs::read_to_string(d.join("proxy.ts")).unwrap().contains("export function proxy(request: NextRequest)"));
    let env = fs::read_to_string(d.join(".env.local")).unwrap();
    assert!(env.contains(&format!("DATABASE_URL=\"{NEON}?sslmode=require\"")), "the value is kept, quoted: {env}");
    assert!(!d.join(".authgen/journal.json").exists());
    let after = snapshot(d);
    let (code, stdout, _) = authgen(d, &["doctor", "--fix"], &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("nothing to fix automatically"), "{stdout}");
    assert_eq!(snapshot(d), after, "a second --fix changed something");
}

#[test]
fn json_findings_carry_the_fix_as_structured_edits() {
    let dir = broken();
    let (_, stdout, _) = authgen(dir.path(), &["doctor", "--json"], &[]);
    let findings: Vec<Value> = serde_json::from_str(&stdout).unwrap();
    let route = findings.iter().find(|f| f["id"] == "route-handler-wrong").unwrap();
    let edits = route["autofix"]["edits"].as_array().unwrap();
    assert_eq!(route["autofix"]["safety"], "safe");
    let wrap = edits.iter().find(|e| e["replacement"] == "toNextJsHandler(auth)").unwrap();
    assert_eq!((wrap["start_line"].as_u64(), wrap["start_column"].as_u64()), (Some(3), Some(30)));
    let text = fs::read_to_string(dir.path().join("app/api/auth/[...all]/route.ts")).unwrap();
    let (start, end) = (wrap["start"].as_u64().unwrap() as usize, wrap["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], "auth");
    let rename = &findings.iter().find(|f| f["id"] == "middleware-renamed").unwrap()["autofix"]["rename"];
    assert_eq!((rename["from"].as_str(), rename["to"].as_str()), (Some("middleware.ts"), Some("proxy.ts")));
    let without = findings.iter().find(|f| f["id"] == "env-example-missing" || f["id"] == "secret-short");
    assert!(without.is_none_or(|f| f.get("autofix").is_none()));
}

#[test]
fn a_file_that_does_not_parse_is_left_alone_and_the_rest_is_fixed() {
    let dir = broken();
    let d = dir.path();
    let broken_client = "import { createAuthClient } from \"better-auth/react\";\nexport const authClient = createAuthClient({\n  baseURL: process.env.NEXT_PUBLIC_APP_URL,\n};\nexport const jwt = async () => (await authClient.token()).data?.token;\n";
    write(d, "lib/auth-client.ts", broken_client);
    let (code, stdout, stderr) = authgen(d, &["doctor", "--fix"], &[]);
    assert_eq!(fs::read_to_string(d.join("lib/auth-client.ts")).unwrap(), broken_client);
    assert!(fs::read_to_string(d.join("app/api/auth/[...all]/route.ts")).unwrap().contains("toNextJsHandler(auth)"));
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
}

#[test]
fn an_interrupted_fix_is_finished_by_the_next_run() {
    let dir = broken();
    let d = dir.path();
    let (code, _, _) = authgen(d, &["doctor", "--fix"], &[("AUTHGEN_TEST_CRASH_AFTER", "6")]);
    assert_eq!(code, 86, "the test switch ends the process mid-write");
    let (code, stdout, stderr) = authgen(d, &["doctor", "--fix"], &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("interrupted earlier run"), "{stderr}");
    assert!(fs::read_to_string(d.join("proxy.ts")).unwrap().contains("export function proxy"));
    assert!(!d.join("middleware.ts").exists());
    assert!(fs::read_to_string(d.join("app/api/auth/[...all]/route.ts")).unwrap().contains("toNextJsHandler(auth)"));
}

#[test]
fn a_generated_project_has_nothing_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, _, stderr) =
        authgen(d, &["init", "--no-input", "--arch", "separate", "--db", "sqlite", "--backend", "fastapi"], &[]);
    assert_eq!(code, 0, "{stderr}");
    let before = snapshot(d);
    let (code, stdout, _) = authgen(d, &["doctor", "--fix"], &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("nothing to fix automatically"), "{stdout}");
    assert_eq!(snapshot(d), before);
}

#[test]
fn fix_json_reports_what_was_fixed_and_what_remains() {
    let dir = broken();
    let d = dir.path();
    // This route handler does not parse: it gets no fix.
    write(
        d,
        "app/api/auth/[...all]/route.ts",
        "import { auth } from \"@/lib/auth\";\n\nexport const { GET, POST } = auth;\n}\n",
    );
    let (code, stdout, stderr) = authgen(d, &["doctor", "--fix", "--json"], &[]);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("not JSON: {stdout}{stderr}"));
    let fixed: Vec<&str> = report["fixed"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(fixed.contains(&"jwt-client-missing") && fixed.contains(&"neon-ssl"), "{report:#}");
    assert!(!fixed.contains(&"route-handler-wrong"), "{report:#}");
    let files: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(files.contains(&"proxy.ts") && files.contains(&"middleware.ts"), "{report:#}");
    assert!(report["findings"].is_array());
    assert!(code == 0 || code == 1, "{stderr}");
}
