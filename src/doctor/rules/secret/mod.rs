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
mod secret_in_example;
mod secret_missing;
mod secret_public;
mod secret_rotation_replaced;
mod secret_shared_database;
mod secret_short;

pub use env_example_missing::ENV_EXAMPLE_MISSING;
pub use env_not_ignored::ENV_NOT_IGNORED;
pub use secret_differs::SECRET_DIFFERS;
pub use secret_in_code::SECRET_IN_CODE;
pub use secret_in_example::SECRET_IN_EXAMPLE;
pub use secret_missing::SECRET_MISSING;
pub use secret_public::SECRET_PUBLIC;
pub use secret_rotation_replaced::SECRET_ROTATION_REPLACED;
pub use secret_shared_database::SECRET_SHARED_DATABASE;
pub use secret_short::SECRET_SHORT;

pub const RULES: &[&Rule] = &[
    &SECRET_MISSING,
    &SECRET_SHORT,
    &SECRET_DIFFERS,
    &SECRET_SHARED_DATABASE,
    &SECRET_ROTATION_REPLACED,
    &SECRET_PUBLIC,
    &SECRET_IN_CODE,
    &SECRET_IN_EXAMPLE,
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

/// The environment an env file belongs to: `production` for `.env.production`
/// and `.env.production.local`; `None` for `.env` and `.env.local`, which
/// every environment reads.
fn env_name(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let rest = name.strip_prefix(".env.")?;
    let rest = rest.strip_suffix(".local").unwrap_or(rest);
    (rest != "local" && !rest.is_empty()).then_some(rest)
}

/// Whether the config takes versioned secrets (`secrets` or BETTER_AUTH_SECRETS).
fn versioned_secrets(model: &Model) -> bool {
    model.configs.iter().any(|c| c.options.get("secrets").is_some())
        || model.project.envs.iter().any(|e| e.values.get("BETTER_AUTH_SECRETS").is_some_and(|v| !v.is_empty()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules::example_messages as found;

    #[test]
    fn environments_are_named_by_their_env_files() {
        assert_eq!(env_name("web/.env.production"), Some("production"));
        assert_eq!(env_name(".env.staging.local"), Some("staging"));
        assert_eq!(env_name("web/.env.local"), None);
        assert_eq!(env_name(".env"), None);
    }

    #[test]
    fn shared_database_findings_name_the_environments_and_the_secret_line() {
        let [local_and_production, staging_and_production] = SECRET_SHARED_DATABASE.invalid else { panic!() };
        assert_eq!(
            found(&SECRET_SHARED_DATABASE, local_and_production),
            [
                "web/.env.production:2 development and production use the same database but different secrets: the jwks private key only decrypts with one, /api/auth/token answers 500 in the other"
            ]
        );
        let staging = found(&SECRET_SHARED_DATABASE, staging_and_production);
        assert_eq!(staging.len(), 1, "{staging:?}");
        assert!(staging[0].starts_with("web/.env.staging:1 production and staging"), "{staging:?}");
        // secret-differs leaves environment files to this rule: one finding, not two.
        assert!(found(&SECRET_DIFFERS, local_and_production).is_empty());
    }

    #[test]
    fn a_former_secret_is_reported_at_its_line() {
        let found = found(&SECRET_ROTATION_REPLACED, SECRET_ROTATION_REPLACED.invalid[1]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("web/.env.production:3 BETTER_AUTH_SECRET_PREVIOUS keeps a former secret"),
            "{found:?}"
        );
    }
}
