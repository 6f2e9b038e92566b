//! Who already answers `/api/auth/*`: a rewrite in `next.config.*` that
//! sends `/api` to a backend, a catch-all route that proxies every `/api`
//! request, or the backend's own `/api/auth` routes. Better Auth's default
//! base path would then never be reached, or would take those routes away.

use std::fs;
use std::path::Path;

use super::SKIPPED;

/// The default base path of Better Auth's routes.
pub const DEFAULT_BASE_PATH: &str = "/api/auth";

/// What sends the app's `/api/auth` requests elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiOwner {
    /// One phrase naming the file (and the backend's own routes behind it).
    pub what: String,
    /// A rewrite that Next.js applies before dynamic routes: every dynamic
    /// route under `/api` is taken, so Better Auth must live outside `/api`.
    pub shadows_api: bool,
}

/// What owns `/api/auth` in this app: a rewrite or a proxying catch-all
/// route, with the backend's own `/api/auth` routes named when it has them.
/// The backend's routes alone are no collision: they answer on its origin.
pub fn api_auth_owner(root: &Path, app_dir: &str, backend_dir: Option<&str>) -> Option<ApiOwner> {
    let app = root.join(app_dir);
    let (what, shadows_api) = match rewrite_owner(&app, app_dir) {
        Some(what) => (what, true),
        None => (proxy_route_owner(&app, app_dir)?, false),
    };
    let behind = backend_dir.and_then(|dir| backend_routes_owner(root, dir, app_dir));
    let what = match behind {
        Some(routes) => format!("{what}, where {routes}"),
        None => what,
    };
    Some(ApiOwner { what, shadows_api })
}

fn rel(dir: &str, file: &str) -> String {
    crate::paths::join(dir, file)
}

/// A rewrite whose `source` covers `/api/auth/*`: `/api/:path*`, `/api/(.*)`,
/// `/api/auth/:path*`, ...
fn rewrite_owner(app: &Path, app_dir: &str) -> Option<String> {
    for name in ["next.config.ts", "next.config.mjs", "next.config.js", "next.config.cjs", "next.config.mts"] {
        let Ok(text) = fs::read_to_string(app.join(name)) else { continue };
        if !text.contains("rewrites") {
            continue;
        }
        let taken = sources(&text).into_iter().find(|(source, at)| covers_api_auth(source) && !fallback(&text, *at));
        if let Some((source, _)) = taken {
            return Some(format!("{} rewrites {source} to another server", rel(app_dir, name)));
        }
    }
    None
}

/// The strings given as `source:` in a config file, with their offsets.
fn sources(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    while let Some(at) = text[offset..].find("source") {
        offset += at + "source".len();
        let after = text[offset..].trim_start();
        let Some(after) = after.strip_prefix(':') else { continue };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) else { continue };
        if let Some(end) = after[1..].find(quote) {
            out.push((after[1..1 + end].to_string(), offset));
        }
    }
    out
}

/// Whether the rewrite at `at` sits in the `fallback` list, which Next.js
/// applies only after every page and dynamic route (so it takes nothing).
fn fallback(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let last = |word: &str| before.rfind(word);
    let fallback = last("fallback");
    fallback.is_some() && fallback > last("beforeFiles") && fallback > last("afterFiles")
}

/// Whether a route pattern matches `/api/auth/...`.
fn covers_api_auth(pattern: &str) -> bool {
    let Some(rest) = pattern.strip_prefix("/api/") else { return false };
    let first = rest.split('/').next().unwrap_or_default();
    first.starts_with(':') || first.starts_with('(') || first == "auth" || first.starts_with("auth:")
}

/// A catch-all route directly under `api/` that forwards requests elsewhere.
fn proxy_route_owner(app: &Path, app_dir: &str) -> Option<String> {
    let bases: Vec<&str> = ["", "src/"].into_iter().filter(|b| app.join(b).is_dir()).collect();
    for base in bases {
        for folder in ["app/api", "pages/api"] {
            let Ok(entries) = fs::read_dir(app.join(base).join(folder)) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.starts_with("[...") || name.starts_with("[[...")) {
                    continue;
                }
                let files: Vec<std::path::PathBuf> = if entry.path().is_dir() {
                    fs::read_dir(entry.path()).map(|e| e.flatten().map(|e| e.path()).collect()).unwrap_or_default()
                } else {
                    vec![entry.path()]
                };
                for file in files {
                    let text = fs::read_to_string(&file).unwrap_or_default();
                    let proxies = text.contains("fetch(") || text.contains("proxy") || text.contains("axios");
                    if proxies && !text.contains("toNextJsHandler") && !text.contains("toNodeHandler") {
                        let path = file.strip_prefix(app).map(|p| p.to_string_lossy().into_owned()).unwrap_or(name);
                        return Some(format!("{} forwards every /api request to another server", rel(app_dir, &path)));
                    }
                }
            }
        }
    }
    None
}

/// Calls that declare a route, as they appear right before its path.
const ROUTE_CALLS: &[&str] = &[
    ".get(",
    ".post(",
    ".put(",
    ".patch(",
    ".delete(",
    ".all(",
    ".use(",
    ".route(",
    ".api_route(",
    "prefix=",
    "prefix:",
    "@Controller(",
];

