//! The plan: from answers and what was detected to the files, env keys and
//! commands of the integration. `build` is pure; `resolve` compares the plan
//! with the current tree (through the read-only `Tree`) and decides each
//! file's action, finding every conflict before anything is written.

use std::sync::OnceLock;

use crate::answers::{self, Answers, Resolved};
use crate::cli::{Arch, Backend, Db, JwtAlg};
use crate::detect::{FoundFile, Language, ModuleKind, PythonTool, Router};
use crate::envfile::EnvEntry;
use crate::error::{Error, Result};
use crate::outputs::{Content, ManifestKind, Output, Packages, Plan, Step};
use crate::paths::{join, relative_to};
use minijinja::{Environment, context};

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
        env.add_function("ty", ty);
        env.add_function("cls", cls);
        env.add_function("jsx_open", jsx_open);
        env.add_function("jsx_text", jsx_text);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        minijinja_embed::load_templates!(&mut env);
        env
    })
}

/// A type annotation, written only when the app is TypeScript (`ts` in the
/// context): one template serves both languages.
fn ty(state: &minijinja::State, annotation: &str) -> String {
    let ts = state.lookup("ts").is_some_and(|v| v.is_true());
    if ts { annotation.to_string() } else { String::new() }
}

/// Tailwind classes of the generated pages, by the name the CSS module uses
/// for the same element (components/auth/auth.module.css).
const TAILWIND: &[(&str, &str)] = &[
    ("page", "flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12"),
    ("card", "flex w-full max-w-sm flex-col gap-5 rounded-2xl border border-zinc-200 bg-white p-8 shadow-sm"),
    ("title", "text-2xl font-semibold text-zinc-900"),
    ("field", "flex flex-col gap-1.5"),
    ("label", "text-sm font-medium text-zinc-700"),
    (
        "input",
        "rounded-lg border border-zinc-300 px-3 py-2 text-zinc-900 focus-visible:border-zinc-900 focus-visible:outline-2 focus-visible:outline-zinc-900/25",
    ),
    (
        "button",
        "rounded-lg bg-zinc-900 px-4 py-2.5 font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900 disabled:cursor-not-allowed disabled:opacity-60",
    ),
    (
        "secondary",
        "rounded-lg border border-zinc-300 bg-white px-4 py-2 text-sm font-medium text-zinc-900 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900 disabled:opacity-60",
    ),
    ("error", "rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"),
    ("footer", "text-center text-sm text-zinc-600"),
    ("muted", "text-sm text-zinc-600"),
    (
        "link",
        "font-medium text-zinc-900 underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-zinc-900",
    ),
    ("menu", "flex items-center gap-3"),
    ("social", "flex flex-col gap-2"),
    ("pre", "overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-zinc-100 p-3 text-xs text-zinc-800"),
];

/// `className=...` for an element of the generated pages: Tailwind classes
/// when the app uses Tailwind (`tailwind` in the context), else the CSS module.
fn cls(state: &minijinja::State, name: &str) -> Result<String, minijinja::Error> {
    let tailwind = state.lookup("tailwind").is_some_and(|v| v.is_true());
    if !tailwind {
        return Ok(format!("className={{styles.{name}}}"));
    }
    TAILWIND.iter().find(|(n, _)| *n == name).map(|(_, classes)| format!("className=\"{classes}\"")).ok_or_else(|| {
        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("no Tailwind classes for `{name}`"))
    })
}

/// A JSX opening tag laid out as Prettier does (80 columns): on one line when
/// it fits or has a single attribute, else one attribute a line. `indent` is
/// the column the tag starts at.
fn jsx_open(indent: usize, tag: &str, attrs: Vec<String>) -> String {
    let one_line = format!("<{tag} {}>", attrs.join(" "));
    if attrs.len() < 2 || indent + one_line.chars().count() <= 80 {
        return one_line;
    }
    let pad = " ".repeat(indent + 2);
    let lines: Vec<String> = attrs.iter().map(|a| format!("{pad}{a}")).collect();
    format!("<{tag}\n{}\n{}>", lines.join("\n"), " ".repeat(indent))
}

