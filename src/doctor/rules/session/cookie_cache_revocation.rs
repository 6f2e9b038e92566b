//! `cookie-cache-revocation`: the cookie cache keeps revoked and banned sessions alive until it expires.

use super::*;

pub static COOKIE_CACHE_REVOCATION: Rule = Rule {
    id: "cookie-cache-revocation",
    severity: Info,
    summary: "with the cookie cache on, a revoked or banned session keeps working until the cache expires",
    doc: "With `session.cookieCache.enabled`, `getSession` answers from a signed `session_data` cookie and reads \
the database only when that cookie is older than `maxAge` (300 s by default). Revoking a session \
(`revokeSession(s)`, `revokeOtherSessions`, multi-session's revoke, a password reset with \
`revokeSessionsOnPasswordReset`) or banning a user (admin plugin) deletes the database rows, but a device holding \
a fresh cache cookie stays signed in until it expires. That is the trade the cache makes, so with the default \
5 minutes this is information (severity info); a `maxAge` above the default stretches the window a banned user \
keeps access (warning). To shorten it: a smaller `maxAge` (e.g. 60), `getSession({ query: { \
disableCookieCache: true } })` where a revoked session must be refused at once (admin pages, payments), or \
bumping `cookieCache.version` to invalidate every cache cookie.",
    fix: "lower session.cookieCache.maxAge (e.g. 60) or pass query: { disableCookieCache: true } to getSession where revocation must be immediate",
    invalid: &[
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { admin } from \"better-auth/plugins\";\nexport const auth = betterAuth({\n  session: { cookieCache: { enabled: true, maxAge: 60 * 60 * 24 } },\n  plugins: [admin()],\n});\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true } } });\n//- web/app/settings/actions.ts\n\"use server\";\nexport async function signOutEverywhere() {\n  await auth.api.revokeOtherSessions({ headers: await headers() });\n}\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { multiSession } from \"better-auth/plugins\";\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, maxAge: 300 } }, plugins: [multiSession()] });\n",
    ],
    valid: &[
        // No cookie cache: every getSession reads the database.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { admin } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [admin()] });\n",
        // A cache, nothing revokes sessions.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, maxAge: 300 } } });\n",
        // The cache is written but off.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { admin } from \"better-auth/plugins\";\nexport const auth = betterAuth({ session: { cookieCache: { enabled: false } }, plugins: [admin()] });\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            if config.options.path("session.cookieCache.enabled") != Some(&Value::Bool(true)) {
                continue;
            }
            let Some(why) = revocation(model, config) else { continue };
            let age = max_age(config);
            let window = age.map_or("maxAge".to_string(), |s| format!("{s} s"));
            let hit = Hit::at(
                &model.file(config.file).path,
                model.option_line(config, "session.cookieCache"),
                format!(
                    "session.cookieCache is on and {why}: a revoked session keeps passing getSession for up to {window}"
                ),
            );
            hits.push(if age.is_some_and(|s| s > DEFAULT_MAX_AGE) { hit.severity(Warning) } else { hit });
        }
        hits
    },
};

examples_test!(COOKIE_CACHE_REVOCATION);

#[cfg(test)]
mod lines {
    #[test]
    fn the_finding_points_at_the_cookie_cache_option() {
        let example = "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  session: {\n    cookieCache: { enabled: true, maxAge: 600 },\n  },\n  plugins: [admin()],\n});\n";
        let found = crate::doctor::rules::example_messages(&super::COOKIE_CACHE_REVOCATION, example);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("web/lib/auth.ts:4 "), "{found:?}");
    }
}
