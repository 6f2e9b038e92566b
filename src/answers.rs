//! The answers: one plain, validated struct built from flags, the answers file,
//! what was detected and built-in defaults (in that order of precedence), asking
//! in a terminal for whatever the flags left open.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use crate::cli::{Arch, Backend, Db, EmailTransport, InitArgs, JwtAlg, Plugin, RateLimitStorage, Social};
use crate::detect::{self, Repo};
use crate::error::{Error, Result};

pub const ANSWERS_FILE: &str = "authgen.toml";
const DEFAULT_APP_URL: &str = "http://localhost:3000";
const DEFAULT_BACKEND_URL: &str = "http://localhost:8000";

/// Everything the plan needs to know about what the user wants. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub arch: Arch,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<Backend>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_url: Option<String>,
    pub db: Db,
    pub src_dir: bool,
    pub frontend_dir: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_dir: Option<String>,
    pub app_url: String,
    /// Better Auth's basePath when it is not /api/auth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_path: Option<String>,
    pub jwt_alg: JwtAlg,
    /// Paths the route guard keeps for signed-in users.
    pub protect: Vec<String>,
    /// Sign-in, sign-up and dashboard pages (and the example /me routes).
    #[serde(default = "yes")]
    pub pages: bool,
    /// How password reset and verification emails are sent.
    #[serde(default)]
    pub email: EmailTransport,
    #[serde(default)]
    pub email_verification: bool,
    /// Social sign-in providers, sorted, without repeats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub social: Vec<Social>,
    /// Better Auth plugins, sorted, without repeats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plugins: Vec<Plugin>,
    #[serde(default)]
    pub rate_limit_storage: RateLimitStorage,
    /// Days between JWT signing key rotations (separate backend only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_rotation_days: Option<u32>,
}

fn yes() -> bool {
    true
}

/// The answers file as written by a person or an earlier run: every key optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    pub arch: Option<Arch>,
    pub backend: Option<Backend>,
    pub backend_url: Option<String>,
    pub db: Option<Db>,
    pub src_dir: Option<bool>,
    pub frontend_dir: Option<String>,
    pub backend_dir: Option<String>,
    pub app_url: Option<String>,
    pub base_path: Option<String>,
    pub jwt_alg: Option<JwtAlg>,
    pub protect: Option<Vec<String>>,
    pub pages: Option<bool>,
    pub email: Option<EmailTransport>,
    pub email_verification: Option<bool>,
    pub social: Option<Vec<Social>>,
    pub plugins: Option<Vec<Plugin>>,
    pub rate_limit_storage: Option<RateLimitStorage>,
    pub jwt_rotation_days: Option<u32>,
}

/// Where an answer came from, shown in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Flag,
    AnswersFile,
    Prompt,
    Detected,
    Default,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::AnswersFile => "answers file",
            Source::Prompt => "answered",
            Source::Detected => "detected",
            Source::Default => "default",
        }
    }
}

/// The answers together with where each came from and what was found in the
/// chosen folders.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub answers: Answers,
    pub sources: BTreeMap<&'static str, Source>,
    pub frontend: detect::Frontend,
    pub backend: Option<detect::BackendInfo>,
    /// Node's major version, looked up only when a package depends on it (SQLite).
    pub node_major: Option<u64>,
    /// `docs/` is the project's own documentation site.
    pub docs_site: bool,
    /// Env files git tracks (no secret is ever written into one).
    pub tracked_env: std::collections::BTreeSet<String>,
}

/// Asks one question at a time. `Err(Error::Cancelled)` on Esc or Ctrl-C.
pub trait Prompter {
    fn select(&mut self, prompt: &str, items: &[&str], default: usize) -> Result<usize>;
    fn input_url(&mut self, prompt: &str, default: &str) -> Result<String>;
    /// Free text, re-asked until `check` accepts it.
    fn input(
        &mut self,
        prompt: &str,
        default: &str,
        check: &dyn Fn(&str) -> std::result::Result<(), String>,
    ) -> Result<String>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool>;
    /// Several of `items` (space toggles); the indexes chosen.
    fn multi_select(&mut self, prompt: &str, items: &[&str], chosen: &[bool]) -> Result<Vec<usize>>;
}

