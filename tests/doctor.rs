//! `authgen doctor`: each mistake, written the way hand-written integrations
//! write it, gives its finding at the right line; every generated
//! configuration gives none.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn authgen(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("authgen")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A freshly generated project: separate FastAPI backend unless `args` say otherwise.
fn generated(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["init", "--no-input", "--arch", "separate"];
    if !args.contains(&"--db") {
        all.extend(["--db", "postgres"]);
    }
    if !args.contains(&"--backend") {
        all.extend(["--backend", "fastapi"]);
    }
    all.extend(args);
    let (code, _, stderr) = authgen(dir.path(), &all);
    assert_eq!(code, 0, "{stderr}");
    dir
}

fn findings(dir: &Path) -> (i32, Vec<Value>) {
    let (code, stdout, stderr) = authgen(dir, &["doctor", "--json"]);
    let findings: Vec<Value> = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("not JSON: {stdout} {stderr}"));
    (code, findings)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn replace_line(dir: &Path, rel: &str, starts: &str, with: &str) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<String> =
        text.lines().map(|l| if l.starts_with(starts) { with.to_string() } else { l.to_string() }).collect();
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn line_of(dir: &Path, rel: &str, starts: &str) -> u64 {
    let text = fs::read_to_string(dir.join(rel)).unwrap();
    text.lines().position(|l| l.starts_with(starts)).unwrap() as u64 + 1
}

/// Asserts the finding `id` at `file:line` (line 0: any) with `severity`.
fn expect(dir: &Path, id: &str, severity: &str, file: Option<&str>, line: u64) {
    let (code, found) = findings(dir);
    let hit = found
        .iter()
        .find(|f| f["id"] == id && file.is_none_or(|file| f["file"] == file))
        .unwrap_or_else(|| panic!("no {id} at {file:?} in {found:#?}"));
    assert_eq!(hit["severity"], severity, "{hit}");
    if line > 0 {
        assert_eq!(hit["line"], line, "{hit}");
    }
    assert_eq!(code, if found.iter().any(|f| f["severity"] == "error") { 1 } else { 0 });
}

const HS256_VERIFIER: &str = "\
import os

import jwt

