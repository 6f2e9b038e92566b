//! Sessions: what the cookie cache does to revocation.

use crate::doctor::Severity::{Error, Info, Warning};
use crate::doctor::model::{Config, Model};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::Value;

mod cookie_cache_claims;
mod cookie_cache_revocation;

pub use cookie_cache_claims::COOKIE_CACHE_CLAIMS;
pub use cookie_cache_revocation::COOKIE_CACHE_REVOCATION;

pub const RULES: &[&Rule] = &[&COOKIE_CACHE_REVOCATION, &COOKIE_CACHE_CLAIMS];

/// better-auth's cookie cache lifetime without `maxAge` (`maxAge || 300`).
const DEFAULT_MAX_AGE: u64 = 300;

/// Calls that end other sessions: a user's own, an admin's, a ban.
const REVOKING_METHODS: &[&str] = &[
    "revokeSession",
    "revokeSessions",
    "revokeOtherSessions",
    "revokeUserSession",
    "revokeUserSessions",
    "revokeDeviceSession",
    "banUser",
];

/// `session.cookieCache.maxAge` in seconds: a number or a product of numbers
/// (`60 * 60`); the default when absent; `None` when doctor cannot tell.
fn max_age(config: &Config) -> Option<u64> {
    match config.options.path("session.cookieCache.maxAge") {
        None => Some(DEFAULT_MAX_AGE),
        Some(Value::Num(n)) => n.replace('_', "").parse().ok(),
        Some(Value::Other(expr)) => {
            expr.split('*').map(|f| f.trim().replace('_', "").parse::<u64>().ok()).product::<Option<u64>>()
        }
        Some(_) => None,
    }
}

/// What revokes sessions in this integration, for the message: a plugin in
/// the config, an option, or the first revoking call in the code.
fn revocation(model: &Model, config: &Config) -> Option<String> {
    let file = model.file(config.file);
    let plugin = |name: &str, modules: &[&str]| {
        let local = modules.iter().find_map(|m| file.module.local_name(m, name)).unwrap_or(name);
        let Some(Value::List(plugins)) = config.options.get("plugins") else { return false };
        plugins.iter().filter_map(Value::call).any(|c| c.callee == local)
    };
    if plugin("admin", &["better-auth/plugins", "better-auth/plugins/admin"]) {
        return Some("the admin plugin bans users and revokes their sessions".into());
    }
    if plugin("multiSession", &["better-auth/plugins", "better-auth/plugins/multi-session"]) {
        return Some("the multi-session plugin revokes device sessions".into());
    }
    if config.options.path("emailAndPassword.revokeSessionsOnPasswordReset") == Some(&Value::Bool(true)) {
        return Some("a password reset revokes the other sessions".into());
    }
    model.code().find_map(|(_, f)| {
        let call = f.module.calls.iter().find(|c| c.receiver().is_some() && REVOKING_METHODS.contains(&c.method()))?;
        Some(format!("{}:{} calls {}", f.path, call.line, call.callee))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Severity;
    use crate::doctor::project::Project;

    fn found(example: &str) -> Vec<(Severity, String)> {
        let project = Project::from_example(example);
        crate::doctor::rules::run(&COOKIE_CACHE_REVOCATION, &Model::build(&project))
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn a_window_longer_than_the_default_is_a_warning() {
        let [day, default, five_minutes] = COOKIE_CACHE_REVOCATION.invalid else { panic!() };
        let (severity, message) = &found(day)[0];
        assert_eq!(*severity, Severity::Warning);
        assert!(message.contains("admin plugin") && message.ends_with("up to 86400 s"), "{message}");
        let (severity, message) = &found(default)[0];
        assert_eq!(*severity, Severity::Info);
        assert!(message.contains("web/app/settings/actions.ts:3 calls auth.api.revokeOtherSessions"), "{message}");
        assert!(message.ends_with("up to 300 s"), "{message}");
        assert_eq!(found(five_minutes)[0].0, Severity::Info);
    }
}