/// Reads an answers file; `None` when the default file does not exist.
pub fn load_file(path: &Path, explicit: bool) -> Result<Option<AnswersFile>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
        Err(e) => {
            return Err(Error::usage(format!("answers file {}: {}", path.display(), detect::io_reason(&e))));
        }
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        let line =
            e.span().map(|span| format!(" (line {})", text[..span.start].lines().count().max(1))).unwrap_or_default();
        let message = e.message().lines().next().unwrap_or("invalid TOML").trim_end_matches('.');
        Error::usage(format!("answers file {}{line}: {message}", path.display()))
    })
}

/// The TOML recorded after a successful run.
pub fn to_toml(answers: &Answers) -> String {
    let body = toml::to_string(answers).expect("answers always serialize");
    format!("# authgen answers: `authgen init --no-input` replays them. Holds no secrets.\n{body}")
}

/// Resolves every answer. `prompter` is `None` when no question may be asked.
pub fn resolve(
    args: &InitArgs,
    file: Option<AnswersFile>,
    root: &Path,
    repo: &Repo,
    mut prompter: Option<&mut dyn Prompter>,
) -> Result<Resolved> {
    let file = file.unwrap_or_default();
    let mut sources = BTreeMap::new();
    let mut missing: Vec<&str> = Vec::new();
    // Without a prompter a required answer must come from a flag or the answers
    // file, unless --yes accepts the defaults.
    let mut require = |source: Source, flag: &'static str| {
        if source != Source::AnswersFile && !args.yes {
            missing.push(flag);
        }
    };

    check_flag_contradictions(args)?;

    // 1. Architecture.
    let mut arch_unanswered = false;
    let implied_arch =
        (args.backend.is_some() || args.backend_url.is_some() || args.backend_dir.is_some()).then_some(Arch::Separate);
    let arch = match args.arch.or(implied_arch) {
        Some(arch) => pick(&mut sources, "arch", arch, Source::Flag),
        None => {
            let detected = (!repo.backends.is_empty()).then_some(Arch::Separate);
            let (default, source) = fallback(file.arch, detected, Arch::Monolithic);
            if let Some(p) = prompter.as_deref_mut() {
                let items = [
                    "Monolithic: the API is Next.js route handlers",
                    "Separate backend: FastAPI, Express, NestJS or other",
                ];
                let index = p.select("Where does your API live?", &items, (default == Arch::Separate) as usize)?;
                pick(&mut sources, "arch", [Arch::Monolithic, Arch::Separate][index], Source::Prompt)
            } else {
                arch_unanswered = source != Source::AnswersFile && !args.yes;
                require(source, "--arch monolithic|separate");
                pick(&mut sources, "arch", default, source)
            }
        }
    };
    let separate = arch == Arch::Separate;

    // Folders: flags, answers file, what the scan found (asked when ambiguous).
    // With no Next.js app found, authgen writes one only for a separate
    // backend, and only where no other web app lives.
    if repo.next_apps.is_empty() && args.frontend_dir.is_none() && file.frontend_dir.is_none() && !arch_unanswered {
        no_next_app(root, repo, separate)?;
    }
    let frontend_dir = resolve_folder(
        FolderQuestion {
            key: "frontend_dir",
            flag: "--frontend-dir",
            question: "Which Next.js app gets auth?",
            what: "Next.js apps",
            default: if separate { "frontend" } else { "." },
        },
        (args.frontend_dir.as_ref(), file.frontend_dir.as_ref()),
        &repo.next_apps,
        prompter.as_deref_mut(),
        &mut sources,
    )?;
    let backend_dir = if separate {
        let found: Vec<String> = repo.backends.iter().map(|b| b.dir.clone()).collect();
        Some(resolve_folder(
            FolderQuestion {
                key: "backend_dir",
                flag: "--backend-dir",
                question: "Which folder holds the backend?",
                what: "backends",
                default: "backend",
            },
            (args.backend_dir.as_ref(), file.backend_dir.as_ref()),
            &found,
            prompter.as_deref_mut(),
            &mut sources,
        )?)
    } else {
        None
    };
    if let Some(backend_dir) = &backend_dir {
        // A backend may hold the app in a subfolder (a FastAPI project at the
        // root, the app in frontend/); its files then go beside its own code,
        // which `plan` checks never lands inside the app.
        // Vercel's layout keeps the Python API in the app's own api/ folder.
        let vercel = *backend_dir == crate::paths::join(&frontend_dir, "api");
        let overlaps = backend_dir == &frontend_dir
            || (frontend_dir != "." && Path::new(backend_dir).starts_with(&frontend_dir) && !vercel);
        if overlaps {
            return Err(Error::usage(format!(
                "the frontend ({frontend_dir}) and the backend ({backend_dir}) must be separate folders: pass --frontend-dir and --backend-dir"
            )));
        }
    }
    let frontend = detect::frontend(root, &frontend_dir, repo)?;
    if let Some(file) = &frontend.served_by {
        return Err(Error::usage(format!(
            "Better Auth is served by your backend ({file}), with Next.js as its client; authgen sets Better Auth up inside the Next.js app and would start a second auth server: audit this setup with `authgen doctor` instead"
        )));
    }
    let backend_info = backend_dir.as_deref().map(|dir| detect::backend(root, dir)).transpose()?;
    let folders = (root, frontend_dir.as_str(), &frontend, backend_dir.as_deref());
    let base_path = base_path(args, &file, folders, prompter.as_deref_mut(), &mut sources)?;
    if let (Some(route), None, None) = (&frontend.other_auth_route, &frontend.route_handler, &base_path) {
        return Err(Error::usage(format!(
            "{route} already catches /api/auth/* (another auth library, e.g. NextAuth); Better Auth needs that path and Next.js refuses two catch-alls there: move or remove it, or serve Better Auth elsewhere with --base-path /auth, then rerun"
        )));
    }

    // 2. Backend framework, 3. backend URL (separate only).
    let mut backend = None;
    let mut backend_url = None;
    if let Some(dir) = &backend_dir {
        let detected = repo.backends.iter().find(|b| &b.dir == dir).map(|b| b.framework);
        backend = Some(match args.backend {
            Some(b) => pick(&mut sources, "backend", b, Source::Flag),
            None => {
                // In a repository with JavaScript but no Python, FastAPI is no default to take silently.
                let typescript_only = repo.has_node && !repo.has_python;
                if typescript_only && detected.is_none() && file.backend.is_none() && prompter.is_none() {
                    return Err(Error::usage(format!(
                        "no backend found in {dir}/ and this repository has no Python: pass --backend fastapi|express|nestjs|other"
                    )));
                }
                let builtin = if typescript_only { Backend::Express } else { Backend::Fastapi };
                let (default, source) = fallback(file.backend, detected, builtin);
                if let Some(p) = prompter.as_deref_mut() {
                    let all = [Backend::Fastapi, Backend::Express, Backend::Nestjs, Backend::Other];
                    let items = ["FastAPI (Python)", "Express (Node.js)", "NestJS (Node.js)", "Other"];
                    let at = all.iter().position(|b| *b == default).unwrap_or(0);
                    let index = p.select("Which backend framework?", &items, at)?;
                    pick(&mut sources, "backend", all[index], Source::Prompt)
                } else {
                    require(source, "--backend fastapi|express|nestjs|other");
                    pick(&mut sources, "backend", default, source)
                }
            }
        });
        backend_url = Some(match &args.backend_url {
            Some(url) => pick(&mut sources, "backend_url", http_url("--backend-url", url, false)?, Source::Flag),
            None => {
                let from_file = file
                    .backend_url
                    .as_deref()
                    .map(|u| http_url("backend_url in the answers file", u, false))
                    .transpose()?;
                let detected = detected_backend_url(&frontend, backend_info.as_ref());
                let (default, source) = fallback(from_file, detected, DEFAULT_BACKEND_URL.to_string());
                if let Some(p) = prompter.as_deref_mut() {
                    let url = p.input_url("Backend URL in development?", &default)?;
                    pick(&mut sources, "backend_url", http_url("backend URL", &url, false)?, Source::Prompt)
                } else {
                    pick(&mut sources, "backend_url", default, source)
                }
            }
        });
    }

    // 4. Database.
    let db = match args.db {
        Some(db) => pick(&mut sources, "db", db, Source::Flag),
        None => {
            // With nothing detected, SQLite: a file, so the app runs with no database server.
            let (default, source) = fallback(file.db, frontend.db, Db::Sqlite);
            if let Some(p) = prompter.as_deref_mut() {
                let all = [Db::Neon, Db::Supabase, Db::Turso, Db::Postgres, Db::Mysql, Db::Sqlite];
                let items = [
                    "Neon (serverless PostgreSQL)",
                    "Supabase (PostgreSQL)",
                    "Turso (libSQL)",
                    "PostgreSQL",
                    "MySQL",
                    "SQLite (development)",
                ];
                let at = all.iter().position(|d| *d == default).unwrap_or(5);
                let index = p.select("Which database?", &items, at)?;
                pick(&mut sources, "db", all[index], Source::Prompt)
            } else {
                require(source, "--db neon|supabase|turso|postgres|mysql|sqlite");
                pick(&mut sources, "db", default, source)
            }
        }
    };

    if !missing.is_empty() {
        let flags: Vec<&str> = missing.iter().map(|m| m.split(' ').next().unwrap_or(m)).collect();
        let usage: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        return Err(Error::usage(format!(
            "no answer for {} without a terminal: pass {}, or add --yes to take the defaults",
            flags.join(", "),
            usage.join(" ")
        )));
    }

    // 5. src/ layout.
    let src_dir = match (args.src_dir_flag(), file.src_dir) {
        (Some(v), _) => pick(&mut sources, "src_dir", v, Source::Flag),
        (None, from_file) => {
            let detected = frontend.exists.then_some(frontend.has_src);
            let (default, source) = fallback(from_file, detected, false);
            if let Some(p) = prompter.as_deref_mut() {
                let v = p.confirm("Put the frontend files under src/?", default)?;
                pick(&mut sources, "src_dir", v, Source::Prompt)
            } else {
                pick(&mut sources, "src_dir", default, source)
            }
        }
    };

    let app_url = match (&args.app_url, &file.app_url) {
        (Some(url), _) => pick(&mut sources, "app_url", http_url("--app-url", url, true)?, Source::Flag),
        (None, Some(url)) => {
            pick(&mut sources, "app_url", http_url("app_url in the answers file", url, true)?, Source::AnswersFile)
        }
        (None, None) => match detected_app_url(&frontend) {
            Some(url) => pick(&mut sources, "app_url", url, Source::Detected),
            None => pick(&mut sources, "app_url", DEFAULT_APP_URL.to_string(), Source::Default),
        },
    };
    let jwt_alg = choose(&mut sources, "jwt_alg", args.jwt_alg, file.jwt_alg, JwtAlg::EdDSA);
    let protect = match (args.protect.is_empty(), &file.protect) {
        (false, _) => pick(&mut sources, "protect", protected_paths("--protect", &args.protect)?, Source::Flag),
        (true, Some(paths)) => {
            pick(&mut sources, "protect", protected_paths("protect in the answers file", paths)?, Source::AnswersFile)
        }
        (true, None) => pick(&mut sources, "protect", vec!["/dashboard".to_string()], Source::Default),
    };

    let pages = choose(&mut sources, "pages", args.pages_flag(), file.pages, true);

    let accounts = accounts(args, &file, arch, &mut sources)?;
    let plugins = plugins(args, &file, prompter, &mut sources)?;

    Ok(Resolved {
        answers: Answers {
            arch,
            backend,
            backend_url,
            db,
            src_dir,
            frontend_dir,
            backend_dir,
            app_url,
            base_path,
            jwt_alg,
            protect,
            pages,
            email: accounts.email,
            email_verification: accounts.email_verification,
            social: accounts.social,
            plugins,
            rate_limit_storage: accounts.rate_limit_storage,
            jwt_rotation_days: accounts.jwt_rotation_days,
        },
        sources,
        node_major: if db == Db::Sqlite { detect::node_major() } else { None },
        docs_site: repo.docs_site,
        tracked_env: detect::tracked_env_files(root),
        frontend,
        backend: backend_info,
    })
}

