//! A closer look at the chosen Next.js app: layout, router, language, the
//! database it uses and how it names it, and the Better Auth pieces (config,
//! client, route handler) it already has, in the app or its workspace packages.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::manifest::{
    alias, decode_text, dependency_version, depends_on_runtime, major_version, package_manager, read_package_json,
};
use super::scan::ancestors;
use super::{Defined, FoundFile, Frontend, Language, Repo, Router, SKIPPED, display_rel, ports, source};
use crate::cli::Db;
use crate::envfile;
use crate::error::Result;

/// How many source files the search for existing Better Auth code reads at most.
const MAX_SOURCE_FILES: usize = 4000;
/// Larger files are generated or bundled code, not a config.
const MAX_SOURCE_BYTES: u64 = 256 * 1024;
const SOURCE_EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];

/// Variables that hold a database URL, the usual name first.
const DB_URL_KEYS: &[&str] = &[
    "DATABASE_URL",
    "POSTGRES_URL",
    "POSTGRES_PRISMA_URL",
    "DB_URL",
    "MYSQL_URL",
    "TURSO_DATABASE_URL",
    "TURSO_CONNECTION_URL",
    "LIBSQL_URL",
    "NEON_DATABASE_URL",
    "SUPABASE_DB_URL",
];

/// Inspects the chosen frontend folder (which may not exist yet).
pub fn frontend(root: &Path, dir: &str, repo: &Repo) -> Result<Frontend> {
    let path = root.join(dir);
    let exists = path.is_dir();
    // A broken package.json in the app we write into is bad input, not a warning.
    let pkg = read_package_json(root, dir)?;
    let hoisted = hoisted_manifests(root, dir);
    let manifests: Vec<&Value> = pkg.iter().chain(hoisted.iter()).collect();
    let has_src = path.join("src").is_dir();
    let base = if has_src { path.join("src") } else { path.clone() };
    let router = if !base.join("app").is_dir() && base.join("pages").is_dir() { Router::Pages } else { Router::App };
    let next_major = manifests.iter().find_map(|p| dependency_version(p, "next")).and_then(major_version);
    let typescript = path.join("tsconfig.json").is_file()
        || manifests.iter().any(|p| depends_on_runtime(p, "typescript"))
        || has_typescript_files(&path);
    let language = if exists && !typescript && (path.join("jsconfig.json").is_file() || pkg.is_some()) {
        Language::Javascript
    } else {
        Language::Typescript
    };
    let route_guard = ["proxy", "middleware"]
        .iter()
        .flat_map(|name| ["ts", "js", "mjs"].map(|ext| format!("{name}.{ext}")))
        .flat_map(|f| [f.clone(), format!("src/{f}")])
        .find(|f| path.join(f).is_file());
    let other_auth = other_auth_library(route_guard.as_ref().map(|g| path.join(g)).as_deref(), &manifests);
    let mut env = EnvFiles::read(root, dir)?;
    // Env files the app's scripts load (`dotenv -e ../../.env`, `--env-file`),
    // as monorepos keep one .env at the root; and the example beside each.
    for file in pkg.as_ref().map(script_env_files).unwrap_or_default() {
        let Some(rel) = inside_repo(dir, &file) else { continue };
        env.add_file(root, &rel, false)?;
        env.add_file(root, &format!("{rel}.example"), true)?;
    }
    let supabase = supabase_signal(root, dir, pkg.as_ref(), &env);
    let db_info = database(&path, pkg.as_ref(), &env, supabase);
    let app_port = pkg.as_ref().and_then(|p| ports::app_port(dir, p));
    let backend_url = ports::app_backend_url(&path, dir, &env.entries());
    let routes = auth_routes(root, &base);
    let (sources, served_by) = better_auth_code(root, dir, repo, pkg.is_none());
    Ok(Frontend {
        exists,
        has_src,
        package_manager: package_manager(root, dir)?,
        language,
        tailwind: manifests.iter().any(|p| depends_on_runtime(p, "tailwindcss")),
        alias: alias(&path),
        next_major,
        router,
        db: db_info.db,
        db_source: db_info.source,
        db_env: db_info.env.unwrap_or_else(|| "DATABASE_URL".into()),
        route_guard,
        other_auth,
        existing_auth: sources.configs.into_iter().next(),
        existing_client: sources.clients.into_iter().next(),
        route_handler: routes.better_auth,
        other_auth_route: routes.other_catch_all,
        served_by,
        env_defined: env.defined_outside(".env.local"),
        taken: taken_module_paths(root, dir),
        served_pages: served_pages(root, dir),
        port: app_port.as_ref().map(|(port, _)| *port),
        port_source: app_port.map(|(_, source)| source),
        backend_url: backend_url.as_ref().map(|(url, _)| url.clone()),
        backend_url_source: backend_url.map(|(_, source)| source),
        warnings: env.warnings(&[display_rel(dir, ".env.local"), display_rel(dir, ".env.example")]),
    })
}

