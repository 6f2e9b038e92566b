//! `unknown-option`: an option that Better Auth does not have, or one in the wrong place.

use super::*;

pub static UNKNOWN_OPTION: Rule = Rule {
    id: "unknown-option",
    severity: Warning,
    summary: "an option that Better Auth does not have, or one in the wrong place",
    doc: "Better Auth ignores options it does not know, so a setting written from another library's docs silently \
does nothing: `jwt({ algorithm: \"HS256\", secret })` (the plugin always signs with its key pair; the algorithm is \
`jwks.keyPairConfig.alg`), `session: { strategy: \"jwt\" }` (Auth.js, not Better Auth), `cookieCache` anywhere \
but under `session`, a top-level key betterAuth() does not have (`baseUrl` for `baseURL`, Auth.js's `trustHost` or \
`providers`, the client's `fetchOptions`), `emailVerification` nested in `emailAndPassword` (no verification email \
is ever sent) or Prisma's `database: { provider, url }`. The code then behaves differently from what it says. The \
option lists are better-auth 1.7's `BetterAuthOptions`.",
    fix: "use the documented place: jwt({ jwks: { keyPairConfig: { alg } } }), session.cookieCache",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ algorithm: \"HS256\", secret: process.env.BETTER_AUTH_SECRET })] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { strategy: \"jwt\" }, databaseHooks: { cookieCache: { enabled: true } } });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseUrl: process.env.BETTER_AUTH_URL });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ trustHost: true, emailAndPassword: { enabled: true } });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true, emailVerification: { sendOnSignUp: true } } });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ database: { provider: \"postgresql\", url: process.env.DATABASE_URL } });\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { expiresIn: 604800, cookieCache: { enabled: true, maxAge: 300 } }, plugins: [jwt({ jwks: { keyPairConfig: { alg: \"ES256\" } }, jwt: { expirationTime: \"15m\" } })] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL, emailAndPassword: { enabled: true, requireEmailVerification: true }, emailVerification: { sendOnSignUp: true }, database: prismaAdapter(prisma, { provider: \"postgresql\" }), trustedOrigins: [\"https://app.example.com\"] });\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            let path = &model.file(config.file).path;
            let mut found = Vec::new();
            unknown_top_level(&config.options, &mut found);
            let email_password = config.options.get("emailAndPassword");
            if email_password.and_then(|o| o.get("emailVerification")).is_some() {
                found.push("`emailVerification` belongs at the top level, not in emailAndPassword: no verification email is sent".into());
            } else {
                unknown_keys(email_password, EMAIL_PASSWORD_OPTIONS, "emailAndPassword", &mut found);
            }
            unknown_keys(config.options.get("session"), SESSION_OPTIONS, "session", &mut found);
            for misplaced in ["cookieCache", "strategy"] {
                if config.options.get(misplaced).is_some() {
                    found.retain(|f| !f.starts_with(&format!("`{misplaced}` is not an option of betterAuth()")));
                    found.push(format!("`{misplaced}` belongs under session, not at the top level"));
                }
            }
            if config.options.get("databaseHooks").and_then(|h| h.get("cookieCache")).is_some() {
                found.push("`cookieCache` belongs under session, not databaseHooks".into());
            }
            for hit in found.drain(..) {
                hits.push(Hit::at(path, config.call.line, hit));
            }
            if let Some((_, plugin)) = model.jwt_plugin().filter(|(c, _)| c.file == config.file) {
                let options = plugin.positional(0);
                unknown_keys(options, JWT_OPTIONS, "jwt()", &mut found);
                unknown_keys(options.and_then(|o| o.get("jwks")), JWKS_OPTIONS, "jwt({ jwks })", &mut found);
                unknown_keys(options.and_then(|o| o.get("jwt")), JWT_JWT_OPTIONS, "jwt({ jwt })", &mut found);
                // One finding for the call: the options were written from another library's docs.
                if !found.is_empty() {
                    hits.push(Hit::at(path, plugin.line, found.join("; ")));
                }
            }
        }
        hits
    },
};

examples_test!(UNKNOWN_OPTION);
