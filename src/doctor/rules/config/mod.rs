//! The Better Auth config and where it is served: the config itself, the
//! Next.js route handler, options that do not exist, baseURL, proxy.ts.

use crate::doctor::Severity::{Error, Info, Warning};
use crate::doctor::model::Host;
use crate::doctor::project::{Side, inside};
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::Value;

mod auth_config_missing;
mod middleware_renamed;
mod no_base_url;
mod route_handler_missing;
mod route_handler_wrong;
mod unknown_option;

pub use auth_config_missing::AUTH_CONFIG_MISSING;
pub use middleware_renamed::MIDDLEWARE_RENAMED;
pub use no_base_url::NO_BASE_URL;
pub use route_handler_missing::ROUTE_HANDLER_MISSING;
pub use route_handler_wrong::ROUTE_HANDLER_WRONG;
pub use unknown_option::UNKNOWN_OPTION;

pub const RULES: &[&Rule] = &[
    &AUTH_CONFIG_MISSING,
    &ROUTE_HANDLER_MISSING,
    &ROUTE_HANDLER_WRONG,
    &UNKNOWN_OPTION,
    &NO_BASE_URL,
    &MIDDLEWARE_RENAMED,
];

/// The path Better Auth's routes are served under: the config's `basePath`,
/// `/api/auth` without one, `None` when it is a value doctor cannot read.
/// Better Auth's base path (`/api/auth` unless the config sets `basePath`).
pub fn base_path(model: &crate::doctor::model::Model) -> Option<String> {
    let Some(config) = model.configs.first() else { return Some("/api/auth".into()) };
    match config.options.get("basePath") {
        None => Some("/api/auth".into()),
        Some(value) => model.resolve(config.file, value).str().map(|s| s.trim_end_matches('/').to_string()),
    }
}

/// `app{base}/[...all]/route.ts`, `[[...all]]`, `pages{base}/[...all].ts`
/// (`base` being `/api/auth` by default), under `src/` too.
fn is_route_handler(path: &str, base: &str) -> bool {
    let Some((dir, name)) = path.rsplit_once('/') else { return false };
    let catch_all = |segment: &str| {
        (segment.starts_with("[...") && segment.ends_with(']'))
            || (segment.starts_with("[[...") && segment.ends_with("]]"))
    };
    if name.starts_with("route.") {
        let Some((folder, last)) = dir.rsplit_once('/') else { return false };
        return catch_all(last) && folder.ends_with(&format!("app{base}"));
    }
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    catch_all(stem) && dir.ends_with(&format!("pages{base}"))
}

const JWT_OPTIONS: &[&str] = &["jwks", "jwt", "schema", "disableSettingJwtHeader", "adapter", "sessionCookieCache"];
const JWKS_OPTIONS: &[&str] = &[
    "keyPairConfig",
    "keyPairConfigs",
    "disablePrivateKeyEncryption",
    "rotationInterval",
    "gracePeriod",
    "jwksPath",
    "remoteUrl",
];
const JWT_JWT_OPTIONS: &[&str] = &["issuer", "audience", "expirationTime", "definePayload", "getSubject", "sign"];
const SESSION_OPTIONS: &[&str] = &[
    "modelName",
    "fields",
    "additionalFields",
    "expiresIn",
    "updateAge",
    "disableSessionRefresh",
    "deferSessionRefresh",
    "storeSessionInDatabase",
    "preserveSessionInDatabase",
    "cookieCache",
    "freshAge",
];

/// The options of `betterAuth()` (better-auth 1.7, `BetterAuthOptions` in
/// @better-auth/core's types).
const TOP_LEVEL_OPTIONS: &[&str] = &[
    "appName",
    "baseURL",
    "basePath",
    "secret",
    "secrets",
    "database",
    "secondaryStorage",
    "emailVerification",
    "emailAndPassword",
    "socialProviders",
    "plugins",
    "user",
    "session",
    "account",
    "verification",
    "trustedOrigins",
    "rateLimit",
    "advanced",
    "logger",
    "databaseHooks",
    "onAPIError",
    "hooks",
    "disabledPaths",
    "telemetry",
    "experimental",
];
/// `emailAndPassword`'s options (same source).
const EMAIL_PASSWORD_OPTIONS: &[&str] = &[
    "enabled",
    "disableSignUp",
    "requireEmailVerification",
    "maxPasswordLength",
    "minPasswordLength",
    "sendResetPassword",
    "resetPasswordTokenExpiresIn",
    "onPasswordReset",
    "password",
    "autoSignIn",
    "revokeSessionsOnPasswordReset",
    "onExistingUserSignUp",
    "customSyntheticUser",
];
/// Options from other libraries' docs, with where Better Auth has them.
const FOREIGN_OPTIONS: &[(&str, &str)] = &[
    ("trustHost", "Auth.js's; Better Auth trusts baseURL and trustedOrigins"),
    ("providers", "Auth.js's; Better Auth's are socialProviders"),
    ("callbacks", "Auth.js's; Better Auth has hooks and databaseHooks"),
    ("pages", "Auth.js's; Better Auth serves no pages"),
    ("fetchOptions", "createAuthClient()'s, not betterAuth()'s"),
    ("adapter", "Auth.js's; Better Auth takes the adapter as database"),
];

/// The option a finding's message names first (`\`baseUrl\` is not ...`).
fn named_option(message: &str) -> Option<&str> {
    message.split('`').nth(1).map(|k| k.split([':', ' ']).next().unwrap_or(k))
}

/// The top-level options `betterAuth()` does not have, each with a hint.
fn unknown_top_level(options: &Value, out: &mut Vec<String>) {
    let Value::Object(pairs) = options else { return };
    for (key, value) in pairs {
        if key.starts_with("...") || TOP_LEVEL_OPTIONS.contains(&key.as_str()) {
            if key == "database" && value.get("provider").is_some() && value.get("url").is_some() {
                out.push("`database: { provider, url }` is another library's shape: pass a driver (new Pool(...)) or an adapter (prismaAdapter, drizzleAdapter)".into());
            }
            continue;
        }
        let hint = FOREIGN_OPTIONS.iter().find(|(name, _)| name == key).map(|(_, hint)| format!(" ({hint})"));
        let typo = TOP_LEVEL_OPTIONS
            .iter()
            .find(|known| known.eq_ignore_ascii_case(key))
            .map(|k| format!(" (did you mean `{k}`?)"));
        out.push(format!("`{key}` is not an option of betterAuth(){}", hint.or(typo).unwrap_or_default()));
    }
}

fn unknown_keys(value: Option<&Value>, known: &[&str], at: &str, out: &mut Vec<String>) {
    if let Some(Value::Object(pairs)) = value {
        let unknown: Vec<String> =
            pairs.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, _)| format!("`{k}`")).collect();
        match unknown.as_slice() {
            [] => {}
            [one] => out.push(format!("{one} is not an option of {at}")),
            many => out.push(format!("{} are not options of {at}", many.join(", "))),
        }
    }
}
