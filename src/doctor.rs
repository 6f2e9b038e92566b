//! `authgen doctor`: reads an integration (whoever wrote it) and reports the
//! mistakes that make Better Auth + a separate backend answer 401. `collect`
//! reads the repository; `check` is pure; `live` asks the JWKS over the network.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::detect::{self, Router};
use crate::envfile;
use crate::error::{Error, Result};
use crate::plan::join;

const ALGS: &[&str] = &["EdDSA", "ES256", "ES512", "RS256", "PS256", "HS256", "HS384", "HS512"];
const MAX_FILES: usize = 3000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    /// Relative to the repository root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
    pub fix: String,
}

impl Finding {
    fn new(id: &'static str, severity: Severity, at: Option<(&str, usize)>, message: String, fix: &str) -> Self {
        Finding {
            id,
            severity,
            file: at.map(|(f, _)| f.to_string()),
            line: at.map(|(_, l)| l).filter(|l| *l > 0),
            message,
            fix: fix.to_string(),
        }
    }
}

/// A text file, relative to the repository root.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

impl Source {
    /// (1-based line number, line) of every line matching `pred`.
    fn lines(&self, pred: impl Fn(&str) -> bool) -> Vec<(usize, &str)> {
        self.text.lines().enumerate().filter(|(_, l)| pred(l)).map(|(i, l)| (i + 1, l)).collect()
    }
}

/// An env file with its variables.
#[derive(Debug, Clone)]
pub struct EnvFile {
    pub path: String,
    pub values: BTreeMap<String, String>,
    pub text: String,
}

impl EnvFile {
    /// The 1-based line defining `key`, 0 when not found.
    fn line_of(&self, key: &str) -> usize {
        self.text
            .lines()
            .position(|l| l.trim_start().trim_start_matches("export ").starts_with(&format!("{key}=")))
            .map_or(0, |i| i + 1)
    }
}

/// Everything doctor reads.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub frontend_dir: String,
    pub backend_dir: Option<String>,
    pub next_major: Option<u64>,
    pub router: Option<Router>,
    /// Source files of the app and of the backend (code and manifests).
    pub frontend: Vec<Source>,
    pub backend: Vec<Source>,
    /// Env files of each side, with their variables.
    pub frontend_env: Vec<EnvFile>,
    pub backend_env: Vec<EnvFile>,
    /// Which of those env files git would commit.
    pub unignored_env: Vec<String>,
    pub has_env_example: bool,
}

/// Reads the app and backend folders (bounded, pruned like the scan).
pub fn collect(root: &Path, frontend_dir: &str, backend_dir: Option<&str>) -> Result<Project> {
    let app = detect::frontend(root, frontend_dir, &detect::Repo::default())?;
    let mut project = Project {
        frontend_dir: frontend_dir.to_string(),
        backend_dir: backend_dir.map(str::to_string),
        next_major: app.next_major,
        router: Some(app.router),
        ..Project::default()
    };
    project.frontend = sources(root, frontend_dir, &["ts", "tsx", "js", "jsx", "mjs", "cjs"], &[], backend_dir)?;
    if let Some(dir) = backend_dir {
        let manifests = ["requirements.txt", "requirements-dev.txt", "pyproject.toml", "Pipfile", "package.json"];
        project.backend = sources(root, dir, &["py", "ts", "js", "mjs", "cjs"], &manifests, None)?;
    }
    let mut ignore = ignore::gitignore::GitignoreBuilder::new(root);
    for gitignore in [".gitignore".to_string(), join(frontend_dir, ".gitignore")]
        .into_iter()
        .chain(backend_dir.map(|d| join(d, ".gitignore")))
    {
        let _ = ignore.add(root.join(gitignore));
    }
    let ignore = ignore.build().map_err(|e| Error::Other(e.into()))?;
    for (side, dir) in [(0, Some(frontend_dir)), (1, backend_dir)] {
        let Some(dir) = dir else { continue };
        for file in [".env", ".env.local", ".env.development", ".env.production", ".env.production.local"] {
            let rel = join(dir, file);
            let Ok(text) = std::fs::read_to_string(root.join(&rel)) else { continue };
            let values = envfile::values(&rel, &text)?;
            if !ignore.matched_path_or_any_parents(root.join(&rel), false).is_ignore() {
                project.unignored_env.push(rel.clone());
            }
            let env = EnvFile { path: rel, values, text };
            if side == 0 { project.frontend_env.push(env) } else { project.backend_env.push(env) }
        }
    }
    project.has_env_example = root.join(join(frontend_dir, ".env.example")).is_file();
    Ok(project)
}

