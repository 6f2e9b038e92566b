//! What doctor reads: the repository's source files (parsed), env files and
//! manifests, each tagged with the side it belongs to and whether it is
//! production code at all. `collect` reads a repository; `from_example` builds
//! the same thing from a rule's example text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::syntax::{self, Lang, Module};
use crate::detect;
use crate::envfile;
use crate::error::{Error, Result};

/// Files bigger than this are generated or vendored, never hand-written auth code.
const MAX_BYTES: u64 = 512 * 1024;
/// Lockfiles of big apps run to megabytes; only versions are read from them.
const MAX_LOCK_BYTES: u64 = 32 * 1024 * 1024;
const MAX_FILES: usize = 20_000;
const MAX_DEPTH: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Inside the Next.js app.
    App,
    /// Inside a backend service.
    Backend,
    /// Elsewhere (a shared workspace package, the root).
    Shared,
}

/// Whether a file's code runs in production. Tests, fixtures, scripts and
/// vendored or minified files are read but never judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Code,
    Test,
    Vendored,
}

#[derive(Debug, Clone)]
pub struct File {
    pub path: String,
    pub lang: Lang,
    pub side: Side,
    pub scope: Scope,
    pub module: Module,
    /// The file as read, for fixes.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct EnvFile {
    pub path: String,
    /// Its folder ("." for the root).
    pub dir: String,
    pub values: BTreeMap<String, String>,
    pub text: String,
    /// `.env.example`, `.env.local.example`, `.env.sample`, `.env.template`…
    pub example: bool,
    /// Git would commit it (tracked, or not ignored).
    pub committed: bool,
}

impl EnvFile {
    /// The 1-based line defining `key`, 0 when not found.
    pub fn line_of(&self, key: &str) -> usize {
        self.text
            .lines()
            .position(|l| {
                let l = l.trim_start().trim_start_matches("export ").trim_start_matches("- ");
                l.starts_with(&format!("{key}=")) || l.starts_with(&format!("{key}:"))
            })
            .map_or(0, |i| i + 1)
    }
}

/// A file that may matter to auth and that doctor did not read (fully).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub path: String,
    /// The language ("Rust") or why it was read only in part.
    pub why: String,
}

enum Entry {
    Env(EnvFile),
    Unread(String),
    /// A compose file's services' `environment:` maps, one per service.
    Compose(Vec<EnvFile>),
    Manifest(String),
    Deploy(String),
    Lock(String),
    Code(File),
    Other,
}

#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The Next.js app's folder, when there is one.
    pub app_dir: Option<String>,
    pub backend_dirs: Vec<String>,
    pub next_major: Option<u64>,
    pub files: Vec<File>,
    pub envs: Vec<EnvFile>,
    /// Manifests (package.json, requirements*.txt, pyproject.toml, go.mod), by path.
    pub manifests: BTreeMap<String, String>,
    /// Lockfiles (package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock), by path.
    pub lockfiles: BTreeMap<String, String>,
    /// Every file path seen (for "does a route handler exist").
    pub paths: BTreeSet<String>,
    /// Hosting configs (vercel.json, netlify.toml, render.yaml), by path.
    pub deploys: BTreeMap<String, String>,
    /// Database files git tracks (SQLite files, a Postgres data folder's PG_VERSION).
    pub databases: Vec<String>,
    /// Code that mentions tokens or secrets in a language doctor does not
    /// parse, and files the parser read only in part: the summary names them.
    pub unread: Vec<Unread>,
}

/// Whether `path` is inside `dir` ("." holds everything).
pub fn inside(path: &str, dir: &str) -> bool {
    dir == "." || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(d, _)| d)
}

const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "__mocks__",
    "spec",
    "specs",
    "e2e",
    "fixtures",
    "__fixtures__",
    "cypress",
    "playwright",
    "testing",
    "scripts",
    "examples",
    "example",
    "mocks",
    "stories",
    "seed",
    "seeds",
    "templates",
    "template",
    "harness",
];
const VENDORED_DIRS: &[&str] = &["vendor", "third_party", "public", "static", "generated", "__generated__"];

