//! Snapshots of the rendered plan for the configuration matrix: every file
//! authgen would write into an empty repository, with its role and content.
//! The secret is a fixed placeholder.

use std::collections::BTreeMap;
use std::fmt::Write;

use authgen::answers::{Answers, Resolved, Source};
use authgen::cli::{Arch, Backend, Db, EmailTransport, JwtAlg, Plugin, RateLimitStorage, Social};
use authgen::detect::{BackendInfo, Frontend, Language, ModuleKind, PackageManager, PythonTool, Router, Tree};
use authgen::error::Result;
use authgen::plan::{self, Secrets};
use authgen::resolve;

struct EmptyTree;

impl Tree for EmptyTree {
    fn read(&self, _rel: &str) -> Result<Option<String>> {
        Ok(None)
    }
}

const DBS: [Db; 6] = [Db::Neon, Db::Supabase, Db::Turso, Db::Postgres, Db::Mysql, Db::Sqlite];

fn resolved(arch: Arch, backend: Option<Backend>, db: Db, src_dir: bool, jwt_alg: JwtAlg) -> Resolved {
    let separate = arch == Arch::Separate;
    Resolved {
        answers: Answers {
            arch,
            backend,
            backend_url: separate.then(|| "http://localhost:8000".to_string()),
            db,
            src_dir,
            frontend_dir: if separate { "frontend" } else { "." }.to_string(),
            backend_dir: separate.then(|| "backend".to_string()),
            app_url: "http://localhost:3000".into(),
            base_path: None,
            jwt_alg,
            protect: vec!["/dashboard".into()],
            pages: true,
            email: EmailTransport::Console,
            email_verification: false,
            social: Vec::new(),
            plugins: Vec::new(),
            rate_limit_storage: RateLimitStorage::Memory,
            jwt_rotation_days: None,
        },
        sources: BTreeMap::<&'static str, Source>::new(),
        frontend: Frontend {
            exists: false,
            has_src: false,
            package_manager: PackageManager::Npm,
            language: Language::Typescript,
            tailwind: false,
            alias: None,
            next_major: None,
            router: Router::App,
            db: None,
            db_source: None,
            db_env: "DATABASE_URL".into(),
            route_guard: None,
            other_auth: None,
            existing_auth: None,
            existing_client: None,
            route_handler: None,
            other_auth_route: None,
            served_by: None,
            env_defined: Vec::new(),
            taken: Vec::new(),
            served_pages: Vec::new(),
            port: None,
            port_source: None,
            backend_url: None,
            backend_url_source: None,
            warnings: Vec::new(),
        },
        backend: separate.then(|| BackendInfo {
            package_manager: PackageManager::Npm,
            python_tool: PythonTool::Pip,
            python_package: "app".into(),
            run_dir: "backend".into(),
            entry: None,
            manifest: None,
            language: Language::Typescript,
            module: ModuleKind::Esm,
            runner: None,
            source_root: "src".into(),
            virtualenv: None,
            env_defined: Vec::new(),
            port: None,
            port_source: None,
            warnings: Vec::new(),
        }),
        node_major: None,
        docs_site: false,
        tracked_env: Default::default(),
    }
}

fn render(resolved: &Resolved) -> String {
    let plan = plan::build(resolved, &Secrets::placeholder()).unwrap();
    let changes = resolve::resolve(&plan, &EmptyTree, false, None).unwrap();
    let mut out = String::new();
    for side in &plan.packages {
        for command in &side.commands {
            writeln!(out, "$ {command}").unwrap();
        }
    }
    for change in changes {
        writeln!(out, "\n===== {} [{}] {:?}", change.path, change.role, change.action).unwrap();
        if change.role == "record" {
            // The record repeats the generated files above; its keys are enough here.
            let record: serde_json::Value = serde_json::from_str(&change.new).unwrap();
            for (path, _) in record["files"].as_object().unwrap() {
                writeln!(out, "file {path}").unwrap();
            }
            for (path, keys) in record["env"].as_object().unwrap() {
                writeln!(out, "env {path}: {keys}").unwrap();
            }
            continue;
        }
        out.push_str(&change.new);
    }
    out
}

fn check(name: &str, resolved: Resolved) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, render(&resolved));
    });
}

fn db_slug(db: Db) -> &'static str {
    plan::db_name(db)
}

#[test]
fn monolithic_every_database_with_and_without_src() {
    for db in DBS {
        for src in [false, true] {
            let name = format!("monolithic-{}-{}", db_slug(db), if src { "src" } else { "root" });
            check(&name, resolved(Arch::Monolithic, None, db, src, JwtAlg::EdDSA));
        }
    }
}

