//! BETTER_AUTH_SECRET and env files: present, long enough, never public, never
//! in code, never committed, documented in an example.

use crate::doctor::Severity::{Error, Info, Warning};
use crate::doctor::model::{Host, Model, secret_key_name};
use crate::doctor::project::{EnvFile, Scope, inside};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::Value;

mod env_example_missing;
mod env_not_ignored;
mod secret_differs;
mod secret_in_code;
mod secret_missing;
mod secret_public;
mod secret_short;

pub use env_example_missing::ENV_EXAMPLE_MISSING;
pub use env_not_ignored::ENV_NOT_IGNORED;
pub use secret_differs::SECRET_DIFFERS;
pub use secret_in_code::SECRET_IN_CODE;
pub use secret_missing::SECRET_MISSING;
pub use secret_public::SECRET_PUBLIC;
pub use secret_short::SECRET_SHORT;

pub const RULES: &[&Rule] = &[
    &SECRET_MISSING,
    &SECRET_SHORT,
    &SECRET_DIFFERS,
    &SECRET_PUBLIC,
    &SECRET_IN_CODE,
    &ENV_NOT_IGNORED,
    &ENV_EXAMPLE_MISSING,
];

const SECRET_KEYS: &[&str] = &["BETTER_AUTH_SECRET", "AUTH_SECRET"];

/// The env key the config reads its secret from, and a path env files are looked up for.
fn secret_source(model: &Model) -> Option<(Vec<String>, String)> {
    let config = model.configs.first()?;
    let file = model.file(config.file);
    let keys = match config.options.get("secret") {
        Some(Value::Str(_)) => return None,
        Some(v) if !env_keys(v).is_empty() => {
            // The documented name first: BETTER_AUTH_SECRET before NEXT_PUBLIC_BETTER_AUTH_SECRET.
            let mut keys = env_keys(v);
            keys.sort_by_key(|k| !SECRET_KEYS.contains(&k.as_str()));
            keys
        }
        _ => SECRET_KEYS.iter().map(|k| k.to_string()).collect(),
    };
    // A Node host reads the env files of the server that mounts the handler.
    let mounted = || {
        model
            .code()
            .find(|(_, f)| f.module.calls.iter().any(|c| c.callee == "toNodeHandler"))
            .map(|(_, f)| f.path.clone())
    };
    let at = match (model.host, model.project.app_dir.as_deref()) {
        (Host::Next, Some(app)) => format!("{app}/_"),
        (Host::Node, _) => mounted().unwrap_or_else(|| file.path.clone()),
        _ => file.path.clone(),
    };
    Some((keys, at))
}

/// Keys of secrets that sign or check sessions and tokens.
fn auth_secret(key: &str) -> bool {
    secret_key_name(key)
        && (["AUTH", "JWT", "SESSION", "SIGNING", "TOKEN"].iter().any(|k| key.contains(k))
            || matches!(key, "SECRET" | "SECRET_KEY" | "APP_SECRET"))
}

/// `process.env.X || "literal"`, `os.getenv("X", "literal")`, `secret: "literal"`, `SECRET = "literal"`.
fn literal_fallback(value: &Value) -> Option<(String, String)> {
    let literal = |v: &Value| matches!(v, Value::Str(s) if !s.is_empty());
    match value {
        // `A || B || "literal"` and `os.getenv("A", "literal")`, however nested.
        Value::Env { key, default: Some(d) } => match d.as_ref() {
            Value::Str(s) if auth_secret(key) && literal(d) => Some((key.clone(), s.clone())),
            other => literal_fallback(other),
        },
        Value::Or(a, b) => match (env_keys(a).into_iter().find(|k| auth_secret(k)), b.as_ref()) {
            (Some(key), Value::Str(s)) if literal(b) => Some((key, s.clone())),
            _ => literal_fallback(a).or_else(|| literal_fallback(b)),
        },
        _ => None,
    }
}

/// Every env key a value reads.
fn env_keys(value: &Value) -> Vec<String> {
    let mut keys = Vec::new();
    value.walk(&mut |v| {
        if let Value::Env { key, .. } = v {
            keys.push(key.clone());
        }
    });
    keys
}

/// A value that is a real credential (not empty, not a placeholder).
fn real_value(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    // Well-known development defaults are not secrets anyone can leak.
    let default =
        ["minioadmin", "password", "postgres", "admin", "secret", "root", "changeme", "test"].contains(&lower.as_str());
    !default
        && v.len() >= 8
        && !["change", "your", "replace", "example", "xxx", "<", "todo", "placeholder"]
            .iter()
            .any(|p| lower.contains(p))
}

/// Whether a value is a URL carrying a real password for a remote host
/// (`postgres://app:s3cret@db.example.com/app`); local development URLs
/// (`postgres:postgres@localhost`, a compose service such as `db`) are not.
fn url_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let Some((credentials, host)) = authority.rsplit_once('@') else { return false };
    let Some((user, password)) = credentials.split_once(':') else { return false };
    let host = host.trim_start_matches('[').split([']', ':']).next().unwrap_or_default();
    let local = !host.contains('.') || host.starts_with("127.") || host.ends_with(".local") || host == "0.0.0.0";
    let trivial = password.is_empty()
        || password == user
        || ["password", "postgres", "root", "secret", "example", "changeme"].contains(&password);
    !local && !trivial && real_value(password)
}
