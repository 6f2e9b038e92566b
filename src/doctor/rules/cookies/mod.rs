//! Cookies in production: their domain, whether a cross-site app gets them
//! back, and the names code reads them by.

use crate::doctor::Severity::Error;
use crate::doctor::model::{Config, Model, Resolved, origin};
use crate::doctor::rules::origins::{STAGES, base_url_at, host_of, loopback, served};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::Value;

mod cookie_domain_public_suffix;
mod cookie_prefix_not_passed;
mod cross_site_cookies;

pub use cookie_domain_public_suffix::COOKIE_DOMAIN_PUBLIC_SUFFIX;
pub use cookie_prefix_not_passed::COOKIE_PREFIX_NOT_PASSED;
pub use cross_site_cookies::CROSS_SITE_COOKIES;

pub const RULES: &[&Rule] = &[&COOKIE_DOMAIN_PUBLIC_SUFFIX, &CROSS_SITE_COOKIES, &COOKIE_PREFIX_NOT_PASSED];

/// The config's `advanced.cookiePrefix` when it resolves to a custom one.
pub(in crate::doctor::rules) fn custom_prefix(model: &Model) -> Option<String> {
    model.configs.iter().find_map(|config| {
        let value = config.options.path("advanced.cookiePrefix")?;
        let prefix = model.resolve(config.file, value).str()?.to_string();
        (prefix != "better-auth" && !prefix.is_empty()).then_some(prefix)
    })
}

/// The registrable domain of an origin's host (`example.com` for
/// `https://app.example.com`), from the Public Suffix List.
fn site(origin: &str) -> Option<String> {
    let host = host_of(origin);
    if loopback(origin) || host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let domain = psl::domain(host.as_bytes()).filter(|d| d.suffix().is_known())?;
    std::str::from_utf8(domain.as_bytes()).ok().map(str::to_string)
}
