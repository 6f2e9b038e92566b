//! `cors-origin`: the backend's CORS origins leave out the app.

use super::*;

pub static CORS_ORIGIN: Rule = Rule {
    id: "cors-origin",
    severity: Error,
    summary: "the backend's CORS origins leave out the app",
    doc: "When the browser calls a separate backend, the backend must list the app's origin (scheme, host, port) \
in its CORS origins, or the browser blocks every call before the token is even checked. Compared only when both \
resolve to fixed values.",
    fix: "add the app's origin (BETTER_AUTH_URL's origin) to the backend's CORS origins",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:3000\" });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n//- api/main.py\napp.add_middleware(CORSMiddleware, allow_origins=[\"http://localhost:5173\"], allow_credentials=True)\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:3000\" });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n//- api/main.py\napp.add_middleware(CORSMiddleware, allow_origins=[\"http://localhost:3000\"], allow_credentials=True)\n",
    ],
    autofix: None,
    check: |model| {
        if model.host != Host::Next {
            return Vec::new();
        }
        let Some(app) = model.app_origin() else { return Vec::new() };
        cors_setups(model)
            .into_iter()
            .filter(|c| !c.regex)
            .filter_map(|c| {
                let origins = match c.origins.map(|v| model.resolve(c.file, v))? {
                    Resolved::Unknown => return None,
                    r => r.items()?,
                };
                let allowed = origins.iter().any(|o| o == "*" || o.trim_end_matches('/') == app);
                (!allowed).then(|| {
                    Hit::at(
                        &model.file(c.file).path,
                        c.call.line,
                        format!("CORS allows {} but the app is {app}", origins.join(", ")),
                    )
                })
            })
            .collect()
    },
};

examples_test!(CORS_ORIGIN);