/// A JSX element holding only text, laid out as Prettier does: on one line
/// when it fits in 80 columns, else the text on a line of its own.
fn jsx_text(indent: usize, tag: &str, attrs: Vec<String>, text: &str) -> String {
    let open = jsx_open(indent, tag, attrs);
    let one_line = format!("{open}{text}</{tag}>");
    if !open.contains('\n') && indent + one_line.chars().count() <= 80 {
        return one_line;
    }
    let pad = " ".repeat(indent);
    format!("{open}\n{pad}  {text}\n{pad}</{tag}>")
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
        Db::Supabase => {
            "Supabase's Session pooler connection string: in the Supabase dashboard, **Connect** at the top (also under Project Settings > Database) > Session pooler, `postgresql://postgres.PROJECT_REF:PASSWORD@aws-0-REGION.pooler.supabase.com:5432/postgres`, with the database password URL-encoded (`postgresql://postgres:postgres@127.0.0.1:54322/postgres` for `supabase start`)"
        }
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

/// Where the files go and how they import each other, derived once from the
/// answers and what was detected.
struct Layout {
    /// The folder holding lib/, app/ or pages/ (the app, or its src/).
    base: String,
    /// The app is JavaScript: files end in .js and carry no types.
    ts: bool,
    ext: &'static str,
    pages_router: bool,
    guard_function: &'static str,
    backend_dir: String,
    /// Node backends: the folder the generated auth/ module goes in.
    node_auth: String,
    javascript_backend: bool,
    docs_dir: String,
    /// The app's own Better Auth config and client, when authgen does not write them.
    config: Option<FoundFile>,
    client: Option<FoundFile>,
    /// Sign-in, sign-up and dashboard pages: App Router apps whose config authgen can import.
    pages: bool,
    /// Where Better Auth's routes are served (its basePath).
    base_path: String,
    /// Folders of authgen's modules and components: `lib`, `components/auth`,
    /// or `lib/better-auth`, `components/better-auth` when the app's own
    /// files already sit at those paths.
    lib_dir: &'static str,
    components_dir: &'static str,
}

impl Layout {
    fn new(resolved: &Resolved) -> Self {
        let a = &resolved.answers;
        let frontend = &resolved.frontend;
        let base = if a.src_dir { join(&a.frontend_dir, "src") } else { a.frontend_dir.clone() };
        let ts = frontend.language == Language::Typescript;
        let ext = if ts { "ts" } else { "js" };
        let backend_dir = a.backend_dir.clone().unwrap_or_default();
        let info = resolved.backend.as_ref();
        let source_root = info.map_or("src", |b| b.source_root.as_str());
        // The app's own config or client (what the record does not list, see
        // `resolve::claim`) is kept and edited in place.
        let config = frontend.existing_auth.clone();
        let client = frontend.existing_client.clone();
        // The pages import both by name: `export const NAME = ...`.
        let exported = |found: &Option<FoundFile>| found.as_ref().is_none_or(|f| f.export.is_some());
        let pages = a.pages && exported(&config) && exported(&client);
        let taken = |folder: &str| frontend.taken.iter().any(|t| t.starts_with(&join(&base, folder)));
        Layout {
            lib_dir: if taken("lib/") { "lib/better-auth" } else { "lib" },
            components_dir: if taken("components/auth/") { "components/better-auth" } else { "components/auth" },
            pages,
            base_path: a.base_path.clone().unwrap_or_else(|| crate::detect::api_path::DEFAULT_BASE_PATH.to_string()),
            ts,
            ext,
            pages_router: frontend.router == Router::Pages,
            // Next.js 16 renamed middleware.ts to proxy.ts; older majors keep middleware.ts.
            guard_function: match frontend.next_major {
                Some(major) if major <= 15 => "middleware",
                _ => "proxy",
            },
            node_auth: join(&join(&backend_dir, source_root), "auth"),
            javascript_backend: a.backend == Some(Backend::Express)
                && info.is_some_and(|b| b.language == Language::Javascript),
            backend_dir,
            // A docs site of the project's own in docs/ is not the place for these.
            docs_dir: if resolved.docs_site { "auth-docs".into() } else { "docs/auth".into() },
            base,
            config,
            client,
        }
    }

    /// Where one of authgen's modules goes, relative to `base`: `lib/x` and
    /// `components/auth/x` moved aside when the app's own files hold those paths.
    fn place(&self, rel: &str) -> String {
        if let Some(rest) = rel.strip_prefix("lib/") {
            format!("{}/{rest}", self.lib_dir)
        } else if let Some(rest) = rel.strip_prefix("components/auth/") {
            format!("{}/{rest}", self.components_dir)
        } else {
            rel.to_string()
        }
    }

    /// The catch-all route serving Better Auth at its base path, relative to `base`.
    fn route_file(&self) -> String {
        let ext = self.ext;
        if self.pages_router {
            format!("pages{}/[...all].{ext}", self.base_path)
        } else {
            format!("app{}/[...all]/route.{ext}", self.base_path)
        }
    }

    /// How `from` (a file relative to the repository) imports the module `target`.
    fn import(&self, resolved: &Resolved, from: &str, target: &str) -> String {
        let target = strip_extension(target);
        let alias = resolved.frontend.alias.as_ref().and_then(|(prefix, folder)| {
            let aliased_root = join(&resolved.answers.frontend_dir, folder);
            let inside =
                if aliased_root == "." { Some(target) } else { target.strip_prefix(&format!("{aliased_root}/")) };
            inside.map(|rest| format!("{prefix}{rest}"))
        });
        alias.unwrap_or_else(|| {
            let from_dir = std::path::Path::new(from).parent().map_or(String::new(), |p| p.to_string_lossy().into());
            let rel = relative_to(if from_dir.is_empty() { "." } else { &from_dir }, target);
            if rel.starts_with("../") { rel } else { format!("./{rel}") }
        })
    }
}

fn strip_extension(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, ext)) if ["ts", "tsx", "js", "jsx", "mjs", "mts", "cjs", "cts"].contains(&ext) => stem,
        _ => path,
    }
}

/// `name` imported as `auth`: `auth`, or `name as auth`.
fn import_as(name: Option<&str>, local: &str) -> String {
    match name {
        Some(name) if name != local => format!("{name} as {local}"),
        _ => local.to_string(),
    }
}

/// Builds the whole integration in memory. Pure: same input, same plan.
pub fn build(resolved: &Resolved, secrets: &Secrets) -> Result<Plan> {
    let a = &resolved.answers;
    let layout = Layout::new(resolved);
    let packages = packages(resolved, &layout);
    let files = files(resolved, &layout);
    let ctx = template_context(resolved, &layout, &packages);
    // Backend files follow the backend's language, not the app's.
    let backend_ctx = context! { ts => !layout.javascript_backend, ..ctx.clone() };
    let mut outputs = Vec::new();
    for (path, role, template) in files {
        let ctx = if role.starts_with("backend.") { &backend_ctx } else { &ctx };
        let text = templates()
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|e| Error::Other(anyhow::anyhow!("template {template}: {e:#}")))?;
        outputs.push(Output { path, role, content: Content::Generated(text) });
    }
    // A backend that holds the app in a subfolder gets its files beside its
    // own code, never inside the app.
    let app = &a.frontend_dir;
    if app != "." && a.backend_dir.as_deref() == Some(".") {
        let inside = |path: &str| path.starts_with(&format!("{app}/"));
        if let Some(out) = outputs.iter().find(|o| o.role.starts_with("backend.") && inside(&o.path)) {
            return Err(Error::usage(format!(
                "the backend's {} would land inside the app ({app}/): pass --backend-dir with the folder of the backend's code",
                out.path
            )));
        }
    }
    outputs.extend(env_outputs(resolved, &layout, secrets));
    outputs.extend(manifest_outputs(resolved));
    outputs.extend(edit_outputs(resolved, &layout));
    outputs.push(Output {
        path: answers::ANSWERS_FILE.into(),
        role: "answers",
        content: Content::Owned(answers::to_toml(a)),
    });
    Ok(Plan {
        answers: a.clone(),
        outputs,
        packages,
        notes: notes(resolved, &layout),
        db_env: resolved.frontend.db_env.clone(),
    })
}

/// When the signing algorithm changes on a project that has keys already:
/// the old key keeps signing until the `jwks` rows are cleared.
pub fn alg_change_note(previous: Option<JwtAlg>, a: &Answers) -> Option<String> {
    let previous = previous.filter(|p| *p != a.jwt_alg && a.arch == Arch::Separate)?;
    Some(format!(
        "the signing algorithm changes from {} to {}: the key already in the jwks table keeps signing {} until it is deleted, and deleting it makes tokens already issued fail. Once this code is deployed, run `authgen migrate --rotate-keys`; the generated backends accept the new key within about a second of its first use",
        alg_name(previous),
        alg_name(a.jwt_alg),
        alg_name(previous)
    ))
}

