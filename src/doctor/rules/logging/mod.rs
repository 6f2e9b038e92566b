//! Tokens written where they outlive the request.

use crate::doctor::Severity::{Error, Warning};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::{Module, Value};

mod secret_logged;
mod token_logged;

pub use secret_logged::SECRET_LOGGED;
pub use token_logged::TOKEN_LOGGED;

pub const RULES: &[&Rule] = &[&TOKEN_LOGGED, &SECRET_LOGGED];

const TOKEN_NAMES: &[&str] = &[
    "token",
    "jwt",
    "access_token",
    "accesstoken",
    "id_token",
    "idtoken",
    "authorization",
    "auth_header",
    "authheader",
    "bearer",
    "credentials",
    "session_token",
    "sessiontoken",
];

pub fn is_log(callee: &str) -> bool {
    let (receiver, method) = callee.rsplit_once('.').unwrap_or(("", callee));
    let receiver = receiver.to_ascii_lowercase();
    (callee == "print")
        || (matches!(
            receiver.as_str(),
            "console" | "logger" | "logging" | "log" | "this.logger" | "self.logger" | "app.logger"
        ) && matches!(method, "log" | "info" | "debug" | "warn" | "warning" | "error" | "trace" | "exception"))
}

/// A variable holding a credential: `token`, `access_token`, `credentials.credentials`,
/// `request.headers.authorization` (not `coupon.token`).
fn names_a_token(v: &Value) -> bool {
    let credential = |path: &str| {
        let path = path.trim().to_ascii_lowercase();
        let (receiver, last) = path.rsplit_once('.').unwrap_or(("", &path));
        let receiver_ok = receiver.is_empty()
            || receiver.ends_with("headers")
            || receiver.ends_with("credentials")
            || receiver == "session";
        TOKEN_NAMES.contains(&last) && receiver_ok
    };
    match v {
        Value::Name(n) => credential(n),
        Value::Template(t) => t.split(['{', '}']).skip(1).step_by(2).any(credential),
        _ => false,
    }
}

/// The file deals with bearer tokens: it verifies one, or reads the Authorization header.
fn handles_tokens(m: &Module) -> bool {
    ["jose", "jsonwebtoken", "jwt", "better-auth", "fastapi.security"].iter().any(|lib| m.imports_from(lib))
        || m.strings.iter().any(|(s, _)| {
            let s = s.to_ascii_lowercase();
            s.starts_with("bearer") || s == "authorization"
        })
        || m.calls
            .iter()
            .any(|c| c.method() == "token" && c.receiver().is_some_and(|r| r.to_ascii_lowercase().contains("auth")))
}
