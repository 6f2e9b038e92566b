//! A read-only look at the repository: which Next.js app and backend are there,
//! the package manager, `src/`, the import alias, and the current content of the
//! files the plan wants to write. Nothing here writes.

use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::cli::{Backend, Db};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    Npm,
    Pnpm,
    Yarn,
    Bun,
}

impl PackageManager {
    pub fn name(self) -> &'static str {
        match self {
            PackageManager::Npm => "npm",
            PackageManager::Pnpm => "pnpm",
            PackageManager::Yarn => "yarn",
            PackageManager::Bun => "bun",
        }
    }

    /// The command that adds packages (`dev` for devDependencies).
    pub fn add_command(self, dev: bool) -> &'static str {
        match (self, dev) {
            (PackageManager::Npm, false) => "npm install",
            (PackageManager::Npm, true) => "npm install --save-dev",
            (PackageManager::Pnpm, false) => "pnpm add",
            (PackageManager::Pnpm, true) => "pnpm add --save-dev",
            (PackageManager::Yarn, false) => "yarn add",
            (PackageManager::Yarn, true) => "yarn add --dev",
            (PackageManager::Bun, false) => "bun add",
            (PackageManager::Bun, true) => "bun add --dev",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PythonTool {
    Pip,
    Uv,
    Poetry,
}

impl PythonTool {
    pub fn add_command(self) -> &'static str {
        match self {
            PythonTool::Pip => "pip install",
            PythonTool::Uv => "uv add",
            PythonTool::Poetry => "poetry add",
        }
    }
}

/// Folders the scan never enters: dependencies, build output, caches.
pub const SKIPPED: &[&str] = &[
    "node_modules",
    ".git",
    ".next",
    "dist",
    "build",
    "out",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".turbo",
    "coverage",
];
/// How deep the scan looks for manifests (apps/web/package.json is depth 3).
const MAX_DEPTH: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Router {
    App,
    Pages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Typescript,
    Javascript,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModuleKind {
    Esm,
    Commonjs,
}

/// A backend folder the scan recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundBackend {
    pub dir: String,
    pub framework: Backend,
}

/// What the scan of the whole repository found: the candidates the wizard
/// offers as defaults.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Repo {
    /// Folders holding a package.json that depends on `next`, shallowest first.
    pub next_apps: Vec<String>,
    /// Folders holding a FastAPI, Express or NestJS backend, shallowest first.
    pub backends: Vec<FoundBackend>,
    /// One-line warnings about folders and manifests that could not be read.
    pub warnings: Vec<String>,
}

/// What is known about the chosen frontend folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Frontend {
    pub exists: bool,
    pub has_src: bool,
    pub package_manager: PackageManager,
    /// Import alias from tsconfig.json `paths`: (prefix such as "@/", folder it points to
    /// relative to the app, "" for the app root).
    pub alias: Option<(String, String)>,
    /// Major version of `next` in package.json, when it names one.
    pub next_major: Option<u64>,
    /// Pages Router when the app has `pages/` and no `app/` folder.
    pub router: Router,
    /// The database its drivers or DATABASE_URL point to.
    pub db: Option<Db>,
    /// Existing files that protect routes (proxy.ts or middleware.ts), relative to the app.
    pub route_guard: Option<String>,
    /// Existing Better Auth server config, relative to the app, and whether it has the jwt plugin.
    pub existing_auth: Option<(String, bool)>,
}

/// What is known about the chosen backend folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackendInfo {
    pub package_manager: PackageManager,
    pub python_tool: PythonTool,
    /// Folder of the Python package (FastAPI), relative to the backend folder.
    pub python_package: String,
    /// Express: TypeScript or JavaScript, ESM or CommonJS.
    pub language: Language,
    pub module: ModuleKind,
    /// Where the Node backend's sources live, relative to the backend folder.
    pub source_root: String,
    /// The FastAPI project's virtualenv folder (.venv or venv), when it has one.
    pub virtualenv: Option<String>,
}

