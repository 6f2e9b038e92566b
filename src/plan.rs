//! The plan: from answers and what was detected to the files, env keys and
//! commands of the integration. `build` is pure; `resolve` compares the plan
//! with the current tree (through the read-only `Tree`) and decides each
//! file's action, finding every conflict before anything is written.

use std::sync::OnceLock;

use minijinja::{Environment, context};
use serde::Serialize;

use crate::answers::{self, Answers, Resolved};
use crate::cli::{Arch, Backend, Db, JwtAlg};
use crate::detect::{Language, ModuleKind, PythonTool, Router, Tree};
use crate::envfile::{self, EnvEntry, KeyStatus};
use crate::error::{Error, Result};

/// Secret values the plan writes into new env files. Never printed.
pub struct Secrets {
    pub better_auth_secret: String,
}

impl Secrets {
    /// 32 bytes from the operating system's CSPRNG, as 64 hex characters.
    pub fn generate() -> Result<Self> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| Error::Other(anyhow::anyhow!("cannot generate a secret: {e}")))?;
        let better_auth_secret = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Secrets { better_auth_secret })
    }

    /// A fixed stand-in for snapshots.
    pub fn placeholder() -> Self {
        Secrets { better_auth_secret: "<generated-secret>".into() }
    }
}

/// What authgen wants a file to contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Generated code: an existing different file is a conflict.
    Generated(String),
    /// authgen's own record (authgen.toml): replaced without asking.
    Owned(String),
    /// An env file merged key by key; `real` files hold secrets (mode 0600, git-ignored).
    Env { entries: Vec<EnvEntry>, real: bool },
    /// A .gitignore that must ignore these paths (relative to the repository root);
    /// `.gitignore` files in these folders are consulted too.
    Ignore { paths: Vec<String>, folders: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the repository root, with `/`.
    pub path: String,
    pub role: &'static str,
    pub content: Content,
}

/// Packages one side of the project needs, and the commands that add them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Packages {
    pub side: &'static str,
    pub dir: String,
    pub tool: &'static str,
    pub dependencies: Vec<&'static str>,
    pub dev_dependencies: Vec<&'static str>,
    /// The steps as a person would type them.
    pub commands: Vec<String>,
    #[serde(skip)]
    pub steps: Vec<Step>,
}

/// A command to run in a folder of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Relative to the repository root.
    pub dir: String,
    pub argv: Vec<String>,
    /// Why authgen will not run it itself (it only prints it), if so.
    pub manual: Option<String>,
}

impl Step {
    fn new(dir: &str, command: &str, packages: &[&str]) -> Self {
        let argv = command.split_whitespace().chain(packages.iter().copied()).map(str::to_string).collect();
        Step { dir: dir.to_string(), argv, manual: None }
    }

    /// `cd dir && program args`, quoted for a POSIX shell where needed.
    pub fn display(&self) -> String {
        let quoted: Vec<String> = self
            .argv
            .iter()
            .map(|a| if a.contains(['[', ']', ' ', '*']) { format!("\"{a}\"") } else { a.clone() })
            .collect();
        let command = quoted.join(" ");
        if self.dir == "." { command } else { format!("cd {} && {command}", self.dir) }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub answers: Answers,
    pub outputs: Vec<Output>,
    pub packages: Vec<Packages>,
}

fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid");
        env.set_syntax(syntax);
        env.add_function("ts_const", ts_const);
        env.add_function("ts_string_array", ts_string_array);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        minijinja_embed::load_templates!(&mut env);
        env
    })
}

/// `const NAME = "value";` laid out as Prettier does (80 columns): a value
/// too long for one line moves to the next, indented.
fn ts_const(name: &str, value: &str) -> String {
    let literal = serde_json::to_string(value).expect("a string serializes");
    let one_line = format!("const {name} = {literal};");
    if one_line.chars().count() <= 80 { one_line } else { format!("const {name} =\n  {literal};") }
}

/// `  key: ["a", "b"],` laid out as Prettier does: one line when it fits in
/// 80 columns, else one item per line.
fn ts_string_array(key: &str, items: Vec<String>) -> String {
    let literals: Vec<String> = items.iter().map(|i| serde_json::to_string(i).expect("a string serializes")).collect();
    let one_line = format!("  {key}: [{}],", literals.join(", "));
    if one_line.chars().count() <= 80 {
        one_line
    } else {
        let lines: Vec<String> = literals.iter().map(|l| format!("    {l},")).collect();
        format!("  {key}: [\n{}\n  ],", lines.join("\n"))
    }
}