SHARED_SECRET = os.getenv(\"BETTER_AUTH_SECRET\")


def user_id_from(token: str) -> str:
    claims = jwt.decode(token, SHARED_SECRET, algorithms=[\"HS256\"])
    return claims[\"sub\"]
";

#[test]
fn hs256_and_the_shared_secret_in_the_backend() {
    let d = generated(&[]);
    write(d.path(), "backend/app/security.py", HS256_VERIFIER);
    expect(d.path(), "backend-uses-secret", "error", Some("backend/app/security.py"), 9);
    // One mistake, one finding: the secret's HS256 path never sees a jwt-plugin
    // token, so it is not also an algorithm mismatch or a missing audience/issuer.
    let ids: Vec<Value> = findings(d.path()).1.iter().map(|f| f["id"].clone()).collect();
    for other in ["alg-mismatch", "pyjwt-audience-missing", "claims-unchecked"] {
        assert!(!ids.contains(&other.into()), "{other}: {ids:?}");
    }
}

#[test]
fn backend_algorithms_without_the_apps_algorithm() {
    let d = generated(&["--jwt-alg", "ES256"]);
    replace_line(d.path(), "backend/.env", "AUTH_JWT_ALGORITHMS=", "AUTH_JWT_ALGORITHMS=EdDSA");
    expect(d.path(), "alg-mismatch", "error", Some("backend/app/auth/verifier.py"), 0);
}

#[test]
fn wrong_jwks_urls() {
    let d = generated(&[]);
    write(
        d.path(),
        "backend/app/keys.py",
        "from jwt import PyJWKClient\n\nAPP = \"http://localhost:3000\"\nkeys = PyJWKClient(f\"{APP}/api/auth/.well-known/jwks.json\")\n",
    );
    expect(d.path(), "jwks-url", "error", Some("backend/app/keys.py"), 4);

    let d = generated(&[]);
    fs::write(
        d.path().join("backend/.env"),
        format!(
            "{}AUTH_JWKS_URL=http://localhost:3000/jwks\n",
            fs::read_to_string(d.path().join("backend/.env")).unwrap()
        ),
    )
    .unwrap();
    expect(d.path(), "jwks-url", "error", Some("backend/.env"), line_of(d.path(), "backend/.env", "AUTH_JWKS_URL="));

    let d = generated(&[]);
    write(d.path(), "backend/.env.production", "BETTER_AUTH_URL=http://localhost:3000\n");
    write(d.path(), ".gitignore", "/frontend/.env.local\n/backend/.env\n/backend/.env.production\n");
    expect(d.path(), "localhost-in-production", "error", Some("backend/.env.production"), 1);
}

#[test]
fn issuer_audience_and_cors_that_differ_from_the_app() {
    let d = generated(&[]);
    fs::write(
        d.path().join("backend/.env"),
        format!("{}AUTH_AUDIENCE=my-app\n", fs::read_to_string(d.path().join("backend/.env")).unwrap()),
    )
    .unwrap();
    expect(d.path(), "issuer-audience-mismatch", "error", Some("backend/app/auth/verifier.py"), 0);

    let d = generated(&[]);
    replace_line(d.path(), "backend/.env", "CORS_ORIGINS=", "CORS_ORIGINS=http://localhost:5173");
    expect(d.path(), "cors-origin", "error", None, 0);

    let d = generated(&[]);
    write(
        d.path(),
        "backend/app/main.py",
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=[\"http://localhost:5173\"])\n",
    );
    expect(d.path(), "cors-origin", "error", Some("backend/app/main.py"), 5);
}

#[test]
fn app_config_without_base_url_or_jwt_plugins() {
    let d = generated(&[]);
    write(
        d.path(),
        "frontend/lib/auth.ts",
        "import { betterAuth } from \"better-auth\";\nimport { Pool } from \"pg\";\n\nexport const auth = betterAuth({\n  database: new Pool({ connectionString: process.env.DATABASE_URL }),\n  emailAndPassword: { enabled: true },\n  plugins: [],\n});\n",
    );
    expect(d.path(), "jwt-plugin-missing", "error", Some("frontend/lib/auth.ts"), 4);
    // Without the jwt plugin there is no issuer, so no word about baseURL.
    assert!(!findings(d.path()).1.iter().any(|f| f["id"] == "no-base-url"));

    let d = generated(&[]);
    write(
        d.path(),
        "frontend/lib/auth-client.ts",
        "import { createAuthClient } from \"better-auth/react\";\n\nexport const authClient = createAuthClient({});\n",
    );
    expect(d.path(), "jwt-client-missing", "error", Some("frontend/lib/auth-client.ts"), 3);
}

#[test]
fn get_token_and_tokens_in_local_storage() {
    let d = generated(&[]);
    write(
        d.path(),
        "frontend/lib/session.ts",
        "import { authClient } from \"./auth-client\";\n\nexport async function saveToken() {\n  const { data } = await authClient.getToken();\n  localStorage.setItem(\"better_auth_jwt\", data.token);\n}\n",
    );
    expect(d.path(), "get-token", "error", Some("frontend/lib/session.ts"), 4);
    expect(d.path(), "token-in-localstorage", "warning", Some("frontend/lib/session.ts"), 5);
}

#[test]
fn route_handler_wrong_or_missing() {
    let d = generated(&[]);
    write(
        d.path(),
        "frontend/app/api/auth/[...all]/route.ts",
        "import { auth } from \"../../../../lib/auth\";\n\nexport const { GET, POST } = auth;\n",
    );
    expect(d.path(), "route-handler-wrong", "error", Some("frontend/app/api/auth/[...all]/route.ts"), 3);

    let d = generated(&[]);
    fs::remove_file(d.path().join("frontend/app/api/auth/[...all]/route.ts")).unwrap();
    expect(d.path(), "route-handler-missing", "error", None, 0);
}

#[test]
fn secrets_missing_short_different_or_public() {
    let d = generated(&[]);
    replace_line(d.path(), "frontend/.env.local", "BETTER_AUTH_SECRET=", "BETTER_AUTH_SECRET=too-short");
    expect(
        d.path(),
        "secret-short",
        "warning",
        Some("frontend/.env.local"),
        line_of(d.path(), "frontend/.env.local", "BETTER_AUTH_SECRET="),
    );

    let d = generated(&[]);
    replace_line(d.path(), "frontend/.env.local", "BETTER_AUTH_SECRET=", "# no secret");
    // A fresh clone: no local value, but the committed example names the key.
    // That is the correct state of every clone, so it is not a finding.
    let (code, found) = findings(d.path());
    assert!(found.iter().all(|f| f["id"] != "secret-missing"), "{found:#?}");
    assert_eq!(code, 0);
    fs::remove_file(d.path().join("frontend/.env.example")).unwrap();
    expect(d.path(), "secret-missing", "warning", Some("frontend/lib/auth.ts"), 0);

    let d = generated(&[]);
    write(d.path(), "frontend/.env", "BETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef0123456789\n");
    write(d.path(), ".gitignore", "/frontend/.env.local\n/frontend/.env\n/backend/.env\n");
    expect(d.path(), "secret-differs", "error", None, 0);

    let d = generated(&[]);
    let env = fs::read_to_string(d.path().join("frontend/.env.local")).unwrap();
    fs::write(d.path().join("frontend/.env.local"), format!("{env}NEXT_PUBLIC_BETTER_AUTH_SECRET=abc\n")).unwrap();
    expect(
        d.path(),
        "secret-public",
        "error",
        Some("frontend/.env.local"),
        line_of(d.path(), "frontend/.env.local", "NEXT_PUBLIC_BETTER"),
    );
}

#[test]
fn env_files_not_ignored_and_no_example() {
    let d = generated(&[]);
    fs::write(d.path().join(".gitignore"), "node_modules\n").unwrap();
    fs::remove_file(d.path().join("frontend/.env.example")).unwrap();
    expect(d.path(), "env-not-ignored", "error", Some("frontend/.env.local"), 0);

    let d = generated(&[]);
    fs::remove_file(d.path().join("frontend/.env.example")).unwrap();
    expect(d.path(), "env-example-missing", "info", Some("frontend/.env.example"), 0);
}

#[test]
fn neon_without_ssl() {
    let d = generated(&["--db", "neon"]);
    replace_line(
        d.path(),
        "frontend/.env.local",
        "DATABASE_URL=",
        "DATABASE_URL=postgresql://u:p@ep-x-1.us-east-2.aws.neon.tech/neondb",
    );
    expect(
        d.path(),
        "neon-ssl",
        "error",
        Some("frontend/.env.local"),
        line_of(d.path(), "frontend/.env.local", "DATABASE_URL="),
    );
}

#[test]
fn python_jose_for_eddsa_and_pyjwt_without_crypto() {
    let d = generated(&[]);
    write(
        d.path(),
        "backend/app/legacy.py",
        "from jose import jwt\n\n\ndef read(token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"x\", issuer=\"y\")\n",
    );
    write(d.path(), "backend/requirements.txt", "fastapi\nPyJWT==2.8.0\n");
    expect(d.path(), "python-jose-eddsa", "error", Some("backend/app/legacy.py"), 5);
    expect(d.path(), "pyjwt-without-crypto", "error", Some("backend/requirements.txt"), 2);
}

#[test]
fn next_16_with_middleware_instead_of_proxy() {
    let d = generated(&[]);
    write(d.path(), "frontend/package.json", "{\"dependencies\": {\"next\": \"16.4.6\"}}\n");
    fs::remove_file(d.path().join("frontend/proxy.ts")).unwrap();
    write(d.path(), "frontend/middleware.ts", "export function middleware() {}\n");
    expect(d.path(), "middleware-renamed", "info", Some("frontend/middleware.ts"), 0);
}

#[test]
fn every_generated_configuration_has_no_finding_and_nothing_to_fix() {
    let dbs = ["neon", "supabase", "turso", "postgres", "mysql", "sqlite"];
    let mut configs: Vec<Vec<&str>> = Vec::new();
    for db in dbs {
        configs.push(vec!["--arch", "monolithic", "--db", db, "--src-dir", "--frontend-dir", "."]);
        configs.push(vec!["--arch", "monolithic", "--db", db, "--no-src-dir", "--frontend-dir", "."]);
    }
    for (i, backend) in ["fastapi", "express", "nestjs", "other"].into_iter().enumerate() {
        for (j, db) in dbs.into_iter().enumerate() {
            let alg = ["EdDSA", "ES256", "RS256", "ES512", "PS256"][(i + j) % 5];
            let src = if (i + j) % 2 == 0 { "--src-dir" } else { "--no-src-dir" };
            configs.push(vec!["--arch", "separate", "--backend", backend, "--db", db, "--jwt-alg", alg, src]);
        }
    }
    // The account flows rotate through the configurations too.
    let flows: [&[&str]; 6] = [
        &[],
        &["--plugins", "magic-link,two-factor,admin", "--email", "smtp"],
        &["--email", "smtp", "--email-verification"],
        &["--email", "resend", "--social", "github"],
        &["--social", "github,google", "--rate-limit-storage", "database"],
        &["--email", "smtp", "--email-verification", "--social", "google", "--rate-limit-storage", "database"],
    ];
    for (n, mut config) in configs.into_iter().enumerate() {
        config.extend(flows[n % flows.len()]);
        if config.contains(&"separate") && n % 2 == 1 {
            config.extend(["--jwt-rotation-days", "7"]);
        }
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["init", "--no-input"];
        args.extend(&config);
        let (code, stdout, stderr) = authgen(dir.path(), &args);
        assert_eq!(code, 0, "{config:?}: {stderr}");
        assert!(stdout.contains("no problems found"), "{config:?}: init's checklist: {stdout}");
        let (code, found) = findings(dir.path());
        assert!(found.is_empty() && code == 0, "{config:?}: {found:#?}");
        let (code, stdout, _) = authgen(dir.path(), &["doctor", "--fix", "--unsafe-fixes", "--dry-run"]);
        assert!(code == 0 && stdout.contains("nothing to fix automatically"), "{config:?}: {stdout}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The regressions under tests/doctor_fixtures: each case is the hand-written
/// `base` integration (which gives no finding) with files removed and
/// overlaid, and exactly the findings its expected.json lists.
#[test]
fn hand_written_integrations_give_exactly_their_expected_findings() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/doctor_fixtures");
    let base = fixtures.join("base");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&base, dir.path());
    assert_eq!(findings(dir.path()), (0, vec![]), "the clean base");

    let mut cases: Vec<_> = fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 6, "{cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&base, dir.path());
        if let Ok(remove) = fs::read_to_string(case.join("remove")) {
            for path in remove.lines().filter(|l| !l.is_empty()) {
                let path = dir.path().join(path);
                if path.is_dir() { fs::remove_dir_all(path).unwrap() } else { fs::remove_file(path).unwrap() }
            }
        }
        copy_tree(&case.join("overlay"), dir.path());
        let expected: Value = serde_json::from_str(&fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
        let (code, found) = findings(dir.path());
        let wanted = expected["findings"].as_array().unwrap();
        assert_eq!(found.len(), wanted.len(), "{name}: {found:#?}");
        for want in wanted {
            let matches = |f: &&Value| want.as_object().unwrap().iter().all(|(k, v)| &f[k] == v);
            assert!(found.iter().any(|f| matches(&f)), "{name}: no finding like {want} in {found:#?}");
        }
        assert_eq!(code, expected["exit"].as_i64().unwrap() as i32, "{name}");
    }
}

/// A root .gitignore with `*.json` hides nothing from doctor: the app is
/// still found (its missing route handler is reported) and nothing else is.
#[test]
fn gitignored_manifests_still_count() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/doctor_fixtures");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures.join("base"), dir.path());
    write(dir.path(), ".gitignore", "*.json\n.env\n.env.local\n");
    assert_eq!(findings(dir.path()), (0, vec![]));
    fs::remove_file(dir.path().join("web/app/api/auth/[...all]/route.ts")).unwrap();
    let (code, found) = findings(dir.path());
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["id"], "route-handler-missing");
}

/// The README's list of rules is `authgen doctor --list`.
/// `AUTHGEN_UPDATE_README=1 cargo test --test doctor` rewrites it.
#[test]
fn the_readme_lists_every_rule() {
    let (code, list, _) = authgen(Path::new("."), &["doctor", "--list"]);
    assert_eq!(code, 0);
    assert!(list.lines().count() >= 30, "{list}");
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = fs::read_to_string(&readme_path).unwrap();
    let (start, end) = ("<!-- doctor-rules:start -->\n", "<!-- doctor-rules:end -->");
    let a = readme.find(start).expect("start marker") + start.len();
    let b = readme.find(end).expect("end marker");
    if std::env::var_os("AUTHGEN_UPDATE_README").is_some() {
        fs::write(&readme_path, format!("{}{list}{}", &readme[..a], &readme[b..])).unwrap();
        return;
    }
    assert_eq!(&readme[a..b], list, "run AUTHGEN_UPDATE_README=1 cargo test --test doctor the_readme");
}

#[test]
fn explain_prints_a_rules_reasoning_and_examples() {
    let (code, text, _) = authgen(Path::new("."), &["doctor", "--explain", "alg-mismatch"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("alg-mismatch (error)"), "{text}");
    assert!(text.contains("EdDSA") && text.contains("Reported:") && text.contains("Not reported:"), "{text}");
    let (code, _, stderr) = authgen(Path::new("."), &["doctor", "--explain", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("authgen doctor --list"), "{stderr}");
}

/// A backend `.env` that git tracks is committed even though `.gitignore`
/// lists it (it was added before, or with `git add -f`).
#[test]
fn a_git_tracked_env_file_is_reported_even_when_ignored() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/doctor_fixtures");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures.join("base"), dir.path());
    write(dir.path(), "api/.env", "BETTER_AUTH_URL=http://localhost:3000\nJWT_SECRET=8f1e0c2a9b7d4e6f5a3c\n");
    assert_eq!(findings(dir.path()), (0, vec![]), "ignored and untracked: fine");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-f", "api/.env"]);
    let (code, found) = findings(dir.path());
    assert_eq!(code, 1, "{found:#?}");
    assert!(found.iter().any(|f| f["id"] == "env-not-ignored" && f["file"] == "api/.env"), "{found:#?}");
    // A database git tracks (not a test fixture) is reported; an untracked one is not.
    write(dir.path(), "api/app.db", "SQLite format 3");
    write(dir.path(), "api/tests/fixture.db", "SQLite format 3");
    write(dir.path(), "api/local.db", "SQLite format 3");
    git(&["add", "-f", "api/app.db", "api/tests/fixture.db"]);
    let (_, found) = findings(dir.path());
    let databases: Vec<&Value> = found.iter().filter(|f| f["id"] == "database-committed").collect();
    assert_eq!(databases.len(), 1, "{found:#?}");
    assert_eq!(databases[0]["file"], "api/app.db");
}

/// Code doctor cannot read is named on stderr, one line, in text and JSON
/// alike; `--json` stays an array of findings, and a clean base says nothing.
#[test]
fn files_doctor_did_not_read_are_named_on_stderr() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/doctor_fixtures");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures.join("base"), dir.path());
    let (_, _, stderr) = authgen(dir.path(), &["doctor"]);
    assert!(!stderr.contains("did not check"), "{stderr}");

    write(dir.path(), "billing/src/auth.rs", "use jsonwebtoken::decode;\nfn claims(token: &str) {}\n");
    write(dir.path(), "billing/src/main.rs", "fn main() {}\n");
    write(dir.path(), "gateway/auth.go", "package gateway\n\nfunc verify(s string {\n\tjwt.Parse(s)\n");
    let (code, stdout, stderr) = authgen(dir.path(), &["doctor", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(serde_json::from_str::<Vec<Value>>(&stdout).is_ok(), "{stdout}");
    let note = "note: doctor did not check 2 file(s) that may matter to auth: \
                Rust (billing/src/auth.rs); Go with syntax errors, read in part (gateway/auth.go)\n";
    assert!(stderr.ends_with(note), "{stderr}");
    let (_, stdout, stderr) = authgen(dir.path(), &["doctor"]);
    assert!(stdout.ends_with("0 error(s), 0 warning(s)\n") && stderr.ends_with(note), "{stdout}{stderr}");
}