/// The backend's own routes under `/api/auth` (FastAPI, Express, NestJS),
/// in its code: at most a few hundred small files, the app's folder skipped.
fn backend_routes_owner(root: &Path, backend_dir: &str, app_dir: &str) -> Option<String> {
    let app = root.join(app_dir);
    let walker = ignore::WalkBuilder::new(root.join(backend_dir))
        .max_depth(Some(4))
        .hidden(true)
        .git_ignore(false)
        .parents(false)
        .require_git(false)
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let skipped = e.file_name().to_str().is_some_and(|n| SKIPPED.contains(&n) || n == "tests" || n == "test");
            !(is_dir && (skipped || e.path() == app))
        })
        .build();
    for entry in walker.flatten().filter(|e| e.file_type().is_some_and(|t| t.is_file())).take(400) {
        let name = entry.file_name().to_string_lossy();
        if ![".py", ".ts", ".js", ".mjs", ".cjs"].iter().any(|ext| name.ends_with(ext)) || name.ends_with(".d.ts") {
            continue;
        }
        if entry.metadata().is_ok_and(|m| m.len() > 256 * 1024) {
            continue;
        }
        let Ok(text) = fs::read_to_string(entry.path()) else { continue };
        if let Some(line) = route_line(&text) {
            let path = entry.path().strip_prefix(root).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
            return Some(format!("the backend's {path}:{line} serves its own /api/auth routes"));
        }
    }
    None
}

/// The line of a route declaration whose path starts with `/api/auth`.
fn route_line(text: &str) -> Option<usize> {
    for (index, line) in text.lines().enumerate() {
        for quote in ['"', '\''] {
            for prefix in ["/api/auth", "api/auth"] {
                let needle = format!("{quote}{prefix}");
                let Some(at) = line.find(&needle) else { continue };
                let after = &line[at + needle.len()..];
                if !(after.starts_with(quote) || after.starts_with('/')) {
                    continue;
                }
                let before = &line[..at];
                if ROUTE_CALLS.iter().any(|call| before.contains(call)) {
                    return Some(index + 1);
                }
            }
        }
    }
    None
}

/// Checks a `--base-path` value: an absolute path of plain segments, not the root.
pub fn check_base_path(what: &str, value: &str, pages_router: bool) -> Result<String, String> {
    let trimmed = value.trim().trim_end_matches('/');
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !trimmed.starts_with('/')
        || trimmed.len() < 2
        || !trimmed[1..].split('/').all(|s| plain(s) && s != "." && s != "..")
    {
        return Err(format!(
            "{what} {value:?}: expected a path such as /auth (letters, digits, - _ . between slashes)"
        ));
    }
    if pages_router && !trimmed.starts_with("/api/") {
        return Err(format!(
            "{what} {value:?}: a Pages Router app serves routes only under /api, e.g. /api/better-auth"
        ));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_that_cover_api_auth() {
        for source in ["/api/:path*", "/api/(.*)", "/api/auth/:path*", "/api/:slug+"] {
            assert!(covers_api_auth(source), "{source}");
        }
        for source in ["/api/v1/:path*", "/docs/:path*", "/api", "/api/authors/:id"] {
            assert!(!covers_api_auth(source), "{source}");
        }
        let config = "module.exports = { async rewrites() { return [{ source: '/api/:path*', destination: 'http://localhost:8000/api/:path*' }] } }";
        assert_eq!(sources(config).into_iter().map(|(s, _)| s).collect::<Vec<_>>(), vec!["/api/:path*".to_string()]);
        let fallback_only =
            "rewrites: async () => ({ beforeFiles: [], fallback: [{ source: '/api/:path*', destination: 'x' }] })";
        let (_, at) = sources(fallback_only)[0].clone();
        assert!(fallback(fallback_only, at));
        assert!(!fallback(config, sources(config)[0].1));
    }

    #[test]
    fn backend_route_declarations_under_api_auth() {
        assert_eq!(route_line("app = FastAPI()\n@app.get(\"/api/auth/status\")\ndef s(): ..."), Some(2));
        assert_eq!(route_line("router = APIRouter(prefix=\"/api/auth\")"), Some(1));
        assert_eq!(route_line("app.use('/api/auth', authRouter);"), Some(1));
        assert_eq!(route_line("@Controller('api/auth')\nexport class AuthController {}"), Some(1));
        assert_eq!(route_line("jwks_url = f\"{origin}/api/auth/jwks\""), None);
        assert_eq!(route_line("fetch(\"/api/authors\")"), None);
    }

    #[test]
    fn base_paths_are_plain_absolute_paths() {
        assert_eq!(check_base_path("--base-path", "/auth/", false).unwrap(), "/auth");
        assert!(check_base_path("--base-path", "auth", false).is_err());
        assert!(check_base_path("--base-path", "/", false).is_err());
        assert!(check_base_path("--base-path", "/a/../b", false).is_err());
        assert!(check_base_path("--base-path", "/[x]", false).is_err());
        assert!(check_base_path("--base-path", "/auth", true).is_err());
        assert!(check_base_path("--base-path", "/api/better-auth", true).is_ok());
    }
}
