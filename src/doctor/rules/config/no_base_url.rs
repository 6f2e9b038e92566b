//! `no-base-url`: the jwt plugin is on but neither baseURL nor BETTER_AUTH_URL is set.

use super::*;

pub static NO_BASE_URL: Rule = Rule {
    id: "no-base-url",
    severity: Warning,
    summary: "the jwt plugin is on but neither baseURL nor BETTER_AUTH_URL is set",
    doc: "The jwt plugin's `iss` and `aud` are the origin of `baseURL`. With neither `baseURL` nor BETTER_AUTH_URL \
they follow each request's Host header (`localhost` and `127.0.0.1` then give different tokens, and a proxy's \
internal host leaks in), so the backend's issuer/audience check fails depending on how the app was reached. Only \
reported with the jwt plugin: without it there is no issuer to get wrong.",
    fix: "set BETTER_AUTH_URL (and pass baseURL: process.env.BETTER_AUTH_URL)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env.example\nBETTER_AUTH_URL=http://localhost:3000\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n",
    ],
    autofix: None,
    check: |model| {
        let Some((config, plugin)) = model.jwt_plugin() else { return Vec::new() };
        if config.options.get("baseURL").is_some() || model.env_named("BETTER_AUTH_URL") || !model.config_live() {
            return Vec::new();
        }
        vec![Hit::at(
            &model.file(config.file).path,
            plugin.line,
            "no baseURL and no BETTER_AUTH_URL: the tokens' issuer and audience follow each request's Host header",
        )]
    },
};

examples_test!(NO_BASE_URL);