#[test]
fn separate_every_backend_and_database() {
    let algs = [JwtAlg::EdDSA, JwtAlg::ES256, JwtAlg::RS256, JwtAlg::ES512, JwtAlg::PS256];
    let backends = [Backend::Fastapi, Backend::Express, Backend::Nestjs, Backend::Other];
    for (b, backend) in backends.into_iter().enumerate() {
        for (d, db) in DBS.into_iter().enumerate() {
            // Every backend meets every database; src/ and the algorithm rotate
            // so each backend is seen with src/ on and off and several algorithms.
            let src = (b + d) % 2 == 0;
            let alg = algs[(b + d) % algs.len()];
            let name = format!(
                "separate-{:?}-{}-{}-{}",
                backend,
                db_slug(db),
                if src { "src" } else { "root" },
                plan::alg_name(alg)
            )
            .to_lowercase();
            check(&name, resolved(Arch::Separate, Some(backend), db, src, alg));
        }
    }
}

/// The content of the one rendered file whose path ends with `suffix`.
fn file<'a>(rendered: &'a str, suffix: &str) -> &'a str {
    rendered
        .split("\n===== ")
        .find(|f| f.split(' ').next().is_some_and(|path| path.ends_with(suffix)))
        .unwrap_or_else(|| panic!("no file ending with {suffix}"))
}