/// Better Auth's base path: the flag, the answers file, else the default
/// `/api/auth`, unless something already owns it (a rewrite, a proxy route,
/// the backend's own routes): then the wizard proposes a free path, and
/// without a terminal the run stops naming the owner and the flag.
fn base_path<'a, 'b>(
    args: &InitArgs,
    file: &AnswersFile,
    (root, frontend_dir, frontend, backend_dir): (&Path, &str, &detect::Frontend, Option<&str>),
    prompter: Option<&'a mut (dyn Prompter + 'b)>,
    sources: &mut BTreeMap<&'static str, Source>,
) -> Result<Option<String>> {
    use detect::api_path::{DEFAULT_BASE_PATH, check_base_path};
    let pages_router = frontend.router == detect::Router::Pages;
    let checked = |what: &str, value: &str| check_base_path(what, value, pages_router).map_err(Error::usage);
    let chosen = match (&args.base_path, &file.base_path) {
        (Some(path), _) => Some((checked("--base-path", path)?, Source::Flag)),
        (None, Some(path)) => Some((checked("base_path in the answers file", path)?, Source::AnswersFile)),
        (None, None) => None,
    };
    if let Some((path, source)) = chosen {
        let path = pick(sources, "base_path", path, source);
        return Ok((path != DEFAULT_BASE_PATH).then_some(path));
    }
    let Some(detect::api_path::ApiOwner { what: owner, shadows_api }) =
        detect::api_path::api_auth_owner(root, frontend_dir, backend_dir)
    else {
        pick(sources, "base_path", DEFAULT_BASE_PATH.to_string(), Source::Default);
        return Ok(None);
    };
    // A Pages Router app serves routes only under /api, which such a rewrite takes whole.
    if pages_router && shadows_api {
        return Err(Error::usage(format!(
            "{owner}: it takes every /api route before the app's own, and a Pages Router app can serve Better Auth only under /api; narrow the rewrite's source to the backend's own paths (or move it to `fallback`), then rerun"
        )));
    }
    let free = if pages_router { "/api/better-auth" } else { "/auth" };
    let Some(p) = prompter else {
        return Err(Error::usage(format!(
            "{owner}, so Better Auth cannot use /api/auth: pass --base-path {free} (Better Auth's basePath) or another free path"
        )));
    };
    let question = format!("{owner}. Serve Better Auth's routes at");
    let check = |value: &str| check_base_path("the base path", value, pages_router).map(|_| ());
    let answer = p.input(&question, free, &check)?;
    let path = checked("the base path", &answer)?;
    Ok(Some(pick(sources, "base_path", path, Source::Prompt)))
}

