//! CORS on the backend: which origins may call it from a browser.

use super::super::Severity::Error;
use super::super::model::{Host, Model, Resolved};
use super::super::project::Side;
use super::super::syntax::{Call, Value};
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[&CORS_WILDCARD_CREDENTIALS, &CORS_ORIGIN];

/// A CORS setup: Starlette's `add_middleware(CORSMiddleware, ...)` or `cors({...})`.
struct Cors<'m> {
    file: usize,
    call: &'m Call,
    origins: Option<&'m Value>,
    credentials: bool,
    regex: bool,
}

fn cors_setups<'m>(model: &'m Model) -> Vec<Cors<'m>> {
    let mut out = Vec::new();
    for (i, f) in model.code().filter(|(_, f)| f.side != Side::App) {
        for c in &f.module.calls {
            let starlette =
                c.method() == "add_middleware" && c.positional(0) == Some(&Value::Name("CORSMiddleware".into()));
            if starlette {
                out.push(Cors {
                    file: i,
                    call: c,
                    origins: c.keyword("allow_origins"),
                    credentials: c.keyword("allow_credentials") == Some(&Value::Bool(true)),
                    regex: c.keyword("allow_origin_regex").is_some(),
                });
            } else if c.callee == "cors" || f.module.local_name("cors", "default") == Some(c.callee.as_str()) {
                let options = c.positional(0);
                out.push(Cors {
                    file: i,
                    call: c,
                    origins: options.and_then(|o| o.get("origin")),
                    credentials: options.and_then(|o| o.get("credentials")) == Some(&Value::Bool(true)),
                    regex: false,
                });
            }
        }
    }
    out
}

/// The backend reads cookies (`request.cookies`, `Cookie(...)`, `req.cookies`)
/// or serves Better Auth, whose session is a cookie.
fn reads_cookies(model: &Model) -> bool {
    model.host == Host::Node
        || model.code().filter(|(_, f)| f.side != Side::App).any(|(_, f)| {
            f.module.accesses.iter().any(|a| a.path.ends_with(".cookies") || a.path.contains(".cookies."))
                || f.module.calls.iter().any(|c| c.callee == "Cookie" || c.callee.contains(".cookies."))
                || f.module.params.iter().any(|p| p.default.call().is_some_and(|c| c.callee == "Cookie"))
        })
}

pub static CORS_WILDCARD_CREDENTIALS: Rule = Rule {
    id: "cors-wildcard-credentials",
    severity: Error,
    summary: "CORS allows any origin together with credentials",
    doc: "`allow_origins=[\"*\"]` with `allow_credentials=True` (or Express's `cors({ origin: true, credentials: \
true })`) makes the API answer every website's credentialed requests: Starlette and the cors package then echo \
the caller's origin, so any page a user visits can call the API with their cookies. An error when the API reads \
cookies (or hosts Better Auth); a warning while it only reads bearer tokens, which browsers never attach on their \
own. List the app's origin instead.",
    fix: "allow only the app's origin (CORS_ORIGINS=http://localhost:3000), or drop credentials",
    invalid: &[
        "//- api/main.py\napp.add_middleware(CORSMiddleware, allow_origins=[\"*\"], allow_credentials=True)\n\n@app.get(\"/me\")\ndef me(request):\n    return request.cookies.get(\"session\")\n",
        "//- server/app.ts\napp.use(cors({ origin: true, credentials: true }));\n",
    ],
    valid: &[
        "//- api/main.py\napp.add_middleware(CORSMiddleware, allow_origins=[\"http://localhost:3000\"], allow_credentials=True)\n",
        "//- api/main.py\napp.add_middleware(CORSMiddleware, allow_origins=[\"*\"])\n",
    ],
    check: |model| {
        cors_setups(model)
            .into_iter()
            .filter(|c| c.credentials)
            .filter(|c| match c.origins {
                Some(Value::Bool(true)) => true,
                Some(v) => model.resolve(c.file, v).items().is_some_and(|o| o.iter().any(|o| o == "*")),
                None => false,
            })
            .map(|c| {
                let path = &model.file(c.file).path;
                if reads_cookies(model) {
                    Hit::at(path, c.call.line, "any website may call this API with the user's cookies")
                } else {
                    Hit::at(
                        path,
                        c.call.line,
                        "credentials are allowed for any website; harmless only while the API never reads a cookie",
                    )
                    .severity(super::super::Severity::Warning)
                }
            })
            .collect()
    },
};

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