/// The app's own config and client, edited in place: the jwt plugin (for a
/// separate backend) and baseURL on the config, jwtClient() on the client,
/// and the chosen plugins on both.
fn edit_outputs(resolved: &Resolved, layout: &Layout) -> Vec<Output> {
    use crate::edit::Edit;
    let a = &resolved.answers;
    let separate = a.arch == Arch::Separate;
    let chosen = crate::plugins::chosen(&a.plugins);
    let mut outputs = Vec::new();
    if let Some(config) = &layout.config {
        let email = layout.import(resolved, &config.path, &join(&layout.base, &layout.place("lib/email.ts")));
        let mut edits = vec![Edit::Config { jwt: separate, alg: alg_name(a.jwt_alg) }];
        edits.extend(chosen.iter().map(|d| Edit::Plugin {
            factory: "betterAuth",
            name: d.server.name,
            module: d.server.module,
            expression: d.own_config.to_string(),
            email: d.own_config_mails.then(|| email.clone()),
        }));
        let edit = if edits.len() == 1 { edits.remove(0) } else { Edit::All(edits) };
        outputs.push(Output { path: config.path.clone(), role: "config-edit", content: Content::Edit(edit) });
    }
    if let Some(client) = &resolved.frontend.existing_client {
        let mut edits: Vec<Edit> = if separate && !client.jwt { vec![Edit::Client] } else { Vec::new() };
        edits.extend(chosen.iter().map(|d| Edit::Plugin {
            factory: "createAuthClient",
            name: d.client.name,
            module: d.client.module,
            expression: "{name}()".into(),
            email: None,
        }));
        let edit =
            if edits.len() == 1 { Some(edits.remove(0)) } else { (!edits.is_empty()).then_some(Edit::All(edits)) };
        if let Some(edit) = edit {
            outputs.push(Output { path: client.path.clone(), role: "client-edit", content: Content::Edit(edit) });
        }
    }
    outputs
}

/// What the user should know or do about what authgen did not write.
fn notes(resolved: &Resolved, layout: &Layout) -> Vec<String> {
    let separate = resolved.answers.arch == Arch::Separate;
    let mut notes = Vec::new();
    if let Some(config) = &layout.config {
        notes.push(format!(
            "kept your Better Auth config {} (no second config is written){}",
            config.path,
            if separate && !config.jwt { "; the jwt plugin is added to it in place (see its diff)" } else { "" }
        ));
        let a = &resolved.answers;
        let flows: Vec<&str> = [
            (layout.pages, "emailAndPassword.sendResetPassword (for /forgot-password)"),
            (a.email_verification, "emailVerification with requireEmailVerification"),
            (!a.social.is_empty(), "socialProviders"),
            (a.rate_limit_storage == crate::cli::RateLimitStorage::Database, "rateLimit.storage"),
            (a.jwt_rotation_days.is_some(), "the jwt plugin's jwks.rotationInterval"),
        ]
        .into_iter()
        .filter_map(|(wanted, what)| wanted.then_some(what))
        .collect();
        if let Some(base) = &a.base_path {
            notes.push(format!(
                "your config {} needs basePath: \"{base}\" (and your client basePath too) for Better Auth to answer under {base}, where the route handler is",
                config.path
            ));
        }
        if !flows.is_empty() {
            notes.push(format!(
                "authgen does not change the options of your config {}: add {} by hand, sending mail with sendEmail from {} ({} shows each)",
                config.path,
                flows.join(", "),
                join(&layout.base, &layout.place(&format!("lib/email.{}", layout.ext))),
                join(&layout.docs_dir, "SETUP.md")
            ));
        }
        let ids: Vec<&str> = crate::plugins::chosen(&a.plugins).iter().map(|d| d.id).collect();
        if !ids.is_empty() {
            notes.push(format!(
                "the {} plugin(s) are added to your config {} in place (see its diff); authgen does not take plugins out of your own config: remove one by hand when you drop it",
                ids.join(", "),
                config.path
            ));
        }
        if config.export.is_none() && resolved.frontend.route_handler.is_none() {
            notes.push(format!(
                "{} does not `export const` its betterAuth() instance: export it so the route handler can import it",
                config.path
            ));
        }
    }
    if let Some(client) = &layout.client {
        notes.push(format!("kept your Better Auth client {} (no second client is written)", client.path));
        if client.export.is_none() {
            notes.push(format!(
                "{} does not `export const` its createAuthClient() instance: export it (e.g. `export const authClient = createAuthClient(...)`) so the generated code can import it{}",
                client.path,
                if resolved.answers.pages { "; the pages are written once it is exported (rerun authgen)" } else { "" }
            ));
        }
    }
    if let Some(library) = &resolved.frontend.other_auth {
        notes.push(other_auth_note(resolved, library));
    }
    if let Some(handler) = &resolved.frontend.route_handler {
        notes.push(format!("kept your Better Auth route handler {handler}"));
    }
    if layout.pages {
        let jsx = if layout.ts { "tsx" } else { "jsx" };
        for (url, file) in &resolved.frontend.served_pages {
            let page = if layout.pages_router { format!("pages{url}.{jsx}") } else { format!("app{url}/page.{jsx}") };
            let ours = join(&layout.base, &page);
            if *file != ours {
                notes.push(format!(
                    "the app already serves {url} ({file}): authgen's page for it is not written (two pages for one URL do not build)"
                ));
            }
        }
    }
    if resolved.answers.email_verification && resolved.answers.email == crate::cli::EmailTransport::Console {
        notes.push(
            "email verification with --email console works in development only (the links are printed in the server log): in production nobody could confirm an address, so choose --email smtp or --email resend before deploying".into(),
        );
    }

    notes
}