/// The account-flow answers: email transport, verification, social
/// providers, rate-limit storage and key rotation. Never asked: flags, else
/// the answers file, else the defaults.
struct Accounts {
    email: EmailTransport,
    email_verification: bool,
    social: Vec<Social>,
    rate_limit_storage: RateLimitStorage,
    jwt_rotation_days: Option<u32>,
}

fn accounts(
    args: &InitArgs,
    file: &AnswersFile,
    arch: Arch,
    sources: &mut BTreeMap<&'static str, Source>,
) -> Result<Accounts> {
    let email = choose(sources, "email", args.email, file.email, EmailTransport::Console);
    let email_verification =
        choose(sources, "email_verification", args.email_verification_flag(), file.email_verification, false);
    let from_flag = (!args.social.is_empty() || args.no_social).then(|| args.social.clone());
    let mut social = choose(sources, "social", from_flag, file.social.clone(), Vec::new());
    social.sort();
    social.dedup();
    let rate_limit_storage = choose(
        sources,
        "rate_limit_storage",
        args.rate_limit_storage,
        file.rate_limit_storage,
        RateLimitStorage::Memory,
    );
    let rotation_flag = (args.jwt_rotation_days.is_some() || args.no_jwt_rotation).then_some(args.jwt_rotation_days);
    let jwt_rotation_days = choose(sources, "jwt_rotation_days", rotation_flag, file.jwt_rotation_days.map(Some), None);
    if let Some(days) = jwt_rotation_days {
        let what = if args.jwt_rotation_days.is_some() {
            "--jwt-rotation-days"
        } else {
            "jwt_rotation_days in the answers file"
        };
        if !(1..=3650).contains(&days) {
            return Err(Error::usage(format!("{what} must be between 1 and 3650 days, not {days}")));
        }
        if arch != Arch::Separate {
            return Err(Error::usage(format!(
                "{what} applies only to a separate backend (a monolith signs no JWTs): drop it, or pass --arch separate"
            )));
        }
    }
    Ok(Accounts { email, email_verification, social, rate_limit_storage, jwt_rotation_days })
}

