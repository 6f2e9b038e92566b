//! `auth-config-missing`: the app has an auth client but no betterAuth() config anywhere.

use super::*;
use crate::doctor::model::Model;

pub static AUTH_CONFIG_MISSING: Rule = Rule {
    id: "auth-config-missing",
    severity: Error,
    summary: "the app has an auth client or route handler but no betterAuth() config anywhere",
    doc: "`createAuthClient()` talks to a Better Auth server. When the client points at the app itself (no \
`baseURL`, or the app's own URL) and no `betterAuth({...})` exists in the repository, every call answers 404. Not \
reported when the client points at another service (Better Auth hosted by a Node backend). A route handler that \
imports a config that exists nowhere fails to build the same way.",
    fix: "create lib/auth.ts with betterAuth({...}) (authgen init writes it)",
    invalid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n",
        "//- web/app/api/auth/[...all]/route.ts\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = toNextJsHandler(auth);\n",
    ],
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
            .chain(handlers_without_config(model))
            .take(1)
            .collect()
    },
};

/// Route handlers that hand requests to a config (`toNextJsHandler(auth)`)
/// when there is none: the import fails and the route answers 500.
fn handlers_without_config<'m>(model: &'m Model<'m>) -> impl Iterator<Item = Hit> + 'm {
    model.code().filter(|(_, f)| is_route_handler(&f.path, "/api/auth")).filter_map(|(_, f)| {
        let call = f.module.calls.iter().find(|c| c.callee == "toNextJsHandler")?;
        Some(Hit::at(
            &f.path,
            call.line,
            "the route handler serves an auth config that exists nowhere in the repository",
        ))
    })
}

examples_test!(AUTH_CONFIG_MISSING);
