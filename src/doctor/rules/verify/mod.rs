//! How the backend checks the token: unverified decodes, algorithms, claims,
//! keys, libraries, and identities taken from somewhere else.

use crate::doctor::Severity::{Error, Warning};
use crate::doctor::model::{Lib, Model, Token, Verifier, secret_key_name};
use crate::doctor::project::{Scope, Side};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::{Call, Module, Value};

mod alg_from_token;
mod alg_mismatch;
mod audience_from_request;
mod backend_uses_secret;
mod claims_unchecked;
mod decode_unverified;
mod identity_from_header;
mod jwt_plugin_missing;
mod pyjwt_audience_missing;
mod pyjwt_without_crypto;
mod python_jose_eddsa;
mod shared_secret_scheme;
mod signature_manual;

pub use alg_from_token::ALG_FROM_TOKEN;
pub use alg_mismatch::ALG_MISMATCH;
pub use audience_from_request::AUDIENCE_FROM_REQUEST;
pub use backend_uses_secret::BACKEND_USES_SECRET;
pub use claims_unchecked::CLAIMS_UNCHECKED;
pub use decode_unverified::DECODE_UNVERIFIED;
pub use identity_from_header::IDENTITY_FROM_HEADER;
pub use jwt_plugin_missing::JWT_PLUGIN_MISSING;
pub use pyjwt_audience_missing::PYJWT_AUDIENCE_MISSING;
pub use pyjwt_without_crypto::PYJWT_WITHOUT_CRYPTO;
pub use python_jose_eddsa::PYTHON_JOSE_EDDSA;
pub use shared_secret_scheme::SHARED_SECRET_SCHEME;
pub use signature_manual::SIGNATURE_MANUAL;

pub const RULES: &[&Rule] = &[
    &DECODE_UNVERIFIED,
    &ALG_FROM_TOKEN,
    &CLAIMS_UNCHECKED,
    &PYJWT_AUDIENCE_MISSING,
    &SIGNATURE_MANUAL,
    &ALG_MISMATCH,
    &BACKEND_USES_SECRET,
    &SHARED_SECRET_SCHEME,
    &JWT_PLUGIN_MISSING,
    &PYTHON_JOSE_EDDSA,
    &PYJWT_WITHOUT_CRYPTO,
    &AUDIENCE_FROM_REQUEST,
    &IDENTITY_FROM_HEADER,
];

/// Whether `value`, or a variable of `function` it names (followed through
/// assignments in that function), satisfies `pred`.
pub fn derived(m: &Module, function: Option<usize>, value: &Value, pred: &dyn Fn(&Value) -> bool) -> bool {
    let mut names: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut hit = false;
    let mut check = |v: &Value, names: &mut Vec<String>| {
        v.walk(&mut |inner| {
            if pred(inner) {
                hit = true;
            }
            match inner {
                Value::Name(n) => names.push(n.split(['.', '[']).next().unwrap_or(n).to_string()),
                Value::Other(text) => names.extend(words(text)),
                Value::Template(text) => names.extend(words(text)),
                _ => {}
            }
        });
    };
    check(value, &mut names);
    while let Some(name) = names.pop() {
        if seen.contains(&name) || seen.len() > 50 {
            continue;
        }
        seen.push(name.clone());
        for b in m.bindings.iter().filter(|b| b.name == name && (b.function == function || b.function.is_none())) {
            check(&b.value, &mut names);
        }
    }
    hit
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn is_call_to(v: &Value, methods: &[&str]) -> bool {
    match v {
        Value::Call(c) => methods.contains(&c.method()),
        Value::Other(t) => methods.iter().any(|m| t.contains(&format!("{m}("))),
        _ => false,
    }
}

/// A function name that says it authenticates.
fn auth_function(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "verify",
        "auth",
        "user",
        "token",
        "validate",
        "decode",
        "current",
        "session",
        "principal",
        "identity",
        "require",
        "guard",
    ]
    .iter()
    .any(|w| name.contains(w))
}

fn function_name(m: &Module, call: &Call) -> String {
    call.function.and_then(|f| m.functions.get(f)).map(|f| f.name.clone()).unwrap_or_default()
}

