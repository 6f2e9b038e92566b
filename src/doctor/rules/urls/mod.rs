//! Where the backend looks: the JWKS URL, the expected issuer and audience,
//! and localhost addresses that would reach production.

use crate::doctor::Severity::{Error, Warning};
use crate::doctor::model::{Lib, Model, Resolved, Token, Verifier, origin};
use crate::doctor::project::{Scope, Side};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::{Binding, Lang, Value};

mod issuer_audience_mismatch;
mod jwks_url;
mod localhost_default;
mod localhost_hardcoded;
mod localhost_in_production;

pub use issuer_audience_mismatch::ISSUER_AUDIENCE_MISMATCH;
pub use jwks_url::JWKS_URL;
pub use localhost_default::LOCALHOST_DEFAULT;
pub use localhost_hardcoded::LOCALHOST_HARDCODED;
pub use localhost_in_production::LOCALHOST_IN_PRODUCTION;

pub const RULES: &[&Rule] =
    &[&JWKS_URL, &ISSUER_AUDIENCE_MISMATCH, &LOCALHOST_DEFAULT, &LOCALHOST_HARDCODED, &LOCALHOST_IN_PRODUCTION];

/// The path Better Auth serves the keys at: basePath + jwks.jwksPath.
pub fn jwks_path(model: &Model) -> Option<String> {
    let (config, plugin) = model.jwt_plugin()?;
    let base = crate::doctor::rules::config::base_path(model)?;
    let jwks = match plugin.positional(0).and_then(|o| o.path("jwks.jwksPath")) {
        Some(v) => model.resolve(config.file, v).str()?.to_string(),
        None => "/jwks".to_string(),
    };
    Some(format!("{}/{}", base.trim_end_matches('/'), jwks.trim_start_matches('/')))
}

fn localhost(v: &str) -> bool {
    v.contains("://localhost") || v.contains("://127.0.0.1") || v.contains("://0.0.0.0")
}

fn url_key(key: &str) -> bool {
    ["URL", "JWKS", "ISSUER", "AUDIENCE", "ORIGIN"].iter().any(|k| key.contains(k))
}

/// A setting the token check depends on: where the keys are, what the
/// tokens must say, which origins may call (not a storage or mail server).
fn auth_url_key(key: &str) -> bool {
    ["AUTH", "JWKS", "JWT", "ISSUER", "AUDIENCE", "ORIGIN", "CORS", "APP_URL", "SITE_URL", "FRONTEND_URL"]
        .iter()
        .any(|k| key.contains(k))
}