/// The URLs of authgen's pages.
const PAGE_URLS: &[&str] = &["/sign-in", "/sign-up", "/dashboard", "/forgot-password", "/reset-password"];

/// The app's pages (App and Pages Router, under src/ too) that answer one
/// of authgen's page URLs.
fn served_pages(root: &Path, dir: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for base in [dir.to_string(), display_rel(dir, "src")] {
        for router in ["app", "pages"] {
            let folder = root.join(&base).join(router);
            if folder.is_dir() {
                collect_pages(&folder, router == "app", String::new(), 0, &mut |url, file| {
                    if PAGE_URLS.contains(&url) {
                        let rel = file.strip_prefix(root).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
                        found.push((url.to_string(), rel));
                    }
                });
            }
        }
    }
    found
}

/// Walks a router folder (four levels at most) calling `found(url, file)`
/// for each page; route groups and optional catch-alls add nothing to the URL.
fn collect_pages(folder: &Path, app_router: bool, url: String, depth: usize, found: &mut dyn FnMut(&str, &Path)) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.') || name.starts_with('_') || name == "api" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            if depth >= 4 {
                continue;
            }
            let transparent = (name.starts_with('(') && name.ends_with(')')) || name.starts_with("[[...");
            let next = if transparent { url.clone() } else { format!("{url}/{name}") };
            collect_pages(&path, app_router, next, depth + 1, found);
            continue;
        }
        let Some((stem, ext)) = name.rsplit_once('.') else { continue };
        if !["tsx", "jsx", "ts", "js", "mdx"].contains(&ext) {
            continue;
        }
        let page_url = match (app_router, stem) {
            (true, "page") => url.clone(),
            (true, _) => continue,
            (false, "index") => url.clone(),
            (false, stem) if stem.starts_with("[[...") => url.clone(),
            (false, stem) => format!("{url}/{stem}"),
        };
        found(if page_url.is_empty() { "/" } else { &page_url }, &path);
    }
}

/// The names authgen gives its library modules and components.
const LIB_MODULES: &[&str] = &["api-client", "email", "session", "return-to"];
const COMPONENTS: &[&str] = &[
    "messages",
    "sign-in-form",
    "sign-up-form",
    "sign-out-button",
    "user-menu",
    "forgot-password-form",
    "reset-password-form",
    "social-buttons",
    "backend-answer",
    "auth.module",
];

/// Files of the app at the paths authgen's modules would take, under the
/// app and under its src/ (the src/ answer may differ from what exists).
fn taken_module_paths(root: &Path, dir: &str) -> Vec<String> {
    let mut taken = Vec::new();
    for base in [dir.to_string(), display_rel(dir, "src")] {
        let names = LIB_MODULES
            .iter()
            .map(|m| format!("lib/{m}"))
            .chain(COMPONENTS.iter().map(|c| format!("components/auth/{c}")));
        for stem in names {
            for ext in ["ts", "tsx", "js", "jsx", "css"] {
                let rel = display_rel(&base, &format!("{stem}.{ext}"));
                if root.join(&rel).is_file() {
                    taken.push(rel);
                }
            }
        }
    }
    taken
}

/// Auth libraries an app may already run, by what their route guard calls
/// or imports and by their package.
const AUTH_LIBRARIES: &[(&str, &[&str], &[&str])] = &[
    ("Clerk", &["clerkMiddleware", "authMiddleware", "@clerk/"], &["@clerk/nextjs"]),
    (
        "Supabase Auth",
        &["updateSession", "@supabase/ssr", "@supabase/auth-helpers-nextjs", "createMiddlewareClient"],
        &["@supabase/ssr", "@supabase/auth-helpers-nextjs"],
    ),
    ("NextAuth", &["next-auth", "withAuth"], &["next-auth"]),
];

