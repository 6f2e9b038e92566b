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
    let changes = plan::resolve(&plan, &DiskTree::new(&root).unwrap(), false).unwrap();

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
    let changes = plan::resolve(&plan, &DiskTree::new(&root).unwrap(), false).unwrap();
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
fn an_existing_auth_config_is_a_conflict_and_its_middleware_is_kept() {
    check("existing-auth", &["--arch", "separate", "--backend", "express"]);
    let text = report("existing-auth", &["--arch", "separate", "--backend", "express"]);
    assert!(text.contains("conflict   lib/auth.ts"));
    assert!(!text.contains("proxy.ts") && !text.contains("create     middleware.ts"));
    assert!(text.contains(r#""existing_auth": {"#) && text.contains(r#""path": "lib/auth.ts""#));
}