/// A finding at the verify call `v`.
fn at_call(model: &Model, v: &Verifier, message: impl Into<String>) -> Hit {
    Hit::at(&model.file(v.file).path, v.call.line, message)
}

fn checked<'a>(model: &'a Model) -> impl Iterator<Item = &'a Verifier> {
    model.verifiers.iter().filter(|v| !v.unverified)
}

/// Whether `value` holds the call starting at `start`.
fn holds_call(value: &Value, start: usize) -> bool {
    let mut found = false;
    value.walk(&mut |v| found |= matches!(v, Value::Call(c) if c.start == start));
    found
}

/// An unverified decode is trusted when its function returns it (directly or
/// through a variable) or when nothing in that function verifies the token.
fn trusted(model: &Model, v: &Verifier) -> bool {
    let m = &model.file(v.file).module;
    let here = |b: &&crate::doctor::syntax::Binding| b.function == v.call.function;
    let returns: Vec<&Value> =
        m.bindings.iter().filter(here).filter(|b| b.name == "return").map(|b| &b.value).collect();
    let names: Vec<&str> = m
        .bindings
        .iter()
        .filter(here)
        .filter(|b| b.name != "return" && holds_call(&b.value, v.call.start))
        .map(|b| b.name.as_str())
        .collect();
    let returned = returns.iter().any(|r| {
        holds_call(r, v.call.start)
            || names.iter().any(|n| derived(m, v.call.function, r, &|x| matches!(x, Value::Name(x) if x == n)))
    });
    let verified_here = checked(model).any(|c| c.file == v.file && c.call.function == v.call.function);
    returned || !verified_here
}

/// The algorithms a verifier allows, when the files say.
pub fn allowed_algs(model: &Model, v: &Verifier) -> Option<Vec<String>> {
    if matches!(v.lib, Lib::Jwx | Lib::GolangJwt) {
        return model.go_algs(v);
    }
    let value = match v.lib {
        Lib::Jose | Lib::JsonWebToken => v.call.positional(2).and_then(|o| o.get("algorithms")),
        _ => v.call.keyword("algorithms").or_else(|| v.call.positional(2)),
    }?;
    model.resolve(v.file, value).items()
}

fn secret_like(model: &Model, file: usize, value: &Value) -> bool {
    let mut found = false;
    value.walk(&mut |v| match v {
        Value::Env { key, .. } => found |= secret_key_name(key),
        Value::Name(n) => {
            found |= n.rsplit('.').next().is_some_and(|last| last.to_ascii_lowercase().contains("secret"))
        }
        _ => {}
    });
    found
        || matches!(value, Value::Name(n) if model.file(file).module.constant(n).is_some_and(|c| secret_like(model, file, c)))
}

fn header_value(v: &Value, names: &[&str]) -> bool {
    let hit = |s: &str| names.iter().any(|n| s.eq_ignore_ascii_case(n));
    match v {
        Value::Call(c) => {
            let r = c.receiver().unwrap_or("").to_ascii_lowercase();
            (r.ends_with("headers")
                || matches!(c.method(), "header" | "get") && (r.ends_with("req") || r.ends_with("request")))
                && c.positional(0).and_then(Value::str).is_some_and(hit)
        }
        Value::Name(n) => {
            let lower = n.to_ascii_lowercase();
            names.iter().any(|h| lower.ends_with(&format!("headers.{}", h.to_ascii_lowercase())))
        }
        Value::Other(t) => names.iter().any(|h| {
            let t = t.to_ascii_lowercase();
            let h = h.to_ascii_lowercase();
            t.contains("headers")
                && (t.contains(&format!("\"{h}\""))
                    || t.contains(&format!("'{h}'"))
                    || t.contains(&format!("headers.{h}")))
        }),
        _ => false,
    }
}

fn user_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('_', "-");
    let n = n.strip_prefix("x-").unwrap_or(&n);
    matches!(
        n,
        "user-id"
            | "userid"
            | "user"
            | "user-email"
            | "auth-user"
            | "auth-user-id"
            | "authenticated-user"
            | "remote-user"
            | "account-id"
            | "uid"
    )
}
