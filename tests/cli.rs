//! Runs the real binary in temporary folders, the way users and CI run it.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::SystemTime;

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary repository and an `authgen` command to run in it.
struct Test {
    dir: TempDir,
    args: Vec<String>,
}

const NEXT_PACKAGE: &str = r#"{"name": "web", "scripts": {"dev": "next dev"}, "dependencies": {"next": "16.0.0"}, "devDependencies": {"typescript": "^5"}}"#;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Test {
    fn new() -> Self {
        Test { dir: tempfile::tempdir().unwrap(), args: vec!["init".into()] }
    }

    fn file(self, rel: &str, content: &str) -> Self {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    /// A Next.js app in `dir`, as create-next-app's package.json declares one.
    fn next_app(self, dir: &str) -> Self {
        let rel = if dir == "." { "package.json".to_string() } else { format!("{dir}/package.json") };
        self.file(&rel, NEXT_PACKAGE)
    }

    fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn run(&self) -> Run {
        self.run_with(&[])
    }

    /// Runs with extra arguments after the builder's, in the repository folder.
    fn run_with(&self, extra: &[&str]) -> Run {
        let output = Command::cargo_bin("authgen")
            .unwrap()
            .current_dir(self.dir.path())
            .args(&self.args)
            .args(extra)
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// `git init` and a commit of every file, as a user's repository has.
    fn commit_all(&self) {
        for args in [&["init", "-q"][..], &["add", "-A"], &["commit", "-qm", "init"]] {
            let out = std::process::Command::new("git")
                .current_dir(self.path("."))
                .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
                .args(args)
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
        }
    }

    /// Every file below the repository with its modification time.
    fn tree(&self) -> Vec<(String, SystemTime)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(self.dir.path())
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(self.dir.path()).unwrap().to_string_lossy().into_owned();
                (rel, e.metadata().unwrap().modified().unwrap())
            })
            .collect();
        files.sort();
        files
    }
}

const SEPARATE: &[&str] = &["--arch", "separate", "--backend", "fastapi", "--db", "postgres", "--no-input"];

fn secret_of(env: &str) -> String {
    env.lines().find_map(|l| l.strip_prefix("BETTER_AUTH_SECRET=")).expect("a BETTER_AUTH_SECRET line").to_string()
}

#[test]
fn no_input_with_a_missing_answer_names_the_flags_and_writes_nothing() {
    let test = Test::new().args(&["--no-input"]);
    let run = test.run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--arch") && run.stderr.contains("--db"), "{}", run.stderr);
    assert!(run.stderr.contains("--yes"));
    assert_eq!(run.stderr.trim().lines().count(), 1, "one line: {}", run.stderr);
    assert!(test.tree().is_empty());
}

#[test]
fn without_a_terminal_it_never_prompts() {
    // No --no-input: stdin is not a terminal here, so it must fail, not hang.
    let test = Test::new().args(&["--arch", "separate", "--db", "sqlite"]);
    let run = test.run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--backend"), "{}", run.stderr);
    assert!(test.tree().is_empty());
}

