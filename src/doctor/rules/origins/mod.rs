//! Origins: where the app is really served from (its env files' app URLs),
//! against the origins Better Auth trusts (`baseURL`, `trustedOrigins`,
//! `BETTER_AUTH_TRUSTED_ORIGINS`), and deployments to preview URLs.
//!
//! Env files are compared stage by stage, as Next.js and dotenv load them:
//! development (`.env.development.local`, `.env.local`, `.env.development`,
//! `.env`), production (`.env.production*` only: the rest of production's
//! values usually live in the host's dashboard, which no file shows) and the
//! committed examples. A value a stage does not set is unknown there.

use crate::doctor::Severity::{Error, Warning};
use crate::doctor::model::{Config, Host, Model, Resolved, origin};
use crate::doctor::project::{EnvFile, Scope, inside, scope_of};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::Value;

mod origin_scheme_mismatch;
mod origin_untrusted;
mod preview_base_url_fixed;
mod trusted_origins_wildcard;

pub use origin_scheme_mismatch::ORIGIN_SCHEME_MISMATCH;
pub use origin_untrusted::ORIGIN_UNTRUSTED;
pub use preview_base_url_fixed::PREVIEW_BASE_URL_FIXED;
pub use trusted_origins_wildcard::TRUSTED_ORIGINS_WILDCARD;

pub const RULES: &[&Rule] =
    &[&ORIGIN_UNTRUSTED, &ORIGIN_SCHEME_MISMATCH, &TRUSTED_ORIGINS_WILDCARD, &PREVIEW_BASE_URL_FIXED];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::doctor::rules) enum Stage {
    Development,
    Production,
    Example,
}

pub(in crate::doctor::rules) const STAGES: [Stage; 3] = [Stage::Development, Stage::Production, Stage::Example];

/// The env variables Better Auth reads its base URL from when `baseURL` is not set.
const BASE_URL_KEYS: &[&str] =
    &["BETTER_AUTH_URL", "NEXT_PUBLIC_BETTER_AUTH_URL", "PUBLIC_BETTER_AUTH_URL", "NUXT_PUBLIC_BETTER_AUTH_URL"];

fn stage_of(env: &EnvFile) -> Option<Stage> {
    let name = env.path.rsplit('/').next().unwrap_or(&env.path);
    if env.example {
        Some(Stage::Example)
    } else if name.starts_with(".env.production") {
        Some(Stage::Production)
    } else if matches!(name, ".env" | ".env.local" | ".env.development" | ".env.development.local") {
        Some(Stage::Development)
    } else {
        None
    }
}

/// Env files outside tests and fixtures.
fn live_envs<'m>(model: &Model<'m>) -> impl Iterator<Item = &'m EnvFile> {
    model.project.envs.iter().filter(|e| scope_of(&e.path, "") == Scope::Code)
}

/// The non-empty value of `key` for code at `path` in `stage`.
pub(in crate::doctor::rules) fn stage_env(model: &Model, path: &str, key: &str, stage: Stage) -> Option<String> {
    model
        .envs_for(path)
        .into_iter()
        .filter(|e| stage_of(e) == Some(stage))
        .find_map(|e| e.values.get(key).filter(|v| !v.trim().is_empty()).map(|v| v.trim().to_string()))
}

/// What `value` in the config's file is in `stage`.
pub(in crate::doctor::rules) fn resolve_at(model: &Model, file: usize, value: &Value, stage: Stage) -> Resolved {
    resolve_depth(model, file, value, stage, 0)
}

fn resolve_depth(model: &Model, file: usize, value: &Value, stage: Stage, depth: usize) -> Resolved {
    if depth > 6 {
        return Resolved::Unknown;
    }
    let again = |v: &Value| resolve_depth(model, file, v, stage, depth + 1);
    match value {
        Value::Str(s) => Resolved::Str(s.clone()),
        Value::Env { key, default } => match stage_env(model, &model.file(file).path, key, stage) {
            Some(v) => Resolved::Str(v),
            // Unset in development: the fallback in code is what runs.
            None if stage == Stage::Development => default.as_deref().map_or(Resolved::Unknown, again),
            None => Resolved::Unknown,
        },
        Value::Or(a, b) => match again(a) {
            Resolved::Unknown => again(b),
            known => known,
        },
        Value::List(items) => {
            let strs: Option<Vec<String>> = items.iter().map(|v| again(v).str().map(str::to_string)).collect();
            strs.map_or(Resolved::Unknown, Resolved::List)
        }
        Value::Name(name) => model.file(file).module.constant(name).map_or(Resolved::Unknown, again),
        _ => Resolved::Unknown,
    }
}

