//! Realistic repositories under tests/fixtures: what the scan detects there and
//! the plan authgen makes for them (with --yes: every default taken from what
//! was detected). Read-only: nothing is written into the fixtures.

use std::fmt::Write;
use std::path::Path;

use authgen::answers;
use authgen::cli::{Cli, Command};
use authgen::detect::{self, DiskTree};
use authgen::plan::{self, Secrets};
use authgen::resolve;
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
    let changes = resolve::resolve(&plan, &DiskTree::new(&root).unwrap(), false, None).unwrap();

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
    let changes = resolve::resolve(&plan, &DiskTree::new(&root).unwrap(), false, None).unwrap();
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
/// A copy of a fixture in a temporary folder, to run authgen on.
fn copy_of(fixture: &str) -> tempfile::TempDir {
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
    copy
}

fn run_on_copy(fixture: &str, args: &[&str]) -> (i32, String, String, tempfile::TempDir) {
    let copy = copy_of(fixture);
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

#[test]
fn a_fastapi_project_at_the_root_with_the_app_in_a_subfolder() {
    check("root-fastapi", &["--arch", "separate"]);
    let text = report("root-fastapi", &["--arch", "separate"]);
    // The backend's files go beside its own code at the root, never into the app.
    assert!(text.contains("create     app/auth/verifier.py"), "{text}");
    assert!(text.contains("create     .env.example [backend.env_example]") || text.contains("create     .env.example"));
    assert!(text.contains("update     pyproject.toml"), "{text}");
    assert!(!text.contains("frontend/app/auth") && !text.contains("frontend/tests"), "{text}");
    assert!(text.contains("backend_dir = \".\""), "{text}");
    // Run from the root, where the module path has no prefix.
    let setup = planned_file("root-fastapi", &["--arch", "separate"], "docs/auth/SETUP.md");
    assert!(setup.contains("uvicorn app.main:app") && !setup.contains("..app"), "{setup}");
}

#[test]
fn an_express_server_at_the_root_with_the_app_in_ui() {
    check("root-express", &["--arch", "separate"]);
    let text = report("root-express", &["--arch", "separate"]);
    assert!(text.contains("create     auth/require-auth.js"), "{text}");
    assert!(text.contains("update     package.json [backend.manifest]") || text.contains("update     package.json"));
    assert!(!text.contains("ui/auth/"), "{text}");
}

#[test]
fn a_folder_of_template_files_without_a_manifest_is_not_an_app() {
    let text = report("template-folder", &[]);
    assert!(text.contains("\"next_apps\": [\n    \".\"\n  ]"), "{text}");
    assert!(text.contains("create     src/lib/auth.ts"), "{text}");
}

#[test]
fn an_existing_client_under_another_name_is_used_never_doubled() {
    check("app-client-utils", &["--arch", "separate", "--backend", "fastapi"]);
    let text = report("app-client-utils", &["--arch", "separate", "--backend", "fastapi"]);
    assert!(!text.contains("lib/auth-client.ts"), "a second client was planned:\n{text}");
    assert!(text.contains("update     src/utils/auth-client.ts [client-edit]"), "{text}");
    assert!(text.contains("create     src/lib/api-client.ts"), "{text}");
}

#[test]
fn clerk_and_supabase_auth_route_guards_are_kept_and_named() {
    for (fixture, library, guard) in
        [("clerk-app", "Clerk", "proxy.ts"), ("supabase-auth-app", "Supabase Auth", "src/middleware.ts")]
    {
        check(fixture, &[]);
        let text = report(fixture, &[]);
        assert!(text.contains(&format!("\"other_auth\": \"{library}\"")), "{text}");
        assert!(!text.contains("[frontend.proxy]"), "{fixture}: a route guard was planned:\n{text}");
        assert!(text.contains(&format!("\"route_guard\": \"{guard}\"")), "{text}");
    }
    // Clerk's optional catch-all and a route group already serve /sign-in and
    // /sign-up: a second page for each would not build.
    let text = report("clerk-app", &[]);
    assert!(!text.contains("app/sign-in/page.tsx") && !text.contains("app/sign-up/page.tsx"), "{text}");
    assert!(text.contains("create     app/dashboard/page.tsx"), "{text}");
}

/// The planned content of one file of a fixture's plan.
fn planned_file(fixture: &str, extra: &[&str], path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let mut argv = vec!["authgen", "init", "--yes", "--dry-run", "--dir", root.to_str().unwrap()];
    argv.extend(extra);
    let Command::Init(args) = Cli::parse_from(argv).command else { unreachable!("an init command line") };
    let repo = detect::scan(&root).unwrap();
    let resolved = answers::resolve(&args, None, &root, &repo, None).unwrap();
    let plan = plan::build(&resolved, &Secrets::placeholder()).unwrap();
    let changes = resolve::resolve(&plan, &DiskTree::new(&root).unwrap(), false, None).unwrap();
    changes.into_iter().find(|c| c.path == path).unwrap_or_else(|| panic!("{path} is not planned")).new
}

/// `answers::resolve` on a fixture without a terminal: the error, if any.
fn refusal(fixture: &str, extra: &[&str]) -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let mut argv = vec!["authgen", "init", "--no-input", "--dry-run", "--dir", root.to_str().unwrap()];
    argv.extend(extra);
    let Command::Init(args) = Cli::parse_from(argv).command else { unreachable!("an init command line") };
    let repo = detect::scan(&root).unwrap();
    answers::resolve(&args, None, &root, &repo, None).err().map(|e| e.to_string())
}

