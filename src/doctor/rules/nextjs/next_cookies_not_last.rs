//! `next-cookies-not-last`: `nextCookies()` is not the last plugin.

use super::*;

pub static NEXT_COOKIES_NOT_LAST: Rule = Rule {
    id: "next-cookies-not-last",
    severity: Warning,
    summary: "nextCookies() is not the last plugin",
    doc: "`nextCookies()` copies the cookies of each response into Next.js's cookie store from an after-hook. \
Plugins listed after it run their after-hooks later, so cookies they set (two-factor, organization, \
multi-session, a custom plugin) never reach the browser from a server action. better-auth 1.7 logs \"Cookie \
integration plugin \\\"next-cookies\\\" should be placed last\" when a plugin after it has after-hooks; doctor \
cannot see which plugins do, so it asks for the documented order.",
    fix: "move nextCookies() to the end of the config's plugins",
    invalid: &[
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { twoFactor } from \"better-auth/plugins\";\nexport const auth = betterAuth({\n  plugins: [\n    nextCookies(),\n    twoFactor(),\n  ],\n});\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies as cookies } from \"better-auth/next-js\";\nexport const auth = betterAuth({ plugins: [cookies(), ...extra] });\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { twoFactor } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [twoFactor(), nextCookies()] });\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nexport const auth = betterAuth({ plugins: [nextCookies()] });\n",
    ],
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            let (Some((i, call)), Some(all)) = (next_cookies(model, config), plugins(config)) else { continue };
            if i + 1 < all.len() {
                let after = all.len() - i - 1;
                hits.push(Hit::at(
                    &model.file(config.file).path,
                    call.line,
                    format!(
                        "nextCookies() is plugin {} of {}: cookies set by the {after} after it are not forwarded",
                        i + 1,
                        all.len()
                    ),
                ));
            }
        }
        hits
    },
};

examples_test!(NEXT_COOKIES_NOT_LAST);