/// The Better Auth plugins: the flag, else the answers file, else asked in a
/// terminal (none chosen by default).
fn plugins(
    args: &InitArgs,
    file: &AnswersFile,
    prompter: Option<&mut dyn Prompter>,
    sources: &mut BTreeMap<&'static str, Source>,
) -> Result<Vec<Plugin>> {
    let from_flag = (!args.plugins.is_empty() || args.no_plugins).then(|| args.plugins.clone());
    let mut plugins = match (from_flag, file.plugins.clone(), prompter) {
        (Some(v), _, _) => pick(sources, "plugins", v, Source::Flag),
        (None, Some(v), _) => pick(sources, "plugins", v, Source::AnswersFile),
        (None, None, Some(p)) => {
            let labels: Vec<&str> = crate::plugins::DESCRIPTORS.iter().map(|d| d.label).collect();
            let chosen = p.multi_select(
                "Better Auth plugins to add (space to choose, enter to go on)?",
                &labels,
                &vec![false; labels.len()],
            )?;
            let v = chosen.into_iter().filter_map(|i| crate::plugins::DESCRIPTORS.get(i)).map(|d| d.plugin).collect();
            pick(sources, "plugins", v, Source::Prompt)
        }
        // None by default: not listed among the sources, like every answer
        // that did not exist before plugins did.
        (None, None, None) => Vec::new(),
    };
    plugins.sort();
    plugins.dedup();
    Ok(plugins)
}

