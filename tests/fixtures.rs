//! Realistic repositories under tests/fixtures: what the scan detects there and
//! the plan authgen makes for them (with --yes: every default taken from what
//! was detected). Read-only: nothing is written into the fixtures.

use std::fmt::Write;
use std::path::Path;

use authgen::answers;
use authgen::cli::{Cli, Command};
use authgen::detect::{self, DiskTree};
use authgen::plan::{self, Secrets};
use clap::Parser;

/// Roles whose content the snapshot shows (the rest is covered by the plan matrix).
const SHOWN: &[&str] = &["frontend.route", "frontend.proxy", "backend.middleware", "backend.guard", "backend.config"];

fn report(fixture: &str, extra: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let mut argv = vec!["authgen", "init", "--yes", "--dry-run", "--dir", root.to_str().unwrap()];
    argv.extend(extra);
    let Command::Init(args) = Cli::parse_from(argv).command else { unreachable!("an init command line") };
    let repo = detect::scan(&root).unwrap();
    let mut resolved = answers::resolve(&args, None, &root, &repo, None).unwrap();
    // Node's version belongs to the machine, not to the fixture.
    resolved.node_major = None;
    let plan = plan::build(&resolved, &Secrets::placeholder()).unwrap();
    let changes = plan::resolve(&plan, &DiskTree::new(&root).unwrap(), false, None).unwrap();

    let mut out = String::new();
    writeln!(out, "== scan\n{}", serde_json::to_string_pretty(&repo).unwrap()).unwrap();
    writeln!(out, "== frontend\n{}", serde_json::to_string_pretty(&resolved.frontend).unwrap()).unwrap();
    if let Some(backend) = &resolved.backend {
        writeln!(out, "== backend\n{}", serde_json::to_string_pretty(backend).unwrap()).unwrap();
    }
    writeln!(out, "== answers").unwrap();
    for (key, source) in &resolved.sources {
        writeln!(out, "{key}: {}", source.label()).unwrap();
    }
    out.push_str(&answers::to_toml(&resolved.answers));
    writeln!(out, "== files").unwrap();
    for change in &changes {
        writeln!(out, "{:<10} {} [{}]", format!("{:?}", change.action).to_lowercase(), change.path, change.role)
            .unwrap();
    }
    writeln!(out, "== packages").unwrap();
    for command in plan.packages.iter().flat_map(|p| &p.commands) {
        writeln!(out, "$ {command}").unwrap();
    }
    for change in changes.iter().filter(|c| SHOWN.contains(&c.role)) {
        write!(out, "\n== {}\n{}", change.path, change.new).unwrap();
    }
    out
}

fn check(fixture: &str, extra: &[&str]) {
    let text = report(fixture, extra);
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(format!("fixture-{fixture}"), text);
    });
}