/// Test files and fixtures, vendored and minified files, by path.
pub fn scope_of(path: &str, text: &str) -> Scope {
    let name = path.rsplit('/').next().unwrap_or(path);
    let dirs: Vec<&str> = path.split('/').collect();
    let dirs = &dirs[..dirs.len() - 1];
    let test_name = name.starts_with("test_")
        || name.ends_with("_test.py")
        || name == "conftest.py"
        || name.ends_with("_test.go")
        || [".test.", ".spec.", ".e2e.", ".stories.", ".fixture."].iter().any(|m| name.contains(m));
    if test_name || dirs.iter().any(|d| TEST_DIRS.contains(d)) {
        return Scope::Test;
    }
    let minified = name.contains(".min.") || text.lines().take(50).any(|l| l.len() > 2000);
    if minified || name.ends_with(".d.ts") || dirs.iter().any(|d| VENDORED_DIRS.contains(d)) {
        return Scope::Vendored;
    }
    Scope::Code
}

fn lang_of(path: &str) -> Option<(Lang, bool)> {
    let ext = path.rsplit_once('.')?.1;
    match ext {
        "py" => Some((Lang::Python, false)),
        "ts" | "mts" | "cts" => Some((Lang::Js, false)),
        "tsx" | "jsx" | "js" | "mjs" | "cjs" => Some((Lang::Js, true)),
        "go" => Some((Lang::Go, false)),
        _ => None,
    }
}

/// Backend languages doctor has no grammar for: their files are named in the
/// summary when they mention tokens or secrets, never judged.
fn unread_language(path: &str) -> Option<&'static str> {
    match path.rsplit_once('.')?.1 {
        "rs" => Some("Rust"),
        "java" => Some("Java"),
        "kt" => Some("Kotlin"),
        "rb" => Some("Ruby"),
        "php" => Some("PHP"),
        "cs" => Some("C#"),
        "ex" | "exs" => Some("Elixir"),
        "scala" => Some("Scala"),
        _ => None,
    }
}

/// Cheap first pass: only files that can matter to auth are parsed.
fn worth_parsing(text: &str) -> bool {
    // What some rule reads: auth configs and clients, tokens and how they are
    // checked, stored or logged, cookies, CORS, headers, secrets and settings.
    const NEEDLES: &[&str] = &[
        "better-auth",
        "betterAuth",
        "createAuthClient",
        "getToken",
        ".token(",
        "Storage",
        "ookie",
        "jwt",
        "JWT",
        "Jwt",
        "jose",
        "jwk",
        "JWK",
        "Jwk",
        "keyfunc",
        "cors",
        "CORS",
        "Cors",
        "x-user",
        "X-User",
        "x_user",
        "X-USER",
        "Handler(",
        "ecret",
        "SECRET",
        "Header(",
        "decode",
        ".verify(",
        "getenv",
        "environ",
        "BETTER_AUTH",
        "Bearer",
        "uthorization",
        "Settings",
        "settings",
        "/auth\"",
        "/auth'",
        "_URL",
        "ORIGIN",
        "express.json",
        "bodyParser",
        "ALGORITHM",
        "ISSUER",
        "AUDIENCE",
        "auth.api",
        "use server",
    ];
    NEEDLES.iter().any(|n| text.contains(n))
}

/// Go is read only for its JWT verifiers: files that name a JWT or JWKS
/// library or Better Auth's settings (an HTTP handler that sets a header is not enough).
fn go_worth_parsing(text: &str) -> bool {
    const NEEDLES: &[&str] =
        &["jwt", "JWT", "Jwt", "jwk", "JWK", "Jwk", "keyfunc", "BETTER_AUTH", "AUTH_URL", "uthURL", "SECRET", "ecret"];
    NEEDLES.iter().any(|n| text.contains(n))
}

/// A hosting platform's config: the project deploys there (and gets previews).
fn is_deploy_config(name: &str) -> bool {
    matches!(name, "vercel.json" | "netlify.toml" | "render.yaml" | "render.yml")
}