/// Walks the repository, pruned and bounded, reading only manifests.
pub fn scan(root: &Path) -> Result<Repo> {
    let meta = fs::metadata(root).map_err(|e| Error::usage(format!("--dir {}: {}", root.display(), io_reason(&e))))?;
    if !meta.is_dir() {
        return Err(Error::usage(format!("--dir {}: not a folder", root.display())));
    }
    fs::read_dir(root).map_err(|e| Error::usage(format!("--dir {}: {}", root.display(), io_reason(&e))))?;

    let walker = ignore::WalkBuilder::new(root)
        .max_depth(Some(MAX_DEPTH))
        .hidden(true)
        .parents(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .ignore(false)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && entry.file_name().to_str().is_some_and(|name| SKIPPED.contains(&name)))
        })
        .build();

    let mut repo = Repo::default();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                repo.warnings.push(format!("skipped: {}", walk_error(&error, root)));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let Some(dir) = entry.path().parent().and_then(|p| p.strip_prefix(root).ok()) else {
            continue;
        };
        let dir = match dir.to_string_lossy().as_ref() {
            "" => ".".to_string(),
            other => other.to_string(),
        };
        let framework = match name.as_ref() {
            "package.json" => match read_package_json(root, &dir) {
                Ok(Some(pkg)) if depends_on(&pkg, "next") => {
                    repo.next_apps.push(dir.clone());
                    None
                }
                Ok(Some(pkg)) if depends_on(&pkg, "@nestjs/core") => Some(Backend::Nestjs),
                Ok(Some(pkg)) if depends_on(&pkg, "express") => Some(Backend::Express),
                Ok(_) => None,
                Err(Error::Usage(warning)) => {
                    repo.warnings.push(format!("{warning} (skipped)"));
                    None
                }
                Err(e) => return Err(e),
            },
            "pyproject.toml" | "Pipfile" | "requirements.txt" => match read_optional(entry.path()) {
                Ok(text) if text.as_deref().is_some_and(|t| t.to_ascii_lowercase().contains("fastapi")) => {
                    Some(Backend::Fastapi)
                }
                Ok(_) => None,
                Err(Error::Usage(warning)) => {
                    repo.warnings.push(format!("{warning} (skipped)"));
                    None
                }
                Err(e) => return Err(e),
            },
            _ => None,
        };
        if let Some(framework) = framework
            && !repo.backends.iter().any(|b| b.dir == dir)
        {
            repo.backends.push(FoundBackend { dir, framework });
        }
    }
    // A Next.js app's own package.json may name express (custom server): not a backend.
    repo.backends.retain(|b| !repo.next_apps.contains(&b.dir));
    let depth = |dir: &str| if dir == "." { 0 } else { dir.matches('/').count() + 1 };
    repo.next_apps.sort_by(|a, b| depth(a).cmp(&depth(b)).then(a.cmp(b)));
    repo.backends.sort_by(|a, b| depth(&a.dir).cmp(&depth(&b.dir)).then(a.dir.cmp(&b.dir)));
    Ok(repo)
}

fn walk_error(error: &ignore::Error, root: &Path) -> String {
    let text = error.to_string();
    text.replace(&format!("{}/", root.display()), "").split(" (os error").next().unwrap_or(&text).to_string()
}

/// Inspects the chosen frontend folder (which may not exist yet).
pub fn frontend(root: &Path, dir: &str) -> Result<Frontend> {
    let path = root.join(dir);
    let exists = path.is_dir();
    // A broken package.json in the app we write into is bad input, not a warning.
    let pkg = read_package_json(root, dir)?;
    let has_src = path.join("src").is_dir();
    let base = if has_src { path.join("src") } else { path.clone() };
    let router = if !base.join("app").is_dir() && base.join("pages").is_dir() { Router::Pages } else { Router::App };
    let next_major = pkg.as_ref().and_then(|p| dependency_version(p, "next")).and_then(major_version);
    let route_guard = ["proxy.ts", "proxy.js", "middleware.ts", "middleware.js"]
        .iter()
        .flat_map(|f| [f.to_string(), format!("src/{f}")])
        .find(|f| path.join(f).is_file());
    let existing_auth =
        ["lib/auth.ts", "src/lib/auth.ts", "auth.ts", "src/auth.ts", "lib/auth/index.ts"].into_iter().find_map(|f| {
            let text = fs::read_to_string(path.join(f)).ok()?;
            text.contains("betterAuth(").then(|| (f.to_string(), text.contains("jwt(")))
        });
    Ok(Frontend {
        exists,
        has_src,
        package_manager: package_manager(root, dir)?,
        alias: alias(&path),
        next_major,
        router,
        db: database(&path, pkg.as_ref()),
        route_guard,
        existing_auth,
    })
}

