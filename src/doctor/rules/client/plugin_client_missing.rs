//! `plugin-client-missing`: a Better Auth plugin is on the server but its client plugin is not on the client.

use super::*;

pub static PLUGIN_CLIENT_MISSING: Rule = Rule {
    id: "plugin-client-missing",
    severity: Error,
    summary: "a Better Auth plugin is on the server but its client plugin is not on the client",
    doc: "Plugins authgen wires (`magicLink`, `twoFactor`, `admin`) have a client half (`magicLinkClient()`, \
`twoFactorClient()`, `adminClient()` from \"better-auth/client/plugins\") that adds their methods to the auth \
client: without it `authClient.signIn.magicLink` or `authClient.twoFactor` is undefined, and the plugin's pages \
fail at the first click although the server is ready.",
    fix: "add the plugin's client half to createAuthClient({ plugins: [...] })",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [twoFactor()] });\n//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [twoFactor()] });\n//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [twoFactorClient()] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [magicLink({ sendMagicLink })] });\n",
    ],
    autofix: None,
    check: |model| {
        let Some(client) = model.clients.first() else { return Vec::new() };
        crate::plugins::DESCRIPTORS
            .iter()
            .filter(|d| model.configs.iter().any(|c| has_plugin(&c.options, d.server.name)))
            .filter(|d| !model.clients.iter().any(|c| has_plugin(&c.options, d.client.name)))
            .map(|d| {
                Hit::at(
                    &model.file(client.file).path,
                    client.call.line,
                    format!("the config uses {}() but the client has no {}", d.server.name, d.client_call),
                )
            })
            .collect()
    },
};

/// Whether a `plugins: [...]` list of these options calls `name(...)`.
fn has_plugin(options: &Value, name: &str) -> bool {
    matches!(options.get("plugins"), Some(Value::List(p)) if p.iter().filter_map(Value::call).any(|c| c.callee == name))
}

examples_test!(PLUGIN_CLIENT_MISSING);