/// `a/b` without `./` noise.
pub fn join(dir: &str, rest: &str) -> String {
    match dir {
        "" | "." => rest.to_string(),
        _ => format!("{}/{}", dir.trim_end_matches('/'), rest),
    }
}

pub fn db_name(db: Db) -> &'static str {
    match db {
        Db::Neon => "neon",
        Db::Supabase => "supabase",
        Db::Turso => "turso",
        Db::Postgres => "postgres",
        Db::Mysql => "mysql",
        Db::Sqlite => "sqlite",
    }
}

pub fn alg_name(alg: JwtAlg) -> &'static str {
    match alg {
        JwtAlg::EdDSA => "EdDSA",
        JwtAlg::ES256 => "ES256",
        JwtAlg::ES512 => "ES512",
        JwtAlg::RS256 => "RS256",
        JwtAlg::PS256 => "PS256",
    }
}

pub fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Fastapi => "fastapi",
        Backend::Express => "express",
        Backend::Nestjs => "nestjs",
        Backend::Other => "other",
    }
}

pub fn backend_label(backend: Backend) -> &'static str {
    match backend {
        Backend::Fastapi => "FastAPI",
        Backend::Express => "Express",
        Backend::Nestjs => "NestJS",
        Backend::Other => "other (AUTH-BACKEND.md)",
    }
}

pub fn db_label(db: Db) -> &'static str {
    match db {
        Db::Neon => "Neon (serverless PostgreSQL)",
        Db::Supabase => "Supabase (PostgreSQL)",
        Db::Turso => "Turso (libSQL)",
        Db::Postgres => "PostgreSQL",
        Db::Mysql => "MySQL",
        Db::Sqlite => "SQLite",
    }
}

fn database_hint(db: Db) -> &'static str {
    match db {
        Db::Neon => "the connection string from the Neon console, with `?sslmode=require`",
        Db::Supabase => "the pooler connection string from Supabase (Settings > Database)",
        Db::Turso => "`libsql://<database>-<org>.turso.io` (`turso db show <database> --url`)",
        Db::Postgres => "`postgresql://user:password@host:5432/database`",
        Db::Mysql => "`mysql://user:password@host:3306/database`",
        Db::Sqlite => "the database file, relative to the app folder (`auth.db`)",
    }
}

/// A DATABASE_URL placeholder in the shape the driver expects.
pub fn database_url_placeholder(db: Db) -> &'static str {
    match db {
        Db::Neon => "postgresql://USER:PASSWORD@ep-example-123456.us-east-2.aws.neon.tech/neondb?sslmode=require",
        Db::Supabase => "postgresql://postgres.PROJECT_REF:PASSWORD@aws-0-us-east-1.pooler.supabase.com:5432/postgres",
        Db::Turso => "libsql://DATABASE-ORG.turso.io",
        Db::Postgres => "postgresql://postgres:postgres@localhost:5432/app",
        Db::Mysql => "mysql://root:password@localhost:3306/app",
        Db::Sqlite => "auth.db",
    }
}

/// The driver packages; `node_major` picks the better-sqlite3 line that
/// supports it (13.x needs Node 22 or newer).
fn db_packages(db: Db, node_major: Option<u64>) -> (&'static [&'static str], &'static [&'static str]) {
    match db {
        Db::Sqlite if node_major.is_some_and(|m| m < 22) => (&["better-sqlite3@12"], &["@types/better-sqlite3"]),
        Db::Neon => (&["@neondatabase/serverless"], &[]),
        Db::Supabase | Db::Postgres => (&["pg"], &["@types/pg"]),
        Db::Turso => (&["@libsql/client", "@libsql/kysely-libsql"], &[]),
        Db::Mysql => (&["mysql2"], &[]),
        Db::Sqlite => (&["better-sqlite3"], &["@types/better-sqlite3"]),
    }
}

