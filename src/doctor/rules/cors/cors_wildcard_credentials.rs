//! `cors-wildcard-credentials`: CORS allows any origin together with credentials.

use super::*;

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
    autofix: None,
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
                    .severity(crate::doctor::Severity::Warning)
                }
            })
            .collect()
    },
};

examples_test!(CORS_WILDCARD_CREDENTIALS);
