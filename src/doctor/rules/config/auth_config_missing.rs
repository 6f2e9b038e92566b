//! `auth-config-missing`: the app has an auth client but no betterAuth() config anywhere.

use super::*;

pub static AUTH_CONFIG_MISSING: Rule = Rule {
    id: "auth-config-missing",
    severity: Error,
    summary: "the app has an auth client but no betterAuth() config anywhere",
    doc: "`createAuthClient()` talks to a Better Auth server. When the client points at the app itself (no \
`baseURL`, or the app's own URL) and no `betterAuth({...})` exists in the repository, every call answers 404. Not \
reported when the client points at another service (Better Auth hosted by a Node backend).",
    fix: "create lib/auth.ts with betterAuth({...}) (authgen init writes it)",
    invalid: &["//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n"],
    valid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_API_URL });\n",
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n//- packages/auth/index.ts\nexport const auth = betterAuth({});\n",
    ],
    autofix: None,
    check: |model| {
        if model.host != Host::Missing {
            return Vec::new();
        }
        model
            .clients
            .iter()
            .filter(|c| model.file(c.file).side == Side::App)
            .filter(|c| match c.options.get("baseURL") {
                None => true,
                Some(Value::Env { key, .. }) => key == "BETTER_AUTH_URL" || key.ends_with("APP_URL"),
                Some(_) => false,
            })
            .map(|c| {
                Hit::at(
                    &model.file(c.file).path,
                    c.call.line,
                    "createAuthClient() talks to this app, but no betterAuth() config exists",
                )
            })
            .take(1)
            .collect()
    },
};

examples_test!(AUTH_CONFIG_MISSING);
