//! `cookie-domain-public-suffix`: a cookie's domain is a public suffix.

use super::*;
use crate::doctor::syntax::Call;

pub static COOKIE_DOMAIN_PUBLIC_SUFFIX: Rule = Rule {
    id: "cookie-domain-public-suffix",
    severity: Error,
    summary: "a cookie's domain is a public suffix (vercel.app, netlify.app, fly.dev...)",
    doc: "Browsers refuse a cookie whose `Domain` is a public suffix: `vercel.app`, `netlify.app`, `fly.dev`, \
`onrender.com`, `up.railway.app`, `github.io`, `co.uk`... are shared by everyone who deploys there, so no site may \
set a cookie for all of them. Better Auth sends `Domain=vercel.app` as configured \
(`advanced.crossSubDomainCookies.domain`, `advanced.defaultCookieAttributes.domain`, \
`advanced.cookies.<name>.attributes.domain`) and the browser drops it: sign-in answers 200 and no session sticks. \
Cross-subdomain cookies need a domain you own (`example.com` for `app.example.com` and `api.example.com`); on a \
platform's shared domain, leave the domain out (the cookie stays on its host) or serve both apps under one host. \
Suffixes come from the Public Suffix List.",
    fix: "set the domain to one you own (e.g. example.com), or drop it so the cookie stays on its host",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  advanced: {\n    crossSubDomainCookies: {\n      enabled: true,\n      domain: \".vercel.app\",\n    },\n  },\n});\n",
        "//- server/auth.ts\nexport const auth = betterAuth({\n  advanced: { defaultCookieAttributes: { domain: process.env.COOKIE_DOMAIN } },\n});\n//- server/.env.production\nCOOKIE_DOMAIN=onrender.com\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  advanced: { cookies: { session_token: { attributes: { domain: \"fly.dev\" } } } },\n});\n",
        "//- web/proxy.ts\nexport function proxy(request) {\n  const response = NextResponse.next();\n  response.cookies.set(\"theme\", \"dark\", { domain: \"netlify.app\" });\n  return response;\n}\n",
        "//- server/index.ts\napp.get(\"/prefs\", (req, res) => {\n  res.cookie(\"lang\", \"en\", { domain: \".up.railway.app\" });\n});\n",
        "//- api/main.py\ndef prefs(response):\n    response.set_cookie(\"lang\", \"en\", domain=\"fly.dev\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  advanced: { crossSubDomainCookies: { enabled: true, domain: \".example.com\" } },\n});\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  advanced: { crossSubDomainCookies: { enabled: true, domain: \"myapp.vercel.app\" } },\n});\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  advanced: { defaultCookieAttributes: { domain: process.env.COOKIE_DOMAIN } },\n});\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            for (option, value) in domain_options(&config.options) {
                if let Some(domain) = public_suffix(model.resolve(config.file, value)) {
                    let line = model.option_line(config, &option);
                    let message = format!("{option} is {domain}, a public suffix: browsers drop the cookie");
                    hits.push(Hit::at(&model.file(config.file).path, line, message));
                }
            }
        }
        for (i, f) in model.code() {
            // `cookies().set(..., { domain })`, Express's `res.cookie(..., { domain })`,
            // Starlette's `response.set_cookie(..., domain=...)`.
            let sets_cookie = |c: &&Call| {
                (c.method() == "set" && c.callee.contains("cookies")) || matches!(c.method(), "cookie" | "set_cookie")
            };
            for call in f.module.calls.iter().filter(sets_cookie) {
                let domain = call.keyword("domain").or_else(|| call.args.iter().find_map(|a| a.value.get("domain")));
                if let Some(domain) = domain.and_then(|d| public_suffix(model.resolve(i, d))) {
                    let message = format!("a cookie is set with Domain={domain}, a public suffix: browsers drop it");
                    hits.push(Hit::at(&f.path, call.line, message));
                }
            }
        }
        hits
    },
};

/// Every place the config sets a cookie domain, with its option path.
fn domain_options(options: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for path in ["advanced.crossSubDomainCookies.domain", "advanced.defaultCookieAttributes.domain"] {
        out.extend(options.path(path).map(|v| (path.to_string(), v)));
    }
    if let Some(Value::Object(cookies)) = options.path("advanced.cookies") {
        for (name, cookie) in cookies {
            let domain = cookie.path("attributes.domain");
            out.extend(domain.map(|v| (format!("advanced.cookies.{name}.attributes.domain"), v)));
        }
    }
    out
}

/// The domain, when it is itself a public suffix on the list.
fn public_suffix(resolved: Resolved) -> Option<String> {
    let domain = resolved.str()?.trim().trim_start_matches('.').to_ascii_lowercase();
    let suffix = psl::suffix(domain.as_bytes())?;
    (suffix.is_known() && suffix.as_bytes() == domain.as_bytes()).then_some(domain)
}

examples_test!(COOKIE_DOMAIN_PUBLIC_SUFFIX);