/// What running Better Auth beside another auth library means.
fn other_auth_note(resolved: &Resolved, library: &str) -> String {
    let guard = resolved.frontend.route_guard.as_ref().map(|g| join(&resolved.answers.frontend_dir, g));
    let kept = match &guard {
        Some(guard) => format!("its route guard {guard} is kept as it is and authgen writes none of its own"),
        None => "authgen adds Better Auth beside it".to_string(),
    };
    let after = if library == "NextAuth" {
        "To replace NextAuth rather than run both, its users, accounts and sessions have to move to Better Auth's tables: that migration is not automated yet".to_string()
    } else {
        format!(
            "Protect Better Auth's routes in {} with getSessionCookie from \"better-auth/cookies\", and remove {library} once your users have moved",
            guard.as_deref().unwrap_or("your route guard")
        )
    };
    format!(
        "{library} runs in this app: {kept}. Running both means two separate sign-ins, sessions and user tables: {library} still decides who reaches the routes it protects, and a Better Auth session means nothing to it. {after}"
    )
}

/// (path, role, template) of every generated file, laid out like the output.
fn files(resolved: &Resolved, layout: &Layout) -> Vec<(String, &'static str, &'static str)> {
    let a = &resolved.answers;
    let (base, ext) = (&layout.base, layout.ext);
    let mut files: Vec<(String, &'static str, &'static str)> = Vec::new();
    if layout.config.is_none() {
        files.push((join(base, &format!("lib/auth.{ext}")), "frontend.auth", "frontend/lib/auth.ts.j2"));
    }
    if layout.client.is_none() {
        files.push((
            join(base, &format!("lib/auth-client.{ext}")),
            "frontend.client",
            "frontend/lib/auth-client.ts.j2",
        ));
    }
    let config_exported = layout.config.as_ref().is_none_or(|c| c.export.is_some());
    if resolved.frontend.route_handler.is_none() && config_exported {
        let template = if layout.pages_router {
            "frontend/pages/api/auth/[...all].ts.j2"
        } else {
            "frontend/app/api/auth/[...all]/route.ts.j2"
        };
        files.push((join(base, &layout.route_file()), "frontend.route", template));
    }
    // The config sends reset and verification emails through it; an app's
    // own config can import it too.
    files.push((join(base, &layout.place(&format!("lib/email.{ext}"))), "frontend.email", "frontend/lib/email.ts.j2"));
    if a.arch == Arch::Separate {
        files.push((
            join(base, &layout.place(&format!("lib/api-client.{ext}"))),
            "frontend.api_client",
            "frontend/lib/api-client.ts.j2",
        ));
    }
    if layout.pages {
        files.extend(page_files(resolved, layout));
        files.extend(plugin_files(resolved, layout));
    }
    // Protected routes, unless the app already has its own proxy or middleware.
    if resolved.frontend.route_guard.is_none() {
        files.push((join(base, &format!("{}.{ext}", layout.guard_function)), "frontend.proxy", "frontend/proxy.ts.j2"));
    }
    files.extend(backend_files(resolved, layout));
    let docs = &layout.docs_dir;
    files.extend([
        (join(docs, "SETUP.md"), "docs.setup", "docs/auth/SETUP.md.j2"),
        (join(docs, "FLOW.md"), "docs.flow", "docs/auth/FLOW.md.j2"),
        (join(docs, "TROUBLESHOOTING.md"), "docs.troubleshooting", "docs/auth/TROUBLESHOOTING.md.j2"),
        (join(docs, "TESTING.md"), "docs.testing", "docs/auth/TESTING.md.j2"),
    ]);
    files
}

/// The sign-in, sign-up and dashboard pages with their components (App Router).
fn page_files(resolved: &Resolved, layout: &Layout) -> Vec<(String, &'static str, &'static str)> {
    let (base, ext) = (&layout.base, layout.ext);
    let jsx = if layout.ts { "tsx" } else { "jsx" };
    let file = |path: &str| join(base, &layout.place(&path.replace("{ext}", ext).replace("{jsx}", jsx)));
    let mut files = vec![
        (file("lib/return-to.{ext}"), "frontend.return_to", "frontend/lib/return-to.ts.j2"),
        (file("components/auth/messages.{ext}"), "frontend.messages", "frontend/components/auth/messages.ts.j2"),
        (file("components/auth/sign-in-form.{jsx}"), "frontend.form", "frontend/components/auth/sign-in-form.tsx.j2"),
        (file("components/auth/sign-up-form.{jsx}"), "frontend.form", "frontend/components/auth/sign-up-form.tsx.j2"),
        (
            file("components/auth/sign-out-button.{jsx}"),
            "frontend.sign_out",
            "frontend/components/auth/sign-out-button.tsx.j2",
        ),
        (file("components/auth/user-menu.{jsx}"), "frontend.user_menu", "frontend/components/auth/user-menu.tsx.j2"),
        (
            file("components/auth/forgot-password-form.{jsx}"),
            "frontend.form",
            "frontend/components/auth/forgot-password-form.tsx.j2",
        ),
        (
            file("components/auth/reset-password-form.{jsx}"),
            "frontend.form",
            "frontend/components/auth/reset-password-form.tsx.j2",
        ),
    ];
    if !resolved.answers.social.is_empty() {
        files.push((
            file("components/auth/social-buttons.{jsx}"),
            "frontend.social",
            "frontend/components/auth/social-buttons.tsx.j2",
        ));
    }
    if layout.pages_router {
        // The Pages Router checks the session in getServerSideProps of the page itself.
        files.extend([
            (file("pages/sign-in.{jsx}"), "frontend.page", "frontend/pages/sign-in.tsx.j2"),
            (file("pages/sign-up.{jsx}"), "frontend.page", "frontend/pages/sign-up.tsx.j2"),
            (file("pages/dashboard.{jsx}"), "frontend.page", "frontend/pages/dashboard.tsx.j2"),
            (file("pages/forgot-password.{jsx}"), "frontend.page", "frontend/pages/forgot-password.tsx.j2"),
            (file("pages/reset-password.{jsx}"), "frontend.page", "frontend/pages/reset-password.tsx.j2"),
        ]);
    } else {
        files.extend([
            (file("lib/session.{ext}"), "frontend.session", "frontend/lib/session.ts.j2"),
            (file("app/sign-in/page.{jsx}"), "frontend.page", "frontend/app/sign-in/page.tsx.j2"),
            (file("app/sign-up/page.{jsx}"), "frontend.page", "frontend/app/sign-up/page.tsx.j2"),
            (file("app/dashboard/page.{jsx}"), "frontend.page", "frontend/app/dashboard/page.tsx.j2"),
            (file("app/forgot-password/page.{jsx}"), "frontend.page", "frontend/app/forgot-password/page.tsx.j2"),
            (file("app/reset-password/page.{jsx}"), "frontend.page", "frontend/app/reset-password/page.tsx.j2"),
        ]);
    }
    if !resolved.frontend.tailwind {
        files.push((
            file("components/auth/auth.module.css"),
            "frontend.styles",
            "frontend/components/auth/auth.module.css.j2",
        ));
    }
    if resolved.answers.arch == Arch::Separate {
        files.push((
            file("components/auth/backend-answer.{jsx}"),
            "frontend.backend_answer",
            "frontend/components/auth/backend-answer.tsx.j2",
        ));
    } else if layout.pages_router {
        files.push((file("pages/api/me.{ext}"), "frontend.me", "frontend/pages/api/me.ts.j2"));
    } else {
        files.push((file("app/api/me/route.{ext}"), "frontend.me", "frontend/app/api/me/route.ts.j2"));
    }
    // A page the app already serves from another file (a route group, an
    // optional catch-all) would make two pages for one URL, which Next.js
    // refuses to build: that page is not written.
    files.retain(|(path, role, _)| *role != "frontend.page" || served_elsewhere(resolved, path).is_none());
    files
}