/// The flag, else the answers file, else the default; records the source.
fn choose<T>(
    sources: &mut BTreeMap<&'static str, Source>,
    key: &'static str,
    from_flag: Option<T>,
    from_file: Option<T>,
    default: T,
) -> T {
    match (from_flag, from_file) {
        (Some(v), _) => pick(sources, key, v, Source::Flag),
        (None, Some(v)) => pick(sources, key, v, Source::AnswersFile),
        (None, None) => pick(sources, key, default, Source::Default),
    }
}

/// Refuses to invent a Next.js app: a monolith needs one, and a new
/// `frontend/` beside another web app would be a second frontend.
fn no_next_app(root: &Path, repo: &Repo, separate: bool) -> Result<()> {
    let place = root.display();
    if let Some(other) = repo.other_apps.first() {
        return Err(Error::usage(format!(
            "authgen needs a Next.js app, and {} holds a {} app: pass --frontend-dir with the Next.js app's folder",
            if other.dir == "." { "the repository root".to_string() } else { format!("{}/", other.dir) },
            other.kind
        )));
    }
    if !separate {
        return Err(Error::usage(format!(
            "no Next.js app found in {place}: authgen needs one (npx create-next-app@latest), or pass --frontend-dir with its folder"
        )));
    }
    Ok(())
}