#[test]
fn create_next_app_with_src_and_alias() {
    check("create-next-app", &["--db", "postgres"]);
    let text = report("create-next-app", &["--db", "postgres"]);
    assert!(text.contains("src/app/api/auth/[...all]/route.ts"));
    assert!(text.contains(r#"from "@/lib/auth""#));
    assert!(text.contains("create     src/proxy.ts"));
    // create-next-app's .gitignore already has .env*, which also hides
    // .env.example: only the line that keeps the example is added.
    assert!(text.contains("update     .gitignore"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/create-next-app");
    let repo = detect::scan(&root).unwrap();
    let Command::Init(args) =
        Cli::parse_from(["authgen", "init", "--yes", "--db", "postgres", "--dir", root.to_str().unwrap()]).command
    else {
        unreachable!()
    };
    let resolved = answers::resolve(&args, None, &root, &repo, None).unwrap();
    let plan = plan::build(&resolved, &Secrets::placeholder()).unwrap();
    let changes = plan::resolve(&plan, &DiskTree::new(&root).unwrap(), false, None).unwrap();
    let ignore = changes.iter().find(|c| c.path == ".gitignore").unwrap();
    let added = ignore.new.strip_prefix(ignore.old.as_deref().unwrap()).unwrap();
    assert_eq!(added, "\n# authgen: example env files, meant to be committed\n!/.env.example\n");
}

#[test]
fn pages_router_gets_the_pages_api_route() {
    check("pages-router", &[]);
    let text = report("pages-router", &[]);
    assert!(text.contains("pages/api/auth/[...all].ts"));
    assert!(text.contains("toNodeHandler(auth)"));
    assert!(text.contains("yarn add better-auth mysql2"));
    assert!(!text.contains("app/api/auth"));
}

#[test]
fn next_15_gets_middleware_not_proxy() {
    check("next15", &[]);
    let text = report("next15", &[]);
    assert!(text.contains("create     middleware.ts"));
    assert!(text.contains("export function middleware("));
    assert!(text.contains("pnpm add better-auth pg"));
}

#[test]
fn t3_app_uses_its_tilde_alias_and_neon() {
    check("t3-app", &[]);
    let text = report("t3-app", &[]);
    assert!(text.contains(r#"from "~/lib/auth""#));
    assert!(text.contains("db: detected") && text.contains(r#"db = "neon""#));
}

#[test]
fn turborepo_with_a_nestjs_api() {
    check("turborepo", &[]);
    let text = report("turborepo", &[]);
    assert!(text.contains("apps/api/src/auth/jwt-auth.guard.ts"));
    assert!(text.contains("cd apps/web && pnpm add better-auth"));
}

#[test]
fn frontend_and_fastapi_backend_with_uv() {
    check("frontend-fastapi", &[]);
    let text = report("frontend-fastapi", &[]);
    assert!(text.contains("backend/app/auth/verifier.py"));
    assert!(text.contains(r#"cd backend && uv add fastapi "pyjwt[crypto]""#));
}

#[test]
fn pnpm_workspace_with_a_javascript_esm_express_api() {
    check("pnpm-express-esm", &[]);
    let text = report("pnpm-express-esm", &[]);
    assert!(text.contains("api/src/auth/require-auth.js"));
    assert!(text.contains("export const requireAuth"));
    assert!(!text.contains("legacy-site"), "an ignored folder was scanned");
    assert!(!text.contains("old-web"), "a build folder was scanned");
    assert!(text.contains(r#"db = "sqlite""#));
}

#[test]
fn an_existing_auth_config_at_authgens_path_is_edited_in_place_and_its_middleware_is_kept() {
    check("existing-auth", &["--arch", "separate", "--backend", "express"]);
    let text = report("existing-auth", &["--arch", "separate", "--backend", "express"]);
    // No record lists it, so lib/auth.ts is the app's own: the jwt plugin is added in place.
    assert!(text.contains("update     lib/auth.ts [config-edit]"), "{text}");
    assert!(!text.contains("proxy.ts") && !text.contains("create     middleware.ts"));
    assert!(text.contains(r#""existing_auth": {"#) && text.contains(r#""path": "lib/auth.ts""#));
}

/// Runs the real binary on a copy of a fixture (exit code, stdout, stderr).
fn run_on_copy(fixture: &str, args: &[&str]) -> (i32, String, String, tempfile::TempDir) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let copy = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = copy.path().join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let output = assert_cmd::Command::cargo_bin("authgen")
        .unwrap()
        .current_dir(copy.path())
        .args(args)
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr), copy)
}

#[test]
fn hoisted_monorepo_finds_the_app_and_the_nest_api_but_not_the_ui_library() {
    check("hoisted-monorepo", &[]);
    let text = report("hoisted-monorepo", &[]);
    assert!(text.contains("frontend_dir = \"apps/web\"") && text.contains("backend_dir = \"apps/api\""), "{text}");
    assert!(text.contains(r#""framework": "nestjs""#));
    assert!(text.contains(r#""packages/ui""#), "the UI library is a package, not an app");
    assert!(text.contains(r#""next_major": 16"#), "next's version comes from the root manifest");
    // A Nest CLI project is CommonJS: extensionless imports.
    assert!(text.contains(r#"from "./verify-token";"#), "{text}");
    assert!(text.contains("create     apps/web/proxy.ts"));
}

#[test]
fn a_vite_app_is_not_given_nextjs_files() {
    for args in [
        &["init", "--arch", "monolithic", "--db", "sqlite", "--no-input"][..],
        &["init", "--yes", "--arch", "separate", "--backend", "fastapi"],
    ] {
        let (code, stdout, stderr, copy) = run_on_copy("vite-app", args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains("authgen needs a Next.js app") && stderr.contains("Vite"), "{stderr}");
        assert!(stderr.contains("--frontend-dir"), "{stderr}");
        assert!(!copy.path().join("lib").exists() && !copy.path().join("frontend").exists());
    }
}

#[test]
fn better_auth_in_a_workspace_package_is_found_and_never_doubled() {
    check("auth-package", &["--arch", "separate", "--backend", "express"]);
    let text = report("auth-package", &["--arch", "separate", "--backend", "express"]);
    assert!(text.contains(r#""path": "packages/auth/src/index.ts""#), "{text}");
    assert!(text.contains(r#""route_handler": "apps/web/src/app/api/auth/[...all]/route.ts""#), "{text}");
    assert!(!text.contains("lib/auth.ts"), "no second config: {text}");
    assert!(!text.contains("[...all]/route.ts [frontend.route]"), "no second route handler");
    // The API client uses the package's own client.
    assert!(text.contains(r#""db_env": "POSTGRES_URL""#), "{text}");
    let (code, stdout, _, _) =
        run_on_copy("auth-package", &["init", "--yes", "--arch", "separate", "--backend", "express", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("kept your Better Auth config packages/auth/src/index.ts"), "{stdout}");
    assert!(stdout.contains("the jwt plugin is added to it in place"), "{stdout}");
    assert!(stdout.contains("update     packages/auth/src/index.ts"), "{stdout}");
    assert!(stdout.contains("update     packages/auth/src/client.ts"), "{stdout}");
    assert!(stdout.contains("+  plugins: [jwt()],"), "the summary shows the edit: {stdout}");
    let (_, json, _, _) = run_on_copy(
        "auth-package",
        &["init", "--yes", "--arch", "separate", "--backend", "express", "--dry-run", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["detected"]["frontend"]["existing_auth"]["path"], "packages/auth/src/index.ts");
    assert_eq!(json["detected"]["frontend"]["existing_client"]["path"], "packages/auth/src/client.ts");
}

#[test]
fn an_env_file_that_sets_the_database_is_never_shadowed() {
    check("env-database", &["--arch", "separate", "--backend", "fastapi"]);
    let text = report("env-database", &["--arch", "separate", "--backend", "fastapi"]);
    assert!(text.contains(r#"db = "mysql""#) && text.contains("db: detected"), "{text}");
    assert!(text.contains(r#""path": "src/auth/server.ts""#), "{text}");
    let (code, _, stderr, copy) =
        run_on_copy("env-database", &["init", "--yes", "--arch", "separate", "--backend", "fastapi"]);
    assert_eq!(code, 0, "{stderr}");
    let local = std::fs::read_to_string(copy.path().join(".env.local")).unwrap();
    assert!(!local.contains("DATABASE_URL"), "{local}");
    assert!(local.contains("BETTER_AUTH_SECRET="));
    assert!(!copy.path().join("src/lib/auth.ts").exists(), "no second config");
    // Next 15: the route guard is middleware.ts.
    assert!(copy.path().join("src/middleware.ts").exists());
}

#[test]
fn prisma_mysql_with_the_url_only_in_env_example() {
    check("prisma-mysql", &[]);
    let text = report("prisma-mysql", &[]);
    assert!(text.contains(r#""db": "mysql""#) && text.contains(r#""db_source": "prisma/schema.prisma""#), "{text}");
    assert!(text.contains("mysql2"), "{text}");
}

#[test]
fn a_javascript_app_gets_javascript() {
    check("js-app", &[]);
    let text = report("js-app", &[]);
    for file in ["lib/auth.js", "lib/auth-client.js", "app/api/auth/[...all]/route.js", "proxy.js"] {
        assert!(text.contains(&format!("create     {file}")), "{file}: {text}");
    }
    assert!(!text.contains(".ts ["), "{text}");
    assert!(!text.contains("type NextRequest") && !text.contains("(request: "), "{text}");
    // create-next-app's `.env*` would hide .env.example.
    let (code, _, stderr, copy) = run_on_copy("js-app", &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    let ignore = std::fs::read_to_string(copy.path().join(".gitignore")).unwrap();
    assert!(ignore.ends_with("!/.env.example\n"), "{ignore}");
    let auth = std::fs::read_to_string(copy.path().join("lib/auth.js")).unwrap();
    assert!(!auth.contains("export type"), "{auth}");
}

#[test]
fn a_uv_workspace_member_uses_uv_and_its_own_pyproject() {
    check("uv-workspace", &[]);
    let text = report("uv-workspace", &[]);
    assert!(text.contains(r#"cd services/api && uv add fastapi "pyjwt[crypto]""#), "{text}");
    assert!(text.contains("update     services/api/pyproject.toml [backend.manifest]"), "{text}");
    assert!(text.contains(r#""entry": "app.main:app""#), "{text}");
    let (code, _, stderr, copy) = run_on_copy("uv-workspace", &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    let pyproject = std::fs::read_to_string(copy.path().join("services/api/pyproject.toml")).unwrap();
    assert!(pyproject.contains("\"pyjwt[crypto]>=2.14\"") && pyproject.matches("fastapi").count() == 1, "{pyproject}");
    let setup = std::fs::read_to_string(copy.path().join("docs/auth/SETUP.md")).unwrap();
    assert!(setup.contains("cd services/api && uvicorn app.main:app"), "{setup}");
}

#[test]
fn vercel_style_fastapi_in_api_beside_a_root_app() {
    check("vercel-fastapi", &[]);
    let text = report("vercel-fastapi", &[]);
    assert!(text.contains("backend_dir = \"api\"") && text.contains("frontend_dir = \".\""), "{text}");
    assert!(text.contains("create     api/auth/verifier.py"), "{text}");
    assert!(text.contains("update     requirements.txt [backend.manifest]"), "{text}");
    let (code, _, stderr, copy) = run_on_copy("vercel-fastapi", &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    let requirements = std::fs::read_to_string(copy.path().join("requirements.txt")).unwrap();
    assert_eq!(requirements, "fastapi==0.115.6\nuvicorn\npyjwt[crypto]>=2.14\npython-dotenv>=1.0\n");
    let setup = std::fs::read_to_string(copy.path().join("docs/auth/SETUP.md")).unwrap();
    assert!(setup.contains("uvicorn api.index:app") && setup.contains("--env-file api/.env"), "{setup}");
    let test = std::fs::read_to_string(copy.path().join("api/tests/test_auth.py")).unwrap();
    assert!(test.contains("from api.auth import"), "{test}");
}

#[test]
fn a_docs_site_in_docs_is_left_alone() {
    check("docs-site", &[]);
    let text = report("docs-site", &[]);
    assert!(text.contains("create     auth-docs/SETUP.md"), "{text}");
    assert!(!text.contains("docs/auth/"), "{text}");
}

#[test]
fn a_commonjs_typescript_express_run_by_ts_node_gets_extensionless_imports() {
    check("ts-node-express", &[]);
    let text = report("ts-node-express", &[]);
    assert!(text.contains(r#""runner": "ts-node""#) && text.contains(r#""module": "commonjs""#), "{text}");
    assert!(text.contains(r#"from "./verify-token";"#) && !text.contains(r#"./verify-token.js""#), "{text}");
    assert!(text.contains("update     server/package.json [backend.manifest]"), "{text}");
    let (code, _, stderr, copy) = run_on_copy("ts-node-express", &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    let pkg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(copy.path().join("server/package.json")).unwrap()).unwrap();
    assert_eq!(pkg["dependencies"]["express"], "^4.21.0", "the user's express stays");
    assert_eq!(pkg["dependencies"]["jose"], "^6.1.0");
    assert_eq!(pkg["devDependencies"]["@types/express"], "^5.0.0");
}