fn is_manifest(name: &str) -> bool {
    name == "package.json"
        || name == "pyproject.toml"
        || name == "go.mod"
        || (name.starts_with("requirements") && name.ends_with(".txt"))
}

/// `docker-compose.yml`, `compose.yaml`, `docker-compose.prod.yml`...
fn is_compose(name: &str) -> bool {
    (name.starts_with("docker-compose") || name.starts_with("compose."))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// Each service's `environment:` (a map or a `KEY=value` list) as an env
/// file of the service's build context (else the compose file's folder).
/// They count as committed examples: they name the keys and give the
/// development values; `${VAR}` substitutions give no value.
fn compose_envs(path: &str, text: &str, committed: bool) -> Vec<EnvFile> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out: Vec<EnvFile> = Vec::new();
    let (mut service, mut service_indent, mut env_indent) = (None::<String>, 0, None::<usize>);
    let mut context: Option<String> = None;
    let flush = |out: &mut Vec<EnvFile>, values: &mut BTreeMap<String, String>, context: &Option<String>| {
        if !values.is_empty() {
            let dir = context
                .as_deref()
                .map_or(parent(path).to_string(), |c| crate::paths::join(parent(path), c.trim_start_matches("./")));
            out.push(EnvFile {
                path: path.into(),
                dir,
                values: std::mem::take(values),
                text: text.into(),
                example: true,
                committed,
            });
        }
    };
    let mut values = BTreeMap::new();
    let mut in_services = false;
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
        let (depth, body) = (indent(line), line.trim());
        if depth == 0 {
            in_services = body == "services:";
            continue;
        }
        if !in_services {
            continue;
        }
        if service.is_none() || depth <= service_indent {
            flush(&mut out, &mut values, &context);
            (service, service_indent, env_indent, context) =
                (Some(body.trim_end_matches(':').into()), depth, None, None);
            continue;
        }
        if env_indent.is_some_and(|at| depth > at) {
            let entry = body.trim_start_matches("- ");
            let (key, value) = entry.split_once('=').or_else(|| entry.split_once(':')).unwrap_or((entry, ""));
            let value = value.trim().trim_matches(['"', '\'']);
            let value = if value.contains("${") { "" } else { value };
            values.insert(key.trim().trim_matches(['"', '\'']).to_string(), value.to_string());
            continue;
        }
        env_indent = (body == "environment:").then_some(depth);
        if let Some(build) = body.strip_prefix("build:").or_else(|| body.strip_prefix("context:")).map(str::trim)
            && !build.is_empty()
        {
            context = Some(build.trim_matches(['"', '\'']).to_string());
        }
    }
    flush(&mut out, &mut values, &context);
    out
}

/// A database file (SQLite) or a Postgres data folder's marker.
fn is_database(name: &str) -> bool {
    [".db", ".sqlite", ".sqlite3"].iter().any(|e| name.ends_with(e)) || name == "PG_VERSION"
}

/// Lockfiles doctor reads versions from (`bun.lockb` is binary and is not read).
fn is_lockfile(name: &str) -> bool {
    matches!(name, "package-lock.json" | "npm-shrinkwrap.json" | "pnpm-lock.yaml" | "yarn.lock" | "bun.lock")
}

/// `.env`, `.env.local`, `.env.example`, `example.env`… (not `.envrc`):
/// `Some(true)` for an example, `Some(false)` for a real env file, `None` for
/// anything else.
pub fn env_kind(name: &str) -> Option<bool> {
    let example = ["example", "sample", "template", "dist", "defaults"];
    if name == ".env" || name.starts_with(".env.") {
        return Some(example.iter().any(|e| name.contains(e)));
    }
    if name.ends_with(".env") && example.iter().any(|e| name.contains(e)) {
        return Some(true);
    }
    // Templates under other names: `env.example`, `.vercel-env-template.txt`.
    let code = [".ts", ".tsx", ".js", ".mjs", ".cjs", ".py", ".go", ".json", ".yml", ".yaml", ".toml", ".md"];
    let plain = !code.iter().any(|ext| name.ends_with(ext))
        && (name.ends_with(".txt") || !name.trim_start_matches('.').contains('.') || name.starts_with("env."));
    (name.contains("env") && plain && example.iter().any(|e| name.contains(e))).then_some(true)
}