/// The database DATABASE_URL (in .env.local or .env) or the installed drivers point to.
fn database(app: &Path, pkg: Option<&Value>) -> Option<Db> {
    for file in [".env.local", ".env"] {
        let Ok(text) = fs::read_to_string(app.join(file)) else { continue };
        let value = text.lines().find_map(|line| {
            let line = line.trim().strip_prefix("export ").unwrap_or(line.trim());
            line.strip_prefix("DATABASE_URL=").map(|v| v.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
        });
        let Some(url) = value.filter(|v| !v.is_empty()) else { continue };
        let db = if url.contains("neon.tech") {
            Db::Neon
        } else if url.contains("supabase") {
            Db::Supabase
        } else if url.starts_with("libsql:") {
            Db::Turso
        } else if url.starts_with("mysql:") {
            Db::Mysql
        } else if url.starts_with("postgres") {
            Db::Postgres
        } else if url.starts_with("file:") || url.ends_with(".db") || url.ends_with(".sqlite") {
            Db::Sqlite
        } else {
            continue;
        };
        return Some(db);
    }
    let pkg = pkg?;
    [
        ("@neondatabase/serverless", Db::Neon),
        ("@libsql/client", Db::Turso),
        ("mysql2", Db::Mysql),
        ("better-sqlite3", Db::Sqlite),
        ("pg", Db::Postgres),
    ]
    .into_iter()
    .find(|(driver, _)| depends_on(pkg, driver))
    .map(|(_, db)| db)
}

/// Inspects the chosen backend folder (which may not exist yet).
pub fn backend(root: &Path, dir: &str) -> Result<BackendInfo> {
    let path = root.join(dir);
    let pkg = read_package_json(root, dir)?;
    let python_tool = if path.join("uv.lock").is_file() {
        PythonTool::Uv
    } else if path.join("poetry.lock").is_file() {
        PythonTool::Poetry
    } else {
        PythonTool::Pip
    };
    let python_package = ["app", "src"].into_iter().find(|p| path.join(p).is_dir()).unwrap_or("app").to_string();
    let typescript = path.join("tsconfig.json").is_file() || pkg.as_ref().is_some_and(|p| depends_on(p, "typescript"));
    // A folder without package.json gets the TypeScript ESM flavour.
    let language = if typescript || pkg.is_none() { Language::Typescript } else { Language::Javascript };
    let module = match pkg.as_ref().and_then(|p| p.get("type")).and_then(Value::as_str) {
        Some("module") => ModuleKind::Esm,
        Some(_) => ModuleKind::Commonjs,
        None if pkg.is_none() || typescript => ModuleKind::Esm,
        None => ModuleKind::Commonjs,
    };
    let source_root = fs::read_to_string(path.join("nest-cli.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&strip_jsonc(&text)).ok())
        .and_then(|v| v.get("sourceRoot").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| {
            // Sources in src/ when it exists or the backend is new, else beside package.json.
            if path.join("src").is_dir() || pkg.is_none() { "src" } else { "." }.to_string()
        })
        .trim_start_matches("./")
        .trim_end_matches('/')
        .to_string();
    Ok(BackendInfo {
        package_manager: package_manager(root, dir)?,
        python_tool,
        python_package,
        language,
        module,
        source_root,
        virtualenv: [".venv", "venv"]
            .into_iter()
            .find(|v| path.join(v).join("bin/python").exists())
            .map(str::to_string),
    })
}

/// The (major, minor) version of the `node` on PATH (runs `node --version`).
pub fn node_version() -> Option<(u64, u64)> {
    let output = std::process::Command::new("node").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.trim().trim_start_matches('v').split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??))
}

/// The major version of the `node` on PATH.
pub fn node_major() -> Option<u64> {
    node_version().map(|(major, _)| major)
}

fn dependency_version<'a>(pkg: &'a Value, name: &str) -> Option<&'a str> {
    ["dependencies", "devDependencies", "peerDependencies"]
        .iter()
        .find_map(|section| pkg.get(section)?.get(name)?.as_str())
}

