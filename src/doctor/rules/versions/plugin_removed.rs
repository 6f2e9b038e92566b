//! `plugin-removed`: a plugin better-auth 1.7 removed (oidcProvider, mcp) is imported.

use super::*;

/// better-auth 1.6.34 exports these; 1.7.0 does not (see docs/facts/production-next-versions.md).
const REMOVED: &[Dropped] = &[
    Dropped { module: "better-auth/plugins", name: Some("oidcProvider"), gone: "1.7.0", now: OAUTH_PROVIDER },
    Dropped { module: "better-auth/plugins/oidc-provider", name: None, gone: "1.7.0", now: OAUTH_PROVIDER },
    Dropped { module: "better-auth/client/plugins", name: Some("oidcClient"), gone: "1.7.0", now: OAUTH_PROVIDER },
    Dropped { module: "better-auth/plugins", name: Some("mcp"), gone: "1.7.0", now: OAUTH_PROVIDER },
    Dropped { module: "better-auth/plugins", name: Some("withMcpAuth"), gone: "1.7.0", now: OAUTH_PROVIDER },
    Dropped { module: "better-auth/plugins/mcp/client", name: None, gone: "1.7.0", now: OAUTH_PROVIDER },
    Dropped { module: "better-auth/plugins/mcp/client/adapters", name: None, gone: "1.7.0", now: OAUTH_PROVIDER },
];

const OAUTH_PROVIDER: &str =
    "the separate @better-auth/oauth-provider package (its own API and tables), or stay below 1.7";

pub static PLUGIN_REMOVED: Rule = Rule {
    id: "plugin-removed",
    severity: Error,
    summary: "a plugin that better-auth 1.7 removed (oidcProvider, mcp) is imported",
    doc: "better-auth 1.7.0 no longer exports `oidcProvider`, `mcp` or `withMcpAuth` from `better-auth/plugins`, \
nor `better-auth/plugins/oidc-provider`, `better-auth/plugins/mcp/client` or `oidcClient` from \
`better-auth/client/plugins` (1.6.34 still does). With 1.7 installed the import fails to build. The OAuth 2.1 / \
OpenID provider is the separate `@better-auth/oauth-provider` package, which is not a drop-in replacement: its \
options and tables differ, so moving is a migration, not a rename. The version is the lockfile's, else the \
manifest range's when every version it allows is 1.7 or newer; an unknown or older version gives no finding.",
    fix: "move to @better-auth/oauth-provider (a migration), or keep better-auth below 1.7 (\"~1.6.34\")",
    invalid: &[
        "//- web/package.json\n{\n  \"dependencies\": {\n    \"better-auth\": \"^1.7.0\"\n  }\n}\n//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { oidcProvider, jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt(), oidcProvider({ loginPage: \"/sign-in\" })] });\n",
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.6.0\" } }\n//- web/package-lock.json\n{\n  \"packages\": {\n    \"node_modules/better-auth\": {\n      \"version\": \"1.7.29\"\n    }\n  }\n}\n//- web/lib/auth.ts\nimport { mcp } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [mcp({ loginPage: \"/sign-in\" })] });\n",
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"1.7.25\" } }\n//- web/app/api/mcp/route.ts\nimport { withMcpAuth } from \"better-auth/plugins\";\nexport const GET = withMcpAuth(auth, handler);\n",
    ],
    valid: &[
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"~1.6.34\" } }\n//- web/lib/auth.ts\nimport { oidcProvider } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [oidcProvider({ loginPage: \"/sign-in\" })] });\n",
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.7.29\", \"@better-auth/oauth-provider\": \"^1.7.29\" } }\n//- web/lib/auth.ts\nimport { oauthProvider } from \"@better-auth/oauth-provider\";\nexport const auth = betterAuth({ plugins: [oauthProvider({ loginPage: \"/sign-in\" })] });\n",
        // No version anywhere.
        "//- web/lib/auth.ts\nimport { oidcProvider } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [oidcProvider({ loginPage: \"/sign-in\" })] });\n",
    ],
    autofix: None,
    check: |model| dropped_hits(model, REMOVED, "removed"),
};

examples_test!(PLUGIN_REMOVED);