/// A folder answer: never asked unless the scan found several candidates.
struct FolderQuestion {
    key: &'static str,
    flag: &'static str,
    question: &'static str,
    what: &'static str,
    default: &'static str,
}

/// The flag, else the answers file, else the one folder found, else a choice
/// among several, else the default.
fn resolve_folder<'a, 'b>(
    q: FolderQuestion,
    (from_flag, from_file): (Option<&std::path::PathBuf>, Option<&String>),
    found: &[String],
    prompter: Option<&'a mut (dyn Prompter + 'b)>,
    sources: &mut BTreeMap<&'static str, Source>,
) -> Result<String> {
    let (dir, source) = match (from_flag, from_file) {
        (Some(dir), _) => (rel_dir(q.flag, &dir.to_string_lossy())?, Source::Flag),
        (None, Some(dir)) => (rel_dir(&format!("{} in the answers file", q.key), dir)?, Source::AnswersFile),
        (None, None) => match found {
            [] => (q.default.to_string(), Source::Default),
            [one] => (one.clone(), Source::Detected),
            many => (choose_folder(prompter, q.question, q.what, many, q.flag)?, Source::Prompt),
        },
    };
    Ok(pick(sources, q.key, dir, source))
}

/// Picks one of several folders the scan found: asked in a terminal, else an
/// error listing them with the flag that chooses.
fn choose_folder<'a, 'b>(
    prompter: Option<&'a mut (dyn Prompter + 'b)>,
    question: &str,
    what: &str,
    found: &[String],
    flag: &str,
) -> Result<String> {
    match prompter {
        Some(p) => {
            let items: Vec<&str> = found.iter().map(String::as_str).collect();
            Ok(found[p.select(question, &items, 0)?].clone())
        }
        None => Err(Error::usage(format!(
            "found {} {what} ({}): pass {flag} with the one to use",
            found.len(),
            found.join(", ")
        ))),
    }
}

fn check_flag_contradictions(args: &InitArgs) -> Result<()> {
    // Values first: a malformed flag is reported before anything is looked at.
    if let Some(url) = &args.app_url {
        http_url("--app-url", url, true)?;
    }
    if let Some(url) = &args.backend_url {
        http_url("--backend-url", url, false)?;
    }
    if !args.protect.is_empty() {
        protected_paths("--protect", &args.protect)?;
    }
    for (flag, dir) in [("--frontend-dir", &args.frontend_dir), ("--backend-dir", &args.backend_dir)] {
        if let Some(dir) = dir {
            rel_dir(flag, &dir.to_string_lossy())?;
        }
    }
    if args.arch == Some(Arch::Monolithic) {
        for (given, flag) in [
            (args.backend.is_some(), "--backend"),
            (args.backend_url.is_some(), "--backend-url"),
            (args.backend_dir.is_some(), "--backend-dir"),
        ] {
            if given {
                return Err(Error::usage(format!(
                    "{flag} applies only to a separate backend: drop it, or pass --arch separate"
                )));
            }
        }
    }
    Ok(())
}

fn pick<T>(sources: &mut BTreeMap<&'static str, Source>, key: &'static str, value: T, source: Source) -> T {
    sources.insert(key, source);
    value
}

/// The app's URL in development from the port its `next dev` script sets.
fn detected_app_url(frontend: &detect::Frontend) -> Option<String> {
    frontend.port.map(|port| format!("http://localhost:{port}"))
}

/// The backend's URL in development: the port it listens on, else the
/// origin the app already calls; never the app's own port (a framework
/// default such as Nest's 3000 that the project overrides when it runs).
fn detected_backend_url(frontend: &detect::Frontend, backend: Option<&detect::BackendInfo>) -> Option<String> {
    let app_port = frontend.port.unwrap_or(3000);
    let own = backend.and_then(|b| b.port).filter(|p| *p != app_port).map(|p| format!("http://localhost:{p}"));
    let called = frontend
        .backend_url
        .clone()
        .filter(|url| url::Url::parse(url).ok().and_then(|u| u.port()).is_some_and(|p| p != app_port));
    own.or(called)
}