#[test]
fn jwt_plugin_only_for_a_separate_backend_and_key_pair_config_only_when_not_eddsa() {
    let mono = render(&resolved(Arch::Monolithic, None, Db::Postgres, false, JwtAlg::EdDSA));
    assert!(!file(&mono, "lib/auth.ts").contains("jwt("), "monolithic must not enable the jwt plugin");
    assert!(!file(&mono, "lib/auth-client.ts").contains("jwtClient"));
    assert!(!mono.contains("api-client.ts"));

    let eddsa = render(&resolved(Arch::Separate, Some(Backend::Fastapi), Db::Postgres, false, JwtAlg::EdDSA));
    assert!(file(&eddsa, "lib/auth.ts").contains("    jwt(),"));
    assert!(!file(&eddsa, "lib/auth.ts").contains("keyPairConfig"));
    assert!(file(&eddsa, "lib/auth-client.ts").contains("plugins: [jwtClient()]"));

    let es256 = render(&resolved(Arch::Separate, Some(Backend::Express), Db::Postgres, false, JwtAlg::ES256));
    assert!(file(&es256, "lib/auth.ts").contains(r#"keyPairConfig: { alg: "ES256" }"#));
    assert!(file(&es256, "backend/.env").contains("AUTH_JWT_ALGORITHMS=ES256"));
}

#[test]
fn verifiers_never_use_the_shared_secret_or_hs256() {
    for backend in [Backend::Fastapi, Backend::Express, Backend::Nestjs] {
        let text = render(&resolved(Arch::Separate, Some(backend), Db::Postgres, false, JwtAlg::EdDSA));
        let backend_part: String =
            text.split("\n===== ").filter(|file| file.starts_with("backend/") && !file.contains(".md [")).collect();
        assert!(!backend_part.contains("BETTER_AUTH_SECRET"), "{backend:?} backend mentions the secret");
        assert!(!backend_part.contains("HS256=") && !backend_part.contains("\"HS256\""), "{backend:?}");
        assert!(backend_part.contains("/api/auth/jwks"), "{backend:?} backend lacks the JWKS path");
        assert!(!backend_part.contains(".well-known"), "{backend:?}");
    }
}

#[test]
fn sqlite_gets_the_better_sqlite3_line_that_supports_the_machines_node() {
    let mut on_20 = resolved(Arch::Monolithic, None, Db::Sqlite, false, JwtAlg::EdDSA);
    on_20.node_major = Some(20);
    let plan = plan::build(&on_20, &Secrets::placeholder()).unwrap();
    assert_eq!(plan.packages[0].commands[0], "npm install better-auth better-sqlite3@12");
    let mut on_22 = on_20.clone();
    on_22.node_major = Some(22);
    let plan = plan::build(&on_22, &Secrets::placeholder()).unwrap();
    assert_eq!(plan.packages[0].commands[0], "npm install better-auth better-sqlite3");
}

#[test]
fn account_flows_every_transport_with_verification_social_and_rotation() {
    for (transport, name) in [(EmailTransport::Smtp, "smtp"), (EmailTransport::Resend, "resend")] {
        let mut flows = resolved(Arch::Separate, Some(Backend::Fastapi), Db::Sqlite, true, JwtAlg::EdDSA);
        flows.answers.email = transport;
        flows.answers.email_verification = true;
        flows.answers.social = vec![Social::Github, Social::Google];
        flows.answers.rate_limit_storage = RateLimitStorage::Database;
        flows.answers.jwt_rotation_days = Some(30);
        check(&format!("flows-{name}-verification-social-rotation"), flows);
    }
    let mut tailwind = resolved(Arch::Monolithic, None, Db::Postgres, false, JwtAlg::EdDSA);
    tailwind.frontend.tailwind = true;
    tailwind.answers.email_verification = true;
    tailwind.answers.social = vec![Social::Github];
    check("flows-console-verification-github-tailwind", tailwind);
}

#[test]
fn password_reset_is_always_there_and_verification_only_when_asked() {
    let plain = render(&resolved(Arch::Monolithic, None, Db::Sqlite, false, JwtAlg::EdDSA));
    let config = file(&plain, "lib/auth.ts");
    assert!(config.contains("sendResetPassword") && config.contains("revokeSessionsOnPasswordReset: true"));
    assert!(!config.contains("requireEmailVerification") && !config.contains("socialProviders"));
    assert!(file(&plain, "app/forgot-password/page.tsx").contains("ForgotPasswordForm"));
    assert!(file(&plain, "forgot-password-form.tsx").contains(r#"redirectTo: "/reset-password""#));
    assert!(file(&plain, "sign-in-form.tsx").contains(r#"href="/forgot-password""#));
    let commands: String = plain.lines().take_while(|l| l.starts_with('$')).collect();
    assert!(!commands.contains("nodemailer") && !commands.contains("resend"), "console installs no transport");
    assert!(!file(&plain, "lib/email.ts").contains("import "), "console mode imports no transport");

    let mut verify = resolved(Arch::Monolithic, None, Db::Sqlite, false, JwtAlg::EdDSA);
    verify.answers.email_verification = true;
    verify.answers.email = EmailTransport::Smtp;
    let text = render(&verify);
    assert!(file(&text, "lib/auth.ts").contains("requireEmailVerification: true"));
    assert!(file(&text, "sign-in-form.tsx").contains("sendVerificationEmail"));
    assert!(file(&text, "sign-up-form.tsx").contains("Check your inbox"));
    assert!(text.starts_with("$ npm install better-auth better-sqlite3 nodemailer\n$ npm install --save-dev @types/better-sqlite3 @types/nodemailer"), "{}", &text[..200]);
}

#[test]
fn social_providers_are_gated_by_their_client_id_and_listed_with_their_callback() {
    let mut social = resolved(Arch::Monolithic, None, Db::Sqlite, false, JwtAlg::EdDSA);
    social.answers.social = vec![Social::Github, Social::Google];
    let text = render(&social);
    let config = file(&text, "lib/auth.ts");
    for env in ["GITHUB", "GOOGLE"] {
        assert!(config.contains(&format!("enabled: Boolean(process.env.{env}_CLIENT_ID)")), "{env}");
        assert!(file(&text, ".env.example").contains(&format!("{env}_CLIENT_SECRET=\n")), "{env}");
    }
    let setup = file(&text, "SETUP.md");
    assert!(setup.contains("http://localhost:3000/api/auth/callback/github"));
    assert!(setup.contains("http://localhost:3000/api/auth/callback/google"));
    let buttons = file(&text, "social-buttons.tsx");
    assert!(
        buttons.contains(r#"{ id: "github", label: "GitHub" }"#) && buttons.contains(r#"errorCallbackURL: "/sign-in""#)
    );
}

#[test]
fn rotation_sets_an_interval_and_a_grace_period_longer_than_a_token() {
    let mut rotating = resolved(Arch::Separate, Some(Backend::Express), Db::Sqlite, false, JwtAlg::ES256);
    rotating.answers.jwt_rotation_days = Some(7);
    let config = file(&render(&rotating), "lib/auth.ts").to_string();
    assert!(config.contains("rotationInterval: 7 * 24 * 60 * 60,"), "{config}");
    assert!(config.contains("gracePeriod: 24 * 60 * 60,") && config.contains(r#"keyPairConfig: { alg: "ES256" }"#));
}

#[test]
fn magic_link_alone_in_the_app_router_and_the_pages_router() {
    let mut app = resolved(Arch::Monolithic, None, Db::Sqlite, true, JwtAlg::EdDSA);
    app.answers.plugins = vec![Plugin::MagicLink];
    app.answers.email = EmailTransport::Smtp;
    app.frontend.tailwind = true;
    check("plugins-magic-link-app-router", app);
    let mut pages = resolved(Arch::Separate, Some(Backend::Fastapi), Db::Postgres, false, JwtAlg::EdDSA);
    pages.answers.plugins = vec![Plugin::MagicLink];
    pages.frontend.router = Router::Pages;
    check("plugins-magic-link-pages-router-separate", pages);
}

#[test]
fn plugins_keep_next_cookies_last_and_their_imports_with_the_jwt_plugin() {
    let mut separate = resolved(Arch::Separate, Some(Backend::Express), Db::Postgres, false, JwtAlg::EdDSA);
    separate.answers.plugins = vec![Plugin::MagicLink];
    let text = render(&separate);
    let config = file(&text, "lib/auth.ts");
    assert!(config.contains(r#"import { jwt, magicLink } from "better-auth/plugins";"#), "{config}");
    let (jwt, magic, cookies) =
        (config.find("jwt()").unwrap(), config.find("magicLink({").unwrap(), config.find("nextCookies()").unwrap());
    assert!(jwt < magic && magic < cookies, "nextCookies() must stay last");
    let client = file(&text, "lib/auth-client.ts");
    assert!(client.contains(r#"import { jwtClient, magicLinkClient } from "better-auth/client/plugins";"#));
    assert!(client.contains("    jwtClient(),\n    magicLinkClient(),\n"), "{client}");
    assert!(file(&text, "sign-in-form.tsx").contains("<MagicLinkButton returnTo={returnTo} onError={setError} />"));
    assert!(file(&text, "SETUP.md").contains("## Magic link"));
    // Without the plugin nothing of it is written.
    let plain = render(&resolved(Arch::Separate, Some(Backend::Express), Db::Postgres, false, JwtAlg::EdDSA));
    assert!(!plain.contains("magicLink") && !plain.contains("magic-link"));
}

#[test]
fn two_factor_alone_in_the_app_router_and_the_pages_router() {
    let mut app = resolved(Arch::Monolithic, None, Db::Sqlite, true, JwtAlg::EdDSA);
    app.answers.plugins = vec![Plugin::TwoFactor];
    check("plugins-two-factor-app-router", app);
    let mut pages = resolved(Arch::Separate, Some(Backend::Express), Db::Postgres, false, JwtAlg::EdDSA);
    pages.answers.plugins = vec![Plugin::TwoFactor];
    pages.frontend.router = Router::Pages;
    pages.frontend.tailwind = true;
    check("plugins-two-factor-pages-router-separate", pages);
}

#[test]
fn every_plugin_together() {
    let mut all = resolved(Arch::Separate, Some(Backend::Fastapi), Db::Sqlite, true, JwtAlg::EdDSA);
    all.answers.plugins = vec![Plugin::MagicLink, Plugin::TwoFactor, Plugin::Admin];
    all.answers.email = EmailTransport::Smtp;
    check("plugins-all-separate", all.clone());
    let text = render(&all);
    assert!(
        text.starts_with("$ cd frontend && npm install better-auth better-sqlite3 nodemailer qrcode.react\n"),
        "{}",
        &text[..200]
    );
    let form = file(&text, "sign-in-form.tsx");
    assert!(form.contains("const { data, error } = await authClient.signIn.email("), "{form}");
    assert!(form.contains("/two-factor?returnTo="), "{form}");
    assert!(file(&text, "app/dashboard/page.tsx").contains("<TwoFactorSettings />"));
    assert!(file(&text, "app/two-factor/page.tsx").contains("TwoFactorForm"));
    assert!(!text.contains("pages/two-factor"), "the Pages Router page in an App Router app");
    let config = file(&text, "lib/auth.ts");
    assert!(config.contains(r#"import { jwt, magicLink, twoFactor, admin } from "better-auth/plugins";"#), "{config}");
    assert!(file(&text, "app/admin/page.tsx").contains(r#"if (user.role !== "admin") {"#));
}

#[test]
fn admin_alone_in_the_app_router_and_the_pages_router() {
    let mut app = resolved(Arch::Monolithic, None, Db::Postgres, false, JwtAlg::EdDSA);
    app.answers.plugins = vec![Plugin::Admin];
    app.frontend.tailwind = true;
    check("plugins-admin-app-router", app);
    let mut pages = resolved(Arch::Monolithic, None, Db::Sqlite, true, JwtAlg::EdDSA);
    pages.answers.plugins = vec![Plugin::Admin];
    pages.frontend.router = Router::Pages;
    let text = render(&pages);
    assert!(file(&text, "pages/admin.tsx").contains("return { notFound: true };"));
    check("plugins-admin-pages-router", pages);
}