impl Project {
    fn side_of(&self, path: &str) -> Side {
        if self.backend_dirs.iter().any(|d| inside(path, d) && d != ".") {
            Side::Backend
        } else if self.app_dir.as_deref().is_some_and(|d| inside(path, d)) {
            Side::App
        } else if self.backend_dirs.iter().any(|d| d == ".") || path.ends_with(".py") || path.ends_with(".go") {
            Side::Backend
        } else {
            Side::Shared
        }
    }

    /// Adds one file read from the repository (or an example).
    /// Adds one file read from the repository (or an example).
    fn add(&mut self, path: &str, text: String, committed: bool) {
        let entry = self.read(path, text, committed);
        self.push(path, entry);
    }

    /// What one file is to doctor (parsing it when it is code worth reading).
    fn read(&self, path: &str, text: String, committed: bool) -> Entry {
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(example) = env_kind(name) {
            let values = envfile::pairs_lenient(path, &text).into_iter().collect();
            Entry::Env(EnvFile { path: path.into(), dir: parent(path).into(), values, text, example, committed })
        } else if is_compose(name) {
            Entry::Compose(compose_envs(path, &text, committed))
        } else if is_manifest(name) {
            Entry::Manifest(text)
        } else if is_deploy_config(name) {
            Entry::Deploy(text)
        } else if is_lockfile(name) {
            Entry::Lock(text)
        } else if let Some(language) = unread_language(path) {
            let auth = worth_parsing(&text) && scope_of(path, &text) == Scope::Code;
            if auth { Entry::Unread(language.to_string()) } else { Entry::Other }
        } else if let Some((lang, tsx)) = lang_of(path)
            && (if lang == Lang::Go { go_worth_parsing(&text) } else { worth_parsing(&text) }
                || path.contains("api/auth/")
                || name.starts_with("middleware."))
        {
            let scope = scope_of(path, &text);
            let module = syntax::parse(lang, tsx, &text);
            Entry::Code(File { path: path.into(), lang, side: self.side_of(path), scope, module, text })
        } else {
            Entry::Other
        }
    }

    fn push(&mut self, path: &str, entry: Entry) {
        self.paths.insert(path.to_string());
        match entry {
            Entry::Env(env) => self.envs.push(env),
            Entry::Compose(envs) => self.envs.extend(envs),
            Entry::Manifest(text) => {
                self.manifests.insert(path.into(), text);
            }
            Entry::Deploy(text) => {
                self.deploys.insert(path.into(), text);
            }
            Entry::Lock(text) => {
                self.lockfiles.insert(path.into(), text);
            }
            Entry::Code(file) => {
                if file.module.has_errors && file.scope == Scope::Code {
                    let why = format!("{} with syntax errors, read in part", file.lang.name());
                    self.unread.push(Unread { path: path.to_string(), why });
                }
                self.files.push(file)
            }
            Entry::Unread(why) => self.unread.push(Unread { path: path.to_string(), why }),
            Entry::Other => {}
        }
    }

    /// A project from example text: files start at `//- path` lines. An app is
    /// `web/` when such files exist, a backend `api/` or `server/`.
    pub fn from_example(text: &str) -> Project {
        let files = example_sections(text);
        let mut project = Project::default();
        if files.iter().any(|(p, _)| inside(p, "web")) {
            project.app_dir = Some("web".into());
            project.next_major = Some(16);
        }
        for dir in ["api", "server"] {
            if files.iter().any(|(p, _)| inside(p, dir)) {
                project.backend_dirs.push(dir.into());
            }
        }
        for (path, body) in files {
            // `.env.local`-style files are local; a `# committed` first line says otherwise.
            let name = path.rsplit('/').next().unwrap_or(&path);
            let committed = body.starts_with("# committed") || env_kind(name).is_none_or(|ex| ex);
            if is_database(name) {
                project.databases.push(path);
                continue;
            }
            project.add(&path, body, committed);
        }
        project
    }
}

