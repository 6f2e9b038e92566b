//! `localhost-hardcoded`: a localhost URL written into code that runs in production.

use super::*;

pub static LOCALHOST_HARDCODED: Rule = Rule {
    id: "localhost-hardcoded",
    severity: Error,
    summary: "a localhost URL is written into code that runs in production",
    doc: "A URL such as `http://localhost:3000` written as a literal (not read from the environment) goes to \
production unchanged. In the auth client (`createAuthClient({ baseURL })`) every visitor's browser then calls its \
own machine and sign-in fails; in a backend's JWKS URL, issuer or audience every token is refused; in the \
config's `baseURL` the OAuth callbacks and email links point at localhost (a warning there: a local-only app is \
fine). Read the URL from an env variable that each environment sets.",
    fix: "read the URL from the environment (BETTER_AUTH_URL, NEXT_PUBLIC_APP_URL, AUTH_JWKS_URL) instead of a literal",
    invalid: &[
        "//- web/lib/auth-client.ts\nimport { createAuthClient } from \"better-auth/react\";\nexport const authClient = createAuthClient({ baseURL: \"http://localhost:3000\" });\n",
        "//- api/auth.py\nfrom jwt import PyJWKClient\nJWKS_URL = \"http://localhost:3000/api/auth/jwks\"\nclient = PyJWKClient(JWKS_URL)\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], issuer=\"http://127.0.0.1:3000\", audience=\"http://127.0.0.1:3000\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: \"http://localhost:3000\",\n  plugins: [jwt()],\n});\n",
        "//- server/src/auth.ts\nexport const auth = betterAuth({\n  database,\n  trustedOrigins: [\"http://localhost:3000\", \"http://localhost:9999\"],\n});\n//- server/src/cors.ts\nexport const authCors = cors({ origin: [\"http://localhost:3000\"], credentials: true });\n",
    ],
    valid: &[
        "//- web/lib/auth-client.ts\nimport { createAuthClient } from \"better-auth/react\";\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_APP_URL });\n",
        "//- api/auth.py\nimport os\nfrom jwt import PyJWKClient\nclient = PyJWKClient(os.environ[\"AUTH_JWKS_URL\"])\n",
        // Test code and scripts talk to a local server on purpose.
        "//- api/tests/test_auth.py\nfrom jwt import PyJWKClient\nclient = PyJWKClient(\"http://localhost:3000/api/auth/jwks\")\n",
        // Localhost beside the deployed origin (from the environment) is fine.
        "//- server/src/auth.ts\nexport const auth = betterAuth({ trustedOrigins: [process.env.FRONTEND_URL!, \"http://localhost:3000\"] });\n",
        // A URL that only names a local service for local development.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL });\nconst docs = \"see http://localhost:3000/api/auth/reference\";\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for client in &model.clients {
            let file = model.file(client.file);
            if file.scope == Scope::Code && literal_localhost(model, client.file, client.options.get("baseURL")) {
                hits.push(Hit::at(
                    &file.path,
                    client.call.line,
                    "the auth client's baseURL is localhost: in production every browser calls its own machine",
                ));
            }
        }
        for config in &model.configs {
            if literal_localhost(model, config.file, config.options.get("baseURL")) {
                let line = model.option_line(config, "baseURL");
                hits.push(
                    Hit::at(
                        &model.file(config.file).path,
                        line,
                        "baseURL is a localhost literal: OAuth callbacks and email links point at localhost in production",
                    )
                    .severity(Warning),
                );
            }
        }
        hits.extend(backend_literals(model));
        hits.extend(origin_lists(model));
        hits
    },
};

/// A value that resolves to a localhost URL without any env read on the way.
fn literal_localhost(model: &Model, file: usize, value: Option<&Value>) -> bool {
    value.is_some_and(|v| !model.reads_env(file, v) && model.resolve(file, v).str().is_some_and(localhost))
}

/// `trustedOrigins: ["http://localhost:3000"]` or `cors({ origin: [...] })`
/// listing only localhost literals: the deployed frontend is refused (403
/// INVALID_ORIGIN, or a CORS error before the request is even sent).
fn origin_lists(model: &Model) -> Vec<Hit> {
    let only_localhost = |file: usize, value: &Value| match value {
        Value::List(items) => !items.is_empty() && items.iter().all(|item| literal_localhost(model, file, Some(item))),
        _ => false,
    };
    let mut hits = Vec::new();
    // One finding per mistake: where origin-untrusted already names the
    // refused origin at this line, it says it better.
    let untrusted = (crate::doctor::rules::origins::ORIGIN_UNTRUSTED.check)(model);
    for config in &model.configs {
        let (path, line) = (&model.file(config.file).path, model.option_line(config, "trustedOrigins"));
        let named = untrusted.iter().any(|h| h.file.as_deref() == Some(path.as_str()) && h.line == line);
        if !named && config.options.get("trustedOrigins").is_some_and(|v| only_localhost(config.file, v)) {
            hits.push(Hit::at(
                path,
                line,
                "trustedOrigins lists only localhost: the deployed app's requests get 403 INVALID_ORIGIN",
            ));
        }
    }
    for (i, f) in model.code() {
        for c in f.module.calls.iter().filter(|c| c.callee == "cors" || c.method() == "enableCors") {
            let origins = c.positional(0).and_then(|o| o.get("origin"));
            if origins.is_some_and(|v| only_localhost(i, v)) {
                let line = crate::doctor::rules::key_line(&f.module, "origin", c.start, c.end).unwrap_or(c.line);
                hits.push(Hit::at(
                    &f.path,
                    line,
                    "CORS allows only localhost: the deployed frontend's calls are blocked",
                ));
            }
        }
    }
    hits
}

/// The backend's JWKS URL, issuer or audience as a localhost literal.
fn backend_literals(model: &Model) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, f) in model.code().filter(|(_, f)| f.side == Side::Backend) {
        for c in &f.module.calls {
            let jwks_client = ["PyJWKClient", "createRemoteJWKSet", "JWKSClient", "jwksClient"].contains(&c.method());
            let mut args: Vec<&Value> = c
                .args
                .iter()
                .filter(|a| matches!(a.name.as_deref(), Some("issuer" | "audience")))
                .map(|a| &a.value)
                .collect();
            if jwks_client {
                args.extend(c.positional(0));
            }
            if args.into_iter().any(|v| literal_localhost(model, i, Some(v))) {
                hits.push(Hit::at(
                    &f.path,
                    c.line,
                    format!("{}() is given a localhost URL: in production every token is refused", c.callee),
                ));
            }
        }
    }
    hits
}

examples_test!(LOCALHOST_HARDCODED);