fn sources(root: &Path, dir: &str, exts: &[&str], names: &[&str], skip: Option<&str>) -> Result<Vec<Source>> {
    let base = root.join(dir);
    let skip = skip.map(|s| root.join(s));
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(&base)
        .max_depth(Some(8))
        .hidden(true)
        .parents(false)
        .require_git(false)
        .git_global(false)
        .filter_entry(move |e| {
            let name = e.file_name().to_string_lossy();
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && (detect::SKIPPED.contains(&name.as_ref()) || skip.as_deref() == Some(e.path())))
        })
        .build();
    for entry in walker.flatten() {
        if found.len() >= MAX_FILES {
            break;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let wanted = names.contains(&name.as_ref())
            || path.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e));
        if !wanted || !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned();
        found.push(Source { path: rel, text });
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

fn origin(url: &str) -> Option<String> {
    url::Url::parse(url.trim()).ok().map(|u| u.origin().ascii_serialization()).filter(|o| o != "null")
}

/// The text of a call's arguments: from its `(` to the matching `)`.
fn call_arguments(text: &str) -> &str {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}

/// Quoted strings on a line.
fn literals(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let parts: Vec<&str> = line.split(quote).collect();
        out.extend(parts.iter().skip(1).step_by(2));
    }
    out
}

impl Project {
    fn auth_file(&self) -> Option<&Source> {
        self.frontend.iter().find(|s| s.text.contains("betterAuth(") && !s.text.contains("createAuthClient"))
    }

    fn client_file(&self) -> Option<&Source> {
        self.frontend.iter().find(|s| s.text.contains("createAuthClient("))
    }

    /// The first value of `key` in the env files of a side, with its file.
    fn env<'a>(files: &'a [EnvFile], key: &str) -> Option<(&'a EnvFile, &'a str)> {
        files.iter().find_map(|f| f.values.get(key).map(|v| (f, v.as_str())))
    }

    /// The algorithm the app signs with: keyPairConfig's alg, EdDSA by default.
    fn frontend_alg(&self) -> &'static str {
        let Some(auth) = self.auth_file() else { return "EdDSA" };
        let Some(at) = auth.text.find("keyPairConfig") else { return "EdDSA" };
        let after = &auth.text[at..auth.text.len().min(at + 200)];
        ALGS.iter()
            .find(|alg| after.contains(&format!("\"{alg}\"")) || after.contains(&format!("'{alg}'")))
            .copied()
            .unwrap_or("EdDSA")
    }

    fn frontend_origin(&self) -> Option<String> {
        if let Some((_, url)) = Self::env(&self.frontend_env, "BETTER_AUTH_URL") {
            return origin(url);
        }
        let auth = self.auth_file()?;
        auth.lines(|l| l.contains("baseURL") || l.contains("BASE_URL"))
            .iter()
            .flat_map(|(_, l)| literals(l))
            .find_map(origin)
    }

    /// Code lines of the backend (not manifests).
    fn backend_code(&self) -> impl Iterator<Item = &Source> {
        self.backend.iter().filter(|s| {
            let name = s.path.rsplit('/').next().unwrap_or("");
            !name.ends_with(".txt") && !name.ends_with(".toml") && name != "Pipfile" && name != "package.json"
        })
    }

    /// Algorithms the backend accepts: AUTH_JWT_ALGORITHMS, else literals on `algorithm` lines.
    fn backend_algs(&self) -> (Vec<String>, Option<(String, usize)>) {
        if let Some((file, value)) = Self::env(&self.backend_env, "AUTH_JWT_ALGORITHMS") {
            let at = (file.path.clone(), file.line_of("AUTH_JWT_ALGORITHMS"));
            return (value.split(',').map(|s| s.trim().to_string()).collect(), Some(at));
        }
        let mut algs = Vec::new();
        let mut at = None;
        for source in self.backend_code() {
            for (n, line) in source.lines(|l| l.to_ascii_lowercase().contains("algorithm")) {
                for literal in literals(line) {
                    if ALGS.contains(&literal) {
                        algs.push(literal.to_string());
                        at.get_or_insert((source.path.clone(), n));
                    }
                }
            }
        }
        (algs, at)
    }
}

