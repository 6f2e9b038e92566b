//! `next-cookies-not-last`: `nextCookies()` is not the last plugin.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, text_of};

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
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { admin, jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt(), nextCookies(), admin()] });\n",
    ],
    valid: &[
        // Plugins without after-hooks may follow it.
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { organization, username } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [nextCookies(), organization(), username()] });\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nimport { twoFactor } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [twoFactor(), nextCookies()] });\n",
        "//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\nexport const auth = betterAuth({ plugins: [nextCookies()] });\n",
    ],
    autofix: Some(&FIX),
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

/// Moves the `nextCookies()` element to the end of the `plugins` list literal,
/// in the list's own layout; the other plugins keep their order.
static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "moves nextCookies() to the end of the plugins list",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let source = crate::edit::Source::parse(file, text).ok()?;
        let src = source.src();
        let config = model.configs.iter().find(|c| model.file(c.file).path == file)?;
        let call = source.call_at(config.call.start)?;
        let options = crate::edit::options_object(source.root(), call, src)?;
        let list = crate::edit::property(options, src, "plugins")?
            .child_by_field_name("value")
            .map(crate::edit::unwrap_expression)
            .filter(|v| v.kind() == "array")?;
        let items = crate::edit::named(list);
        let (_, plugin) = next_cookies(model, config)?;
        let at = items.iter().position(|n| {
            n.start_position().row + 1 == hit.line && crate::edit::callee(*n, src) == Some(plugin.callee.as_str())
        })?;
        let next = items.get(at + 1)?;
        let element = crate::edit::text(items[at], src).to_string();
        let remove = (items[at].start_byte(), next.start_byte(), String::new());
        let insert = crate::edit::append(list, src, &[element], ']');
        Fix::splices(Safety::Safe, file, text, vec![remove, insert])
    },
};

examples_test!(NEXT_COOKIES_NOT_LAST);