/// Builds the whole integration in memory. Pure: same input, same plan.
pub fn build(resolved: &Resolved, secrets: &Secrets) -> Result<Plan> {
    let a = &resolved.answers;
    let separate = a.arch == Arch::Separate;
    let base = if a.src_dir { join(&a.frontend_dir, "src") } else { a.frontend_dir.clone() };
    let layout_folder = if a.src_dir { "src" } else { "" };
    let frontend = &resolved.frontend;
    let alias = frontend.alias.as_ref().filter(|(_, folder)| folder == layout_folder).map(|(prefix, _)| prefix);
    let pages_router = frontend.router == Router::Pages;
    let lib_import = alias.map_or("../../../../lib".to_string(), |prefix| format!("{prefix}lib"));
    let pages_lib_import = alias.map_or("../../../lib".to_string(), |prefix| format!("{prefix}lib"));
    // Next.js 16 renamed middleware.ts to proxy.ts; older majors keep middleware.ts.
    let guard_function = match frontend.next_major {
        Some(major) if major <= 15 => "middleware",
        _ => "proxy",
    };
    let backend_dir = a.backend_dir.clone().unwrap_or_default();
    let info = resolved.backend.as_ref();
    let javascript = a.backend == Some(Backend::Express) && info.is_some_and(|b| b.language == Language::Javascript);
    let esm = info.is_none_or(|b| b.module == ModuleKind::Esm);
    let source_root = info.map_or("src", |b| b.source_root.as_str());
    let node_auth = join(&join(&backend_dir, source_root), "auth");
    let auth_import = if source_root == "." { "../auth".to_string() } else { format!("../{source_root}/auth") };
    let packages = packages(resolved);
    let install_commands: Vec<String> = packages.iter().flat_map(|p| p.commands.clone()).collect();
    let backend_port = a
        .backend_url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.port_or_known_default())
        .unwrap_or(8000);
    let test_path = match a.backend {
        Some(Backend::Fastapi) => "tests/test_auth.py",
        _ if javascript => "test/auth.test.js",
        _ => "test/auth.test.ts",
    };
    let ctx = context! {
        separate,
        db => db_name(a.db),
        jwt_alg => alg_name(a.jwt_alg),
        app_url => &a.app_url,
        app_origin => &a.app_url,
        backend_url => a.backend_url.as_deref().unwrap_or(""),
        backend_dir => &backend_dir,
        lib_import,
        pages_lib_import,
        app_router => !pages_router,
        guard_function,
        esm,
        javascript,
        auth_import,
        frontend_dir => &a.frontend_dir,
        src_dir => a.src_dir,
        lib_path => if a.src_dir { "src/lib" } else { "lib" },
        frontend_env => join(&a.frontend_dir, ".env.local"),
        backend => a.backend.map(backend_name),
        backend_label => a.backend.map(backend_label),
        db_label => db_label(a.db),
        database_hint => database_hint(a.db),
        install_commands,
        backend_port,
        test_path,
        python_package => info.map_or("app", |b| b.python_package.as_str()),
        matchers => a.protect.iter().map(|p| format!("{p}/:path*")).collect::<Vec<_>>(),
    };
    let render = |template: &str| -> Result<String> {
        templates()
            .get_template(template)
            .and_then(|t| t.render(&ctx))
            .map_err(|e| Error::Other(anyhow::anyhow!("template {template}: {e:#}")))
    };

    // (path, role, template), laid out like the output.
    let mut files: Vec<(String, &'static str, &'static str)> = vec![
        (join(&base, "lib/auth.ts"), "frontend.auth", "frontend/lib/auth.ts.j2"),
        (join(&base, "lib/auth-client.ts"), "frontend.client", "frontend/lib/auth-client.ts.j2"),
    ];
    if pages_router {
        files.push((
            join(&base, "pages/api/auth/[...all].ts"),
            "frontend.route",
            "frontend/pages/api/auth/[...all].ts.j2",
        ));
    } else {
        files.push((
            join(&base, "app/api/auth/[...all]/route.ts"),
            "frontend.route",
            "frontend/app/api/auth/[...all]/route.ts.j2",
        ));
    }
    if separate {
        files.push((join(&base, "lib/api-client.ts"), "frontend.api_client", "frontend/lib/api-client.ts.j2"));
    }
    // Protected routes, unless the app already has its own proxy or middleware.
    if frontend.route_guard.is_none() {
        files.push((join(&base, &format!("{guard_function}.ts")), "frontend.proxy", "frontend/proxy.ts.j2"));
    }
    let backend_files: Vec<(&str, &str, &'static str, &'static str)> = match a.backend {
        Some(Backend::Fastapi) => {
            let package = info.map_or("app", |b| b.python_package.as_str());
            let folder = join(&backend_dir, &format!("{package}/auth"));
            files.extend([
                (join(&folder, "__init__.py"), "backend.package", "backend/fastapi/auth/__init__.py.j2"),
                (join(&folder, "settings.py"), "backend.settings", "backend/fastapi/auth/settings.py.j2"),
                (join(&folder, "verifier.py"), "backend.verifier", "backend/fastapi/auth/verifier.py.j2"),
                (join(&folder, "dependencies.py"), "backend.dependencies", "backend/fastapi/auth/dependencies.py.j2"),
            ]);
            vec![(backend_dir.as_str(), test_path, "backend.tests", "backend/fastapi/tests/test_auth.py.j2")]
        }
        Some(Backend::Express) if javascript => vec![
            (node_auth.as_str(), "config.js", "backend.config", "backend/express-js/auth/config.js.j2"),
            (node_auth.as_str(), "verify-token.js", "backend.verifier", "backend/express-js/auth/verify-token.js.j2"),
            (node_auth.as_str(), "require-auth.js", "backend.middleware", "backend/express-js/auth/require-auth.js.j2"),
            (backend_dir.as_str(), test_path, "backend.tests", "backend/express-js/test/auth.test.js.j2"),
        ],
        Some(Backend::Express) => vec![
            (node_auth.as_str(), "config.ts", "backend.config", "backend/node/auth/config.ts.j2"),
            (node_auth.as_str(), "verify-token.ts", "backend.verifier", "backend/node/auth/verify-token.ts.j2"),
            (node_auth.as_str(), "require-auth.ts", "backend.middleware", "backend/express/auth/require-auth.ts.j2"),
            (backend_dir.as_str(), test_path, "backend.tests", "backend/express/test/auth.test.ts.j2"),
        ],
        Some(Backend::Nestjs) => vec![
            (node_auth.as_str(), "config.ts", "backend.config", "backend/node/auth/config.ts.j2"),
            (node_auth.as_str(), "verify-token.ts", "backend.verifier", "backend/node/auth/verify-token.ts.j2"),
            (node_auth.as_str(), "jwt-auth.guard.ts", "backend.guard", "backend/nestjs/auth/jwt-auth.guard.ts.j2"),
            (
                node_auth.as_str(),
                "current-user.decorator.ts",
                "backend.decorator",
                "backend/nestjs/auth/current-user.decorator.ts.j2",
            ),
            (node_auth.as_str(), "cors.ts", "backend.cors", "backend/nestjs/auth/cors.ts.j2"),
            (backend_dir.as_str(), test_path, "backend.tests", "backend/nestjs/test/auth.test.ts.j2"),
        ],
        Some(Backend::Other) => {
            vec![(backend_dir.as_str(), "AUTH-BACKEND.md", "backend.docs", "backend/other/AUTH-BACKEND.md.j2")]
        }
        None => vec![],
    };
    files.extend(backend_files.into_iter().map(|(dir, file, role, template)| (join(dir, file), role, template)));
    files.extend([
        ("docs/auth/SETUP.md".into(), "docs.setup", "docs/auth/SETUP.md.j2"),
        ("docs/auth/FLOW.md".into(), "docs.flow", "docs/auth/FLOW.md.j2"),
        ("docs/auth/TROUBLESHOOTING.md".into(), "docs.troubleshooting", "docs/auth/TROUBLESHOOTING.md.j2"),
        ("docs/auth/TESTING.md".into(), "docs.testing", "docs/auth/TESTING.md.j2"),
    ]);

    let mut outputs = Vec::new();
    for (path, role, template) in files {
        outputs.push(Output { path, role, content: Content::Generated(render(template)?) });
    }

    // Env files: the real one with values, the example beside it with placeholders.
    let frontend_env = frontend_env(a, secrets);
    let mut ignored = vec![join(&a.frontend_dir, ".env.local")];
    outputs.push(Output {
        path: join(&a.frontend_dir, ".env.local"),
        role: "env",
        content: Content::Env { entries: frontend_env.clone(), real: true },
    });
    outputs.push(Output {
        path: join(&a.frontend_dir, ".env.example"),
        role: "env.example",
        content: Content::Env { entries: example(frontend_env), real: false },
    });
    if separate {
        let backend_env = backend_env(a);
        ignored.push(join(&backend_dir, ".env"));
        outputs.push(Output {
            path: join(&backend_dir, ".env"),
            role: "env",
            content: Content::Env { entries: backend_env.clone(), real: true },
        });
        outputs.push(Output {
            path: join(&backend_dir, ".env.example"),
            role: "env.example",
            content: Content::Env { entries: example(backend_env), real: false },
        });
    }
    if a.db == Db::Sqlite {
        ignored.push(join(&a.frontend_dir, database_url_placeholder(Db::Sqlite)));
    }
    let mut folders = vec![a.frontend_dir.clone()];
    folders.extend(a.backend_dir.clone());
    folders.retain(|f| f != ".");
    outputs.push(Output {
        path: ".gitignore".into(),
        role: "gitignore",
        content: Content::Ignore { paths: ignored, folders },
    });
    outputs.push(Output {
        path: answers::ANSWERS_FILE.into(),
        role: "answers",
        content: Content::Owned(answers::to_toml(a)),
    });

    Ok(Plan { answers: a.clone(), outputs, packages })
}