/// The other auth library the app runs, if any: what its route guard uses
/// first, then its dependencies.
fn other_auth_library(guard: Option<&Path>, manifests: &[&Value]) -> Option<String> {
    let text = guard.and_then(|g| fs::read_to_string(g).ok()).unwrap_or_default();
    let by_guard = AUTH_LIBRARIES.iter().find(|(_, marks, _)| marks.iter().any(|m| text.contains(m)));
    let by_package = || {
        AUTH_LIBRARIES
            .iter()
            .find(|(_, _, packages)| packages.iter().any(|p| manifests.iter().any(|m| depends_on_runtime(m, p))))
    };
    by_guard.or_else(by_package).map(|(name, _, _)| name.to_string())
}

/// Env files named in the package's scripts: `dotenv -e FILE`, `--env-file=FILE`,
/// `--env-file FILE`, `dotenv_config_path=FILE` (relative to the package).
fn script_env_files(pkg: &Value) -> Vec<String> {
    let Some(scripts) = pkg.get("scripts").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for script in scripts.values().filter_map(Value::as_str) {
        let words: Vec<&str> = script.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let value = match *word {
                "-e" | "--env-file" if i > 0 => words.get(i + 1).copied(),
                w => w.strip_prefix("--env-file=").or_else(|| w.strip_prefix("dotenv_config_path=")),
            };
            let is_dotenv = *word != "-e" || words[..i].iter().any(|w| w.contains("dotenv"));
            if let Some(value) = value.filter(|_| is_dotenv) {
                let value = value.trim_matches(['"', '\'']).to_string();
                if !value.is_empty() && !files.contains(&value) {
                    files.push(value);
                }
            }
        }
    }
    files
}

/// `file` (relative to the folder `dir`) as a path from the repository root,
/// or `None` when it leaves the repository.
fn inside_repo(dir: &str, file: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for part in file.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/")).filter(|p| !p.is_empty())
}

/// Whether the app's own top folders (or the app root) hold .ts/.tsx files.
fn has_typescript_files(app: &Path) -> bool {
    ["", "app", "pages", "lib", "src", "src/app", "src/pages", "src/lib"].iter().any(|sub| {
        fs::read_dir(app.join(sub)).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                (name.ends_with(".ts") || name.ends_with(".tsx")) && !name.ends_with(".d.ts")
            })
        })
    })
}

/// One env file: its path from the repository root, its name, its variables in order.
struct EnvFile {
    rel: String,
    name: String,
    pairs: Vec<(String, String)>,
}

/// The package.json files of the folders above `dir`, nearest first.
fn hoisted_manifests(root: &Path, dir: &str) -> Vec<Value> {
    ancestors(dir).iter().filter_map(|up| read_package_json(root, up).ok().flatten()).filter(Value::is_object).collect()
}

/// The env files of one folder: real ones (what the app reads) and examples.
pub(super) struct EnvFiles {
    real: Vec<EnvFile>,
    examples: Vec<EnvFile>,
    /// Files that could not be read: (path from the repository root, one-line warning).
    unread: Vec<(String, String)>,
}