/// Env keys that name the app's own public URL (`NEXT_PUBLIC_APP_URL`, `FRONTEND_URL`...).
fn frontend_key(key: &str) -> bool {
    let bare =
        ["NEXT_PUBLIC_", "VITE_", "NUXT_PUBLIC_", "PUBLIC_"].iter().find_map(|p| key.strip_prefix(p)).unwrap_or(key);
    matches!(
        bare,
        "APP_URL"
            | "SITE_URL"
            | "FRONTEND_URL"
            | "CLIENT_URL"
            | "WEB_URL"
            | "WEBSITE_URL"
            | "APP_ORIGIN"
            | "FRONTEND_ORIGIN"
            | "CLIENT_ORIGIN"
            | "WEB_ORIGIN"
    )
}

/// An origin the app is served from, as one env file says.
pub(in crate::doctor::rules) struct Served<'m> {
    pub env: &'m EnvFile,
    pub key: &'m str,
    pub origin: String,
    pub stage: Stage,
}

/// The app's origins, from every env file and example: its app URL keys, and
/// in a Next.js app that hosts Better Auth itself, its BETTER_AUTH_URL.
pub(in crate::doctor::rules) fn served<'m>(model: &Model<'m>) -> Vec<Served<'m>> {
    let app_dir = model.project.app_dir.clone();
    let in_app = |e: &EnvFile| app_dir.as_deref().is_some_and(|d| inside(&e.path, d) || e.dir == ".");
    let mut out = Vec::new();
    for env in live_envs(model) {
        let Some(stage) = stage_of(env) else { continue };
        for (key, value) in &env.values {
            let own_url = model.host == Host::Next && in_app(env) && BASE_URL_KEYS.contains(&key.as_str());
            if !(frontend_key(key) || own_url) {
                continue;
            }
            if let Some(origin) = origin(value).filter(|o| o.starts_with("http")) {
                out.push(Served { env, key, origin, stage });
            }
        }
    }
    out
}

/// The config's base URL in `stage`: `baseURL` or the env variables Better
/// Auth falls back to. `None` when unknown or dynamic.
pub(in crate::doctor::rules) fn base_url_at(model: &Model, config: &Config, stage: Stage) -> Option<String> {
    match config.options.get("baseURL") {
        Some(Value::Object(_)) => None,
        Some(v) => resolve_at(model, config.file, v, stage).str().map(str::to_string),
        None => {
            let path = &model.file(config.file).path;
            BASE_URL_KEYS.iter().find_map(|k| stage_env(model, path, k, stage))
        }
    }
}

/// The origins (or patterns) Better Auth trusts in `stage`, as its
/// `getTrustedOrigins` builds them; `None` when any part is unknown.
pub(in crate::doctor::rules) fn trusted_at(model: &Model, config: &Config, stage: Stage) -> Option<Vec<String>> {
    let mut out = match config.options.get("baseURL") {
        Some(dynamic @ Value::Object(_)) => allowed_host_origins(model, config.file, dynamic, stage)?,
        _ => vec![origin(&base_url_at(model, config, stage)?)?],
    };
    match config.options.get("trustedOrigins") {
        None => {}
        Some(v @ Value::List(_)) => out.extend(resolve_at(model, config.file, v, stage).items()?),
        Some(_) => return None,
    }
    let path = &model.file(config.file).path;
    match stage_env(model, path, "BETTER_AUTH_TRUSTED_ORIGINS", stage) {
        // Split on commas only, as Better Auth does: a space after a comma stays in the entry.
        Some(v) => out.extend(v.split(',').filter(|o| !o.is_empty()).map(str::to_string)),
        None if model.envs_for(path).iter().any(|e| e.values.contains_key("BETTER_AUTH_TRUSTED_ORIGINS")) => {
            return None;
        }
        None => {}
    }
    Some(out)
}

/// `baseURL: { allowedHosts, protocol, fallback }`: the origins they admit.
fn allowed_host_origins(model: &Model, file: usize, dynamic: &Value, stage: Stage) -> Option<Vec<String>> {
    let hosts = resolve_at(model, file, dynamic.get("allowedHosts")?, stage).items()?;
    let protocol = match dynamic.get("protocol") {
        Some(v) => resolve_at(model, file, v, stage).str()?.to_string(),
        None => String::new(),
    };
    let mut out = Vec::new();
    for host in hosts {
        if host.contains("://") {
            out.push(host);
            continue;
        }
        if matches!(protocol.as_str(), "" | "https" | "auto") {
            out.push(format!("https://{host}"));
        }
        if matches!(protocol.as_str(), "http" | "auto") || loopback(&host) {
            out.push(format!("http://{host}"));
        }
    }
    if let Some(fallback) = dynamic.get("fallback") {
        out.extend(resolve_at(model, file, fallback, stage).str().and_then(origin));
    }
    Some(out)
}