fn frontend_env(a: &Answers, secrets: &Secrets) -> Vec<EnvEntry> {
    let mut entries = vec![
        EnvEntry {
            key: "BETTER_AUTH_SECRET",
            value: secrets.better_auth_secret.clone(),
            secret: true,
            comment: "Signs sessions and encrypts the JWT signing keys. Keep it private and stable:\nchanging it makes existing keys unreadable. New one: openssl rand -hex 32",
        },
        EnvEntry {
            key: "BETTER_AUTH_URL",
            value: a.app_url.clone(),
            secret: false,
            comment: "Public URL of this app; its origin is also the JWT issuer and audience.",
        },
        EnvEntry {
            key: "DATABASE_URL",
            value: database_url_placeholder(a.db).into(),
            secret: false,
            comment: match a.db {
                Db::Neon => "Neon connection string (keep sslmode=require).",
                Db::Supabase => "Supabase PostgreSQL connection string (Settings > Database).",
                Db::Turso => "Turso database URL (libsql://...).",
                Db::Postgres => "PostgreSQL connection string.",
                Db::Mysql => "MySQL connection string.",
                Db::Sqlite => "SQLite database file, relative to this folder.",
            },
        },
    ];
    if a.db == Db::Turso {
        entries.push(EnvEntry {
            key: "DATABASE_AUTH_TOKEN",
            value: String::new(),
            secret: true,
            comment: "Turso auth token: turso db tokens create <database>",
        });
    }
    if let Some(url) = &a.backend_url {
        entries.push(EnvEntry {
            key: "NEXT_PUBLIC_API_URL",
            value: url.clone(),
            secret: false,
            comment: "The separate backend, called with a Bearer JWT.",
        });
    }
    entries
}

