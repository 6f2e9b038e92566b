//! `trusted-origins-wildcard`: a trusted origin pattern that admits other people's sites.

use super::*;

pub static TRUSTED_ORIGINS_WILDCARD: Rule = Rule {
    id: "trusted-origins-wildcard",
    severity: Warning,
    summary: "a trusted origin pattern admits sites anyone can create",
    doc: "In `trustedOrigins` (and in `baseURL.allowedHosts`, which Better Auth trusts too) `*` matches any \
characters but `/`, dots included, so `*`, `https://*` or `*.vercel.app` admit every site, or every Vercel user's \
deployment \
(`vercel.app`, `netlify.app`, `github.io`... are public suffixes: anyone can get a name under them). Such origins \
pass the origin check on sign-in and sign-out and are accepted as callbackURL and redirect targets, which makes \
them open redirects after sign-in. Keep the wildcard below a name you own: `https://*.example.com`, or your \
team's preview pattern `https://myapp-*-myteam.vercel.app`. Public suffixes come from the Public Suffix List.",
    fix: "narrow the pattern to hosts you own, e.g. https://*.example.com or https://myapp-*-myteam.vercel.app",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  trustedOrigins: [\"https://app.example.com\", \"*.vercel.app\"],\n});\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ trustedOrigins: [\"https://*\"] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: { allowedHosts: [\"*.netlify.app\"] },\n});\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.example\nBETTER_AUTH_TRUSTED_ORIGINS=https://app.example.com,*\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ trustedOrigins: [\"https://*.example.com\"] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: { allowedHosts: [\"myapp-*-myteam.vercel.app\", \"localhost:*\"] },\n});\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ trustedOrigins: [\"myapp://\", \"exp://192.168.*.*:*/**\"] });\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            let path = &model.file(config.file).path;
            for option in ["trustedOrigins", "baseURL.allowedHosts"] {
                let Some(value) = config.options.path(option) else { continue };
                let Some(items) = model.resolve(config.file, value).items() else { continue };
                for item in items.iter().filter(|i| too_broad(i)) {
                    let line = model.option_line(config, option);
                    hits.push(Hit::at(path, line, format!("{option} has {item}: {}", who(item))));
                }
            }
        }
        for env in live_envs(model) {
            let Some(value) = env.values.get("BETTER_AUTH_TRUSTED_ORIGINS") else { continue };
            for item in value.split(',').map(str::trim).filter(|i| too_broad(i)) {
                let message = format!("BETTER_AUTH_TRUSTED_ORIGINS has {item}: {}", who(item));
                hits.push(Hit::at(&env.path, env.line_of("BETTER_AUTH_TRUSTED_ORIGINS"), message));
            }
        }
        hits
    },
};

/// An http(s) pattern whose wildcard covers a whole label right above a
/// public suffix (or the whole host).
fn too_broad(pattern: &str) -> bool {
    let scheme = pattern.split_once("://").map(|(s, _)| s);
    if scheme.is_some_and(|s| !matches!(s, "http" | "https" | "*")) {
        return false;
    }
    let host = host_of(pattern);
    let labels: Vec<&str> = host.split('.').collect();
    let Some(last_wild) = labels.iter().rposition(|l| l.contains('*') || l.contains('?')) else { return false };
    if labels[last_wild].trim_matches('*').is_empty() {
        let rest = labels[last_wild + 1..].join(".");
        rest.is_empty() || psl::suffix(rest.as_bytes()).is_some_and(|s| s.is_known() && s.as_bytes() == rest.as_bytes())
    } else {
        false
    }
}

fn who(pattern: &str) -> String {
    let rest = host_of(pattern).trim_start_matches(['*', '.']);
    if rest.is_empty() {
        "any website passes the origin check and is a valid redirect target".to_string()
    } else {
        format!("anyone's site under the public suffix {rest} passes the origin check and is a valid redirect target")
    }
}

examples_test!(TRUSTED_ORIGINS_WILDCARD);