impl EnvFiles {
    pub(super) fn read(root: &Path, dir: &str) -> Result<Self> {
        let mut files = EnvFiles { real: Vec::new(), examples: Vec::new(), unread: Vec::new() };
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            return Ok(files);
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n == ".env" || n.starts_with(".env."))
            .collect();
        // As Next.js reads them: the most specific first.
        let rank = |n: &str| {
            [".env.development.local", ".env.local", ".env.development", ".env", ".env.production"]
                .iter()
                .position(|x| *x == n)
                .unwrap_or(9)
        };
        names.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
        for name in names {
            let rel = display_rel(dir, &name);
            let example = ["example", "sample", "template", "dist", "defaults"].iter().any(|w| name.contains(w));
            let Some(text) = read_env(root, &rel, example, &mut files.unread) else { continue };
            let pairs = envfile::pairs_lenient(&rel, &text);
            let file = EnvFile { rel, name, pairs };
            if example { files.examples.push(file) } else { files.real.push(file) }
        }
        Ok(files)
    }

    /// Adds one more env file (relative to the repository), when it exists.
    fn add_file(&mut self, root: &Path, rel: &str, example: bool) -> Result<()> {
        let Some(text) = read_env(root, rel, example, &mut self.unread) else {
            return Ok(());
        };
        let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
        let file =
            EnvFile { rel: rel.to_string(), name: format!("loaded:{name}"), pairs: envfile::pairs_lenient(rel, &text) };
        if example {
            // A variable an example documents there will be set there: never shadow it.
            self.real.push(EnvFile { name: format!("documented:{}", file.name), ..file });
        } else {
            self.real.push(file);
        }
        Ok(())
    }

    /// Keys set by the real env files other than `target` (the file authgen merges into).
    pub(super) fn defined_outside(&self, target: &str) -> Vec<Defined> {
        let mut out: Vec<Defined> = Vec::new();
        for file in self.real.iter().filter(|f| f.name != target) {
            for (key, _) in &file.pairs {
                if !out.iter().any(|d| &d.key == key) {
                    out.push(Defined { key: key.clone(), file: file.rel.clone() });
                }
            }
        }
        out
    }

    /// The first database URL variable: (key, value, file, is an example).
    fn database_url(&self) -> Option<(String, String, String, bool)> {
        let real = self.real.iter().map(|f| (f, false));
        let examples = self.examples.iter().map(|f| (f, true));
        for (file, example) in real.chain(examples) {
            for key in DB_URL_KEYS {
                if let Some((_, value)) = file.pairs.iter().rev().find(|(k, v)| k == key && !v.trim().is_empty()) {
                    return Some((key.to_string(), value.clone(), file.rel.clone(), example));
                }
            }
        }
        None
    }
}

struct DbInfo {
    db: Option<Db>,
    source: Option<String>,
    env: Option<String>,
}

/// The database a URL points to, from its scheme and host.
pub fn db_from_url(url: &str) -> Option<Db> {
    let url = url.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    Some(if url.contains("neon.tech") {
        Db::Neon
    } else if url.contains("supabase.") || url.contains(":54322/") {
        // (54322: the database port of Supabase's local stack, `supabase start`.)
        Db::Supabase
    } else if url.starts_with("libsql:") || url.contains("turso.io") {
        Db::Turso
    } else if url.starts_with("mysql") || url.starts_with("mariadb:") {
        Db::Mysql
    } else if url.starts_with("postgres") {
        Db::Postgres
    } else if url.starts_with("file:") || url.ends_with(".db") || url.ends_with(".sqlite") || url.ends_with(".sqlite3")
    {
        Db::Sqlite
    } else {
        return None;
    })
}

/// The database, from (in this order) a URL in a real env file, Prisma's
/// `provider`, Drizzle's `dialect`, a URL in an example env file, and the
/// installed drivers; and the variable the app keeps its URL in. An app
/// that uses Supabase (`supabase`, what said so) keeps its data in
/// Supabase's PostgreSQL unless a real URL, or a signal for another
/// database than PostgreSQL, says otherwise.
fn database(app: &Path, pkg: Option<&Value>, env: &EnvFiles, supabase: Option<String>) -> DbInfo {
    let url = env.database_url();
    let orm = orm_database(app);
    let mut info = DbInfo { db: None, source: None, env: None };
    info.env = orm.as_ref().and_then(|(_, _, var)| var.clone()).or_else(|| url.as_ref().map(|(k, ..)| k.clone()));
    let from_url = url.as_ref().and_then(|(key, value, file, example)| {
        db_from_url(value).map(|db| (db, format!("{key} in {file}"), *example))
    });
    let candidates = [
        from_url.clone().filter(|(_, _, example)| !example).map(|(db, s, _)| (db, s)),
        orm.map(|(db, source, _)| (db, source)),
        from_url.filter(|(_, _, example)| *example).map(|(db, s, _)| (db, s)),
        pkg.and_then(driver_database),
    ];
    let from_real_url = candidates[0].is_some();
    let mut chosen = candidates.into_iter().flatten().next();
    if let Some(signal) = supabase
        && !from_real_url
        && matches!(chosen, None | Some((Db::Postgres, _)))
    {
        chosen = Some((Db::Supabase, signal));
    }
    if let Some((db, source)) = chosen {
        info.db = Some(db);
        info.source = Some(source);
    }
    info
}

