//! `unknown-option`: an option that Better Auth does not have, or one in the wrong place.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, text_of};

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
    autofix: Some(&FIX),
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
                let line = named_option(&hit).map_or(config.call.line, |key| model.option_line(config, key));
                hits.push(Hit::at(path, line, hit));
            }
            if let Some((_, plugin)) = model.jwt_plugin().filter(|(c, _)| c.file == config.file) {
                let options = plugin.positional(0);
                unknown_keys(options, JWT_OPTIONS, "jwt()", &mut found);
                unknown_keys(options.and_then(|o| o.get("jwks")), JWKS_OPTIONS, "jwt({ jwks })", &mut found);
                unknown_keys(options.and_then(|o| o.get("jwt")), JWT_JWT_OPTIONS, "jwt({ jwt })", &mut found);
                // One finding for the call: the options were written from another library's docs.
                if !found.is_empty() {
                    let line = named_option(&found[0]).map_or(plugin.line, |key| model.option_line(config, key));
                    hits.push(Hit::at(path, line, found.join("; ")));
                }
            }
        }
        hits
    },
};

/// A key that differs from a known option only in case (`baseUrl`) is renamed
/// to it; other unknown options need a person.
static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "renames an option written in the wrong case (baseUrl) to Better Auth's name (baseURL)",
    build: |model, hit| {
        let (_, known) = hit.message.split_once("(did you mean `")?;
        let known = known.split('`').next()?;
        let key = named_option(&hit.message)?;
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let source = crate::edit::Source::parse(file, text).ok()?;
        let config = model.configs.iter().find(|c| model.file(c.file).path == file)?;
        let pair = crate::edit::option_in_call(&source, config.call.start, key)?;
        let name = pair.child_by_field_name("key").filter(|k| k.kind() == "property_identifier")?;
        Fix::splices(Safety::Safe, file, text, vec![(name.start_byte(), name.end_byte(), known.to_string())])
    },
};

examples_test!(UNKNOWN_OPTION);

#[cfg(test)]
mod lines {
    use crate::doctor::model::Model;
    use crate::doctor::project::Project;

    #[test]
    fn a_finding_points_at_the_option_a_person_must_change() {
        let example = "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  emailAndPassword: { enabled: true },\n  trustHost: true,\n  plugins: [\n    jwt({\n      algorithm: \"ES256\",\n    }),\n  ],\n});\n";
        let project = Project::from_example(example);
        let findings = crate::doctor::rules::run(&super::UNKNOWN_OPTION, &Model::build(&project));
        let lines: Vec<Option<usize>> = findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, vec![Some(4), Some(7)], "{findings:?}");
    }
}
