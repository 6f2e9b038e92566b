//! `cross-site-cookies`: the app and its auth server are different sites and
//! the session cookie stays `SameSite=Lax`.

use super::*;

pub static CROSS_SITE_COOKIES: Rule = Rule {
    id: "cross-site-cookies",
    severity: Error,
    summary: "the app and its auth server are different sites but the session cookie is SameSite=Lax",
    doc: "Better Auth's cookies are `SameSite=Lax` unless configured. When the app's origin and the auth server's \
have different registrable domains (`app.vercel.app` and `api.onrender.com`, or `example.com` and \
`example-api.com`), the browser treats the app's fetches to the auth server as cross-site and sends no Lax \
cookie with them: sign-in succeeds, then `getSession` answers null. On localhost both are the same site, so this \
breaks only once deployed. The robust fix is one site: serve the auth server under a subdomain of the app's \
domain (`api.example.com` next to `app.example.com`), or proxy `/api/auth` through the app. Otherwise the cookie \
must be `SameSite=None; Secure` (`advanced.defaultCookieAttributes: { sameSite: \"none\", secure: true, \
partitioned: true }`), and browsers that block third-party cookies still refuse it. Sites come from the Public \
Suffix List; compared per stage when both URLs are known.",
    fix: "serve the auth server on a subdomain of the app's domain (or proxy /api/auth through the app); else set advanced.defaultCookieAttributes: { sameSite: \"none\", secure: true, partitioned: true }",
    invalid: &[
        "//- server/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  trustedOrigins: [process.env.FRONTEND_URL],\n});\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- server/.env.production\nBETTER_AUTH_URL=https://myapi.onrender.com\nFRONTEND_URL=https://myapp.vercel.app\n",
        "//- server/auth.ts\nexport const auth = betterAuth({\n  baseURL: \"https://auth.example-api.com\",\n  advanced: { defaultCookieAttributes: { sameSite: \"lax\" } },\n});\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- web/.env.example\nNEXT_PUBLIC_APP_URL=https://www.example.com\n",
    ],
    valid: &[
        "//- server/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  trustedOrigins: [process.env.FRONTEND_URL],\n});\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- server/.env.production\nBETTER_AUTH_URL=https://api.example.com\nFRONTEND_URL=https://app.example.com\n",
        "//- server/auth.ts\nexport const auth = betterAuth({\n  baseURL: \"https://myapi.onrender.com\",\n  advanced: { defaultCookieAttributes: { sameSite: \"none\", secure: true, partitioned: true } },\n});\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- web/.env.example\nNEXT_PUBLIC_APP_URL=https://myapp.vercel.app\n",
        // The bearer plugin: the session travels in the Authorization header.
        "//- server/auth.ts\nexport const auth = betterAuth({ baseURL: \"https://myapi.onrender.com\", plugins: [bearer()] });\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- web/.env.example\nNEXT_PUBLIC_APP_URL=https://myapp.vercel.app\n",
        "//- server/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:4000\" });\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n//- web/.env.local\nNEXT_PUBLIC_APP_URL=http://localhost:3000\n",
    ],
    autofix: None,
    check: |model| {
        let Some(config) = model.configs.first() else { return Vec::new() };
        if bearer_plugin(config) || session_same_site(model, config).is_none_or(|s| s.eq_ignore_ascii_case("none")) {
            return Vec::new();
        }
        let served = served(model);
        let mut hits = Vec::new();
        for stage in STAGES {
            let Some(server) = base_url_at(model, config, stage).as_deref().and_then(origin) else { continue };
            let Some(server_site) = site(&server) else { continue };
            for s in served.iter().filter(|s| s.stage == stage) {
                if site(&s.origin).is_some_and(|app_site| app_site != server_site) {
                    let line = ["advanced.defaultCookieAttributes", "advanced", "baseURL"]
                        .into_iter()
                        .find(|p| config.options.path(p).is_some())
                        .map_or(config.call.line, |p| model.option_line(config, p));
                    let message = format!(
                        "{} ({} in {}) and the auth server {server} are different sites: the Lax session cookie is not sent",
                        s.origin, s.key, s.env.path
                    );
                    hits.push(Hit::at(&model.file(config.file).path, line, message));
                }
            }
        }
        hits
    },
};

/// `bearer()` in the plugins: the app may send the session as a header instead of a cookie.
fn bearer_plugin(config: &Config) -> bool {
    matches!(config.options.get("plugins"), Some(Value::List(p)) if p.iter().filter_map(Value::call).any(|c| c.callee == "bearer"))
}

/// The session cookie's SameSite as configured ("lax" by default); `None` when unknown.
fn session_same_site(model: &Model, config: &Config) -> Option<String> {
    let paths = ["advanced.cookies.session_token.attributes.sameSite", "advanced.defaultCookieAttributes.sameSite"];
    match paths.iter().find_map(|p| config.options.path(p)) {
        Some(v) => model.resolve(config.file, v).str().map(str::to_string),
        None => Some("lax".into()),
    }
}

examples_test!(CROSS_SITE_COOKIES);