/// What says the app uses Supabase: an `@supabase/*` package in its
/// package.json, `SUPABASE_URL` or `NEXT_PUBLIC_SUPABASE_URL` in its env
/// files (examples included), or `supabase/config.toml` in the app or at the
/// repository root.
fn supabase_signal(root: &Path, dir: &str, pkg: Option<&Value>, env: &EnvFiles) -> Option<String> {
    let package = pkg.and_then(|pkg| {
        ["dependencies", "devDependencies"]
            .iter()
            .filter_map(|section| pkg.get(section)?.as_object())
            .flat_map(|deps| deps.keys())
            .find(|name| name.starts_with("@supabase/"))
            .map(|name| format!("{} ({name})", display_rel(dir, "package.json")))
    });
    let variable = || {
        env.entries()
            .into_iter()
            .find(|(key, ..)| key == "SUPABASE_URL" || key == "NEXT_PUBLIC_SUPABASE_URL")
            .map(|(key, _, file)| format!("{key} in {file}"))
    };
    let config = || {
        [display_rel(dir, "supabase/config.toml"), "supabase/config.toml".to_string()]
            .into_iter()
            .find(|rel| root.join(rel).is_file())
    };
    package.or_else(variable).or_else(config)
}

fn driver_database(pkg: &Value) -> Option<(Db, String)> {
    [
        ("@neondatabase/serverless", Db::Neon),
        ("@libsql/client", Db::Turso),
        ("mysql2", Db::Mysql),
        ("better-sqlite3", Db::Sqlite),
        ("pg", Db::Postgres),
        ("postgres", Db::Postgres),
    ]
    .into_iter()
    .find(|(driver, _)| depends_on_runtime(pkg, driver))
    .map(|(driver, db)| (db, format!("package.json ({driver})")))
}

/// Prisma's datasource `provider` and `url = env("X")`, or Drizzle's
/// `dialect` and the `process.env.X` its credentials read.
fn orm_database(app: &Path) -> Option<(Db, String, Option<String>)> {
    for file in ["prisma/schema.prisma", "schema.prisma", "prisma/schema/schema.prisma"] {
        let Ok(text) = fs::read_to_string(app.join(file)) else { continue };
        let datasource = text.split("datasource").nth(1).unwrap_or_default();
        let block = datasource.split('}').next().unwrap_or_default();
        let value = |key: &str| {
            block.lines().map(str::trim).find_map(|line| {
                let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?.trim();
                Some(rest.to_string())
            })
        };
        let provider = value("provider").map(|v| v.trim_matches('"').to_string());
        let db = match provider.as_deref() {
            Some("postgresql" | "postgres" | "cockroachdb") => Db::Postgres,
            Some("mysql") => Db::Mysql,
            Some("sqlite") => Db::Sqlite,
            _ => continue,
        };
        let var = value("url")
            .and_then(|v| v.strip_prefix("env(").map(|r| r.trim_end_matches(')').trim_matches('"').to_string()));
        return Some((db, file.to_string(), var));
    }
    for file in ["drizzle.config.ts", "drizzle.config.js", "drizzle.config.mjs", "drizzle.config.mts"] {
        let Ok(text) = fs::read_to_string(app.join(file)) else { continue };
        let dialect = text.split("dialect").nth(1).and_then(|rest| rest.split(['"', '\'']).nth(1));
        let db = match dialect {
            Some("postgresql") => Db::Postgres,
            Some("mysql" | "singlestore") => Db::Mysql,
            Some("sqlite") => Db::Sqlite,
            Some("turso") => Db::Turso,
            _ => continue,
        };
        let var = text
            .split("process.env.")
            .nth(1)
            .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>());
        return Some((db, file.to_string(), var.filter(|v| !v.is_empty())));
    }
    None
}