/// The `//- path` sections of an example: (path, text), each line ending in `\n`.
pub fn example_sections(text: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("//- ") {
            files.push((path.trim().to_string(), String::new()));
        } else if let Some((_, body)) = files.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    files
}

/// What one audit covers: a Next.js app (if any), its backends, and the
/// folders of other apps and backends that are not part of it.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub app_dir: Option<String>,
    pub backend_dirs: Vec<String>,
    pub next_major: Option<u64>,
    pub excluded: Vec<String>,
}

/// Reads the repository: code, env files and manifests, pruned like the scan.
pub fn collect(root: &Path, target: &Target) -> Result<Project> {
    let mut project = Project {
        app_dir: target.app_dir.clone(),
        backend_dirs: target.backend_dirs.clone(),
        next_major: target.next_major,
        ..Project::default()
    };
    let excluded: Vec<std::path::PathBuf> = target.excluded.iter().map(|d| root.join(d)).collect();
    let walker = ignore::WalkBuilder::new(root)
        .max_depth(Some(MAX_DEPTH))
        .hidden(false)
        .git_ignore(false)
        .git_global(false)
        .git_exclude(false)
        .ignore(false)
        .parents(false)
        .require_git(false)
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let name = e.file_name().to_string_lossy();
            let pruned = name.starts_with('.') || detect::SKIPPED.contains(&name.as_ref());
            !(is_dir && e.depth() > 0 && (pruned || excluded.iter().any(|x| x == e.path())))
        })
        .build();
    let mut gitignore = ignore::gitignore::GitignoreBuilder::new(root);
    let mut found: Vec<(String, std::path::PathBuf)> = Vec::new();
    for entry in walker.flatten() {
        if found.len() >= MAX_FILES {
            break;
        }
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else { continue };
        let Some(rel) = rel.to_str() else { continue };
        if entry.file_name() == ".gitignore" {
            let _ = gitignore.add(entry.path());
        }
        let name = entry.file_name().to_string_lossy();
        let wanted = env_kind(&name).is_some()
            || is_manifest(&name)
            || is_deploy_config(&name)
            || is_compose(&name)
            || lang_of(&name).is_some()
            || unread_language(&name).is_some();
        let limit = if is_lockfile(&name) { MAX_LOCK_BYTES } else { MAX_BYTES };
        if (wanted || is_lockfile(&name)) && entry.metadata().is_ok_and(|m| m.len() <= limit) {
            found.push((rel.replace('\\', "/"), entry.path().to_path_buf()));
        }
    }
    let gitignore = gitignore.build().map_err(|e| Error::Other(e.into()))?;
    let (tracked, databases) = detect::tracked_env_files_and_databases(root);
    project.databases = databases.into_iter().filter(|p| scope_of(p, "") == Scope::Code).collect();
    // Reading and parsing is most of the time: the cores take files from a
    // shared counter, so a folder full of code does not land on one of them.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || -> Vec<(usize, String, Entry)> {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((rel, path)) = found.get(i) else { return out };
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            let committed = tracked.contains(rel) || !gitignore.matched_path_or_any_parents(path, false).is_ignore();
            out.push((i, rel.clone(), project.read(rel, text, committed)));
        }
    };
    let mut entries: Vec<(usize, String, Entry)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    entries.sort_by_key(|(i, _, _)| *i);
    for (_, rel, entry) in entries {
        project.push(&rel, entry);
    }
    project.files.sort_by(|a, b| a.path.cmp(&b.path));
    project.envs.sort_by(|a, b| a.path.cmp(&b.path));
    project.unread.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(project)
}