/// The answers file's value, else the detected one, else the built-in default.
fn fallback<T>(from_file: Option<T>, detected: Option<T>, builtin: T) -> (T, Source) {
    match (from_file, detected) {
        (Some(v), _) => (v, Source::AnswersFile),
        (None, Some(v)) => (v, Source::Detected),
        (None, None) => (builtin, Source::Default),
    }
}

/// An http(s) URL without a trailing slash; `origin_only` refuses a path.
pub fn http_url(what: &str, value: &str, origin_only: bool) -> Result<String> {
    // An error line shows at most the start of a very long value.
    let shown = if value.chars().count() > 80 {
        format!("{}…", value.chars().take(80).collect::<String>())
    } else {
        value.to_string()
    };
    let parsed = url::Url::parse(value.trim())
        .map_err(|e| Error::usage(format!("{what} `{shown}` is not a URL ({e}): pass e.g. http://localhost:3000")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::usage(format!(
            "{what} `{shown}` must be an http:// or https:// URL with a host, e.g. http://localhost:3000"
        )));
    }
    if parsed.query().is_some()
        || parsed.fragment().is_some()
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return Err(Error::usage(format!("{what} `{shown}` must not carry credentials, a query or a fragment")));
    }
    if let Some(url::Host::Domain(domain)) = parsed.host() {
        let too_long = domain.len() > 253 || domain.split('.').any(|label| label.len() > 63);
        if too_long {
            return Err(Error::usage(format!(
                "{what}: the host name is longer than DNS allows (63 characters a label, 253 in all)"
            )));
        }
    }
    if origin_only && parsed.path() != "/" {
        return Err(Error::usage(format!(
            "{what} `{shown}` must be an origin without a path, e.g. {}",
            parsed.origin().ascii_serialization()
        )));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

/// Route paths such as `/dashboard`: absolute, without patterns, no trailing slash.
fn protected_paths(what: &str, paths: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for path in paths {
        let trimmed = path.trim().trim_end_matches('/');
        let valid = trimmed.starts_with('/')
            && trimmed.len() > 1
            && trimmed.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~".contains(c));
        if !valid {
            return Err(Error::usage(format!(
                "{what} `{path}` must be a route path such as /dashboard (letters, digits, - _ . ~ and /)"
            )));
        }
        if !out.iter().any(|p| p == trimmed) {
            out.push(trimmed.to_string());
        }
    }
    Ok(out)
}

/// A folder relative to the repository root, normalised (`./web/` -> `web`).
pub fn rel_dir(what: &str, value: &str) -> Result<String> {
    let path = Path::new(value);
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(
                part.to_str().ok_or_else(|| Error::usage(format!("{what} `{value}` is not valid UTF-8")))?.to_string(),
            ),
            Component::CurDir => {}
            _ => {
                return Err(Error::usage(format!(
                    "{what} `{value}` must be a folder inside the repository, relative to --dir"
                )));
            }
        }
    }
    Ok(if parts.is_empty() { ".".to_string() } else { parts.join("/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_normalised_and_checked() {
        assert_eq!(http_url("x", "http://localhost:3000/", true).unwrap(), "http://localhost:3000");
        assert_eq!(http_url("x", "https://api.example.com/v1/", false).unwrap(), "https://api.example.com/v1");
        assert!(http_url("x", "localhost:3000", true).is_err());
        assert!(http_url("x", "ftp://example.com", true).is_err());
        assert!(http_url("x", "https://example.com/app", true).is_err());
        let long = format!("http://{}.com", "a".repeat(100_000));
        let error = http_url("--app-url", &long, true).unwrap_err().to_string();
        assert!(error.contains("longer than DNS allows") && error.len() < 200, "{error}");
    }

    #[test]
    fn folders_must_stay_inside() {
        assert_eq!(rel_dir("x", "./web/").unwrap(), "web");
        assert_eq!(rel_dir("x", ".").unwrap(), ".");
        assert!(rel_dir("x", "../web").is_err());
        assert!(rel_dir("x", "/tmp/web").is_err());
    }
}
