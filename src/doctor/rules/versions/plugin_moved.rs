//! `plugin-moved`: a plugin imported from the path it had before it moved to an `@better-auth/*` package.

use super::*;

/// better-auth's package.json `exports` and plugin indexes, release by release
/// (see docs/facts/production-next-versions.md).
const MOVED: &[Dropped] = &[
    Dropped {
        module: "better-auth/plugins/passkey",
        name: None,
        gone: "1.4.0",
        now: "passkey from \"@better-auth/passkey\"",
    },
    Dropped {
        module: "better-auth/client/plugins",
        name: Some("passkeyClient"),
        gone: "1.4.0",
        now: "passkeyClient from \"@better-auth/passkey/client\"",
    },
    Dropped { module: "better-auth/plugins/sso", name: None, gone: "1.4.0", now: "sso from \"@better-auth/sso\"" },
    Dropped {
        module: "better-auth/client/plugins",
        name: Some("ssoClient"),
        gone: "1.4.0",
        now: "ssoClient from \"@better-auth/sso/client\"",
    },
    Dropped {
        module: "better-auth/plugins",
        name: Some("apiKey"),
        gone: "1.5.0",
        now: "apiKey from \"@better-auth/api-key\"",
    },
    Dropped {
        module: "better-auth/client/plugins",
        name: Some("apiKeyClient"),
        gone: "1.5.0",
        now: "apiKeyClient from \"@better-auth/api-key/client\"",
    },
];

pub static PLUGIN_MOVED: Rule = Rule {
    id: "plugin-moved",
    severity: Error,
    summary: "a plugin is imported from a better-auth path that the installed version no longer has",
    doc: "Plugins left the `better-auth` package for their own: `better-auth/plugins/passkey` and \
`better-auth/plugins/sso` (and `passkeyClient`, `ssoClient` from `better-auth/client/plugins`) are gone from \
1.4.0, for `@better-auth/passkey` and `@better-auth/sso`; `apiKey` from `better-auth/plugins` and `apiKeyClient` \
from `better-auth/client/plugins` are gone from 1.5.0, for `@better-auth/api-key`. With a newer better-auth the \
old import fails to build (\"Module not found\" / \"has no exported member\"). The version is the lockfile's, \
else the manifest range's when every version it allows is that new; an unknown or older version gives no finding. \
The new packages need a better-auth of their own version (their peer range), so install them at the version of \
better-auth.",
    fix: "install the @better-auth/* package at better-auth's version and import the plugin from it",
    invalid: &[
        "//- web/package.json\n{\n  \"dependencies\": {\n    \"better-auth\": \"^1.4.0\"\n  }\n}\n//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { passkey } from \"better-auth/plugins/passkey\";\nexport const auth = betterAuth({ plugins: [passkey()] });\n",
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.3.0\" } }\n//- web/yarn.lock\nbetter-auth@^1.3.0:\n  version \"1.5.6\"\n//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { apiKey, admin } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey(), admin()] });\n",
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"1.7.29\" } }\n//- web/lib/auth-client.ts\nimport { createAuthClient } from \"better-auth/react\";\nimport { passkeyClient } from \"better-auth/client/plugins\";\nexport const authClient = createAuthClient({ plugins: [passkeyClient()] });\n",
    ],
    valid: &[
        // The new package.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.7.29\", \"@better-auth/passkey\": \"^1.7.29\" } }\n//- web/lib/auth.ts\nimport { passkey } from \"@better-auth/passkey\";\nexport const auth = betterAuth({ plugins: [passkey()] });\n",
        // Still on a release that exports the old path.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"~1.3.20\" } }\n//- web/lib/auth.ts\nimport { passkey } from \"better-auth/plugins/passkey\";\nexport const auth = betterAuth({ plugins: [passkey()] });\n",
        // The lockfile still resolves 1.4.22, which exports apiKey.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.4.0\" } }\n//- web/pnpm-lock.yaml\npackages:\n  better-auth@1.4.22:\n    resolution: {}\n//- web/lib/auth.ts\nimport { apiKey } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey()] });\n",
        // The range allows older releases too and there is no lockfile.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \">=1.3.0\" } }\n//- web/lib/auth.ts\nimport { passkey } from \"better-auth/plugins/passkey\";\nexport const auth = betterAuth({ plugins: [passkey()] });\n",
    ],
    autofix: None,
    check: |model| dropped_hits(model, MOVED, "no longer exported"),
};

examples_test!(PLUGIN_MOVED);