/// The static checks.
pub fn check(p: &Project) -> Vec<Finding> {
    use Severity::*;
    let mut out = Vec::new();
    let auth = p.auth_file();
    let client = p.client_file();
    let separate = p.backend_dir.is_some();
    let backend_code: Vec<&Source> = p.backend_code().collect();
    let alg = p.frontend_alg();
    let app_origin = p.frontend_origin();

    // The app's config.
    match auth {
        None => out.push(Finding::new(
            "auth-config-missing",
            Error,
            None,
            format!("no Better Auth config (betterAuth(...)) in {}/", p.frontend_dir),
            "run `authgen init`, or create lib/auth.ts",
        )),
        Some(auth) => {
            if !auth.text.contains("baseURL") {
                let line = auth.lines(|l| l.contains("betterAuth(")).first().map_or(0, |(n, _)| *n);
                out.push(Finding::new(
                    "no-base-url",
                    Warning,
                    Some((&auth.path, line)),
                    "betterAuth() has no baseURL: the JWT issuer and audience then follow each request's Host header"
                        .into(),
                    "pass baseURL: process.env.BETTER_AUTH_URL",
                ));
            }
            if separate && !auth.text.contains("jwt(") {
                let line = auth
                    .lines(|l| l.contains("plugins"))
                    .first()
                    .or(auth.lines(|l| l.contains("betterAuth(")).first())
                    .map_or(0, |(n, _)| *n);
                out.push(Finding::new(
                    "missing-jwt-plugin",
                    Error,
                    Some((&auth.path, line)),
                    "a separate backend exists but betterAuth() has no jwt() plugin: there is no token or JWKS to verify".into(),
                    "add jwt() from \"better-auth/plugins\" to plugins",
                ));
            }
        }
    }
    if separate
        && let Some(client) = client
        && !client.text.contains("jwtClient(")
    {
        let line = client.lines(|l| l.contains("createAuthClient(")).first().map_or(0, |(n, _)| *n);
        out.push(Finding::new(
            "missing-jwt-client",
            Error,
            Some((&client.path, line)),
            "the auth client has no jwtClient() plugin, so authClient.token() does not exist".into(),
            "add jwtClient() from \"better-auth/client/plugins\" to the client's plugins",
        ));
    }
    for source in &p.frontend {
        for (n, _) in source.lines(|l| l.contains(".getToken(") && !l.contains("auth.api.getToken")) {
            out.push(Finding::new(
                "get-token",
                Error,
                Some((&source.path, n)),
                "authClient.getToken() does not exist (it fails typecheck and answers 404)".into(),
                "call authClient.token() and read data.token",
            ));
        }
        for (n, _) in source.lines(|l| {
            l.contains("localStorage.setItem") && {
                let lower = l.to_ascii_lowercase();
                lower.contains("jwt") || lower.contains("token")
            }
        }) {
            out.push(Finding::new(
                "token-in-localstorage",
                Warning,
                Some((&source.path, n)),
                "the JWT is stored in localStorage, where any script on the page can read it".into(),
                "keep it in memory and fetch a fresh one with authClient.token() (see lib/api-client.ts)",
            ));
        }
    }

    // The route handler.
    let route = p.frontend.iter().find(|s| {
        s.path.ends_with("api/auth/[...all]/route.ts")
            || s.path.ends_with("api/auth/[...all]/route.js")
            || s.path.ends_with("pages/api/auth/[...all].ts")
            || s.path.ends_with("pages/api/auth/[...all].js")
    });
    match route {
        None => out.push(Finding::new(
            "route-handler-missing",
            Error,
            None,
            "no Better Auth route handler (app/api/auth/[...all]/route.ts): /api/auth/* answers 404".into(),
            "export const { GET, POST } = toNextJsHandler(auth) in app/api/auth/[...all]/route.ts",
        )),
        Some(route) => {
            for (n, _) in route.lines(|l| l.replace(' ', "").contains("{GET,POST}=auth")) {
                out.push(Finding::new(
                    "route-handler-wrong",
                    Error,
                    Some((&route.path, n)),
                    "`export const { GET, POST } = auth` exports nothing Next.js can call".into(),
                    "export const { GET, POST } = toNextJsHandler(auth) (from \"better-auth/next-js\")",
                ));
            }
        }
    }
    if p.next_major.is_some_and(|m| m >= 16)
        && let Some(mw) =
            p.frontend.iter().find(|s| s.path.ends_with("middleware.ts") || s.path.ends_with("middleware.js"))
        && !p.frontend.iter().any(|s| s.path.ends_with("proxy.ts") || s.path.ends_with("proxy.js"))
    {
        out.push(Finding::new(
            "middleware-renamed",
            Warning,
            Some((&mw.path, 1)),
            "Next.js 16 renamed middleware.ts to proxy.ts; middleware.ts still runs but is deprecated".into(),
            "rename it to proxy.ts and its function to proxy",
        ));
    }

    // Secrets and env files.
    match Project::env(&p.frontend_env, "BETTER_AUTH_SECRET") {
        None => out.push(Finding::new(
            "secret-missing",
            Error,
            p.frontend_env.first().map(|f| (f.path.as_str(), 0)),
            "BETTER_AUTH_SECRET is not set in the app's env files".into(),
            "add BETTER_AUTH_SECRET=<openssl rand -hex 32> to .env.local",
        )),
        Some((file, value)) if value.len() < 32 => out.push(Finding::new(
            "secret-short",
            Error,
            Some((&file.path, file.line_of("BETTER_AUTH_SECRET"))),
            format!("BETTER_AUTH_SECRET has {} characters; Better Auth needs at least 32", value.len()),
            "use 32 random bytes or more: openssl rand -hex 32",
        )),
        Some(_) => {}
    }
    let secrets: Vec<(&EnvFile, &str)> = p
        .frontend_env
        .iter()
        .filter(|f| !f.path.contains("production"))
        .filter_map(|f| f.values.get("BETTER_AUTH_SECRET").map(|s| (f, s.as_str())))
        .collect();
    if let Some(w) = secrets.windows(2).find(|w| w[0].1 != w[1].1) {
        out.push(Finding::new(
            "secret-differs",
            Error,
            Some((&w[1].0.path, w[1].0.line_of("BETTER_AUTH_SECRET"))),
            format!(
                "BETTER_AUTH_SECRET differs between {} and {} (the auth CLI reads .env first, Next.js .env.local)",
                w[0].0.path, w[1].0.path
            ),
            "keep one value: keys encrypted with one secret cannot be read with the other",
        ));
    }
    for env in p.frontend_env.iter().chain(&p.backend_env) {
        for key in env.values.keys().filter(|k| k.starts_with("NEXT_PUBLIC_") && k.contains("SECRET")) {
            out.push(Finding::new(
                "public-secret",
                Error,
                Some((&env.path, env.line_of(key))),
                format!("{key} is a NEXT_PUBLIC_ variable: Next.js puts it in the browser bundle"),
                "drop the NEXT_PUBLIC_ prefix; secrets stay on the server",
            ));
        }
        if let Some(url) = env.values.get("DATABASE_URL")
            && url.contains("neon.tech")
            && !url.contains("sslmode=require")
        {
            out.push(Finding::new(
                "neon-ssl",
                Error,
                Some((&env.path, env.line_of("DATABASE_URL"))),
                "the Neon DATABASE_URL lacks sslmode=require".into(),
                "append ?sslmode=require (Neon only accepts TLS connections)",
            ));
        }
    }
    for file in &p.unignored_env {
        out.push(Finding::new(
            "env-not-ignored",
            Error,
            Some((file, 0)),
            format!("{file} is not ignored by git: its secrets would be committed"),
            "add it to .gitignore",
        ));
    }
    if !p.has_env_example {
        out.push(Finding::new(
            "env-example-missing",
            Warning,
            None,
            format!("no {} to show which variables the app needs", join(&p.frontend_dir, ".env.example")),
            "add .env.example with the keys and placeholder values",
        ));
    }

    if !separate {
        return out;
    }
    // The backend's verifier.
    for source in &backend_code {
        for (n, _) in source.lines(|l| l.contains("HS256")) {
            out.push(Finding::new(
                "hs256",
                Error,
                Some((&source.path, n)),
                "the backend verifies with HS256: Better Auth's jwt plugin signs with an asymmetric key, so every token is refused".into(),
                &format!("verify with the public keys from the JWKS and allow only {alg}"),
            ));
        }
        for (n, _) in source.lines(|l| l.contains("BETTER_AUTH_SECRET")) {
            out.push(Finding::new(
                "backend-uses-secret",
                Error,
                Some((&source.path, n)),
                "the backend reads BETTER_AUTH_SECRET; JWTs are not signed with it".into(),
                "remove it from the backend and verify with the JWKS",
            ));
        }
        for (n, _) in source.lines(|l| l.contains(".well-known/jwks.json")) {
            if !auth.is_some_and(|a| a.text.contains("jwksPath")) {
                out.push(Finding::new(
                    "jwks-url",
                    Error,
                    Some((&source.path, n)),
                    "Better Auth serves the keys at /api/auth/jwks; /.well-known/jwks.json answers 404 unless jwks.jwksPath says so".into(),
                    "use {BETTER_AUTH_URL}/api/auth/jwks",
                ));
            }
        }
        if source.text.contains("from jose import") || source.text.contains("import jose") {
            let n = source.lines(|l| l.contains("jose")).first().map_or(0, |(n, _)| *n);
            if alg == "EdDSA" {
                out.push(Finding::new(
                    "python-jose-eddsa",
                    Error,
                    Some((&source.path, n)),
                    "python-jose cannot verify EdDSA tokens, Better Auth's default".into(),
                    "use PyJWT with the crypto extra (pyjwt[crypto]) and PyJWKClient",
                ));
            }
        }
        // A decode/verify call that never names the audience or the issuer.
        for call in ["jwt.decode(", "jwtVerify("] {
            for (start, _) in source.text.match_indices(call) {
                let args = call_arguments(&source.text[start + call.len() - 1..]);
                let line =
                    source.text[..start].lines().count().max(1) + usize::from(source.text[..start].ends_with('\n'));
                for needle in ["audience", "issuer"] {
                    if !args.contains(needle) {
                        out.push(Finding::new(
                            if needle == "audience" { "no-audience-check" } else { "no-issuer-check" },
                            Warning,
                            Some((&source.path, line)),
                            format!("the token is verified without checking its {needle}: tokens meant for other services pass"),
                            &format!(
                                "pass the {needle} (the app's origin{})",
                                app_origin.as_deref().map(|o| format!(", {o}")).unwrap_or_default()
                            ),
                        ));
                    }
                }
            }
        }
    }
    let (algs, at) = p.backend_algs();
    if !algs.is_empty() && !algs.iter().any(|a| a == alg) {
        let at = at.as_ref().map(|(f, n)| (f.as_str(), *n));
        out.push(Finding::new(
            "alg-mismatch",
            Error,
            at,
            format!("the backend accepts {} but the app signs with {alg}", algs.join(", ")),
            &format!("allow {alg} on the backend (or change keyPairConfig.alg and clear the jwks table)"),
        ));
    }
    for env in &p.backend_env {
        let (file, values) = (env.path.as_str(), &env.values);
        if let Some(url) = values.get("AUTH_JWKS_URL").filter(|u| !u.is_empty())
            && if url.contains(".well-known") {
                !auth.is_some_and(|a| a.text.contains("jwksPath"))
            } else {
                !url.contains("/api/auth/")
            }
        {
            out.push(Finding::new(
                "jwks-url",
                Error,
                Some((file, env.line_of("AUTH_JWKS_URL"))),
                format!(
                    "AUTH_JWKS_URL {url} is not where Better Auth serves the keys ({{BETTER_AUTH_URL}}/api/auth/jwks)"
                ),
                "use {BETTER_AUTH_URL}/api/auth/jwks",
            ));
        }
        if file.contains("production") {
            for key in values.iter().filter(|(_, v)| v.contains("localhost") || v.contains("127.0.0.1")).map(|(k, _)| k)
            {
                out.push(Finding::new(
                    "localhost-in-production",
                    Warning,
                    Some((file, env.line_of(key))),
                    format!("{key} points at localhost in a production env file: the deployed backend cannot reach it"),
                    "use the deployed app's public (or internal) URL",
                ));
            }
        }
        if let Some(expected) = &app_origin {
            for key in ["AUTH_ISSUER", "AUTH_AUDIENCE", "BETTER_AUTH_URL"] {
                if let Some(value) = values.get(key).filter(|v| !v.is_empty())
                    && origin(value).as_ref() != Some(expected)
                    && !file.contains("production")
                {
                    out.push(Finding::new(
                        "issuer-audience-mismatch",
                        Error,
                        Some((file, env.line_of(key))),
                        format!("the backend's {key} is {value}, but tokens carry iss = aud = {expected}"),
                        &format!("set {key} to {expected} (the app's BETTER_AUTH_URL origin)"),
                    ));
                }
            }
            if let Some(cors) = values.get("CORS_ORIGINS")
                && !cors.split(',').any(|o| origin(o).as_ref() == Some(expected))
                && !file.contains("production")
            {
                out.push(Finding::new(
                    "cors-origin",
                    Error,
                    Some((file, env.line_of("CORS_ORIGINS"))),
                    format!(
                        "CORS_ORIGINS ({cors}) does not include the app's origin {expected}: browsers block the calls"
                    ),
                    &format!("add {expected} to CORS_ORIGINS"),
                ));
            }
        }
    }
    if let Some(expected) = &app_origin {
        for source in &backend_code {
            for (n, line) in source.lines(|l| l.contains("allow_origins") || l.contains("origin:")) {
                let origins: Vec<String> = literals(line).into_iter().filter_map(origin).collect();
                if !origins.is_empty() && !origins.contains(expected) {
                    out.push(Finding::new(
                        "cors-origin",
                        Error,
                        Some((&source.path, n)),
                        format!(
                            "the backend's CORS origins ({}) do not include the app's origin {expected}",
                            origins.join(", ")
                        ),
                        &format!("allow {expected}"),
                    ));
                }
            }
        }
    }
    for manifest in p
        .backend
        .iter()
        .filter(|s| s.path.ends_with(".txt") || s.path.ends_with(".toml") || s.path.ends_with("Pipfile"))
    {
        let has_crypto = manifest.text.to_ascii_lowercase().contains("cryptography");
        for (n, _) in manifest.lines(|l| {
            let lower = l.to_ascii_lowercase();
            lower.contains("pyjwt") && !lower.contains("[crypto]")
        }) {
            if !has_crypto {
                out.push(Finding::new(
                    "pyjwt-without-crypto",
                    Error,
                    Some((&manifest.path, n)),
                    "PyJWT without the crypto extra cannot read EdDSA, ES256 or RS256 keys".into(),
                    "depend on pyjwt[crypto]",
                ));
            }
        }
    }
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.file.cmp(&b.file)).then(a.line.cmp(&b.line)));
    out
}