#[test]
fn yes_takes_the_defaults() {
    let test = Test::new().next_app(".").args(&["--yes"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Nothing detected: SQLite, which needs no database server.
    assert!(test.read("lib/auth.ts").contains(r#"from "better-sqlite3""#));
    assert!(run.stdout.contains("SQLite (a file: no database server needed) (default)"), "{}", run.stdout);
    assert!(test.read("authgen.toml").contains(r#"arch = "monolithic""#));
}

#[test]
fn contradicting_and_invalid_flags_exit_2_and_write_nothing() {
    for (args, expect) in [
        (
            &["--arch", "monolithic", "--backend", "fastapi", "--db", "neon"][..],
            "--backend applies only to a separate backend",
        ),
        (&["--arch", "monolithic", "--db", "oracle"][..], "oracle"),
        (&["--yes", "--app-url", "localhost:3000"][..], "--app-url"),
        (&["--yes", "--app-url", "https://example.com/app"][..], "without a path"),
        (&["--yes", "--frontend-dir", "../elsewhere"][..], "inside the repository"),
        (
            &["--arch", "separate", "--backend", "express", "--db", "neon", "--backend-url", "ftp://x"][..],
            "--backend-url",
        ),
    ] {
        let test = Test::new().args(args);
        let run = test.run();
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expect), "{args:?}: {}", run.stderr);
        assert!(test.tree().is_empty(), "{args:?} wrote files");
    }
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let test = Test::new().args(SEPARATE).args(&["--dry-run"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("create     frontend/lib/auth.ts"), "{}", run.stdout);
    assert!(run.stdout.contains("cd backend && pip install fastapi \"pyjwt[crypto]\""), "{}", run.stdout);
    assert!(run.stdout.contains("nothing was written"));
    assert!(test.tree().is_empty());
}

#[test]
fn a_second_identical_run_writes_nothing() {
    let test = Test::new().args(SEPARATE);
    assert_eq!(test.run().code, 0);
    let before = test.tree();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("already up to date"), "{}", run.stdout);
    assert_eq!(test.tree(), before, "a file was rewritten");
}

#[test]
fn an_existing_different_file_is_a_conflict_and_nothing_is_written() {
    let mine = "export const auth = 'mine';\nconst secret = 'hunter2-very-secret';\n";
    let test = Test::new().file("frontend/lib/auth.ts", mine).args(SEPARATE);
    let run = test.run();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stdout.contains("conflict   frontend/lib/auth.ts"));
    assert!(run.stdout.contains("- export const auth = 'mine';"), "diff shown: {}", run.stdout);
    assert!(!run.stdout.contains("hunter2"), "a line with a secret was shown");
    assert!(run.stderr.contains("--force"));
    assert_eq!(test.read("frontend/lib/auth.ts"), mine);
    assert_eq!(test.tree().len(), 1, "other files were written: {:?}", test.tree());
}

#[test]
fn force_replaces_conflicts_and_keeps_a_backup() {
    let mine = "export const auth = 'mine';\n";
    let test = Test::new().file("frontend/lib/auth.ts", mine).args(SEPARATE).args(&["--force"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(test.read("frontend/lib/auth.ts").contains("betterAuth"));
    let backups: Vec<_> = fs::read_dir(test.path(".authgen/backup")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(fs::read_to_string(backups[0].join("frontend/lib/auth.ts")).unwrap(), mine);
    assert!(run.stdout.contains("previous versions in .authgen/backup/"), "{}", run.stdout);
    assert!(test.read(".gitignore").contains("/.authgen/backup/\n"), "backups must not be committed");
    assert!(test.path(".authgen/base.json").is_file(), "the record is written (and may be committed)");
}

#[test]
fn env_files_are_merged_key_by_key() {
    let existing = "# my settings\nBETTER_AUTH_URL=https://prod.example.com # keep\nFOO=bar\n";
    let test = Test::new().file("frontend/.env.local", existing).args(SEPARATE);
    let run = test.run();
    // Everything is written, but the kept app URL is not the backend's
    // (http://localhost:3000, the default answer): the checklist says so and
    // the run does not claim success.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the answers and the files disagree"), "{}", run.stderr);
    let env = test.read("frontend/.env.local");
    assert!(env.starts_with(existing), "existing lines changed:\n{env}");
    assert_eq!(env.matches("BETTER_AUTH_URL=").count(), 1);
    assert!(env.contains("DATABASE_URL=postgresql://"));
    assert_eq!(secret_of(&env).len(), 64);
    assert!(run.stdout.contains("= BETTER_AUTH_URL (kept as it is)"), "{}", run.stdout);
    // The mode of an existing env file is kept; new ones are private.
    assert_eq!(fs::metadata(test.path("backend/.env")).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn real_env_files_are_private_ignored_and_their_secret_is_never_printed() {
    let test = Test::new().file(".gitignore", "node_modules\n").args(SEPARATE).args(&["--json"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let env = test.read("frontend/.env.local");
    let secret = secret_of(&env);
    assert!(!run.stdout.contains(&secret) && !run.stderr.contains(&secret));
    assert_eq!(fs::metadata(test.path("frontend/.env.local")).unwrap().permissions().mode() & 0o777, 0o600);
    let gitignore = test.read(".gitignore");
    assert!(gitignore.starts_with("node_modules\n"));
    assert!(gitignore.contains("/frontend/.env.local\n") && gitignore.contains("/backend/.env\n"));
    assert!(!test.read("backend/.env").contains("SECRET"), "the backend never needs the secret");
    assert!(!test.read("frontend/.env.example").contains(&secret));
}

#[test]
fn an_env_file_others_can_read_is_narrowed_when_it_gets_the_secret() {
    let test = Test::new().file("frontend/.env.local", "MINE=1\n").args(SEPARATE);
    fs::set_permissions(test.path("frontend/.env.local"), fs::Permissions::from_mode(0o644)).unwrap();
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::metadata(test.path("frontend/.env.local")).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(run.stdout.contains("frontend/.env.local holds a secret now: its mode was narrowed"), "{}", run.stdout);
    assert!(test.read("frontend/.env.local").starts_with("MINE=1\n"));
}

#[test]
fn json_tells_what_was_detected_and_where_answers_came_from() {
    let test = Test::new()
        .next_app("web")
        .file("web/.env", "DATABASE_URL=mysql://u:p@localhost/db\n")
        .file("web/middleware.ts", "export function middleware() {}\n")
        .args(&["--yes", "--json", "--dry-run", "--arch", "monolithic"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let frontend = &json["detected"]["frontend"];
    assert_eq!(frontend["next_major"], 16);
    assert_eq!(frontend["router"], "app");
    assert_eq!(frontend["route_guard"], "middleware.ts");
    assert_eq!(frontend["db_source"], "DATABASE_URL in web/.env");
    assert_eq!(json["sources"]["db"], "detected");
    assert_eq!(json["sources"]["frontend_dir"], "detected");
    assert_eq!(json["config"]["db"], "mysql");
    let local = json["files"].as_array().unwrap().iter().find(|f| f["path"] == "web/.env.local").unwrap();
    let database = local["env_keys"].as_array().unwrap().iter().find(|k| k["key"] == "DATABASE_URL").unwrap();
    assert_eq!(database["action"], "elsewhere");
    assert_eq!(database["file"], "web/.env");
}

#[test]
fn json_lists_every_file_with_action_and_role() {
    let test = Test::new().args(SEPARATE).args(&["--json", "--dry-run"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is only JSON");
    let files = report["files"].as_array().unwrap();
    let role_of = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| (f["action"].as_str().unwrap().to_string(), f["role"].as_str().unwrap().to_string()))
    };
    assert_eq!(role_of("frontend/lib/auth.ts"), Some(("create".into(), "frontend.auth".into())));
    assert_eq!(role_of("backend/app/auth/verifier.py"), Some(("create".into(), "backend.verifier".into())));
    assert_eq!(role_of("frontend/.env.local"), Some(("create".into(), "env".into())));
    assert_eq!(report["result"]["status"], "dry-run");
    assert_eq!(report["config"]["backend"], "fastapi");
    let secret_key = files
        .iter()
        .flat_map(|f| f["env_keys"].as_array().cloned().unwrap_or_default())
        .find(|k| k["key"] == "BETTER_AUTH_SECRET")
        .unwrap();
    assert!(secret_key.get("value").is_none(), "secret value in JSON");
}

#[test]
fn json_conflicts_exit_3() {
    let test = Test::new().file("frontend/lib/auth-client.ts", "// mine\n").args(SEPARATE).args(&["--json"]);
    let run = test.run();
    assert_eq!(run.code, 3);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["result"]["status"], "refused");
    assert!(report["files"].as_array().unwrap().iter().any(|f| f["action"] == "conflict"));
}

#[test]
fn the_answers_file_replays_the_same_integration() {
    let test = Test::new().args(&[
        "--arch",
        "separate",
        "--backend",
        "nestjs",
        "--db",
        "mysql",
        "--jwt-alg",
        "ES256",
        "--src-dir",
        "--no-input",
    ]);
    assert_eq!(test.run().code, 0);
    let first = test.tree().into_iter().map(|(p, _)| p).collect::<Vec<_>>();
    let auth = test.read("frontend/src/lib/auth.ts");
    fs::remove_dir_all(test.path("frontend/src")).unwrap();
    fs::remove_dir_all(test.path("backend/src")).unwrap();

    let replay = Command::cargo_bin("authgen")
        .unwrap()
        .current_dir(test.dir.path())
        .args(["init", "--no-input"])
        .env_remove("CI")
        .output()
        .unwrap();
    assert_eq!(replay.status.code(), Some(0), "{}", String::from_utf8_lossy(&replay.stderr));
    assert_eq!(test.tree().into_iter().map(|(p, _)| p).collect::<Vec<_>>(), first);
    assert_eq!(test.read("frontend/src/lib/auth.ts"), auth);
    assert!(auth.contains(r#"alg: "ES256""#));
}

#[test]
fn flags_win_over_the_answers_file_and_answers_can_come_from_another_file() {
    let test = Test::new().next_app(".").file("ci/answers.toml", "arch = \"monolithic\"\ndb = \"sqlite\"\n");
    let run = test.run_with(&["--answers", "ci/answers.toml", "--db", "turso", "--no-input", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Turso (libSQL) (flag)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("monolithic (Next.js route handlers, cookie sessions) (answers file)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_broken_answers_file_is_bad_input() {
    for (content, expect) in [
        ("arch = \"monolithic\"\nflavour = \"x\"\n", "unknown field"),
        ("db = \"oracle\"\n", "line 1"),
        ("arch = \n", "authgen.toml"),
    ] {
        let test = Test::new().file("authgen.toml", content).args(&["--yes"]);
        let run = test.run();
        assert_eq!(run.code, 2, "{content}: {}", run.stderr);
        assert!(run.stderr.contains(expect), "{content}: {}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
        assert_eq!(test.tree().len(), 1);
    }
}

#[test]
fn broken_package_json_and_env_files_are_one_line_errors() {
    let test = Test::new().file("frontend/package.json", "{ \"name\": ").args(SEPARATE);
    let run = test.run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("frontend/package.json: invalid JSON"), "{}", run.stderr);
    assert_eq!(test.tree().len(), 1);

    let test = Test::new().file("frontend/.env.local", "A=1\nthis is not an env line\n").args(SEPARATE);
    let run = test.run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("frontend/.env.local:2: expected KEY=value"), "{}", run.stderr);
    assert_eq!(test.tree().len(), 1);
}

#[test]
fn a_symlink_leaving_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let test = Test::new().args(SEPARATE);
    std::os::unix::fs::symlink(outside.path(), test.path("frontend")).unwrap();
    let run = test.run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("outside the repository"), "{}", run.stderr);
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(!test.path("authgen.toml").exists());
}

#[test]
fn an_existing_next_app_is_detected_and_its_alias_used() {
    let test = Test::new()
        .file("package.json", r#"{"dependencies": {"next": "16.0.0"}}"#)
        .file("pnpm-lock.yaml", "")
        .file("tsconfig.json", "{\n  // paths\n  \"compilerOptions\": { \"paths\": { \"@/*\": [\"./src/*\"] } }\n}\n")
        .file("src/app/page.tsx", "export default function Page() { return null }\n")
        .args(&["--arch", "monolithic", "--db", "postgres", "--no-input"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("src/ layout     yes (detected)"), "{}", run.stdout);
    assert!(run.stdout.contains("pnpm add better-auth pg"), "{}", run.stdout);
    assert!(test.read("src/app/api/auth/[...all]/route.ts").contains(r#"from "@/lib/auth""#));
}

#[test]
fn protected_paths_come_from_flags_and_are_validated() {
    let test = Test::new().next_app(".").args(&[
        "--arch",
        "monolithic",
        "--db",
        "postgres",
        "--no-input",
        "--protect",
        "/account",
        "--protect",
        "/settings/",
    ]);
    assert_eq!(test.run().code, 0);
    assert!(
        test.read("proxy.ts").contains(r#"matcher: ["/account/:path*", "/settings/:path*"],"#),
        "{}",
        test.read("proxy.ts")
    );
    assert!(test.read("authgen.toml").contains(r#"protect = ["/account", "/settings"]"#));

    let test = Test::new().args(&["--yes", "--protect", "dashboard"]);
    let run = test.run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--protect `dashboard` must be a route path"), "{}", run.stderr);
}

#[test]
fn a_missing_dir_is_bad_input() {
    let test = Test::new().args(&["--yes", "--dir", "does-not-exist"]);
    let run = test.run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--dir does-not-exist: does not exist"), "{}", run.stderr);
}

#[test]
fn help_has_examples() {
    let run = Test::new().run_with(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Examples:") && run.stdout.contains("--no-input"));
}

#[test]
fn two_nextjs_apps_without_a_terminal_name_the_flag_that_picks_one() {
    let test = Test::new().next_app("apps/web").next_app("apps/admin").args(&["--yes"]);
    let run = test.run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("found 2 Next.js apps (apps/admin, apps/web): pass --frontend-dir"), "{}", run.stderr);
    assert_eq!(test.tree().len(), 2);

    let run = test.run_with(&["--frontend-dir", "apps/web", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("apps/web/app/api/auth/[...all]/route.ts"), "{}", run.stdout);
}

#[test]
fn a_broken_manifest_elsewhere_is_a_warning_not_a_failure() {
    let test = Test::new().next_app(".").file("packages/broken/package.json", "{ nope").args(&[
        "--arch",
        "monolithic",
        "--db",
        "sqlite",
        "--no-input",
        "--dry-run",
    ]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: packages/broken/package.json: invalid JSON"), "{}", run.stderr);
}

#[test]
fn dependency_and_build_folders_are_never_scanned() {
    let next = NEXT_PACKAGE;
    let test = Test::new()
        .next_app("web")
        .file("node_modules/decoy/package.json", next)
        .file("web/.next/standalone/package.json", next)
        .file("target/x/package.json", next)
        .file(".venv/lib/site/pyproject.toml", "fastapi")
        .file("ignored-by-git/package.json", next)
        .file(".gitignore", "ignored-by-git/\n")
        .args(&["--arch", "monolithic", "--db", "postgres", "--no-input", "--dry-run"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Frontend        web/ (detected)"), "{}", run.stdout);
}

#[test]
fn better_auth_served_by_an_express_backend_is_not_given_a_second_server() {
    let test = Test::new()
        .next_app("apps/web")
        // The server reaches Better Auth through a workspace package, as real monorepos do.
        .file(
            "apps/server/package.json",
            r#"{"type": "module", "dependencies": {"express": "^5.1.0", "@acme/auth": "workspace:*"}}"#,
        )
        .file("packages/auth/package.json", r#"{"name": "@acme/auth", "dependencies": {"better-auth": "^1.7.0"}}"#)
        .file("apps/server/turbo.json", "{}")
        .file(
            "apps/server/src/auth.ts",
            "import { toNodeHandler } from \"better-auth/node\";\nimport { auth } from \"@acme/auth\";\nexport const handler = toNodeHandler(auth);\n",
        )
        .args(&["--yes"]);
    let run = test.run();
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("Better Auth is served by your backend (apps/server/src/auth.ts)"), "{}", run.stderr);
    assert_eq!(test.tree().len(), 5, "nothing written");
}

#[test]
fn a_monorepo_root_env_loaded_by_the_scripts_is_never_shadowed() {
    // create-t3-turbo's shape: the app loads ../../.env; the secret is AUTH_SECRET there.
    let app = r#"{"scripts": {"dev": "pnpm with-env next dev", "with-env": "dotenv -e ../../.env --"}, "dependencies": {"next": "16.0.0"}, "devDependencies": {"typescript": "^5"}}"#;
    let test = Test::new()
        .file("package.json", r#"{"private": true}"#)
        .file("pnpm-workspace.yaml", "packages:\n  - apps/*\n")
        .file("apps/web/package.json", app)
        .file(
            ".env.example",
            "POSTGRES_URL=\"postgres://u:p@db.example.supabase.co:5432/postgres\"\nAUTH_SECRET='supersecret'\n",
        )
        .args(&["--yes", "--arch", "monolithic"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let local = test.read("apps/web/.env.local");
    assert!(!local.contains("BETTER_AUTH_SECRET") && !local.contains("DATABASE_URL"), "{local}");
    assert!(run.stdout.contains("BETTER_AUTH_SECRET (already set in .env.example as AUTH_SECRET"), "{}", run.stdout);
    assert!(test.read("apps/web/lib/auth.ts").contains("process.env.POSTGRES_URL"));
    assert!(test.read("authgen.toml").contains(r#"db = "supabase""#));
}

#[test]
fn a_nextauth_catch_all_is_named_instead_of_broken_by_a_second_one() {
    // Next.js refuses [...nextauth] and [...all] side by side (dub's shape).
    let test = Test::new()
        .next_app(".")
        .file("app/api/auth/[...nextauth]/route.ts", "export { GET, POST } from \"@/auth\";\n")
        .args(&["--yes"]);
    let run = test.run();
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("app/api/auth/[...nextauth] already catches /api/auth/*"), "{}", run.stderr);
    assert_eq!(test.tree().len(), 2, "nothing written");
    // An optional catch-all that already serves Better Auth is kept, not doubled.
    let test = Test::new()
        .next_app(".")
        .file("lib/auth.ts", "import { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({});\n")
        .file(
            "app/api/auth/[[...all]]/route.ts",
            "import { toNextJsHandler } from \"better-auth/next-js\";\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = toNextJsHandler(auth);\n",
        )
        .args(&["--yes", "--dry-run"]);
    let run = test.run();
    // The app's own lib/auth.ts (no record lists it) is edited in place, not replaced.
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("update     lib/auth.ts"), "{}", run.stdout);
    assert!(
        run.stdout.contains("kept your Better Auth route handler app/api/auth/[[...all]]/route.ts"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("[...all]/route.ts"), "{}", run.stdout);
}

#[test]
fn pages_are_written_by_default_and_no_pages_is_remembered() {
    let test = Test::new().next_app(".").args(&["--yes"]);
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["app/sign-in/page.tsx", "app/sign-up/page.tsx", "app/dashboard/page.tsx", "lib/session.ts"] {
        assert!(test.path(page).is_file(), "{page}");
    }
    let dashboard = test.read("app/dashboard/page.tsx");
    assert!(dashboard.contains(r#"await requireSession("/dashboard")"#), "{dashboard}");
    // No Tailwind in this app: the pages use a CSS module.
    assert!(test.read("components/auth/sign-in-form.tsx").contains("className={styles.card}"));
    assert!(test.read("app/api/me/route.ts").contains("status: 401"));

    let test = Test::new().next_app(".").args(&["--yes", "--no-pages"]);
    assert_eq!(test.run().code, 0);
    assert!(!test.path("app/sign-in").exists() && !test.path("components").exists());
    assert!(test.read("authgen.toml").contains("pages = false"));
    let replay = test.run_with(&["--dry-run"]);
    assert!(!replay.stdout.contains("app/sign-in"), "{}", replay.stdout);
}

#[test]
fn tailwind_apps_get_tailwind_classes_and_existing_pages_are_conflicts() {
    let tailwind = r#"{"scripts": {"dev": "next dev"}, "dependencies": {"next": "16.0.0"}, "devDependencies": {"typescript": "^5", "tailwindcss": "^4"}}"#;
    let test = Test::new()
        .file("package.json", tailwind)
        .file("app/dashboard/page.tsx", "export default function Mine() {}\n")
        .args(&["--yes"]);
    let run = test.run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("conflict   app/dashboard/page.tsx"), "{}", run.stdout);
    assert!(run.stdout.contains("rerun with --no-pages to keep them"), "{}", run.stdout);
    assert_eq!(test.read("app/dashboard/page.tsx"), "export default function Mine() {}\n");
    let run = test.run_with(&["--dry-run", "--json"]);
    assert_eq!(run.code, 3);
    let test = Test::new().file("package.json", tailwind).args(&["--yes"]);
    assert_eq!(test.run().code, 0);
    let form = test.read("components/auth/sign-in-form.tsx");
    assert!(form.contains(r#"className="rounded-lg bg-zinc-900"#) && !form.contains("styles."), "{form}");
    assert!(!test.path("components/auth/auth.module.css").exists());
}

/// Replaces the first line of `rel` that starts with `starts` by `with`.
fn edit_line(test: &Test, rel: &str, starts: &str, with: &str) {
    let text = test.read(rel);
    let line = text.lines().find(|l| l.starts_with(starts)).unwrap_or_else(|| panic!("{rel}: no line {starts}"));
    fs::write(test.path(rel), text.replacen(line, with, 1)).unwrap();
}

#[test]
fn a_rerun_with_a_changed_answer_merges_the_users_edit_and_follows_authgens_env_values() {
    let test = Test::new().args(SEPARATE);
    assert_eq!(test.run().code, 0);
    let secret = secret_of(&test.read("frontend/.env.local"));
    let auth = test.read("frontend/lib/auth.ts");
    fs::write(test.path("frontend/lib/auth.ts"), format!("{auth}// my note\n")).unwrap();
    edit_line(&test, "frontend/.env.local", "NEXT_PUBLIC_API_URL=", "NEXT_PUBLIC_API_URL=http://127.0.0.1:8000");

    let run = test.run_with(&["--app-url", "http://localhost:3417", "--backend-url", "http://localhost:8001"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("merge      frontend/lib/auth.ts"), "{}", run.stdout);
    let auth = test.read("frontend/lib/auth.ts");
    assert!(auth.contains("// my note") && auth.contains("http://localhost:3417"), "{auth}");
    // authgen's own value follows the answer; the one the user changed is kept and named.
    let backend_env = test.read("backend/.env");
    assert!(backend_env.contains("BETTER_AUTH_URL=http://localhost:3417"), "{backend_env}");
    assert!(backend_env.contains("CORS_ORIGINS=http://localhost:3417"), "{backend_env}");
    let frontend_env = test.read("frontend/.env.local");
    assert!(frontend_env.contains("BETTER_AUTH_URL=http://localhost:3417"), "{frontend_env}");
    assert!(frontend_env.contains("NEXT_PUBLIC_API_URL=http://127.0.0.1:8000"), "{frontend_env}");
    assert!(run.stdout.contains("NEXT_PUBLIC_API_URL (your value is kept"), "{}", run.stdout);
    assert_eq!(secret_of(&frontend_env), secret, "the secret is never regenerated");

    // The same answers again: nothing is written.
    let before = test.tree();
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(test.tree(), before, "a second identical run must not touch a file");
}

#[test]
fn an_edit_overlapping_the_templates_change_refuses_and_writes_nothing() {
    let test = Test::new().args(SEPARATE);
    assert_eq!(test.run().code, 0);
    edit_line(
        &test,
        "frontend/lib/auth.ts",
        "const DEFAULT_BASE_URL",
        "const DEFAULT_BASE_URL = \"https://mine.example\";",
    );
    let before: Vec<(String, Vec<u8>)> =
        test.tree().into_iter().map(|(p, _)| (p.clone(), fs::read(test.path(&p)).unwrap())).collect();
    let run = test.run_with(&["--app-url", "http://localhost:3417"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stdout.contains("conflict frontend/lib/auth.ts"), "{}", run.stdout);
    assert!(run.stdout.contains("overlap authgen's change"), "{}", run.stdout);
    let after: Vec<(String, Vec<u8>)> =
        test.tree().into_iter().map(|(p, _)| (p.clone(), fs::read(test.path(&p)).unwrap())).collect();
    assert_eq!(after, before, "the tree must be byte-identical");
}

#[test]
fn check_reports_drift_after_the_answers_file_changes() {
    let test = Test::new().args(SEPARATE);
    assert_eq!(test.run().code, 0);
    let check = |test: &Test| {
        let output = Command::cargo_bin("authgen")
            .unwrap()
            .current_dir(test.path("."))
            .args(["init", "--check"])
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap())
    };
    let before = test.tree();
    assert_eq!(check(&test).0, 0);
    edit_line(&test, "authgen.toml", "app_url", "app_url = \"http://localhost:3999\"");
    let (code, stdout) = check(&test);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("frontend/lib/auth.ts") && stdout.contains("BETTER_AUTH_URL"), "{stdout}");
    let after: Vec<_> = test.tree().into_iter().filter(|(p, _)| p != "authgen.toml").collect();
    let before: Vec<_> = before.into_iter().filter(|(p, _)| p != "authgen.toml").collect();
    assert_eq!(after, before, "--check writes nothing");
}

#[test]
fn init_fails_when_its_own_checklist_finds_an_error_in_its_files() {
    let test = Test::new().args(SEPARATE).args(&["--jwt-alg", "ES256"]);
    assert_eq!(test.run().code, 0);
    // The user pins the backend to another algorithm; the next run keeps that
    // value (it is theirs), and its checklist sees the mismatch.
    edit_line(&test, "backend/.env", "AUTH_JWT_ALGORITHMS=", "AUTH_JWT_ALGORITHMS=EdDSA");
    let run = test.run_with(&["--app-url", "http://localhost:3001"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("alg-mismatch"), "{}", run.stdout);
    assert!(run.stderr.contains("the answers and the files disagree"), "{}", run.stderr);
}

#[test]
fn account_flow_flags_are_validated_before_anything_is_written() {
    for (args, expect) in [
        (
            &["--arch", "monolithic", "--db", "sqlite", "--jwt-rotation-days", "30"][..],
            "--jwt-rotation-days applies only to a separate backend",
        ),
        (
            &["--yes", "--arch", "separate", "--backend", "express", "--jwt-rotation-days", "0"][..],
            "--jwt-rotation-days",
        ),
        (&["--yes", "--social", "github,twitter"][..], "twitter"),
        (&["--yes", "--email", "pigeon"][..], "pigeon"),
        (&["--yes", "--social", "github", "--no-social"][..], "--no-social"),
    ] {
        let test = Test::new().next_app(".").args(args);
        let before = test.tree();
        let run = test.run();
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expect), "{args:?}: {}", run.stderr);
        assert_eq!(test.tree(), before, "{args:?} wrote files");
    }
    let test = Test::new()
        .next_app(".")
        .file("authgen.toml", "arch = \"monolithic\"\ndb = \"sqlite\"\njwt_rotation_days = 0\n");
    let run = test.run_with(&["--no-input"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("jwt_rotation_days in the answers file"), "{}", run.stderr);
}

#[test]
fn account_flows_are_recorded_replayed_and_can_be_dropped_with_a_flag() {
    let flags =
        "--arch monolithic --db sqlite --email resend --email-verification --social google --social github,google";
    let test = Test::new().next_app(".").args(&flags.split(' ').chain(["--no-input"]).collect::<Vec<_>>());
    let run = test.run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let answers = test.read("authgen.toml");
    assert!(answers.contains("email = \"resend\"") && answers.contains("email_verification = true"), "{answers}");
    assert!(answers.contains("social = [\"github\", \"google\"]"), "{answers}");
    assert!(run.stdout.contains("Social sign-in  GitHub, Google (flag)"), "{}", run.stdout);
    let env = test.read(".env.local");
    for key in ["RESEND_API_KEY=\n", "EMAIL_FROM=onboarding@resend.dev", "GITHUB_CLIENT_ID=", "GOOGLE_CLIENT_SECRET="] {
        assert!(env.contains(key), "{key} missing:\n{env}");
    }
    assert!(test.read("lib/auth.ts").contains("requireEmailVerification: true"));

    // A replay keeps them; --no-social drops the providers, and nothing else.
    let again = Test { dir: test.dir, args: vec!["init".into(), "--no-input".into()] };
    let replay = again.run_with(&["--dry-run"]);
    assert!(replay.stdout.contains("Social sign-in  GitHub, Google (answers file)"), "{}", replay.stdout);
    let dropped = again;
    let run = dropped.run_with(&["--no-social"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dropped.read("lib/auth.ts").contains("socialProviders"));
    assert!(!dropped.read("authgen.toml").contains("social"));
    assert!(dropped.read("lib/auth.ts").contains("requireEmailVerification: true"));
}

#[test]
fn cwd_and_c_are_aliases_of_dir_on_every_command() {
    let test = Test::new().next_app("web");
    for flag in ["-c", "--cwd", "--dir"] {
        let out = Command::cargo_bin("authgen")
            .unwrap()
            .args(["init", flag, test.path(".").to_str().unwrap(), "--yes", "--dry-run", "--arch", "monolithic"])
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("Frontend        web/"), "{flag}: {stdout}");
    }
    for command in ["doctor", "migrate"] {
        let out = Command::cargo_bin("authgen").unwrap().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("-c, --dir <DIR>") && help.contains("[alias: --cwd]"), "{command}: {help}");
    }
}

#[test]
fn colours_follow_the_flag_then_no_color_then_force_color() {
    let test = Test::new().next_app(".");
    let colored = |env: &[(&str, &str)], extra: &[&str]| {
        let mut command = Command::cargo_bin("authgen").unwrap();
        command.current_dir(test.path(".")).args(["init", "--yes", "--dry-run"]).args(extra).env_remove("CI");
        for key in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"] {
            command.env_remove(key);
        }
        let out = command.envs(env.iter().copied()).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout.contains(&0x1b)
    };
    assert!(!colored(&[], &[]), "a pipe gets no colour by default");
    assert!(colored(&[("FORCE_COLOR", "1")], &[]));
    assert!(!colored(&[("FORCE_COLOR", "0")], &[]));
    assert!(!colored(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    assert!(colored(&[("NO_COLOR", "1")], &["--color", "always"]));
    assert!(!colored(&[("FORCE_COLOR", "1")], &["--color", "never"]));
}

#[test]
fn the_launcher_chooses_the_package_manager_of_a_bare_repository_and_the_hints() {
    let run = |test: &Test, extra: &str, agent: &str| {
        let out = Command::cargo_bin("authgen")
            .unwrap()
            .current_dir(test.path("."))
            .args(["init", "--yes", "--arch", "monolithic", "--db", "sqlite", extra])
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .env("npm_config_user_agent", agent)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let bare = Test::new().next_app(".");
    assert!(run(&bare, "--dry-run", "pnpm/10.18.0 npm/? node/v20.20.0 linux x64").contains("pnpm add better-auth"));
    assert!(run(&bare, "--dry-run", "bun/1.3.0 npm/? node/v24.3.0 linux x64").contains("bun add better-auth"));
    let npm = run(&bare, "--dry-run", "npm/11.6.2 node/v20.20.0 linux x64 workspaces/false");
    assert!(npm.contains("npm install better-auth"), "{npm}");
    // A lockfile still wins over the launcher; the hints name the launcher.
    let locked = Test::new().next_app(".").file("yarn.lock", "");
    let stdout = run(&locked, "--no-install", "pnpm/10.18.0 npm/? node/v20.20.0 linux x64");
    assert!(stdout.contains("yarn add better-auth"), "{stdout}");
    assert!(stdout.contains("create the tables: pnpm dlx authgen migrate"), "{stdout}");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Command::cargo_bin("authgen").unwrap().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("rotate-keys") && script.contains("email-verification"), "{shell}: {}", &script[..200]);
    }
    let out = Command::cargo_bin("authgen").unwrap().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_committed_env_file_never_receives_the_secret() {
    let test = Test::new().next_app(".").file(".env.local", "DATABASE_URL=postgres://localhost/app\n");
    test.commit_all();
    let before = test.tree();
    let run = test.run_with(&["--yes", "--arch", "monolithic", "--db", "postgres"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(".env.local is committed to git, and authgen would write BETTER_AUTH_SECRET into it")
            && run.stderr.contains("git rm --cached .env.local"),
        "{}",
        run.stderr
    );
    assert_eq!(test.tree(), before, "nothing is written");
}

#[test]
fn an_error_the_project_already_had_outside_authgens_files_does_not_fail_the_run() {
    let test = Test::new()
        .next_app("frontend")
        .file("backend/requirements.txt", "fastapi\n")
        .file("backend/.env", "DATABASE_URL=postgres://app:hunter2-long-password@db.example.com/app\n");
    test.commit_all();
    let run = test.run_with(&["--yes", "--arch", "separate", "--backend", "fastapi", "--db", "postgres"]);
    // The committed backend/.env was wrong before authgen came: the checklist
    // shows it, and the run (which only added non-secret keys) succeeds.
    assert!(run.stdout.contains("env-not-ignored"), "{}", run.stdout);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(test.read("backend/.env").contains("BETTER_AUTH_URL="));
}

#[test]
fn create_admin_needs_an_integration_and_better_auth_installed() {
    let mut test = Test::new().next_app(".");
    test.args = vec!["create-admin".into(), "--email".into(), "ada@example.com".into()];
    let run = test.run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no Better Auth config (betterAuth(...)) in the repository root"), "{}", run.stderr);
    let test = Test::new().next_app(".").args(&["--yes", "--plugins", "admin"]);
    assert_eq!(test.run().code, 0);
    let output = Command::cargo_bin("authgen")
        .unwrap()
        .current_dir(test.path("."))
        .args(["create-admin", "--email", "ada@example.com"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("better-auth is not installed; install the packages first"), "{stderr}");
}
