//! `next-cookies-not-last`: `nextCookies()` is not the last plugin.

use super::*;

/// better-auth 1.7.29's plugins without after-hooks (see docs/facts/production-next-versions.md).
const NO_AFTER_HOOKS: &[&str] = &[
    "organization",
    "magicLink",
    "username",
    "phoneNumber",
    "genericOAuth",
    "siwe",
    "captcha",
    "deviceAuthorization",
    "haveIBeenPwned",
    "oneTap",
    "openAPI",
];

pub static NEXT_COOKIES_NOT_LAST: Rule = Rule {
    id: "next-cookies-not-last",
    severity: Warning,
    summary: "nextCookies() is not the last plugin",
    doc: "`nextCookies()` copies the cookies of each response into Next.js's cookie store from an after-hook. \
Plugins listed after it run their after-hooks later, so cookies they set never reach the browser from a server \
action. better-auth 1.7 logs \"Cookie integration plugin \\\"next-cookies\\\" should be placed last\" when a plugin \
after it has after-hooks. In better-auth 1.7.29 these have them: admin, anonymous, bearer, customSession, \
emailOTP, jwt, lastLoginMethod, multiSession, oauthPopup, oAuthProxy, oneTimeToken, twoFactor; organization, \
magicLink, username, phoneNumber, genericOAuth, siwe, captcha, deviceAuthorization, haveIBeenPwned, oneTap and \
openAPI do not, so those after it are not reported. Any other plugin after it (a custom one, a spread list) is, \
since doctor cannot see its hooks.",
    fix: "move nextCookies() to the end of the config's plugins",
    invalid: &[
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { twoFactor } from \"better-auth/plugins\";\nexport const auth = betterAuth({\n  plugins: [\n    nextCookies(),\n    twoFactor(),\n  ],\n});\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies as cookies } from \"better-auth/next-js\";\nexport const auth = betterAuth({ plugins: [cookies(), ...extra] });\n",
    ],
    valid: &[
        // Plugins without after-hooks may follow it.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { organization, username } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [nextCookies(), organization(), username()] });\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { twoFactor } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [twoFactor(), nextCookies()] });\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nexport const auth = betterAuth({ plugins: [nextCookies()] });\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            let (Some((i, call)), Some(all)) = (next_cookies(model, config), plugins(config)) else { continue };
            let hooked: Vec<String> = all[i + 1..]
                .iter()
                .filter(|p| p.call().is_none_or(|c| !NO_AFTER_HOOKS.contains(&c.callee.as_str())))
                .map(|p| p.call().map_or("a plugin list".to_string(), |c| format!("{}()", c.callee)))
                .collect();
            if !hooked.is_empty() {
                hits.push(Hit::at(
                    &model.file(config.file).path,
                    call.line,
                    format!("nextCookies() comes before {}: cookies they set are not forwarded", hooked.join(", ")),
                ));
            }
        }
        hits
    },
};

examples_test!(NEXT_COOKIES_NOT_LAST);