/// Existing Better Auth configs and clients, and a backend file serving Better Auth.
fn better_auth_code(root: &Path, dir: &str, repo: &Repo, no_manifest: bool) -> (SourceSearch, Option<String>) {
    let path = root.join(dir);
    // Code that calls Better Auth lives in packages that depend on it (their
    // own manifest or a workspace root's): only those are searched.
    // The app and the backends are searched in any repository that uses
    // Better Auth somewhere: they often reach it through a workspace package
    // (`"@acme/auth": "workspace:*"`) rather than naming it themselves.
    let any_better_auth = !repo.better_auth.is_empty();
    let uses_better_auth = |folder: &str| {
        let listed = |f: &str| repo.better_auth.iter().any(|d| d == f);
        listed(folder) || ancestors(folder).iter().any(|up| listed(up))
    };
    let mut sources = SourceSearch::default();
    // (And the app with authgen's own config, whose packages may not be installed yet.)
    let has_lib_auth =
        ["lib/auth.ts", "lib/auth.js", "src/lib/auth.ts", "src/lib/auth.js"].iter().any(|f| path.join(f).is_file());
    if no_manifest || has_lib_auth || any_better_auth {
        sources.search(root, dir);
    }
    for package in repo.packages.iter().filter(|p| uses_better_auth(p)) {
        if sources.configs.is_empty() || sources.clients.is_empty() {
            sources.search(root, package);
        }
    }
    // Better Auth may be served by a Node backend, with Next.js as its client.
    let mut served_by = None;
    for backend in repo.backends.iter().filter(|b| b.framework != crate::cli::Backend::Fastapi && any_better_auth) {
        sources.search(root, &backend.dir);
        if let Some(file) = sources.mounts.first() {
            served_by = Some(file.clone());
            break;
        }
    }
    (sources, served_by)
}

/// Route handlers under app/api/auth and pages/api/auth: the one that hands
/// requests to Better Auth, and any other catch-all there (NextAuth's
/// `[...nextauth]`), which a second catch-all beside it would break.
struct AuthRoutes {
    better_auth: Option<String>,
    other_catch_all: Option<String>,
}

fn auth_routes(root: &Path, base: &Path) -> AuthRoutes {
    let mut found = AuthRoutes { better_auth: None, other_catch_all: None };
    let rel = |path: &Path| path.strip_prefix(root).ok().map(|p| p.to_string_lossy().into_owned());
    for folder in ["app/api/auth", "pages/api/auth"] {
        let Ok(entries) = fs::read_dir(base.join(folder)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            // Hidden files (an interrupted run's temporary `.authgen-*`
            // files among them) are never routes.
            let hidden = |p: &Path| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden(&path) {
                continue;
            }
            let candidates: Vec<std::path::PathBuf> = if path.is_dir() {
                fs::read_dir(&path)
                    .map(|e| e.flatten().map(|e| e.path()).filter(|p| !hidden(p)).collect())
                    .unwrap_or_default()
            } else {
                vec![path.clone()]
            };
            if candidates.is_empty() {
                continue;
            }
            let mut better_auth = false;
            for file in candidates {
                let text = fs::read_to_string(&file).unwrap_or_default();
                if text.contains("toNextJsHandler") || text.contains("toNodeHandler") || text.contains("auth.handler") {
                    found.better_auth = found.better_auth.or_else(|| rel(&file));
                    better_auth = true;
                }
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let catch_all = name.starts_with("[...") || name.starts_with("[[...");
            if catch_all && !better_auth && found.other_catch_all.is_none() {
                found.other_catch_all = rel(&path);
            }
        }
    }
    found
}

/// Existing `betterAuth(` configs and `createAuthClient(` clients.
#[derive(Default)]
struct SourceSearch {
    configs: Vec<FoundFile>,
    clients: Vec<FoundFile>,
    /// Files that hand requests to Better Auth with `toNodeHandler(`.
    mounts: Vec<String>,
    read: usize,
}

impl SourceSearch {
    /// Searches `dir` (relative to the repository), pruned and bounded.
    fn search(&mut self, root: &Path, dir: &str) {
        if !root.join(dir).is_dir() {
            return;
        }
        let walker = ignore::WalkBuilder::new(root.join(dir))
            .max_depth(Some(6))
            .hidden(true)
            .parents(false)
            .git_global(false)
            .git_exclude(false)
            .require_git(false)
            .filter_entry(|entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !(is_dir && entry.file_name().to_str().is_some_and(|n| SKIPPED.contains(&n) || is_test_folder(n)))
            })
            .build();
        for entry in walker.flatten() {
            if self.read >= MAX_SOURCE_FILES {
                return;
            }
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            let is_source = path.extension().and_then(|e| e.to_str()).is_some_and(|e| SOURCE_EXTENSIONS.contains(&e));
            if !entry.file_type().is_some_and(|t| t.is_file())
                || !is_source
                || name.ends_with(".d.ts")
                || name.contains(".test.")
                || name.contains(".spec.")
                || entry.metadata().map_or(true, |m| m.len() > MAX_SOURCE_BYTES)
            {
                continue;
            }
            self.read += 1;
            let Ok(text) = fs::read_to_string(path) else { continue };
            if !text.contains("betterAuth") && !text.contains("createAuthClient") && !text.contains("toNodeHandler") {
                continue;
            }
            let Some(rel) = path.strip_prefix(root).ok().and_then(|p| p.to_str()) else { continue };
            let code = source::code_only(&text);
            let record = |list: &mut Vec<FoundFile>, call: &str, plugin: &str| {
                if let Some(&at) = source::calls(&code, call).first() {
                    let jwt = !source::calls(&code, plugin).is_empty();
                    list.push(FoundFile { path: rel.to_string(), jwt, export: source::exported_as(&code, at) });
                }
            };
            record(&mut self.configs, "betterAuth", "jwt");
            record(&mut self.clients, "createAuthClient", "jwtClient");
            if !source::calls(&code, "toNodeHandler").is_empty() && !code.contains("export { toNodeHandler") {
                self.mounts.push(rel.to_string());
            }
        }
    }
}