fn backend_env(a: &Answers) -> Vec<EnvEntry> {
    vec![
        EnvEntry {
            key: "BETTER_AUTH_URL",
            value: a.app_url.clone(),
            secret: false,
            comment: "The Next.js app: tokens' issuer and audience, and where its JWKS is\n(/api/auth/jwks). Set AUTH_JWKS_URL when the backend must fetch the keys\nfrom another address, e.g. an internal hostname in production.",
        },
        EnvEntry {
            key: "AUTH_JWT_ALGORITHMS",
            value: alg_name(a.jwt_alg).into(),
            secret: false,
            comment: "Must match the alg of the app's jwt plugin (keyPairConfig).",
        },
        EnvEntry {
            key: "CORS_ORIGINS",
            value: a.app_url.clone(),
            secret: false,
            comment: "Comma-separated origins allowed to call this API from a browser.",
        },
    ]
}

/// The `.env.example` twin: same keys, no secret values.
fn example(entries: Vec<EnvEntry>) -> Vec<EnvEntry> {
    entries
        .into_iter()
        .map(|e| EnvEntry { value: if e.secret { String::new() } else { e.value }, secret: false, ..e })
        .collect()
}

fn packages(resolved: &Resolved) -> Vec<Packages> {
    let a = &resolved.answers;
    let pm = resolved.frontend.package_manager;
    let (db_deps, db_dev) = db_packages(a.db, resolved.node_major);
    let mut dependencies = vec!["better-auth"];
    dependencies.extend_from_slice(db_deps);
    let mut sides = vec![node_packages("frontend", &a.frontend_dir, pm, dependencies, db_dev.to_vec())];
    let (Some(backend), Some(info), Some(dir)) = (a.backend, &resolved.backend, &a.backend_dir) else {
        return sides;
    };
    match backend {
        Backend::Fastapi => {
            let dependencies = vec!["fastapi", "pyjwt[crypto]"];
            let mut step = match (info.python_tool, &info.virtualenv) {
                (PythonTool::Pip, Some(venv)) => {
                    Step::new(dir, &format!("{venv}/bin/python -m pip install"), &dependencies)
                }
                (tool, _) => Step::new(dir, tool.add_command(), &dependencies),
            };
            if info.python_tool == PythonTool::Pip && info.virtualenv.is_none() {
                step.manual = Some(format!(
                    "no virtualenv in {dir}/ (.venv or venv): authgen does not install into the system Python"
                ));
            }
            sides.push(Packages {
                side: "backend",
                dir: dir.clone(),
                tool: match info.python_tool {
                    PythonTool::Pip => "pip",
                    PythonTool::Uv => "uv",
                    PythonTool::Poetry => "poetry",
                },
                dependencies,
                dev_dependencies: vec![],
                commands: vec![step.display()],
                steps: vec![step],
            });
        }
        Backend::Express => {
            let types =
                if info.language == Language::Typescript { vec!["@types/express", "@types/cors"] } else { vec![] };
            sides.push(node_packages("backend", dir, info.package_manager, vec!["express", "cors", "jose"], types))
        }
        Backend::Nestjs => sides.push(node_packages("backend", dir, info.package_manager, vec!["jose"], vec![])),
        Backend::Other => {}
    }
    sides
}