/// Better Auth's `matchesOriginPattern` for http(s) origins: exact, or a
/// wildcard pattern (`*` and `?` stop at `/`) on the host alone when the
/// pattern has no scheme, else on the whole origin.
pub(in crate::doctor::rules) fn matches(origin: &str, pattern: &str) -> bool {
    if !pattern.contains('*') && !pattern.contains('?') {
        return pattern.trim_end_matches('/') == origin;
    }
    if pattern.contains("://") {
        glob(pattern.as_bytes(), origin.as_bytes())
    } else {
        let host = origin.split_once("://").map_or(origin, |(_, h)| h);
        glob(pattern.as_bytes(), host.as_bytes())
    }
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => {
            let rest = rest.iter().position(|c| *c != b'*').map_or(&rest[rest.len()..], |i| &rest[i..]);
            (0..=text.len()).take_while(|&i| i == 0 || text[i - 1] != b'/').any(|i| glob(rest, &text[i..]))
        }
        Some((b'?', rest)) => text.first().is_some_and(|c| *c != b'/') && glob(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && glob(rest, &text[1..]),
    }
}

/// The host of an origin or host pattern, without scheme, port or path.
pub(in crate::doctor::rules) fn host_of(value: &str) -> &str {
    let rest = value.split_once("://").map_or(value, |(_, r)| r);
    let rest = rest.split('/').next().unwrap_or(rest);
    match rest.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit() || b == b'*') => host,
        _ => rest,
    }
}

pub(in crate::doctor::rules) fn loopback(value: &str) -> bool {
    let host = host_of(value);
    host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") || host == "[::1]"
}

/// The line a finding about the trusted origins points at: `trustedOrigins`
/// when the config sets it, else `baseURL`, else the call.
fn trust_line(model: &Model, config: &Config) -> usize {
    let option = ["trustedOrigins", "baseURL"].into_iter().find(|k| config.options.get(k).is_some());
    option.map_or(config.call.line, |k| model.option_line(config, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_patterns_match_as_better_auth_matches_them() {
        assert!(matches("https://attacker.vercel.app", "*.vercel.app"));
        assert!(matches("https://evil.com", "https://*"));
        assert!(matches("https://evil.com", "https://**"));
        assert!(!matches("https://example.com", "https://*.example.com"));
        assert!(matches("https://myapp-git-x-team.vercel.app", "https://myapp-*-team.vercel.app"));
        assert!(!matches("https://other.vercel.app", "https://myapp-*-team.vercel.app"));
        assert!(matches("http://localhost:3000", "http://localhost:3000/"));
        assert!(!matches("http://app.example.com", "https://app.example.com"));
        assert_eq!(host_of("https://*.example.com:443/x"), "*.example.com");
    }

    #[test]
    fn findings_point_at_the_option_line() {
        use crate::doctor::project::Project;
        use crate::doctor::rules::cookies::COOKIE_DOMAIN_PUBLIC_SUFFIX;
        let lines = |rule: &Rule, example: &str| -> Vec<Option<usize>> {
            crate::doctor::rules::run(rule, &Model::build(&Project::from_example(example)))
                .into_iter()
                .map(|f| f.line)
                .collect()
        };
        // `trustedOrigins` is on line 3 of the config, the nested `domain` on line 5.
        assert_eq!(lines(&ORIGIN_UNTRUSTED, ORIGIN_UNTRUSTED.invalid[0]), [Some(3)]);
        assert_eq!(lines(&COOKIE_DOMAIN_PUBLIC_SUFFIX, COOKIE_DOMAIN_PUBLIC_SUFFIX.invalid[0]), [Some(5)]);
    }

    #[test]
    fn constants_naming_each_other_resolve_to_unknown() {
        use crate::doctor::project::Project;
        let project = Project::from_example(
            "//- web/lib/auth.ts\nconst a = b;\nconst b = a;\nexport const auth = betterAuth({ trustedOrigins: [a] });\n",
        );
        let model = Model::build(&project);
        let config = &model.configs[0];
        let value = config.options.get("trustedOrigins").unwrap();
        assert_eq!(resolve_at(&model, config.file, value, Stage::Development), Resolved::Unknown);
    }

    #[test]
    fn hosting_domains_are_public_suffixes_on_the_embedded_list() {
        for domain in ["vercel.app", "netlify.app", "fly.dev", "onrender.com", "up.railway.app", "github.io"] {
            let suffix = psl::suffix(domain.as_bytes()).unwrap();
            assert!(suffix.is_known() && suffix.as_bytes() == domain.as_bytes(), "{domain}");
        }
        assert_eq!(psl::domain_str("myapp.vercel.app"), Some("myapp.vercel.app"));
        assert_eq!(psl::domain_str("app.example.com"), Some("example.com"));
    }
}