/// "^16.4.6" -> 16; "latest" or a tag -> None.
fn major_version(range: &str) -> Option<u64> {
    let digits: String =
        range.trim_start_matches(|c: char| !c.is_ascii_digit()).chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The package manager for `dir`: the `packageManager` field, a lockfile, or a
/// pnpm workspace file in `dir` or any folder above it up to the repository
/// root; npm otherwise.
fn package_manager(root: &Path, dir: &str) -> Result<PackageManager> {
    let mut here = PathBuf::from(dir);
    loop {
        let rel = here.to_string_lossy().into_owned();
        let rel = if rel.is_empty() { ".".to_string() } else { rel };
        let pkg = read_package_json(root, &rel)?;
        let field = pkg.as_ref().and_then(|p| p.get("packageManager")).and_then(Value::as_str);
        if let Some(field) = field {
            let named = [PackageManager::Pnpm, PackageManager::Yarn, PackageManager::Bun, PackageManager::Npm]
                .into_iter()
                .find(|pm| field.starts_with(pm.name()));
            if let Some(pm) = named {
                return Ok(pm);
            }
        }
        if let Some(pm) = lockfile_in(&root.join(&rel)) {
            return Ok(pm);
        }
        if root.join(&rel).join("pnpm-workspace.yaml").is_file() {
            return Ok(PackageManager::Pnpm);
        }
        if rel == "." || !here.pop() {
            return Ok(PackageManager::Npm);
        }
    }
}

fn lockfile_in(folder: &Path) -> Option<PackageManager> {
    [
        ("pnpm-lock.yaml", PackageManager::Pnpm),
        ("yarn.lock", PackageManager::Yarn),
        ("bun.lockb", PackageManager::Bun),
        ("bun.lock", PackageManager::Bun),
        ("package-lock.json", PackageManager::Npm),
    ]
    .into_iter()
    .find(|(file, _)| folder.join(file).is_file())
    .map(|(_, pm)| pm)
}

/// The import alias in tsconfig.json that points at the app root or `src/`.
fn alias(app: &Path) -> Option<(String, String)> {
    let text = fs::read_to_string(app.join("tsconfig.json")).ok()?;
    let config: Value = serde_json::from_str(&strip_jsonc(&text)).ok()?;
    let paths = config.get("compilerOptions")?.get("paths")?.as_object()?;
    for (key, targets) in paths {
        let Some(prefix) = key.strip_suffix('*') else {
            continue;
        };
        let Some(target) = targets.get(0).and_then(Value::as_str) else {
            continue;
        };
        let Some(folder) = target.strip_suffix('*') else {
            continue;
        };
        let folder = folder.trim_start_matches("./").trim_end_matches('/');
        if (folder.is_empty() || folder == "src") && prefix.ends_with('/') {
            return Some((prefix.to_string(), folder.to_string()));
        }
    }
    None
}

/// Removes comments and trailing commas so tsconfig.json parses as JSON.
fn strip_jsonc(text: &str) -> String {
    let without_comments = scan_outside_strings(text, |c, rest, out| match (c, rest.chars().next()) {
        ('/', Some('/')) => rest.find('\n').map_or(rest.len(), |i| i),
        ('/', Some('*')) => rest[1..].find("*/").map_or(rest.len(), |i| i + 3),
        _ => {
            out.push(c);
            0
        }
    });
    scan_outside_strings(&without_comments, |c, rest, out| {
        let closes = matches!(rest.trim_start().chars().next(), Some('}') | Some(']'));
        if c != ',' || !closes {
            out.push(c);
        }
        0
    })
}

/// Copies `text`, letting `f` handle each character outside string literals:
/// `f(c, rest_after_c, out)` pushes what to keep and returns how many bytes
/// of `rest_after_c` to skip.
fn scan_outside_strings(text: &str, mut f: impl FnMut(char, &str, &mut String) -> usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut index = 0;
    while let Some(c) = text[index..].chars().next() {
        index += c.len_utf8();
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else {
            index += f(c, &text[index..], &mut out);
        }
    }
    out
}

fn depends_on(pkg: &Value, name: &str) -> bool {
    ["dependencies", "devDependencies", "peerDependencies"]
        .iter()
        .any(|section| pkg.get(section).and_then(|deps| deps.get(name)).is_some())
}

/// Reads `<dir>/package.json`; a broken one is a `Usage` error with one line.
fn read_package_json(root: &Path, dir: &str) -> Result<Option<Value>> {
    let path = root.join(dir).join("package.json");
    let Some(text) = read_optional(&path)? else {
        return Ok(None);
    };
    let shown = display_rel(dir, "package.json");
    serde_json::from_str(&text).map(Some).map_err(|e| {
        Error::usage(format!(
            "{shown}: invalid JSON at line {}, column {}: fix the file and rerun",
            e.line(),
            e.column()
        ))
    })
}

/// Reads a file that may be missing; unreadable files are bad input.
fn read_optional(path: &Path) -> Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => {
            String::from_utf8(bytes).map(Some).map_err(|_| Error::usage(format!("{}: not UTF-8 text", path.display())))
        }
        Err(e) if e.kind() == ErrorKind::NotFound || e.kind() == ErrorKind::NotADirectory => Ok(None),
        Err(_) if path.is_dir() => Err(Error::usage(format!("{}: is a folder, expected a file", path.display()))),
        Err(e) => Err(Error::usage(format!("{}: {}", path.display(), io_reason(&e)))),
    }
}