/// Env files git tracks (ignored or not): `git ls-files`, when this is a git
/// repository and git is installed; empty otherwise.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_fixtures_and_vendored_files_are_out_of_scope() {
        for path in [
            "api/tests/test_auth.py",
            "api/conftest.py",
            "harness/capture_vectors.py",
            "web/lib/auth.test.ts",
            "web/__tests__/a.ts",
            "api/test_jwt.py",
            "scripts/mint.py",
        ] {
            assert_eq!(scope_of(path, ""), Scope::Test, "{path}");
        }
        assert_eq!(scope_of("web/public/app.min.js", ""), Scope::Vendored);
        assert_eq!(scope_of("web/lib/big.js", &"x".repeat(3000)), Scope::Vendored);
        for path in ["api/app/auth.py", "web/lib/auth.ts", "web/app/api/auth/[...all]/route.ts", "latest/auth.ts"] {
            assert_eq!(scope_of(path, "const a = 1;\n"), Scope::Code, "{path}");
        }
    }

    #[test]
    fn env_file_names() {
        assert_eq!(env_kind(".env"), Some(false));
        assert_eq!(env_kind(".env.local"), Some(false));
        assert_eq!(env_kind(".env.example"), Some(true));
        assert_eq!(env_kind(".env.local.example"), Some(true));
        assert_eq!(env_kind("example.env"), Some(true));
        assert_eq!(env_kind(".envrc"), None);
        assert_eq!(env_kind("app.env.ts"), None);
        assert_eq!(env_kind("env.example"), Some(true));
        assert_eq!(env_kind(".vercel-env-template.txt"), Some(true));
        assert_eq!(env_kind("env.template.ts"), None);
        assert_eq!(env_kind("environment.ts"), None);
        assert_eq!(env_kind("requirements.txt"), None);
    }

    #[test]
    fn go_files_are_read_when_they_verify_tokens_and_other_backends_are_named() {
        let p = Project::from_example(
            "//- svc/go.mod\nmodule x\n\
             //- svc/handler.go\npackage svc\nfunc h(w http.ResponseWriter) { w.Header().Set(\"X-Cache\", \"1\") }\n\
             //- svc/auth.go\npackage svc\nimport \"github.com/golang-jwt/jwt/v5\"\n\
             //- svc/auth_test.go\npackage svc\nimport \"github.com/golang-jwt/jwt/v5\"\n\
             //- billing/Auth.java\nString jwt = request.getHeader(\"Authorization\");\n\
             //- billing/Money.java\nclass Money {}\n",
        );
        let files: Vec<(&str, Side, Scope)> = p.files.iter().map(|f| (f.path.as_str(), f.side, f.scope)).collect();
        assert_eq!(
            files,
            [("svc/auth.go", Side::Backend, Scope::Code), ("svc/auth_test.go", Side::Backend, Scope::Test)]
        );
        assert!(p.manifests.contains_key("svc/go.mod"));
        assert_eq!(p.unread, [Unread { path: "billing/Auth.java".into(), why: "Java".into() }]);
    }
}

#[cfg(test)]
mod compose_tests {
    use super::*;

    #[test]
    fn compose_environments_belong_to_the_service_they_build() {
        let text = "version: \"3\"\nservices:\n  web:\n    build:\n      context: ./web\n    environment:\n      - BETTER_AUTH_URL=http://localhost:3000\n      - BETTER_AUTH_SECRET=${BETTER_AUTH_SECRET}\n    ports:\n      - \"3000:3000\"\n  api:\n    build: ./api\n    environment:\n      AUTH_JWKS_URL: \"http://web:3000/api/auth/jwks\"\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: postgres\nvolumes:\n  data:\n";
        let envs = compose_envs("deploy/docker-compose.yml", text, true);
        let summary: Vec<(String, Vec<(String, String)>)> =
            envs.iter().map(|e| (e.dir.clone(), e.values.clone().into_iter().collect())).collect();
        assert_eq!(
            summary,
            vec![
                (
                    "deploy/web".into(),
                    vec![
                        ("BETTER_AUTH_SECRET".into(), "".into()),
                        ("BETTER_AUTH_URL".into(), "http://localhost:3000".into())
                    ]
                ),
                ("deploy/api".into(), vec![("AUTH_JWKS_URL".into(), "http://web:3000/api/auth/jwks".into())]),
                ("deploy".into(), vec![("POSTGRES_PASSWORD".into(), "postgres".into())]),
            ]
        );
        assert!(envs.iter().all(|e| e.example && e.committed));
        assert_eq!(envs[1].line_of("AUTH_JWKS_URL"), 14);
    }
}
