//! Next.js specifics: `nextCookies()` for server actions, and middleware
//! that needs the Node.js runtime while it runs on the Edge runtime.

use crate::doctor::Severity::{Error, Warning};
use crate::doctor::model::{Config, Host, Model};
use crate::doctor::project::{File, inside};
use crate::doctor::rules::versions::installed;
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::{Call, Value};

mod middleware_edge_auth;
mod next_cookies_missing;
mod next_cookies_not_last;

pub use middleware_edge_auth::MIDDLEWARE_EDGE_AUTH;
pub use next_cookies_missing::NEXT_COOKIES_MISSING;
pub use next_cookies_not_last::NEXT_COOKIES_NOT_LAST;

pub const RULES: &[&Rule] = &[&NEXT_COOKIES_MISSING, &NEXT_COOKIES_NOT_LAST, &MIDDLEWARE_EDGE_AUTH];

/// The config's `plugins: [...]` as written, when it is a list literal.
fn plugins(config: &Config) -> Option<&[Value]> {
    match config.options.get("plugins") {
        Some(Value::List(items)) => Some(items),
        _ => None,
    }
}

/// The `nextCookies()` call in the config's plugins: its index and call.
fn next_cookies<'c>(model: &Model, config: &'c Config) -> Option<(usize, &'c Call)> {
    let file = model.file(config.file);
    let local = file.module.local_name("better-auth/next-js", "nextCookies").unwrap_or("nextCookies");
    plugins(config)?.iter().enumerate().find_map(|(i, p)| p.call().filter(|c| c.callee == local).map(|c| (i, c)))
}

/// `"use server"`: the file's directive or a function's. The grammar keeps
/// directives as string statements; a string that is exactly `use server`
/// is one in practice.
fn server_actions(file: &File) -> bool {
    file.module.strings.iter().any(|(s, _)| s == "use server")
}

/// `auth.api.signInEmail(...)` and the other endpoints that set or clear the
/// session cookie (magic-link sign-in only sends an email).
fn sets_session_cookie(call: &Call) -> bool {
    let method = call.method();
    let api = call.receiver().is_some_and(|r| r == "api" || r.ends_with(".api"));
    let signs = (method.starts_with("signIn") || method.starts_with("signUp")) && method != "signInMagicLink";
    api && (signs || method == "signOut")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules::example_messages as messages;

    #[test]
    fn findings_point_at_the_line_to_change() {
        let [config_import, driver, relative] = MIDDLEWARE_EDGE_AUTH.invalid else { panic!() };
        assert_eq!(
            messages(&MIDDLEWARE_EDGE_AUTH, config_import),
            [
                "web/middleware.ts:2 middleware runs on the Edge runtime here but imports the Better Auth config (\"@/lib/auth\") and its database"
            ]
        );
        assert!(messages(&MIDDLEWARE_EDGE_AUTH, driver)[0].starts_with("web/src/middleware.ts:1 "));
        assert!(messages(&MIDDLEWARE_EDGE_AUTH, driver)[0].ends_with("imports the database driver \"pg\""));
        assert!(
            messages(&MIDDLEWARE_EDGE_AUTH, relative)[0].contains("imports the Better Auth config (\"./lib/auth\")")
        );
        let found = messages(&NEXT_COOKIES_MISSING, NEXT_COOKIES_MISSING.invalid[1]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("web/lib/auth.ts:3 web/app/sign-up/page.tsx:5 calls auth.api.signUpEmail"),
            "{found:?}"
        );
        let found = messages(&NEXT_COOKIES_NOT_LAST, NEXT_COOKIES_NOT_LAST.invalid[0]);
        assert_eq!(
            found,
            ["web/lib/auth.ts:6 nextCookies() comes before twoFactor(): cookies they set are not forwarded"]
        );
    }

    #[test]
    fn an_action_that_sets_the_cookies_itself_is_what_keeps_it_silent() {
        let copies = NEXT_COOKIES_MISSING.valid[3];
        assert!(
            copies.contains("(await cookies()).set(name, value);")
                && messages(&NEXT_COOKIES_MISSING, copies).is_empty()
        );
        let without = copies.replace("  (await cookies()).set(name, value);\n", "");
        assert_eq!(messages(&NEXT_COOKIES_MISSING, &without).len(), 1);
    }

    #[test]
    fn a_server_action_without_a_directive_is_not_one() {
        let example = "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/lib/sign-in.ts\nimport { auth } from \"@/lib/auth\";\nexport const signIn = () => auth.api.signInEmail({ body: {} });\n";
        assert!(messages(&NEXT_COOKIES_MISSING, example).is_empty());
    }
}
