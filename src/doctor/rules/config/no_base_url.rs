//! `no-base-url`: the jwt plugin is on but neither baseURL nor BETTER_AUTH_URL is set.

use super::*;

pub static NO_BASE_URL: Rule = Rule {
    id: "no-base-url",
    severity: Warning,
    summary: "neither baseURL nor BETTER_AUTH_URL is set while tokens, email links or OAuth callbacks need it",
    doc: "The jwt plugin's `iss` and `aud` are the origin of `baseURL`. With neither `baseURL` nor BETTER_AUTH_URL \
they follow each request's Host header (`localhost` and `127.0.0.1` then give different tokens, and a proxy's \
internal host leaks in), so the backend's issuer/audience check fails depending on how the app was reached. \
Verification and reset emails and OAuth callbacks are built from the same base URL: behind a proxy or a preview \
host they point somewhere the user cannot reach. Not reported for a config with none of these.",
    fix: "set BETTER_AUTH_URL (and pass baseURL: process.env.BETTER_AUTH_URL)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true, requireEmailVerification: true }, emailVerification: { sendVerificationEmail: async () => {} } });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env.example\nBETTER_AUTH_URL=http://localhost:3000\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.APP_URL, socialProviders: { github: { clientId: \"x\", clientSecret: \"y\" } } });\n",
    ],
    autofix: None,
    check: |model| {
        if model.env_named("BETTER_AUTH_URL") || !model.config_live() {
            return Vec::new();
        }
        if let Some((config, plugin)) = model.jwt_plugin() {
            if config.options.get("baseURL").is_some() {
                return Vec::new();
            }
            return vec![Hit::at(
                &model.file(config.file).path,
                plugin.line,
                "no baseURL and no BETTER_AUTH_URL: the tokens' issuer and audience follow each request's Host header",
            )];
        }
        model
            .configs
            .iter()
            .filter(|c| c.options.get("baseURL").is_none() && builds_links(&c.options))
            .map(|c| {
                Hit::at(
                    &model.file(c.file).path,
                    c.call.line,
                    "no baseURL and no BETTER_AUTH_URL: email links and OAuth callbacks follow each request's Host header",
                )
            })
            .collect()
    },
};

/// The config sends emails with links (verification, password reset) or
/// signs in with OAuth providers, whose callback URL is built from baseURL.
fn builds_links(options: &Value) -> bool {
    options.path("emailVerification.sendVerificationEmail").is_some()
        || options.path("emailAndPassword.sendResetPassword").is_some()
        || matches!(options.get("socialProviders"), Some(Value::Object(p)) if !p.is_empty())
}

examples_test!(NO_BASE_URL);