/// An env file's text: UTF-8, or UTF-16 with its byte-order mark. One that
/// cannot be read is a warning (in `unread`) and is skipped: the files
/// authgen writes into are read again, strictly, when the plan is compared
/// with the repository.
/// A real env file in UTF-16 is read too, with a warning: the app's own
/// tools (Next.js, dotenv) read UTF-8 only and do not see its variables.
fn read_env(root: &Path, rel: &str, example: bool, unread: &mut Vec<(String, String)>) -> Option<String> {
    match fs::read(root.join(rel)) {
        Ok(bytes) => {
            let text = decode_text(&bytes);
            if text.is_none() {
                unread.push((rel.to_string(), format!("{rel}: not UTF-8 or UTF-16 text (skipped)")));
            } else if !example && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])) {
                unread.push((
                    rel.to_string(),
                    format!(
                        "{rel} is UTF-16 text: authgen reads it, but Next.js and dotenv read env files as UTF-8 and do not see its variables; save it as UTF-8"
                    ),
                ));
            }
            text
        }
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => None,
        Err(e) => {
            unread.push((rel.to_string(), format!("{rel}: {} (skipped)", super::io_reason(&e))));
            None
        }
    }
}

impl EnvFiles {
    /// Warnings about the env files that could not be read, except `targets`
    /// (files authgen writes into, refused later with one line of their own).
    pub(super) fn warnings(&self, targets: &[String]) -> Vec<String> {
        self.unread.iter().filter(|(rel, _)| !targets.contains(rel)).map(|(_, warning)| warning.clone()).collect()
    }

    /// Every (key, value, file) the env files set: the real files first, then the examples.
    pub(super) fn entries(&self) -> Vec<(String, String, String)> {
        let files = self.real.iter().chain(&self.examples);
        files.flat_map(|f| f.pairs.iter().map(|(k, v)| (k.clone(), v.clone(), f.rel.clone()))).collect()
    }

    /// A variable's (value, file): the real files first, then the examples.
    pub(super) fn value(&self, key: &str) -> Option<(String, String)> {
        self.entries().into_iter().find(|(k, v, _)| k == key && !v.trim().is_empty()).map(|(_, v, f)| (v, f))
    }
}

fn is_test_folder(name: &str) -> bool {
    matches!(name, "__tests__" | "tests" | "test" | "e2e" | "__mocks__" | "fixtures")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_named_by_scripts_are_found_inside_the_repository() {
        let pkg = serde_json::json!({ "scripts": {
            "with-env": "dotenv -e ../../.env --",
            "start": "node --env-file=.env.production server.js",
            "grep": "grep -e pattern file",
        }});
        assert_eq!(script_env_files(&pkg), ["../../.env", ".env.production"]);
        assert_eq!(inside_repo("apps/web", "../../.env").as_deref(), Some(".env"));
        assert_eq!(inside_repo("web", "../../../etc/passwd"), None);
    }
}