#[test]
fn a_rewrite_of_api_to_the_backend_needs_a_base_path_and_gets_it_everywhere() {
    let separate = ["--arch", "separate", "--backend", "fastapi", "--db", "sqlite"];
    let error = refusal("api-rewrite", &separate).expect("a collision is refused");
    assert!(
        error.contains("web/next.config.mjs rewrites /api/:path*") && error.contains("--base-path /auth"),
        "{error}"
    );
    let with = [&separate[..], &["--base-path", "/auth"]].concat();
    check("api-rewrite", &with);
    let text = report("api-rewrite", &with);
    assert!(text.contains("create     web/app/auth/[...all]/route.ts"), "{text}");
    assert!(!text.contains("app/api/auth/[...all]"), "{text}");
    assert!(text.contains("base_path = \"/auth\""), "{text}");
    let settings = planned_file("api-rewrite", &with, "api/app/auth/settings.py");
    assert!(settings.contains(r#"f"{app_origin}/auth/jwks""#), "{settings}");
    for (file, line) in
        [("web/lib/auth.ts", "basePath: \"/auth\","), ("web/lib/auth-client.ts", "basePath: \"/auth\",")]
    {
        assert!(planned_file("api-rewrite", &with, file).contains(line), "{file}");
    }
    assert!(planned_file("api-rewrite", &with, "docs/auth/TESTING.md").contains("http://localhost:3000/auth/jwks"));
    // The default path, given explicitly, is the user's choice.
    assert!(refusal("api-rewrite", &[&separate[..], &["--base-path", "/api/auth"]].concat()).is_none());
}

#[test]
fn a_catch_all_route_proxying_api_needs_a_base_path() {
    let error = refusal("api-proxy-route", &["--arch", "monolithic", "--db", "sqlite"]).expect("refused");
    assert!(error.contains("src/app/api/[...path]/route.ts forwards every /api request"), "{error}");
    let text = report("api-proxy-route", &["--base-path", "/auth"]);
    assert!(text.contains("create     src/app/auth/[...all]/route.ts"), "{text}");
}

#[test]
fn the_backends_own_api_auth_routes_are_named_but_alone_take_nothing() {
    // On its own origin the backend's /api/auth/login does not collide with the app's.
    assert_eq!(
        refusal("root-fastapi-auth-routes", &["--arch", "separate", "--backend", "fastapi", "--db", "sqlite"]),
        None
    );
    // Behind the app's rewrite it is named in the refusal.
    let error = refusal("api-rewrite", &["--arch", "separate", "--backend", "fastapi", "--db", "sqlite"]).unwrap();
    assert!(error.contains("where the backend's api/app/main.py:6 serves its own /api/auth routes"), "{error}");
}

#[test]
fn a_pages_router_app_whose_api_is_rewritten_is_told_to_narrow_the_rewrite() {
    let error = refusal("pages-rewrite", &["--arch", "monolithic", "--db", "sqlite"]).expect("refused");
    assert!(error.contains("next.config.js rewrites /api/:path*") && error.contains("narrow the rewrite"), "{error}");
}

#[test]
fn a_fallback_rewrite_takes_nothing_from_better_auth() {
    // Next.js applies `fallback` rewrites after every route: /api/auth stays the app's.
    assert_eq!(refusal("fallback-rewrite", &["--arch", "monolithic", "--db", "sqlite"]), None);
    let text = report("fallback-rewrite", &[]);
    assert!(text.contains("create     app/api/auth/[...all]/route.ts"), "{text}");
}

#[test]
fn the_apps_own_modules_at_authgens_paths_are_left_alone_and_authgens_go_beside_them() {
    let args = ["--arch", "separate", "--backend", "fastapi", "--db", "sqlite"];
    check("own-modules", &args);
    let text = report("own-modules", &args);
    assert!(!text.contains("conflict"), "{text}");
    assert!(text.contains("create     src/lib/better-auth/api-client.ts"), "{text}");
    assert!(text.contains("create     src/components/better-auth/sign-in-form.tsx"), "{text}");
    assert!(!text.contains(" src/lib/api-client.ts") && !text.contains(" src/components/auth/"), "{text}");
    let form = planned_file("own-modules", &args, "src/components/better-auth/sign-in-form.tsx");
    assert!(form.contains(r#"from "@/lib/better-auth/return-to""#), "{form}");
    let page = planned_file("own-modules", &args, "src/app/sign-in/page.tsx");
    assert!(page.contains("@/components/better-auth"), "{page}");
    let answer = planned_file("own-modules", &args, "src/components/better-auth/backend-answer.tsx");
    assert!(answer.contains(r#"from "@/lib/better-auth/api-client""#), "{answer}");
}

/// The answers and their sources for a fixture, with an answers file.
fn resolve_with_file(fixture: &str, file: answers::AnswersFile) -> answers::Resolved {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let Command::Init(args) = Cli::parse_from(["authgen", "init", "--yes", "--dir", root.to_str().unwrap()]).command
    else {
        unreachable!()
    };
    let repo = detect::scan(&root).unwrap();
    answers::resolve(&args, Some(file), &root, &repo, None).unwrap()
}

#[test]
fn ports_from_next_dev_and_uvicorn_run_are_the_detected_urls() {
    check("ports-fastapi", &[]);
    let text = report("ports-fastapi", &[]);
    assert!(text.contains("app_url = \"http://localhost:8080\"") && text.contains("app_url: detected"), "{text}");
    // The app's dev script also starts the backend on 8001: that port is never the app's.
    assert!(
        text.contains("backend_url = \"http://localhost:8001\"") && text.contains("backend_url: detected"),
        "{text}"
    );
    assert!(text.contains(r#""port_source": "web/package.json scripts.dev""#), "{text}");
    assert!(text.contains(r#""port_source": "api/app/main.py""#), "{text}");
    // Flags win over what was detected, and so does the answers file.
    let text =
        report("ports-fastapi", &["--app-url", "http://localhost:3000", "--backend-url", "http://localhost:9000"]);
    assert!(text.contains("app_url: flag") && text.contains("app_url = \"http://localhost:3000\""), "{text}");
    assert!(text.contains("backend_url: flag") && text.contains("backend_url = \"http://localhost:9000\""), "{text}");
    let file = answers::AnswersFile {
        app_url: Some("http://localhost:4000".into()),
        backend_url: Some("http://localhost:9001".into()),
        ..Default::default()
    };
    let resolved = resolve_with_file("ports-fastapi", file);
    assert_eq!(resolved.answers.app_url, "http://localhost:4000");
    assert_eq!(resolved.answers.backend_url.as_deref(), Some("http://localhost:9001"));
    assert_eq!(resolved.sources["app_url"], answers::Source::AnswersFile);
    assert_eq!(resolved.sources["backend_url"], answers::Source::AnswersFile);
}

#[test]
fn detected_ports_reach_the_env_files_the_docs_and_the_json() {
    let (code, stdout, stderr, _copy) = run_on_copy("ports-fastapi", &["init", "--dry-run", "--yes", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["sources"]["app_url"], "detected");
    assert_eq!(json["sources"]["backend_url"], "detected");
    assert_eq!(json["detected"]["frontend"]["port"], 8080);
    assert_eq!(json["detected"]["frontend"]["port_source"], "web/package.json scripts.dev");
    assert_eq!(json["detected"]["backend"]["port"], 8001);
    assert_eq!(json["detected"]["backend"]["port_source"], "api/app/main.py");
    let value = |path: &str, key: &str| {
        let file = json["files"].as_array().unwrap().iter().find(|f| f["path"] == path).unwrap();
        let keys = file["env_keys"].as_array().unwrap();
        keys.iter().find(|k| k["key"] == key).map(|k| k["value"].clone()).unwrap()
    };
    assert_eq!(value("web/.env.local", "BETTER_AUTH_URL"), "http://localhost:8080");
    assert_eq!(value("web/.env.local", "NEXT_PUBLIC_API_URL"), "http://localhost:8001");
    assert_eq!(value("api/.env", "CORS_ORIGINS"), "http://localhost:8080");
    let (code, stdout, stderr, copy) = run_on_copy("ports-fastapi", &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("App port        8080 (web/package.json scripts.dev) (detected)"), "{stdout}");
    assert!(stdout.contains("Backend port    8001 (api/app/main.py) (detected)"), "{stdout}");
    let setup = std::fs::read_to_string(copy.path().join("docs/auth/SETUP.md")).unwrap();
    assert!(setup.contains("--port 8001"), "{setup}");
    let toml = std::fs::read_to_string(copy.path().join("authgen.toml")).unwrap();
    assert!(toml.contains("app_url = \"http://localhost:8080\""), "{toml}");
}

#[test]
fn an_express_port_read_from_env_and_port_before_next_dev() {
    check("ports-express", &[]);
    let text = report("ports-express", &[]);
    assert!(text.contains("app_url = \"http://localhost:3100\""), "{text}");
    // `process.env.PORT || 4000`, with PORT=4100 in the backend's env example.
    assert!(text.contains("backend_url = \"http://localhost:4100\""), "{text}");
    assert!(text.contains(r#""port_source": "PORT in server/.env.example, read by server/src/server.ts""#), "{text}");
}

#[test]
fn a_rewrite_gives_the_backend_url_and_a_containers_port_does_not() {
    check("ports-rewrite", &[]);
    let text = report("ports-rewrite", &[]);
    // No port in `next dev`: the default stays.
    assert!(text.contains("app_url = \"http://localhost:3000\"") && text.contains("app_url: default"), "{text}");
    // The Dockerfile's `--port 80` is the container's; the rewrite says where the app calls the backend.
    assert!(
        text.contains("backend_url = \"http://127.0.0.1:8002\"") && text.contains("backend_url: detected"),
        "{text}"
    );
    assert!(text.contains(r#""backend_url_source": "rewrite in web/next.config.ts""#), "{text}");
}

#[test]
fn existing_fixtures_without_ports_keep_the_defaults() {
    let text = report("frontend-fastapi", &[]);
    assert!(text.contains("app_url: default") && text.contains("backend_url: default"), "{text}");
    assert!(text.contains("backend_url = \"http://localhost:8000\""), "{text}");
}

/// A copy of a fixture with files written (or removed, for `None`), and what
/// the detection says of its database there: (db, what said so).
fn database_on_copy(fixture: &str, files: &[(&str, Option<&str>)]) -> (Option<authgen::cli::Db>, Option<String>) {
    let copy = copy_of(fixture);
    for (path, text) in files {
        let target = copy.path().join(path);
        match text {
            Some(text) => {
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(&target, text).unwrap();
            }
            None => std::fs::remove_file(&target).unwrap(),
        }
    }
    let repo = detect::scan(copy.path()).unwrap();
    let frontend = detect::frontend(copy.path(), ".", &repo).unwrap();
    (frontend.db, frontend.db_source)
}

#[test]
fn an_app_on_supabase_gets_supabase_postgres_not_sqlite() {
    check("supabase-app", &[]);
    let text = report("supabase-app", &[]);
    assert!(text.contains("db = \"supabase\"") && text.contains("db: detected"), "{text}");
    assert!(text.contains(r#""db_source": "package.json (@supabase/ssr)""#), "{text}");
    assert!(text.contains("$ npm install better-auth pg") && !text.contains("sqlite"), "{text}");
    let (code, _, stderr, copy) = run_on_copy("supabase-app", &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    let setup = std::fs::read_to_string(copy.path().join("docs/auth/SETUP.md")).unwrap();
    assert!(setup.contains("Session pooler") && setup.contains("Project Settings > Database"), "{setup}");
    let example = std::fs::read_to_string(copy.path().join(".env.example")).unwrap();
    assert!(example.contains("pooler.supabase.com:5432/postgres"), "{example}");
    let auth = std::fs::read_to_string(copy.path().join("src/lib/auth.ts")).unwrap();
    assert!(auth.contains("new Pool({ connectionString: process.env.DATABASE_URL })"), "{auth}");
    let (code, stdout, stderr, _copy) = run_on_copy("supabase-app", &["init", "--dry-run", "--yes", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["config"]["db"], "supabase");
    assert_eq!(json["sources"]["db"], "detected");
    assert_eq!(json["detected"]["frontend"]["db_source"], "package.json (@supabase/ssr)");
}

#[test]
fn each_supabase_signal_counts_and_an_explicit_other_database_wins() {
    use authgen::cli::Db;
    let no_packages = r#"{ "name": "x", "private": true, "dependencies": { "next": "16.4.6", "react": "19.3.0" } }"#;
    // Without the packages: the variable in the env example, then supabase/config.toml alone.
    let (db, source) = database_on_copy("supabase-app", &[("package.json", Some(no_packages))]);
    assert_eq!((db, source.as_deref()), (Some(Db::Supabase), Some("NEXT_PUBLIC_SUPABASE_URL in .env.example")));
    let (db, source) = database_on_copy("supabase-app", &[("package.json", Some(no_packages)), (".env.example", None)]);
    assert_eq!((db, source.as_deref()), (Some(Db::Supabase), Some("supabase/config.toml")));
    // A PostgreSQL driver or Prisma's postgresql: still Supabase's PostgreSQL.
    let prisma_pg = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n";
    let (db, _) = database_on_copy("supabase-app", &[("prisma/schema.prisma", Some(prisma_pg))]);
    assert_eq!(db, Some(Db::Supabase));
    // A real URL, or a signal for another database, says otherwise.
    let local = "DATABASE_URL=postgresql://app:secret@localhost:5432/app\n";
    let (db, source) = database_on_copy("supabase-app", &[(".env.local", Some(local))]);
    assert_eq!((db, source.as_deref()), (Some(Db::Postgres), Some("DATABASE_URL in .env.local")));
    let prisma_mysql = "datasource db {\n  provider = \"mysql\"\n  url = env(\"DATABASE_URL\")\n}\n";
    let (db, _) = database_on_copy("supabase-app", &[("prisma/schema.prisma", Some(prisma_mysql))]);
    assert_eq!(db, Some(Db::Mysql));
    // Supabase's local stack (`supabase start`) listens on 54322.
    let started = "DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:54322/postgres\n";
    let (db, _) = database_on_copy("supabase-app", &[(".env.local", Some(started))]);
    assert_eq!(db, Some(Db::Supabase));
}

/// A copy of a fixture, with files written over it (raw bytes).
fn copy_with(fixture: &str, files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let copy = copy_of(fixture);
    for (path, bytes) in files {
        std::fs::write(copy.path().join(path), bytes).unwrap();
    }
    copy
}

/// Runs the real binary in `dir` (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("authgen")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

#[test]
fn env_files_in_utf16_are_read_and_unreadable_ones_are_warnings() {
    check("env-utf16", &[]);
    let text = report("env-utf16", &[]);
    // .env.development is UTF-16LE, .env.test UTF-16BE, .env.sample a UTF-16LE example.
    assert!(
        text.contains(r#""db_source": "DATABASE_URL in .env.development""#) && text.contains("db = \"neon\""),
        "{text}"
    );
    assert!(
        text.contains(r#""key": "BETTER_AUTH_TRUSTED_ORIGINS","#) && text.contains(r#""file": ".env.test""#),
        "{text}"
    );
    let dir = copy_with("env-utf16", &[]);
    let before = std::fs::read(dir.path().join(".env.development")).unwrap();
    let (code, stdout, stderr) = run_in(dir.path(), &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    // Latin-1 in a file authgen only reads: a warning naming it, not a refusal.
    assert!(stderr.contains("warning: .env.production: not UTF-8 or UTF-16 text (skipped)"), "{stderr}");
    // A real env file in UTF-16 is read, and the app's tools will not read it: said so.
    assert!(stderr.contains("warning: .env.development is UTF-16 text: authgen reads it, but Next.js"), "{stderr}");
    assert!(!stderr.contains(".env.sample"), "an example in UTF-16 is fine: {stderr}");
    assert!(stdout.contains("DATABASE_URL (already set in .env.development"), "{stdout}");
    assert_eq!(std::fs::read(dir.path().join(".env.development")).unwrap(), before, "read-only files stay as they are");
    let (code, stdout, stderr) = run_in(dir.path(), &["init", "--dry-run", "--yes", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let warnings = json["detected"]["frontend"]["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w == ".env.production: not UTF-8 or UTF-16 text (skipped)"), "{warnings:?}");
}

#[test]
fn a_utf16_env_file_authgen_writes_into_is_refused_with_one_line() {
    for big_endian in [false, true] {
        let example = utf16("# Keys\r\nRESEND_API_KEY=\r\n", big_endian);
        let dir = copy_with("env-utf16", &[(".env.example", &example)]);
        let (code, stdout, stderr) = run_in(dir.path(), &["init", "--yes"]);
        assert_eq!(code, 2, "{stdout}{stderr}");
        let error: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("warning:")).collect();
        assert_eq!(error.len(), 1, "{stderr}");
        assert!(error[0].contains(".env.example: UTF-16 text, and authgen reads and writes this file as UTF-8: save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 .env.example"), "{stderr}");
        assert_eq!(std::fs::read(dir.path().join(".env.example")).unwrap(), example);
        assert!(!dir.path().join("lib/auth.ts").exists() && !dir.path().join(".env.local").exists());
    }
}

#[test]
fn an_env_file_with_a_utf8_byte_order_mark_is_merged_and_keeps_it() {
    let dir = copy_with("env-utf16", &[(".env.local", "\u{feff}NEXT_PUBLIC_SITE_NAME=Notes\n".as_bytes())]);
    let (code, _, stderr) = run_in(dir.path(), &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.path().join(".env.local")).unwrap();
    assert!(text.starts_with("\u{feff}NEXT_PUBLIC_SITE_NAME=Notes\n"), "{text:?}");
    assert!(text.contains("\nBETTER_AUTH_SECRET=") && text.matches('\u{feff}').count() == 1, "{text:?}");
    let (code, stdout, stderr) = run_in(dir.path(), &["init", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("nothing was written"), "{stdout}");
}

#[test]
fn vercels_layout_in_a_subfolder_keeps_the_api_inside_the_app() {
    let text = report("vercel-subfolder", &["--arch", "separate"]);
    assert!(text.contains("backend_dir = \"web/api\""), "{text}");
    assert!(text.contains("create     web/api/auth/verifier.py"), "{text}");
}

#[test]
fn plugins_are_added_to_an_apps_own_config_and_client_in_place() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/existing-auth");
    let repo = detect::scan(&root).unwrap();
    let argv = ["authgen", "init", "--yes", "--plugins", "two-factor,magic-link", "--dir", root.to_str().unwrap()];
    let Command::Init(args) = Cli::parse_from(argv).command else { unreachable!("an init command line") };
    let resolved = answers::resolve(&args, None, &root, &repo, None).unwrap();
    let plan = plan::build(&resolved, &Secrets::placeholder()).unwrap();
    assert!(
        plan.notes.iter().any(
            |n| n.starts_with("the magic-link, two-factor plugin(s) are added to your config lib/auth.ts in place")
        ),
        "{:#?}",
        plan.notes
    );
    let changes = resolve::resolve(&plan, &DiskTree::new(&root).unwrap(), false, None).unwrap();
    let config = changes.iter().find(|c| c.role == "config-edit").unwrap();
    assert!(config.new.contains("import { magicLink, twoFactor } from \"better-auth/plugins\";"), "{}", config.new);
    assert!(config.new.contains("import { sendEmail } from \"./email\";"), "{}", config.new);
    assert!(config.new.contains("magicLink({ disableSignUp: true, sendMagicLink:"), "{}", config.new);
    assert!(config.new.contains("twoFactor()"), "{}", config.new);
    // Its pages still come, and the plugin's own files with them.
    assert!(plan.outputs.iter().any(|o| o.path.ends_with("two-factor-settings.tsx")));
}