/// The files the chosen plugins add beside the pages, for this router.
fn plugin_files(resolved: &Resolved, layout: &Layout) -> Vec<(String, &'static str, &'static str)> {
    use crate::plugins::Routers;
    let (base, ext) = (&layout.base, layout.ext);
    let jsx = if layout.ts { "tsx" } else { "jsx" };
    let mut files: Vec<(String, &'static str, &'static str)> = crate::plugins::chosen(&resolved.answers.plugins)
        .into_iter()
        .flat_map(|d| d.files)
        .filter(|f| match f.routers {
            Routers::Both => true,
            Routers::App => !layout.pages_router,
            Routers::Pages => layout.pages_router,
        })
        .map(|f| (join(base, &layout.place(&f.path.replace("{ext}", ext).replace("{jsx}", jsx))), f.role, f.template))
        .collect();
    files.retain(|(path, role, _)| *role != "frontend.page" || served_elsewhere(resolved, path).is_none());
    files
}

/// The import lines and plugin calls of the generated config and client:
/// the jwt plugin for a separate backend, then the chosen plugins.
fn plugin_wiring(resolved: &Resolved) -> (Vec<String>, Vec<String>, Vec<&'static str>) {
    let separate = resolved.answers.arch == Arch::Separate;
    let chosen = crate::plugins::chosen(&resolved.answers.plugins);
    let mut server: Vec<(&str, &str)> = Vec::new();
    let mut client: Vec<(&str, &str)> = Vec::new();
    let mut calls: Vec<&'static str> = Vec::new();
    if separate {
        server.push(("jwt", "better-auth/plugins"));
        client.push(("jwtClient", "better-auth/client/plugins"));
        calls.push("jwtClient()");
    }
    for d in &chosen {
        server.push((d.server.name, d.server.module));
        client.push((d.client.name, d.client.module));
        calls.push(d.client_call);
    }
    (crate::plugins::import_lines(&server), crate::plugins::import_lines(&client), calls)
}

/// `  code: "message",` for each plugin's error codes, laid out as Prettier
/// does (the message on its own line past 80 columns).
fn plugin_messages(resolved: &Resolved) -> Vec<String> {
    crate::plugins::chosen(&resolved.answers.plugins)
        .into_iter()
        .flat_map(|d| d.messages)
        .map(|(code, text)| {
            let literal = serde_json::to_string(text).expect("a string serializes");
            let one_line = format!("  {code}: {literal},");
            if one_line.chars().count() <= 80 { one_line } else { format!("  {code}:\n    {literal},") }
        })
        .collect()
}

/// The app's own page at the URL of authgen's page `path`, when it is another file.
fn served_elsewhere<'r>(resolved: &'r Resolved, path: &str) -> Option<&'r String> {
    let url = page_url(path)?;
    resolved.frontend.served_pages.iter().find(|(u, file)| *u == url && file != path).map(|(_, file)| file)
}

/// `/sign-in` for `.../app/sign-in/page.tsx` or `.../pages/sign-in.tsx`.
fn page_url(path: &str) -> Option<String> {
    let (folder, name) = path.rsplit_once('/')?;
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    if stem == "page" {
        let (_, segment) = folder.rsplit_once("app/")?;
        Some(format!("/{segment}"))
    } else {
        Some(format!("/{stem}"))
    }
}

