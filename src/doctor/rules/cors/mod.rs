//! CORS on the backend: which origins may call it from a browser.

use crate::doctor::Severity::Error;
use crate::doctor::model::{Host, Model, Resolved};
use crate::doctor::project::Side;
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::{Call, Value};

mod cors_origin;
mod cors_wildcard_credentials;

pub use cors_origin::CORS_ORIGIN;
pub use cors_wildcard_credentials::CORS_WILDCARD_CREDENTIALS;

pub const RULES: &[&Rule] = &[&CORS_WILDCARD_CREDENTIALS, &CORS_ORIGIN];

/// A CORS setup: Starlette's `add_middleware(CORSMiddleware, ...)` or `cors({...})`.
struct Cors<'m> {
    file: usize,
    call: &'m Call,
    origins: Option<&'m Value>,
    credentials: bool,
    regex: bool,
}

fn cors_setups<'m>(model: &'m Model) -> Vec<Cors<'m>> {
    let mut out = Vec::new();
    for (i, f) in model.code().filter(|(_, f)| f.side != Side::App) {
        for c in &f.module.calls {
            let starlette =
                c.method() == "add_middleware" && c.positional(0) == Some(&Value::Name("CORSMiddleware".into()));
            if starlette {
                out.push(Cors {
                    file: i,
                    call: c,
                    origins: c.keyword("allow_origins"),
                    credentials: c.keyword("allow_credentials") == Some(&Value::Bool(true)),
                    regex: c.keyword("allow_origin_regex").is_some(),
                });
            } else if c.callee == "cors" || f.module.local_name("cors", "default") == Some(c.callee.as_str()) {
                let options = c.positional(0);
                out.push(Cors {
                    file: i,
                    call: c,
                    origins: options.and_then(|o| o.get("origin")),
                    credentials: options.and_then(|o| o.get("credentials")) == Some(&Value::Bool(true)),
                    regex: false,
                });
            }
        }
    }
    out
}

/// The backend reads cookies (`request.cookies`, `Cookie(...)`, `req.cookies`)
/// or serves Better Auth, whose session is a cookie.
fn reads_cookies(model: &Model) -> bool {
    model.host == Host::Node
        || model.code().filter(|(_, f)| f.side != Side::App).any(|(_, f)| {
            f.module.accesses.iter().any(|a| a.path.ends_with(".cookies") || a.path.contains(".cookies."))
                || f.module.calls.iter().any(|c| c.callee == "Cookie" || c.callee.contains(".cookies."))
                || f.module.params.iter().any(|p| p.default.call().is_some_and(|c| c.callee == "Cookie"))
        })
}