/// Where the backend fetches the keys, and the origin tokens must carry.
fn jwks_url(p: &Project) -> Option<String> {
    if let Some((_, url)) = Project::env(&p.backend_env, "AUTH_JWKS_URL").filter(|(_, u)| !u.is_empty()) {
        return Some(url.to_string());
    }
    let base =
        Project::env(&p.backend_env, "BETTER_AUTH_URL").and_then(|(_, u)| origin(u)).or_else(|| p.frontend_origin());
    base.map(|o| format!("{o}/api/auth/jwks"))
}

fn b64json(part: &str) -> Option<serde_json::Value> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `--live`: fetches the JWKS the backend would use and, with a token, says
/// which of alg, kid, signature, iss, aud and exp does not match.
pub fn live(p: &Project, token: Option<&str>) -> Vec<Finding> {
    use Severity::*;
    let mut out = Vec::new();
    let Some(url) = jwks_url(p) else {
        out.push(Finding::new(
            "jwks-url-unknown",
            Error,
            None,
            "cannot tell the JWKS URL: no AUTH_JWKS_URL or BETTER_AUTH_URL in the env files".into(),
            "set BETTER_AUTH_URL in the backend's .env",
        ));
        return out;
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(3)))
        .http_status_as_error(false)
        .build()
        .into();
    let jwks: serde_json::Value = match agent.get(&url).call() {
        Err(e) => {
            out.push(Finding::new(
                "jwks-unreachable",
                Error,
                None,
                format!("cannot fetch the JWKS at {url}: {e}"),
                "start the app, or point AUTH_JWKS_URL at an address the backend can reach",
            ));
            return out;
        }
        Ok(mut response) if response.status() != 200 => {
            out.push(Finding::new(
                "jwks-unreachable",
                Error,
                None,
                format!("the JWKS at {url} answered HTTP {}", response.status().as_u16()),
                "Better Auth serves it at {BETTER_AUTH_URL}/api/auth/jwks with the jwt plugin on",
            ));
            let _ = response.body_mut().read_to_string();
            return out;
        }
        Ok(mut response) => match response
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        {
            Ok(value) => value,
            Err(e) => {
                out.push(Finding::new(
                    "jwks-invalid",
                    Error,
                    None,
                    format!("{url} is not a JWKS: {e}"),
                    "check the URL",
                ));
                return out;
            }
        },
    };
    let keys: Vec<serde_json::Value> = jwks.get("keys").and_then(|k| k.as_array()).cloned().unwrap_or_default();
    let key_algs: Vec<String> = keys.iter().filter_map(|k| k.get("alg")?.as_str().map(str::to_string)).collect();
    out.push(Finding::new(
        "jwks-reachable",
        Info,
        None,
        format!("{url} serves {} key(s): {}", keys.len(), key_algs.join(", ")),
        "nothing to do",
    ));
    let (backend_algs, _) = p.backend_algs();
    if !backend_algs.is_empty() && !key_algs.is_empty() && !key_algs.iter().any(|a| backend_algs.contains(a)) {
        out.push(Finding::new(
            "jwks-alg-mismatch",
            Error,
            None,
            format!("the JWKS keys are {} but the backend accepts {}", key_algs.join(", "), backend_algs.join(", ")),
            "make AUTH_JWT_ALGORITHMS match the app's keyPairConfig.alg",
        ));
    }
    let Some(token) = token else { return out };
    let parts: Vec<&str> = token.trim().split('.').collect();
    let (Some(header), Some(claims)) = (parts.first().and_then(|h| b64json(h)), parts.get(1).and_then(|c| b64json(c)))
    else {
        out.push(Finding::new(
            "token-malformed",
            Error,
            None,
            "--token is not a JWT (header.payload.signature)".into(),
            "pass the value of data.token from authClient.token()",
        ));
        return out;
    };
    let mut mismatch =
        |id: &'static str, message: String, fix: &str| out.push(Finding::new(id, Error, None, message, fix));
    let alg = header.get("alg").and_then(|a| a.as_str()).unwrap_or("");
    if !backend_algs.is_empty() && !backend_algs.iter().any(|a| a == alg) {
        mismatch(
            "token-alg",
            format!("the token's alg is {alg}; the backend accepts {}", backend_algs.join(", ")),
            "allow the app's algorithm on the backend",
        );
    }
    let kid = header.get("kid").and_then(|k| k.as_str()).unwrap_or("");
    let key = keys.iter().find(|k| k.get("kid").and_then(|v| v.as_str()) == Some(kid));
    match key {
        None => mismatch(
            "token-kid",
            format!("the token's kid {kid:?} is not in the JWKS"),
            "the token comes from another app or the keys were rotated: get a new token",
        ),
        Some(jwk) => match verify_signature(token, jwk, alg) {
            Ok(true) => {}
            Ok(false) => mismatch(
                "token-signature",
                "the token's signature does not verify with the JWKS key".into(),
                "the token was altered, or signed by another key",
            ),
            Err(reason) => out.push(Finding::new(
                "token-signature-unchecked",
                Info,
                None,
                format!("signature not checked: {reason}"),
                "nothing to do",
            )),
        },
    }
    let mut mismatch =
        |id: &'static str, message: String, fix: &str| out.push(Finding::new(id, Error, None, message, fix));
    let expected = Project::env(&p.backend_env, "AUTH_ISSUER")
        .map(|(_, v)| v.to_string())
        .or_else(|| Project::env(&p.backend_env, "BETTER_AUTH_URL").and_then(|(_, u)| origin(u)))
        .or_else(|| p.frontend_origin());
    if let Some(expected) = &expected {
        let iss = claims.get("iss").and_then(|v| v.as_str()).unwrap_or("");
        if iss != expected {
            mismatch(
                "token-iss",
                format!("the token's iss is {iss:?}; the backend expects {expected:?}"),
                "set the same BETTER_AUTH_URL origin on both sides",
            );
        }
        let aud_ok = match claims.get("aud") {
            Some(serde_json::Value::String(a)) => a == expected,
            Some(serde_json::Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(expected)),
            _ => false,
        };
        if !aud_ok {
            mismatch(
                "token-aud",
                format!(
                    "the token's aud is {}; the backend expects {expected:?}",
                    claims.get("aud").map_or("missing".into(), |a| a.to_string())
                ),
                "set the same BETTER_AUTH_URL origin on both sides",
            );
        }
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    match claims.get("exp").and_then(|e| e.as_i64()) {
        Some(exp) if exp < now => mismatch(
            "token-expired",
            format!("the token expired {} s ago", now - exp),
            "get a fresh token (they live 15 minutes)",
        ),
        None => mismatch("token-expired", "the token has no exp".into(), "use a token from /api/auth/token"),
        _ => {}
    }
    out
}

fn verify_signature(token: &str, jwk: &serde_json::Value, alg: &str) -> std::result::Result<bool, String> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::Jwk};
    let algorithm = match alg {
        "EdDSA" => Algorithm::EdDSA,
        "ES256" => Algorithm::ES256,
        "RS256" => Algorithm::RS256,
        "PS256" => Algorithm::PS256,
        other => return Err(format!("{other} signatures are not checked here")),
    };
    let jwk: Jwk = serde_json::from_value(jwk.clone()).map_err(|e| format!("unreadable key: {e}"))?;
    let key = DecodingKey::from_jwk(&jwk).map_err(|e| format!("unreadable key: {e}"))?;
    let mut validation = Validation::new(algorithm);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    match jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation) {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.kind(), jsonwebtoken::errors::ErrorKind::InvalidSignature) => Ok(false),
        Err(e) => Err(e.to_string()),
    }
}