fn node_packages(
    side: &'static str,
    dir: &str,
    pm: crate::detect::PackageManager,
    dependencies: Vec<&'static str>,
    dev_dependencies: Vec<&'static str>,
) -> Packages {
    let mut steps = vec![Step::new(dir, pm.add_command(false), &dependencies)];
    if !dev_dependencies.is_empty() {
        steps.push(Step::new(dir, pm.add_command(true), &dev_dependencies));
    }
    let commands = steps.iter().map(Step::display).collect();
    Packages { side, dir: dir.to_string(), tool: pm.name(), dependencies, dev_dependencies, commands, steps }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Conflict,
}

/// One file of the plan compared with what is on disk.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub role: &'static str,
    pub action: Action,
    pub old: Option<String>,
    pub new: String,
    /// For env files: what happens to each key.
    pub env_keys: Vec<KeyStatus>,
    /// A real env file: created with mode 0600, content never shown.
    pub private: bool,
}

/// Compares the plan with the tree and decides every file's action.
/// With `force`, replaced files are backed up under `.authgen/`, which the
/// .gitignore then covers too.
pub fn resolve(plan: &Plan, tree: &dyn Tree, force: bool) -> Result<Vec<Change>> {
    let mut changes: Vec<Change> = Vec::new();
    for output in &plan.outputs {
        let old = tree.read(&output.path)?;
        let mut env_keys = Vec::new();
        let mut private = false;
        let (new, may_conflict) = match &output.content {
            Content::Generated(text) => (text.clone(), true),
            Content::Owned(text) => (text.clone(), false),
            Content::Env { entries, real } => {
                private = *real;
                let (text, keys) = envfile::merge(&output.path, old.as_deref(), entries)?;
                env_keys = keys;
                (text, false)
            }
            Content::Ignore { paths, folders } => {
                let mut nested = Vec::new();
                for folder in folders {
                    if let Some(text) = tree.read(&join(folder, ".gitignore"))? {
                        nested.push((folder.clone(), text));
                    }
                }
                let extra: Vec<(&str, &str)> = nested.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect();
                let mut paths = paths.clone();
                if force && changes.iter().any(|c| c.action == Action::Conflict) {
                    paths.push(".authgen/".into());
                }
                (envfile::ignore_paths(old.as_deref(), &extra, &paths)?.0, false)
            }
        };
        let action = match &old {
            None => Action::Create,
            Some(old) if *old == new => Action::Unchanged,
            Some(_) if may_conflict => Action::Conflict,
            Some(_) => Action::Update,
        };
        changes.push(Change { path: output.path.clone(), role: output.role, action, old, new, env_keys, private });
    }
    Ok(changes)
}