fn backend_files(resolved: &Resolved, layout: &Layout) -> Vec<(String, &'static str, &'static str)> {
    let a = &resolved.answers;
    let info = resolved.backend.as_ref();
    let (dir, auth) = (layout.backend_dir.as_str(), layout.node_auth.as_str());
    let list: Vec<(&str, &str, &'static str, &'static str)> = match a.backend {
        Some(Backend::Fastapi) => {
            let package = info.map_or("app", |b| b.python_package.as_str());
            let folder = join(dir, &format!("{package}/auth"));
            let mut files = vec![
                (join(&folder, "__init__.py"), "backend.package", "backend/fastapi/auth/__init__.py.j2"),
                (join(&folder, "settings.py"), "backend.settings", "backend/fastapi/auth/settings.py.j2"),
                (join(&folder, "verifier.py"), "backend.verifier", "backend/fastapi/auth/verifier.py.j2"),
                (join(&folder, "dependencies.py"), "backend.dependencies", "backend/fastapi/auth/dependencies.py.j2"),
                (join(dir, "tests/test_auth.py"), "backend.tests", "backend/fastapi/tests/test_auth.py.j2"),
            ];
            if layout.pages {
                files.push((join(&folder, "routes.py"), "backend.routes", "backend/fastapi/auth/routes.py.j2"));
            }
            return files;
        }
        // JavaScript Express projects get the same templates without the types.
        Some(Backend::Express) if layout.javascript_backend => vec![
            (auth, "config.js", "backend.config", "backend/node/auth/config.ts.j2"),
            (auth, "verify-token.js", "backend.verifier", "backend/node/auth/verify-token.ts.j2"),
            (auth, "require-auth.js", "backend.middleware", "backend/express/auth/require-auth.ts.j2"),
            (dir, "test/auth.test.js", "backend.tests", "backend/express/test/auth.test.ts.j2"),
        ],
        Some(Backend::Express) => vec![
            (auth, "config.ts", "backend.config", "backend/node/auth/config.ts.j2"),
            (auth, "verify-token.ts", "backend.verifier", "backend/node/auth/verify-token.ts.j2"),
            (auth, "require-auth.ts", "backend.middleware", "backend/express/auth/require-auth.ts.j2"),
            (dir, "test/auth.test.ts", "backend.tests", "backend/express/test/auth.test.ts.j2"),
        ],
        Some(Backend::Nestjs) => vec![
            (auth, "config.ts", "backend.config", "backend/node/auth/config.ts.j2"),
            (auth, "verify-token.ts", "backend.verifier", "backend/node/auth/verify-token.ts.j2"),
            (auth, "jwt-auth.guard.ts", "backend.guard", "backend/nestjs/auth/jwt-auth.guard.ts.j2"),
            (
                auth,
                "current-user.decorator.ts",
                "backend.decorator",
                "backend/nestjs/auth/current-user.decorator.ts.j2",
            ),
            (auth, "cors.ts", "backend.cors", "backend/nestjs/auth/cors.ts.j2"),
            (dir, "test/auth.test.ts", "backend.tests", "backend/nestjs/test/auth.test.ts.j2"),
        ],
        Some(Backend::Other) => vec![(dir, "AUTH-BACKEND.md", "backend.docs", "backend/other/AUTH-BACKEND.md.j2")],
        None => vec![],
    };
    let mut files: Vec<(String, &'static str, &'static str)> =
        list.into_iter().map(|(dir, file, role, template)| (join(dir, file), role, template)).collect();
    // An example GET /me the dashboard calls, optional to mount.
    let example_route = match a.backend {
        Some(Backend::Express) if layout.javascript_backend => {
            Some(("me-route.js", "backend/express/auth/me-route.ts.j2"))
        }
        Some(Backend::Express) => Some(("me-route.ts", "backend/express/auth/me-route.ts.j2")),
        Some(Backend::Nestjs) => Some(("me.controller.ts", "backend/nestjs/auth/me.controller.ts.j2")),
        _ => None,
    };
    if let (true, Some((file, template))) = (layout.pages, example_route) {
        files.push((join(auth, file), "backend.routes", template));
    }
    files
}

fn template_context(resolved: &Resolved, layout: &Layout, packages: &[Packages]) -> minijinja::Value {
    let a = &resolved.answers;
    let info = resolved.backend.as_ref();
    let separate = a.arch == Arch::Separate;
    let backend_dir = layout.backend_dir.as_str();
    let source_root = info.map_or("src", |b| b.source_root.as_str());
    let install_commands: Vec<String> = packages.iter().flat_map(|p| p.commands.clone()).collect();
    let backend_port = a
        .backend_url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.port_or_known_default())
        .unwrap_or(8000);
    let test_path = match a.backend {
        Some(Backend::Fastapi) => "tests/test_auth.py",
        _ if layout.javascript_backend => "test/auth.test.js",
        _ => "test/auth.test.ts",
    };
    // The route handler imports the config; the API client imports the client.
    let route_file = join(&layout.base, &layout.route_file());
    let config_path = layout.config.as_ref().map_or(join(&layout.base, "lib/auth.ts"), |c| c.path.clone());
    let config_export = import_as(layout.config.as_ref().and_then(|c| c.export.as_deref()), "auth");
    let api_client = join(&layout.base, &layout.place("lib/api-client.ts"));
    let client_path = layout.client.as_ref().map_or(join(&layout.base, "lib/auth-client.ts"), |c| c.path.clone());
    let ui = |file: &str| join(&layout.base, &layout.place(file));
    let dashboard = if layout.pages_router { "pages/dashboard.tsx" } else { "app/dashboard/page.tsx" };
    let me_route = if layout.pages_router { "pages/api/me.ts" } else { "app/api/me/route.ts" };
    let page_import = |target: &str| layout.import(resolved, &ui(dashboard), &ui(target));
    let python_package = info.map_or("app", |b| b.python_package.as_str());
    let run_dir = info.map_or(backend_dir.to_string(), |b| b.run_dir.clone());
    let auth_folder = join(&join(backend_dir, python_package), "auth");
    let python_import = relative_to(&run_dir, &auth_folder).replace('/', ".");
    // A CommonJS TypeScript backend runs through ts-node or esbuild-register,
    // which resolve only extensionless imports; ESM needs the `.js` suffix.
    let esm = info.is_none_or(|b| b.module == ModuleKind::Esm);
    let import_ext = if esm || layout.javascript_backend { ".js" } else { "" };
    let backend_run = info
        .and_then(|b| b.runner.as_ref().map(|_| format!("{} run dev", b.package_manager.name())))
        .unwrap_or_else(|| "node --env-file=.env <your entry point>".into());
    let (server_plugin_imports, client_plugin_imports, client_plugins) = plugin_wiring(resolved);
    let chosen = crate::plugins::chosen(&a.plugins);
    let sign_in_widgets: Vec<&crate::plugins::Import> = chosen.iter().filter_map(|d| d.sign_in.as_ref()).collect();
    let dashboard_widgets: Vec<&crate::plugins::Import> = chosen.iter().filter_map(|d| d.dashboard.as_ref()).collect();
    let sign_in_steps: Vec<&str> = chosen.iter().filter_map(|d| d.sign_in_step).collect();
    context! {
        separate,
        plugins => minijinja::value::Serde(&chosen),
        server_plugin_imports,
        client_plugin_imports,
        client_plugins,
        sign_in_widgets => minijinja::value::Serde(sign_in_widgets),
        dashboard_widgets => minijinja::value::Serde(dashboard_widgets),
        sign_in_steps,
        plugin_messages => plugin_messages(resolved),
        ts => layout.ts,
        ext => format!(".{}", layout.ext),
        db => db_name(a.db),
        db_env => &resolved.frontend.db_env,
        jwt_alg => alg_name(a.jwt_alg),
        app_url => &a.app_url,
        app_origin => &a.app_url,
        base_path => &layout.base_path,
        custom_base_path => a.base_path.is_some(),
        doctor_rules => crate::doctor::rules_markdown(!a.plugins.is_empty()),
        backend_url => a.backend_url.as_deref().unwrap_or(""),
        backend_dir,
        config_import => layout.import(resolved, &route_file, &config_path),
        config_export,
        client_import => layout.import(resolved, &api_client, &client_path),
        client_export => import_as(layout.client.as_ref().and_then(|c| c.export.as_deref()), "authClient"),
        app_router => !layout.pages_router,
        guard_function => layout.guard_function,
        esm,
        import_ext,
        // JavaScript modules: `export` in ESM, `module.exports` in CommonJS.
        export_kw => if esm || !layout.javascript_backend { "export " } else { "" },
        commonjs_js => layout.javascript_backend && !esm,
        javascript => layout.javascript_backend,
        auth_import => if source_root == "." { "../auth".to_string() } else { format!("../{source_root}/auth") },
        frontend_dir => &a.frontend_dir,
        src_dir => a.src_dir,
        lib_path => if a.src_dir { format!("src/{}", layout.lib_dir) } else { layout.lib_dir.to_string() },
        lib_dir => layout.lib_dir,
        // lib/auth.ts sits in lib/, beside or above lib/email.
        email_import => format!("./{}", relative_to("lib", &layout.place("lib/email"))),
        components_dir => layout.components_dir,
        frontend_env => join(&a.frontend_dir, ".env.local"),
        backend => a.backend.map(backend_name),
        backend_label => a.backend.map(backend_label),
        db_label => db_label(a.db),
        database_hint => database_hint(a.db),
        install_commands,
        backend_port,
        test_path,
        python_package,
        python_import,
        run_dir => &run_dir,
        run_env_file => relative_to(&run_dir, &join(backend_dir, ".env")),
        uvicorn_target => info.and_then(|b| b.entry.clone()).unwrap_or_else(|| "main:app".into()),
        backend_run,
        docs_dir => &layout.docs_dir,
        matchers => a.protect.iter().map(|p| format!("{p}/:path*")).collect::<Vec<_>>(),
        pages => layout.pages,
        own_config => layout.config.as_ref().map(|c| c.path.clone()),
        email => minijinja::value::Serde(a.email),
        email_verification => a.email_verification,
        social => minijinja::value::Serde(a.social.iter().map(|s| crate::accounts::provider(*s)).collect::<Vec<_>>()),
        rate_limit_database => a.rate_limit_storage == crate::cli::RateLimitStorage::Database,
        rotation_days => a.jwt_rotation_days,
        ui_social_import => "./social-buttons",
        tailwind => resolved.frontend.tailwind,
        ui_client_import => layout.import(resolved, &ui("components/auth/x.tsx"), &client_path),
        ui_return_to_import => layout.import(resolved, &ui("components/auth/x.tsx"), &ui("lib/return-to.ts")),
        ui_api_client_import => layout.import(resolved, &ui("components/auth/x.tsx"), &ui("lib/api-client.ts")),
        page_components_import => page_import("components/auth/x").trim_end_matches("/x").to_string(),
        page_session_import => page_import("lib/session"),
        session_config_import => layout.import(resolved, &ui("lib/session.ts"), &config_path),
        me_config_import => layout.import(resolved, &ui(me_route), &config_path),
        page_config_import => layout.import(resolved, &ui(dashboard), &config_path),
    }
}

