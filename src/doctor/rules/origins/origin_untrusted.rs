//! `origin-untrusted`: the app is served from an origin Better Auth refuses.

use super::*;

pub static ORIGIN_UNTRUSTED: Rule = Rule {
    id: "origin-untrusted",
    severity: Error,
    summary: "the app is served from an origin Better Auth refuses (403 INVALID_ORIGIN)",
    doc: "Better Auth accepts a POST that carries cookies or Fetch Metadata (every sign-in, sign-up and sign-out from \
a browser) only from its own origin (`baseURL`, or BETTER_AUTH_URL) and the `trustedOrigins` (plus \
BETTER_AUTH_TRUSTED_ORIGINS, split on commas only: `a, b` makes the entry ` b`, which no origin equals); any \
other origin gets 403 `INVALID_ORIGIN`. The app's URLs in its env files \
(NEXT_PUBLIC_APP_URL, NEXT_PUBLIC_SITE_URL, FRONTEND_URL..., and BETTER_AUTH_URL when Next.js hosts Better Auth) \
are compared, stage by stage, with what the config trusts in that stage: a separate auth server whose \
`trustedOrigins` lack the frontend, a list of hard-coded localhost origins next to a production URL, a hard-coded \
`baseURL` that is not where the app runs. Values a stage leaves unset (the host's dashboard) are not guessed.",
    fix: "add the app's origin to trustedOrigins (or BETTER_AUTH_TRUSTED_ORIGINS), e.g. trustedOrigins: [process.env.NEXT_PUBLIC_APP_URL]",
    invalid: &[
        // A separate auth server that trusts only the local frontend.
        "//- server/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  trustedOrigins: [\"http://localhost:3000\"],\n});\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- server/.env.production\nBETTER_AUTH_URL=https://api.example.com\n//- web/.env.production\nNEXT_PUBLIC_APP_URL=https://app.example.com\n",
        // No trustedOrigins at all on a separate server.
        "//- server/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:4000\" });\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- web/.env.local\nNEXT_PUBLIC_APP_URL=http://localhost:3000\n",
        // A hard-coded baseURL in a Next.js app whose production URL is elsewhere.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: \"http://localhost:3000\",\n});\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n//- web/.env.production\nNEXT_PUBLIC_SITE_URL=https://www.example.com\n",
        // www and the apex are different origins.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n//- web/.env.example\nBETTER_AUTH_URL=https://example.com\nNEXT_PUBLIC_APP_URL=https://www.example.com\n",
        // `, ` in the env list: the entry is " http://localhost:3001", which no origin equals.
        "//- server/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:4000\" });\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- server/.env\nBETTER_AUTH_TRUSTED_ORIGINS=http://localhost:3000, http://localhost:3001\n//- web/.env.local\nNEXT_PUBLIC_APP_URL=http://localhost:3001\n",
    ],
    valid: &[
        "//- server/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  trustedOrigins: [process.env.FRONTEND_URL],\n});\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- server/.env.production\nBETTER_AUTH_URL=https://api.example.com\nFRONTEND_URL=https://app.example.com\n//- web/.env.production\nNEXT_PUBLIC_APP_URL=https://app.example.com\n",
        "//- server/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:4000\" });\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- server/.env\nBETTER_AUTH_TRUSTED_ORIGINS=http://localhost:3000,http://localhost:3001\n//- web/.env.local\nNEXT_PUBLIC_APP_URL=http://localhost:3001\n",
        // Production's trusted origins come from the dashboard: unknown, not guessed.
        "//- server/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  trustedOrigins: [process.env.FRONTEND_URL],\n});\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- web/.env.production\nNEXT_PUBLIC_APP_URL=https://app.example.com\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: { allowedHosts: [\"example.com\", \"www.example.com\"] } });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n//- web/.env.example\nNEXT_PUBLIC_APP_URL=https://www.example.com\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ trustedOrigins: async () => [\"https://www.example.com\"] });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n//- web/.env.example\nBETTER_AUTH_URL=https://example.com\nNEXT_PUBLIC_APP_URL=https://www.example.com\n",
    ],
    autofix: None,
    check: |model| {
        let Some(config) = model.configs.first() else { return Vec::new() };
        let config_path = &model.file(config.file).path;
        let served = served(model);
        let mut hits = Vec::new();
        for stage in STAGES {
            let Some(trusted) = trusted_at(model, config, stage) else { continue };
            for s in served.iter().filter(|s| s.stage == stage) {
                if trusted.iter().any(|p| matches(&s.origin, p)) {
                    continue;
                }
                let listed =
                    config.options.get("trustedOrigins").and_then(|v| resolve_at(model, config.file, v, stage).items());
                let localhost_only = listed.is_some_and(|l| !l.is_empty() && l.iter().all(|t| loopback(t)));
                let spaced = trusted.iter().any(|t| t != t.trim() && matches(&s.origin, t.trim()));
                let why = if spaced {
                    "BETTER_AUTH_TRUSTED_ORIGINS lists it after a space, and Better Auth splits on commas only"
                } else if localhost_only && !loopback(&s.origin) {
                    "trustedOrigins lists only localhost"
                } else {
                    "it is neither baseURL nor in trustedOrigins"
                };
                hits.push(Hit::at(
                    config_path,
                    trust_line(model, config),
                    format!(
                        "{} ({} in {}) gets 403 INVALID_ORIGIN on sign-in: {why} (trusted: {})",
                        s.origin,
                        s.key,
                        s.env.path,
                        trusted.join(", ")
                    ),
                ));
            }
        }
        hits
    },
};

examples_test!(ORIGIN_UNTRUSTED);