/// `dir/file` without a leading `./`.
pub fn display_rel(dir: &str, file: &str) -> String {
    if dir.is_empty() || dir == "." { file.to_string() } else { format!("{}/{}", dir.trim_end_matches('/'), file) }
}

/// The part of an io::Error a user can act on, without the "(os error 13)".
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "does not exist".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

/// The repository as the plan sees it: the current content of relative paths.
/// Paths that resolve outside the repository (through a symlink) are refused.
pub trait Tree {
    fn read(&self, rel: &str) -> Result<Option<String>>;
}

/// The real repository on disk, read-only.
pub struct DiskTree {
    root: PathBuf,
}

impl DiskTree {
    pub fn new(root: &Path) -> Result<Self> {
        let root =
            root.canonicalize().map_err(|e| Error::usage(format!("--dir {}: {}", root.display(), io_reason(&e))))?;
        Ok(DiskTree { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `rel` really is: symlinks in existing parts resolved. Refuses a
    /// path that leaves the repository.
    pub fn real_path(&self, rel: &str) -> Result<PathBuf> {
        let mut existing = self.root.clone();
        let mut rest = PathBuf::new();
        for component in Path::new(rel).components() {
            match component {
                Component::Normal(part) if rest.as_os_str().is_empty() => {
                    let next = existing.join(part);
                    match fs::symlink_metadata(&next) {
                        Ok(_) => {
                            existing = next
                                .canonicalize()
                                .map_err(|e| Error::usage(format!("{rel}: {} (a broken symlink?)", io_reason(&e))))?;
                        }
                        Err(_) => rest.push(part),
                    }
                }
                Component::Normal(part) => rest.push(part),
                Component::CurDir => {}
                _ => {
                    return Err(Error::usage(format!("{rel}: must stay inside the repository")));
                }
            }
        }
        if !existing.starts_with(&self.root) {
            return Err(Error::usage(format!(
                "{rel}: resolves through a symlink to {}, outside the repository; remove the link or choose another folder",
                existing.display()
            )));
        }
        Ok(if rest.as_os_str().is_empty() { existing } else { existing.join(rest) })
    }
}

impl Tree for DiskTree {
    fn read(&self, rel: &str) -> Result<Option<String>> {
        let path = self.real_path(rel)?;
        read_optional(&path).map_err(|e| match e {
            Error::Usage(m) => Error::Usage(m.replace(&path.display().to_string(), rel)),
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonc_comments_and_trailing_commas_are_removed() {
        let text = r#"{
  // the alias
  "compilerOptions": { "paths": { "@/*": ["./src/*"], }, /* block */ },
  "url": "http://x//y"
}"#;
        let value: Value = serde_json::from_str(&strip_jsonc(text)).unwrap();
        assert_eq!(value["compilerOptions"]["paths"]["@/*"][0], "./src/*");
        assert_eq!(value["url"], "http://x//y");
    }
}