/// The env files of both sides (the real one with values, the example beside
/// it with placeholders) and the .gitignore rules that keep the real ones out
/// of git and the examples in.
fn env_outputs(resolved: &Resolved, layout: &Layout, secrets: &Secrets) -> Vec<Output> {
    let a = &resolved.answers;
    let mut outputs = Vec::new();
    let mut frontend_env = frontend_env(a, &resolved.frontend.db_env, secrets);
    if layout.config.is_some() {
        // The app's own config reads its database from wherever it chose.
        frontend_env.retain(|e| e.key != resolved.frontend.db_env && e.key != "DATABASE_AUTH_TOKEN");
    }
    let mut ignored = vec![join(&a.frontend_dir, ".env.local")];
    let mut examples = vec![join(&a.frontend_dir, ".env.example")];
    // Better Auth reads AUTH_SECRET when BETTER_AUTH_SECRET is not set: a
    // BETTER_AUTH_SECRET added here would shadow the app's AUTH_SECRET.
    let elsewhere = |defined: &[crate::detect::Defined]| {
        defined
            .iter()
            .map(|d| {
                if d.key == "AUTH_SECRET" {
                    ("BETTER_AUTH_SECRET".to_string(), format!("{} as AUTH_SECRET", d.file))
                } else {
                    (d.key.clone(), d.file.clone())
                }
            })
            .collect()
    };
    let frontend_elsewhere: Vec<(String, String)> = elsewhere(&resolved.frontend.env_defined);
    // The example lists what is left to set here; keys documented in another
    // example (a monorepo's root .env.example) stay there.
    let documented: Vec<(String, String)> = frontend_elsewhere
        .iter()
        .filter(|(_, file)| file.contains(".example") || file.contains(".sample") || file.contains(".template"))
        .cloned()
        .collect();
    outputs.push(Output {
        path: join(&a.frontend_dir, ".env.local"),
        role: "env",
        content: Content::Env {
            entries: frontend_env.clone(),
            real: true,
            elsewhere: frontend_elsewhere,
            tracked: resolved.tracked_env.contains(&join(&a.frontend_dir, ".env.local")),
        },
    });
    outputs.push(Output {
        path: join(&a.frontend_dir, ".env.example"),
        role: "env.example",
        content: Content::Env { entries: example(frontend_env), real: false, elsewhere: documented, tracked: false },
    });
    if a.arch == Arch::Separate {
        let backend_env = backend_env(a);
        let defined = resolved.backend.as_ref().map(|b| elsewhere(&b.env_defined)).unwrap_or_default();
        ignored.push(join(&layout.backend_dir, ".env"));
        examples.push(join(&layout.backend_dir, ".env.example"));
        outputs.push(Output {
            path: join(&layout.backend_dir, ".env"),
            role: "env",
            content: Content::Env { entries: backend_env.clone(), real: true, elsewhere: defined, tracked: false },
        });
        outputs.push(Output {
            path: join(&layout.backend_dir, ".env.example"),
            role: "env.example",
            content: Content::Env { entries: example(backend_env), real: false, elsewhere: Vec::new(), tracked: false },
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
        content: Content::Ignore { paths: ignored, keep: examples, folders },
    });
    outputs
}

/// The backend's dependency manifest gets the packages the generated code
/// imports, so a fresh clone installs them too.
fn manifest_outputs(resolved: &Resolved) -> Vec<Output> {
    let (Some(info), Some(backend)) = (&resolved.backend, resolved.answers.backend) else {
        return Vec::new();
    };
    let Some(manifest) = info.manifest.clone() else {
        return Vec::new();
    };
    let wanted: Vec<(&'static str, &'static str, bool)> = match backend {
        Backend::Fastapi => vec![
            ("fastapi", ">=0.110", false),
            ("pyjwt[crypto]", ">=2.14", false),
            ("uvicorn", ">=0.30", false),
            ("python-dotenv", ">=1.0", false),
        ],
        Backend::Express => {
            let mut wanted = vec![("express", "^5.1.0", false), ("cors", "^2.8.5", false), ("jose", "^6.1.0", false)];
            if info.language == Language::Typescript {
                wanted.extend([("@types/express", "^5.0.0", true), ("@types/cors", "^2.8.17", true)]);
            }
            wanted
        }
        Backend::Nestjs => vec![("jose", "^6.1.0", false)],
        Backend::Other => return Vec::new(),
    };
    let kind = if manifest.ends_with("package.json") {
        ManifestKind::PackageJson
    } else if manifest.ends_with("requirements.txt") {
        ManifestKind::Requirements
    } else if info.python_tool == PythonTool::Poetry {
        ManifestKind::Poetry
    } else {
        ManifestKind::Pyproject
    };
    vec![Output { path: manifest, role: "backend.manifest", content: Content::Manifest { kind, wanted } }]
}

fn frontend_env(a: &Answers, db_env: &str, secrets: &Secrets) -> Vec<EnvEntry> {
    let mut entries = vec![
        EnvEntry {
            key: "BETTER_AUTH_SECRET".into(),
            value: secrets.better_auth_secret.clone(),
            secret: true,
            comment: "Signs sessions and encrypts the JWT signing keys. Keep it private and stable:\nchanging it makes existing keys unreadable. New one: openssl rand -hex 32".into(),
        },
        EnvEntry {
            key: "BETTER_AUTH_URL".into(),
            value: a.app_url.clone(),
            secret: false,
            comment: "Public URL of this app; its origin is also the JWT issuer and audience.".into(),
        },
        EnvEntry {
            key: db_env.to_string(),
            value: database_url_placeholder(a.db).into(),
            secret: false,
            comment: match a.db {
                Db::Neon => "Neon connection string (keep sslmode=require).",
                Db::Supabase => "Supabase's Session pooler URL (dashboard: Connect, or Project Settings > Database).",
                Db::Turso => "Turso database URL (libsql://...).",
                Db::Postgres => "PostgreSQL connection string.",
                Db::Mysql => "MySQL connection string.",
                Db::Sqlite => "SQLite database file, relative to this folder.",
            }
            .into(),
        },
    ];
    if a.db == Db::Turso {
        entries.push(EnvEntry {
            key: "DATABASE_AUTH_TOKEN".into(),
            value: String::new(),
            secret: true,
            comment: "Turso auth token: turso db tokens create <database>".into(),
        });
    }
    entries.extend(crate::accounts::env_entries(a.email, &a.social));
    for key in crate::plugins::chosen(&a.plugins).into_iter().flat_map(|d| d.env) {
        entries.push(EnvEntry {
            key: key.key.into(),
            value: key.value.into(),
            secret: key.secret,
            comment: key.comment.into(),
        });
    }
    if let Some(url) = &a.backend_url {
        entries.push(EnvEntry {
            key: "NEXT_PUBLIC_API_URL".into(),
            value: url.clone(),
            secret: false,
            comment: "The separate backend, called with a Bearer JWT.".into(),
        });
    }
    entries
}

fn backend_env(a: &Answers) -> Vec<EnvEntry> {
    vec![
        EnvEntry {
            key: "BETTER_AUTH_URL".into(),
            value: a.app_url.clone(),
            secret: false,
            comment: format!(
                "The Next.js app: tokens' issuer and audience, and where its JWKS is\n({}/jwks). Set AUTH_JWKS_URL when the backend must fetch the keys\nfrom another address, e.g. an internal hostname in production.",
                a.base_path.as_deref().unwrap_or(crate::detect::api_path::DEFAULT_BASE_PATH)
            )
            .into(),
        },
        EnvEntry {
            key: "AUTH_JWT_ALGORITHMS".into(),
            value: alg_name(a.jwt_alg).into(),
            secret: false,
            comment: "Must match the alg of the app's jwt plugin (keyPairConfig).".into(),
        },
        EnvEntry {
            key: "CORS_ORIGINS".into(),
            value: a.app_url.clone(),
            secret: false,
            comment: "Comma-separated origins allowed to call this API from a browser.".into(),
        },
        EnvEntry {
            key: "AUTH_JWKS_MAX_STALE_SECONDS".into(),
            value: "3600".into(),
            secret: false,
            comment: "While the app's JWKS cannot be fetched, keys already fetched keep verifying\nthis long after the last successful fetch; then the API answers 503.".into(),
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

fn packages(resolved: &Resolved, layout: &Layout) -> Vec<Packages> {
    let a = &resolved.answers;
    let pm = resolved.frontend.package_manager;
    let (db_deps, db_dev) = db_packages(a.db, resolved.node_major);
    let email = crate::accounts::transport(a.email);
    // An app with its own Better Auth config already has its database packages.
    let mut dependencies = if layout.config.is_some() { Vec::new() } else { vec!["better-auth"] };
    let mut dev_dependencies = Vec::new();
    if layout.config.is_none() {
        dependencies.extend_from_slice(db_deps);
        dev_dependencies.extend_from_slice(db_dev);
    }
    dependencies.extend_from_slice(email.packages);
    dependencies.extend(crate::plugins::chosen(&a.plugins).into_iter().flat_map(|d| d.packages.iter().copied()));
    if layout.ts {
        dev_dependencies.extend_from_slice(email.type_packages);
    }
    let mut sides = if dependencies.is_empty() {
        Vec::new()
    } else {
        vec![node_packages("frontend", &a.frontend_dir, pm, dependencies, dev_dependencies)]
    };
    let (Some(backend), Some(info), Some(dir)) = (a.backend, &resolved.backend, &a.backend_dir) else {
        return sides;
    };
    match backend {
        Backend::Fastapi => {
            // Python packages install where the project's manifest is (above api/ in Vercel's layout).
            let dir = &info.run_dir;
            let dependencies = vec!["fastapi", "pyjwt[crypto]", "uvicorn", "python-dotenv"];
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
